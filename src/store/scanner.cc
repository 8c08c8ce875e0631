#include "store/scanner.h"

#include <algorithm>
#include <limits>

#include "store/byte_ops.h"
#include "store/key_format.h"
#include "store/rocks_options.h"
#include "util/bytes.h"

namespace cellar::store {
namespace {

// The smallest string greater than every string starting with "prefix", or "" if none exists.
std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<uint8_t>(prefix.back()) == 0xff) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(static_cast<uint8_t>(prefix.back()) + 1);
  return prefix;
}

// The key range [lower, upper) of a scan's rows, from its start and stop rows and prefix;
// an empty string with has_* false is unbounded.
struct KeyBounds {
  std::string lower, upper;
  bool has_lower = false, has_upper = false;

  void TightenLower(std::string k) {
    if (!has_lower || k > lower) lower = std::move(k);
    has_lower = true;
  }
  void TightenUpper(std::string k) {
    if (!has_upper || k < upper) upper = std::move(k);
    has_upper = true;
  }
};

KeyBounds BoundsOf(const Scan& scan) {
  KeyBounds b;
  if (!scan.row_prefix().empty()) {
    b.TightenLower(EncodeRowPrefix(scan.row_prefix()));
    std::string after = PrefixSuccessor(b.lower);
    if (!after.empty()) b.TightenUpper(std::move(after));
  }
  if (!scan.reversed()) {
    if (!scan.start_row().empty()) b.TightenLower(EncodeRowKey(scan.start_row()));
    if (!scan.stop_row().empty()) b.TightenUpper(EncodeRowKey(scan.stop_row()));
  } else {  // the start row is the highest (inclusive), the stop row the lowest (exclusive)
    if (!scan.start_row().empty()) b.TightenUpper(EncodeRowEndKey(EncodeRowKey(scan.start_row())));
    if (!scan.stop_row().empty()) b.TightenLower(EncodeRowEndKey(EncodeRowKey(scan.stop_row())));
  }
  return b;
}

}  // namespace

EmbeddedScanner::EmbeddedScanner(std::shared_ptr<const TableState> table, const Scan& scan,
                                 int64_t now_ms)
    : table_(std::move(table)), scan_(scan), reader_(spec_) {
  spec_.columns = &scan_.columns();
  spec_.time_range = scan_.time_range();
  spec_.max_versions = std::max(1, scan_.max_versions());
  spec_.raw = scan_.raw();
  spec_.filter = scan_.filter().get();
  spec_.now_ms = now_ms;
  row_limit_ = scan_.limit() > 0 ? scan_.limit() : std::numeric_limits<int64_t>::max();
}

Result<std::unique_ptr<EmbeddedScanner>> EmbeddedScanner::Create(
    Engine& engine, std::shared_ptr<const TableState> table, const Scan& scan) {
  if (scan.batch() > 0 && scan.filter() && scan.filter()->HasFilterRow()) {
    return Status::InvalidArgument("filter " + scan.filter()->ToString() +
                                   " decides per row and cannot be used with a scan batch; drop "
                                   "BATCH or the filter (HBase's IncompatibleFilterException)");
  }
  if (scan.time_range().min > scan.time_range().max) {
    return Status::InvalidArgument("time range minimum is above its maximum");
  }
  std::unique_ptr<EmbeddedScanner> s(
      new EmbeddedScanner(std::move(table), scan, engine.clock().NowMillis()));
  if (scan.filter()) scan.filter()->SetReversed(scan.reversed());
  for (const auto& [family, quals] : scan.columns().families()) {
    CELLAR_RETURN_IF_ERROR(s->table_->RequireFamily(family).status());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  std::vector<const FamilyHandle*> fams;
  for (const auto& f : s->table_->families) {
    if (!scan.columns().WantsFamily(f.desc.name)) continue;
    cfs.push_back(f.cf);
    fams.push_back(&f);
  }
  KeyBounds bounds = BoundsOf(scan);
  s->lower_ = std::move(bounds.lower);
  s->upper_ = std::move(bounds.upper);
  s->has_lower_ = bounds.has_lower;
  s->has_upper_ = bounds.has_upper;
  if (s->has_lower_ && s->has_upper_ && s->lower_ >= s->upper_) s->done_ = true;

  rocksdb::ReadOptions ro = DataFamilyReadOptions();
  ro.total_order_seek = true;
  ro.fill_cache = scan.cache_blocks();
  // The iterators keep pointers to these Slices: they live in the scanner, as do their bytes.
  s->lower_slice_ = rocksdb::Slice(s->lower_);
  s->upper_slice_ = rocksdb::Slice(s->upper_);
  if (s->has_lower_) ro.iterate_lower_bound = &s->lower_slice_;
  if (s->has_upper_) ro.iterate_upper_bound = &s->upper_slice_;
  std::vector<rocksdb::Iterator*> iters;
  rocksdb::Status st;
  {
    std::shared_lock<std::shared_mutex> gate(engine.read_gate(), std::defer_lock);
    if (cfs.size() > 1) gate.lock();  // a bulk load is in all families or in none
    st = engine.db()->NewIterators(ro, cfs, &iters);
  }
  if (!st.ok()) return Status::Internal("opening a scan: " + st.ToString());
  for (size_t i = 0; i < iters.size(); ++i) {
    s->cursors_.push_back(FamilyCursor{fams[i], std::unique_ptr<rocksdb::Iterator>(iters[i])});
  }
  if (s->cursors_.size() == 1) s->at_row_.push_back(&s->cursors_[0]);  // on every row read
  s->family_scan_ = s->cursors_.size() == 1 && !scan.reversed() && s->spec_.filter == nullptr &&
                    scan.batch() <= 0;
  s->Position();
  return s;
}

void EmbeddedScanner::Position() {
  for (auto& c : cursors_) {
    if (!scan_.reversed()) {
      if (has_lower_) c.it->Seek(lower_); else c.it->SeekToFirst();
    } else {
      if (has_upper_) c.it->SeekForPrev(upper_); else c.it->SeekToLast();
    }
  }
}

// Whether cursor "c" is positioned on an entry of the row "row_key".
static bool AtRow(const FamilyCursor& c, std::string_view row_key) {
  if (!c.it->Valid()) return false;
  rocksdb::Slice key = c.it->key();
  return InRow(std::string_view(key.data(), key.size()), row_key);
}

bool EmbeddedScanner::FindNextRow(bool* plain) {
  if (cursors_.size() == 1) {  // most tables have one family: its cursor is on the next row
    std::string_view key = next_key_;
    next_key_ = {};  // the read of this row moves the cursor
    if (key.empty()) {
      rocksdb::Iterator* it = cursors_[0].it.get();
      if (!it->Valid()) return false;
      key = std::string_view(it->key().data(), it->key().size());
    }
    std::string_view rk = RowKeyAt(key, plain);
    if (rk.empty()) {
      corrupt_key_ = key;
      return false;
    }
    AssignBytes(row_key_, rk);
    first_key_ = key;
    return true;
  }
  std::string_view best;
  const FamilyCursor* best_cursor = nullptr;
  for (const auto& c : cursors_) {
    if (!c.it->Valid()) continue;
    rocksdb::Slice key = c.it->key();
    bool rk_plain;
    std::string_view rk = RowKeyAt(std::string_view(key.data(), key.size()), &rk_plain);
    if (rk.empty()) {
      corrupt_key_ = key.ToString();
      return false;
    }
    if (best.empty() || (scan_.reversed() ? rk > best : rk < best)) {
      best = rk;
      best_cursor = &c;
      *plain = rk_plain;
    }
  }
  if (best.empty()) return false;
  AssignBytes(row_key_, best);
  at_row_.clear();
  for (auto& c : cursors_) {
    if (&c == best_cursor || AtRow(c, row_key_)) at_row_.push_back(&c);
  }
  return true;
}

void EmbeddedScanner::Advance(const std::string& row_key, const RowEnd& end) {
  const std::optional<std::string>& seek_row = end.seek_row;
  if (!scan_.reversed()) {
    // Readers leave a cursor past its row unless they stopped early; only those need a seek.
    std::string target;
    if (seek_row) target = EncodeRowKey(*seek_row);
    for (auto& c : cursors_) {
      if (!c.it->Valid()) continue;
      if (seek_row) {
        if (c.it->key().compare(target) < 0) c.it->Seek(target);
      } else if (AtRow(c, row_key)) {
        if (target.empty()) target = EncodeRowEndKey(row_key);
        c.it->Seek(target);
      }
    }
    return;
  }
  // Backwards: every cursor still in (or, having read it forwards, past) this row moves to the
  // last entry before it; cursors already below it stay.
  for (auto& c : cursors_) {
    if (!c.it->Valid() || c.it->key().compare(row_key) >= 0) c.it->SeekForPrev(row_key);
  }
}

template <typename ReadRowFn>
Status EmbeddedScanner::ReadNextRow(bool* found, ReadRowFn read_row) {
  Filter* filter = spec_.filter;
  bool plain = false;
  *found = false;
  while (!done_ && FindNextRow(&plain)) {
    if (plain) {
      row_ = std::string_view(row_key_).substr(0, row_key_.size() - 2);
    } else if (DecodeRowKeyInto(row_key_, &decoded_row_)) {
      row_ = decoded_row_;
    } else {
      return Status::DataLoss("corrupt row key in table " + table_->name.ToString());
    }
    if (filter) {
      filter->Reset();
      if (filter->FilterAllRemaining()) break;
    }
    RowEnd end;
    bool kept = false;
    if (filter && filter->FilterRowKey(Cell{std::string(row_), "", "", 0, CellType::kPut, ""})) {
      end.cursors_in_row = true;
    } else {
      if (scan_.reversed()) {
        for (FamilyCursor* c : at_row_) c->it->Seek(row_key_);
        first_key_ = {};
      }
      CELLAR_RETURN_IF_ERROR(read_row(&end, &kept));
    }
    if (scan_.reversed() || end.seek_row || end.cursors_in_row) {
      Advance(row_key_, end);
    } else if (cursors_.size() == 1) {
      next_key_ = end.next_key;  // the cursor stays where the read left it
    }
    if (kept) {
      *found = true;
      return Status::Ok();
    }
    if (filter && filter->FilterAllRemaining()) break;
  }
  done_ = true;
  if (!corrupt_key_.empty()) return CorruptKey(corrupt_key_);
  return Status::Ok();
}

Status EmbeddedScanner::CorruptKey(std::string_view key) {
  done_ = true;
  return Status::DataLoss("corrupt key " + ToStringBinary(key) + " in table " +
                          table_->name.ToString() +
                          " (it holds no row key): the store's files are damaged; restore "
                          "the table from a backup or a REPL dump");
}

Result<std::optional<RowResult>> EmbeddedScanner::Next() {
  RowResult row;
  CELLAR_ASSIGN_OR_RETURN(bool found, NextInto(&row));
  if (!found) return std::optional<RowResult>();
  return std::optional<RowResult>(std::move(row));
}

Result<bool> EmbeddedScanner::NextInto(RowResult* out) {
  if (family_scan_) {
    if (done_ || rows_returned_ >= row_limit_) return false;
    bool found = false;
    Status read = reader_.ScanFamilyRow(cursors_[0], &family_row_, out, &found);
    if (read.ok() && found) {
      ++rows_returned_;
      out->set_partial(false);
      return true;
    }
    done_ = true;
    if (!read.ok()) return read;
    if (!family_row_.corrupt_key.empty()) return CorruptKey(family_row_.corrupt_key);
    return false;
  }
  return NextIntoGeneral(out);
}

Result<bool> EmbeddedScanner::NextView(RowView* out) {
  if (family_scan_) {
    bool found = false;
    Status read;
    if (!done_ && rows_returned_ < row_limit_) {
      read = reader_.ScanFamilyRowViews(cursors_[0], &family_row_, &view_buffer_, &found);
    }
    if (read.ok() && found) {
      ++rows_returned_;
      out->Assign(family_row_.row, view_buffer_.cells(), false);
      return true;
    }
    done_ = true;
    view_buffer_.Clear();  // nothing of a failed or empty read is returned later
    out->Assign({}, {}, false);
    if (!read.ok()) return read;
    if (!family_row_.corrupt_key.empty()) return CorruptKey(family_row_.corrupt_key);
    return false;
  }
  return NextViewGeneral(out);
}

// NextIntoGeneral and NextViewGeneral are flattened: every call of a scan's per-row path (finding
// the row, reading it, and the Status and RowEnd objects passed between them) is compiled into
// one body.
[[gnu::flatten]] Result<bool> EmbeddedScanner::NextIntoGeneral(RowResult* out) {
  if (!pending_.empty()) {
    *out = std::move(pending_.front());
    pending_.pop_front();
    return true;
  }
  if (view_next_ < view_buffer_.cells().size()) {  // the rest of a row NextView began
    RowView piece;
    NextViewPiece(&piece);
    *out = piece.ToRowResult();
    return true;
  }
  if (done_ || rows_returned_ >= row_limit_) return false;
  std::vector<Cell>& cells = out->mutable_cells();
  Filter* filter = spec_.filter;
  bool found = false;
  CELLAR_RETURN_IF_ERROR(ReadNextRow(&found, [&](RowEnd* end, bool* kept) -> Status {
    AssignBytes(out->mutable_row(), row_);
    CELLAR_RETURN_IF_ERROR(reader_.ReadRow(out->row(), row_key_, at_row_, &cells, end, first_key_));
    // As HBase, the row-level decision is asked only of rows that kept cells (PageFilter counts
    // the rows it lets through).
    if (filter && filter->HasFilterRow() && !cells.empty()) {
      filter->FilterRowCells(cells);
      if (filter->FilterRow()) cells.clear();
    }
    *kept = !cells.empty();
    return Status::Ok();
  }));
  if (!found) {
    cells.clear();
    return false;
  }
  ++rows_returned_;
  out->set_partial(false);
  const size_t batch = scan_.batch() > 0 ? static_cast<size_t>(scan_.batch()) : 0;
  if (batch == 0 || cells.size() <= batch) return true;
  // A wide row in pieces of at most "batch" cells; all but the last are partial.
  for (size_t i = batch; i < cells.size(); i += batch) {
    size_t end = std::min(cells.size(), i + batch);
    std::vector<Cell> chunk(std::make_move_iterator(cells.begin() + i),
                            std::make_move_iterator(cells.begin() + end));
    pending_.emplace_back(out->row(), std::move(chunk), /*partial=*/end < cells.size());
  }
  cells.resize(batch);
  out->set_partial(true);
  return true;
}

[[gnu::flatten]] Result<bool> EmbeddedScanner::NextViewGeneral(RowView* out) {
  if (view_next_ < view_buffer_.cells().size()) {
    NextViewPiece(out);
    return true;
  }
  if (spec_.filter != nullptr || !pending_.empty()) return NextOwnedView(out);
  view_next_ = 0;
  bool found = false;
  Status read;
  if (!done_ && rows_returned_ < row_limit_) {
    read = ReadNextRow(&found, [&](RowEnd* end, bool* kept) -> Status {
      Status s = reader_.ReadRowViews(row_, row_key_, at_row_, &view_buffer_, end, first_key_);
      *kept = !view_buffer_.cells().empty();
      return s;
    });
  }
  if (!read.ok() || !found) {
    view_buffer_.Clear();  // nothing of a failed or empty read is returned later
    out->Assign({}, {}, false);
    if (!read.ok()) return read;
    return false;
  }
  ++rows_returned_;
  NextViewPiece(out);
  return true;
}

Result<bool> EmbeddedScanner::NextOwnedView(RowView* out) {
  out->Assign({}, {}, false);
  CELLAR_ASSIGN_OR_RETURN(bool found, NextInto(&owned_row_));
  if (!found) return false;
  owned_views_.clear();
  for (const Cell& c : owned_row_.cells()) owned_views_.push_back(CellView::Of(c));
  out->Assign(owned_row_.row(), owned_views_, owned_row_.partial());
  return true;
}

void EmbeddedScanner::NextViewPiece(RowView* out) {
  std::span<const CellView> cells = view_buffer_.cells().subspan(view_next_);
  const size_t batch = scan_.batch() > 0 ? static_cast<size_t>(scan_.batch()) : 0;
  if (batch > 0 && cells.size() > batch) cells = cells.first(batch);
  view_next_ += cells.size();
  // A wide row in pieces of at most "batch" cells: all but the last are partial.
  out->Assign(row_, cells, view_next_ < view_buffer_.cells().size());
}

}  // namespace cellar::store
