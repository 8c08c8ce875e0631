#include "store/row_reader.h"

#include <type_traits>

#include "store/byte_ops.h"
#include "store/key_format.h"
#include "store/version_resolver.h"
#include "util/bytes.h"

namespace cellar::store {
namespace {

constexpr uint64_t kMaxU64 = ~uint64_t{0};

// The parts of an entry's key after its row_key, parsed without allocating in the common case.
struct Entry {
  bool family_marker = false;
  // The column's qualifier: a view into the key when its escaped form holds no 0x00 byte (then
  // the two are the same bytes), else into the scratch string it was unescaped into.
  std::string_view qualifier;
  int64_t ts = 0;
  CellType type = CellType::kPut;
};

// Parses the entry of "key" after its row_key; "scratch" holds a qualifier that needed
// unescaping. Every well-formed entry ends in its 9 timestamp and type bytes. The common case, a
// column, reads the escaped qualifier in place: its terminator 0x00 0x01 is then just before
// those 9 bytes, and a qualifier without 0x00 bytes is its own escaped form.
inline bool ParseEntry(std::string_view key, size_t row_key_size, std::string* scratch, Entry* e) {
  const char* p = key.data();
  const size_t n = key.size();
  if (n < row_key_size + 10) return false;
  e->ts = static_cast<int64_t>(kMaxU64 - DecodeFixed64BE(p + n - 9));
  e->type = static_cast<CellType>(0xff - static_cast<uint8_t>(p[n - 1]));
  const char tag = p[row_key_size];
  if (tag == kColumnTag) {
    e->family_marker = false;
    const size_t start = row_key_size + 1;  // of the escaped qualifier
    const size_t end = n - 11;              // of its terminator, when the key is well formed
    // The qualifier is followed by at least 11 bytes, so a word can be read at its start; one
    // of up to 8 bytes holds no 0x00 if the word's first is at its end (its terminator's, when
    // shorter) or past it.
    if (n >= start + 11 && p[end] == '\0' && p[end + 1] == '\x01' &&
        (end - start <= 8 ? FindZeroByteInWord(p + start) >= end - start
                          : !HasZeroByte(std::string_view(p + start, end - start)))) {
      e->qualifier = std::string_view(p + start, end - start);
      return true;
    }
    size_t pos = start;
    if (!UnescapeAt(key, &pos, scratch)) return false;
    e->qualifier = *scratch;
    return n - pos == 9;
  }
  if (tag == kFamilyMarkerTag) {
    e->family_marker = true;
    e->qualifier = {};
    return n - row_key_size == 10;
  }
  return false;
}

std::string_view View(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

}  // namespace

// ReadRow and ReadRowViews are flattened: the families' loops, the read of each family and the
// Results passed between them are compiled into one body per row.
[[gnu::flatten]] Status RowReader::ReadRow(const std::string& row, const std::string& row_key,
                                           std::span<FamilyCursor* const> cursors,
                                           std::vector<Cell>* out, RowEnd* end,
                                           std::string_view first_key) {
  CellWriter writer(out);
  Status read = ReadRowWith(row, row_key, cursors, writer, end, first_key);
  writer.Finish();
  return read;
}

[[gnu::flatten]] Status RowReader::ReadRowViews(std::string_view row, const std::string& row_key,
                                                std::span<FamilyCursor* const> cursors,
                                                RowViewBuffer* out, RowEnd* end,
                                                std::string_view first_key) {
  out->Clear();
  return ReadRowWith(row, row_key, cursors, *out, end, first_key);
}

[[gnu::flatten]] Status RowReader::ScanFamilyRow(FamilyCursor& c, FamilyScanRow* at,
                                                 RowResult* out, bool* found) {
  CellWriter writer(&out->mutable_cells());
  Status read = ScanFamilyRowWith(c, at, writer, found);
  writer.Finish();
  if (*found) AssignBytes(out->mutable_row(), at->row);
  return read;
}

[[gnu::flatten]] Status RowReader::ScanFamilyRowViews(FamilyCursor& c, FamilyScanRow* at,
                                                      RowViewBuffer* out, bool* found) {
  return ScanFamilyRowWith(c, at, *out, found);
}

// One body per row for the common scan: the next row's row_key found in the key the cursor is on,
// then the family read (ReadFamily), and the key after the row kept for the next call.
template <typename Writer>
Status RowReader::ScanFamilyRowWith(FamilyCursor& c, FamilyScanRow* at, Writer& out,
                                    bool* found) {
  rocksdb::Iterator* it = c.it.get();
  *found = false;
  for (;;) {
    std::string_view key = at->next_key;
    at->next_key = {};
    if (key.empty()) {
      if (!it->Valid()) {
        if (it->status().ok()) return Status::Ok();
        return Status::Internal("reading family '" + c.family->desc.name +
                                "': " + it->status().ToString());
      }
      key = View(it->key());
    }
    bool plain;
    const std::string_view row_key = RowKeyAt(key, &plain, at->row_key.size());
    if (row_key.empty()) {
      at->corrupt_key.assign(key);
      return Status::Ok();
    }
    AssignBytes(at->row_key, row_key);
    if (plain) {
      at->row = std::string_view(at->row_key).substr(0, at->row_key.size() - 2);
    } else if (DecodeRowKeyInto(at->row_key, &at->decoded_row)) {
      at->row = at->decoded_row;
    } else {
      at->corrupt_key.assign(key);
      return Status::Ok();
    }
    out.Clear();
    RowEnd end;
    Result<Next> read = ReadFamily(at->row, at->row_key, c, key, out, &end);
    if (!read.ok()) return read.status();
    if (end.cursors_in_row) {  // the column selection ended before the row's end
      EncodeRowEndKeyTo(&row_end_, at->row_key);
      it->Seek(row_end_);
    } else {
      at->next_key = end.next_key;
    }
    if (!out.empty()) {
      *found = true;
      return Status::Ok();
    }
  }
}

template <typename Writer>
Status RowReader::ReadRowWith(std::string_view row, const std::string& row_key,
                              std::span<FamilyCursor* const> cursors, Writer& out, RowEnd* end,
                              std::string_view first_key) {
  end->seek_row.reset();
  end->cursors_in_row = false;
  end->next_key = {};
  skip_to_family_.clear();
  for (FamilyCursor* c : cursors) {
    if (!skip_to_family_.empty() && c->family->desc.name < skip_to_family_) {
      end->cursors_in_row = true;
      continue;
    }
    CELLAR_ASSIGN_OR_RETURN(Next next, ReadFamily(row, row_key, *c, first_key, out, end));
    first_key = {};  // only the first cursor's
    if (next == Next::kContinue) continue;
    end->cursors_in_row = true;
    if (next == Next::kEndRow) break;
  }
  return Status::Ok();
}

std::string_view RowReader::CellWriter::StartColumn(std::string_view qualifier) {
  AssignBytes(column_, qualifier);
  return column_;
}

Cell& RowReader::CellWriter::Fill(std::string_view row, std::string_view family,
                                  std::string_view qualifier, int64_t ts, CellType type,
                                  std::string_view value) {
  if (used_ == size_) {  // a new cell (a Get's, or a scan's row wider than before)
    ++used_;
    ++size_;
    return cells_->emplace_back(std::string(row), std::string(family), std::string(qualifier), ts,
                                type, std::string(value));
  }
  Cell* c = &(*cells_)[used_++];
  AssignBytes(c->row, row);
  AssignBytes(c->family, family);
  AssignBytes(c->qualifier, qualifier);
  c->timestamp = ts;
  c->type = type;
  AssignBytes(c->value, value);
  return *c;
}

const RowReader::FamilyPlan& RowReader::PlanFor(const FamilyHandle& f) {
  if (plan_.family == &f) return plan_;
  const ColumnFamilyDescriptor& fam = f.desc;
  plan_.family = &f;
  plan_.wanted = nullptr;
  const auto& selected = spec_.columns->families();
  if (!selected.empty()) {
    if (auto it = selected.find(fam.name); it != selected.end() && !it->second.empty()) {
      plan_.wanted = &it->second;
    }
  }
  plan_.newest_only = plan_.wanted == nullptr && spec_.max_versions == 1 && !spec_.raw &&
                      spec_.filter == nullptr && spec_.time_range.IsAll() &&
                      fam.max_versions >= 1;
  plan_.oldest_visible =
      plan_.newest_only ? VersionResolver::OldestVisibleNewest(fam, spec_.now_ms) : 0;
  return plan_;
}

template <typename Writer>
Result<RowReader::Next> RowReader::ReadFamily(std::string_view row, const std::string& row_key,
                                              FamilyCursor& c, std::string_view key, Writer& out,
                                              RowEnd* end) {
  const FamilyPlan& plan = PlanFor(*c.family);
  if (plan.newest_only) {
    return ReadNewestVersions(row, row_key, c, plan.oldest_visible, key, out, end);
  }
  return ReadAllVersions(row, row_key, c, plan.wanted, out, end);
}

template <typename Writer>
Result<RowReader::Next> RowReader::ReadNewestVersions(std::string_view row,
                                                      const std::string& row_key, FamilyCursor& c,
                                                      int64_t oldest_visible, std::string_view key,
                                                      Writer& out, RowEnd* end) {
  const ColumnFamilyDescriptor& fam = c.family->desc;
  rocksdb::Iterator* it = c.it.get();
  std::string_view current;  // the column answered last, kept by "out"
  bool in_column = false;
  Entry e;
  // "key" is the entry the cursor is on: given at the row's start (then known to be in the row),
  // else read here, and after each step; empty when the iterator stopped.
  if (key.empty() && it->Valid()) {
    key = View(it->key());
    if (!InRow(key, row_key)) {
      end->next_key = key;
      return Next::kContinue;
    }
  }
  while (!key.empty()) {
    if (!ParseEntry(key, row_key.size(), &scratch_, &e)) {
      return Status::DataLoss("corrupt key in table family '" + fam.name + "' at row '" +
                              ToStringBinary(row) + "'");
    }
    // Unless it is an older entry of the column answered last, this is the newest entry of a
    // column (or a family marker): a put there is the column's answer.
    if (!in_column || e.qualifier.size() != current.size() ||
        !SameBytes(e.qualifier.data(), current.data(), current.size())) {
      if (e.family_marker || e.type != CellType::kPut || e.ts >= kLatestTimestamp) {
        return ReadAllVersions(row, row_key, c, nullptr, out, end);
      }
      auto value = DecodeCellValue(View(it->value()));
      if (!value) return Status::DataLoss("corrupt value in family '" + fam.name + "'");
      if (e.ts >= oldest_visible) {
        current = out.StartColumnWithCell(e.qualifier, row, fam.name, e.ts, CellType::kPut,
                                          value->payload);
      } else {
        current = out.StartColumn(e.qualifier);
      }
      in_column = true;
    }
    it->Next();
    if (!it->Valid()) break;
    key = View(it->key());
    if (!InRow(key, row_key)) {
      end->next_key = key;
      return Next::kContinue;  // at the next row
    }
  }
  // Only a stopped iterator gets here: asking its status walks all its levels.
  if (!it->status().ok()) {
    return Status::Internal("reading family '" + fam.name + "': " + it->status().ToString());
  }
  return Next::kContinue;
}

template <typename Writer>
Result<RowReader::Next> RowReader::ReadAllVersions(std::string_view row,
                                                   const std::string& row_key, FamilyCursor& c,
                                                   const std::set<std::string>* wanted, Writer& out,
                                                   RowEnd* end) {
  const ColumnFamilyDescriptor& fam = c.family->desc;
  VersionResolver resolver(fam, spec_.now_ms, spec_.time_range.max);
  resolver.StartRow();
  rocksdb::Iterator* it = c.it.get();
  std::string_view current;  // the column's qualifier, kept by "out"
  bool in_column = false, column_done = false;
  int32_t versions = 0;
  Entry e;
  while (it->Valid()) {
    std::string_view key = View(it->key());
    if (!InRow(key, row_key)) {
      end->next_key = key;
      break;
    }
    if (!ParseEntry(key, row_key.size(), &scratch_, &e)) {
      return Status::DataLoss("corrupt key in table family '" + fam.name + "' at row '" +
                              ToStringBinary(row) + "'");
    }
    auto value = DecodeCellValue(View(it->value()));
    if (!value) return Status::DataLoss("corrupt value in family '" + fam.name + "'");
    if (e.family_marker) {
      resolver.AddFamilyMarker(e.ts, e.type, value->sequence);
      if (spec_.raw && spec_.time_range.Contains(e.ts)) {
        out.AddFamilyMarker(row, fam.name, e.ts, e.type);
      }
      it->Next();
      continue;
    }
    if (!in_column || e.qualifier.size() != current.size() ||
        !SameBytes(e.qualifier.data(), current.data(), current.size())) {
      if (wanted) {
        AssignBytes(selected_, e.qualifier);  // e.qualifier points into the key or scratch_
        if (!wanted->count(selected_)) {
          auto nxt = wanted->upper_bound(selected_);
          if (nxt == wanted->end()) {
            end->cursors_in_row = true;
            return Next::kContinue;
          }
          in_column = false;
          it->Seek(EncodeColumnSeekKey(row, *nxt));
          continue;
        }
      }
      in_column = true;
      column_done = false;
      versions = 0;
      resolver.StartColumn();
      current = out.StartColumn(e.qualifier);
    }
    if (column_done) {
      it->Next();
      continue;
    }
    if (e.type != CellType::kPut) {
      resolver.AddColumnMarker(e.ts, e.type, value->sequence);
      if (spec_.raw && spec_.time_range.Contains(e.ts)) {
        out.Add(row, fam.name, e.ts, e.type, {});
      }
      it->Next();
      continue;
    }
    VersionResolver::Verdict verdict = resolver.ClassifyPut(e.ts, value->sequence);
    bool visible = spec_.raw || verdict == VersionResolver::Verdict::kVisible;
    if (!visible || e.ts >= spec_.time_range.max) {
      it->Next();
      continue;
    }
    if (e.ts < spec_.time_range.min) {  // older versions are older still
      column_done = true;
      it->Next();
      continue;
    }
    if constexpr (std::is_same_v<Writer, CellWriter>) {
      Cell& cell = out.Add(row, fam.name, e.ts, CellType::kPut, value->payload);
      if (spec_.filter != nullptr) {
        bool include = true;
        Next next = ApplyFilter(row, c, cell, &include, &column_done, end);
        if (include) {
          cell = spec_.filter->TransformCell(cell);
          if (++versions >= spec_.max_versions) column_done = true;
        } else {
          out.DropLast();
        }
        if (next != Next::kContinue) return next;
        continue;  // ApplyFilter moved the iterator
      }
    } else {
      out.Add(row, fam.name, e.ts, CellType::kPut, value->payload);
    }
    if (++versions >= spec_.max_versions) column_done = true;
    it->Next();
  }
  // Asking a RocksDB iterator for its status walks all its levels: only when it stopped.
  if (!it->Valid() && !it->status().ok()) {
    return Status::Internal("reading family '" + fam.name + "': " + it->status().ToString());
  }
  return Next::kContinue;
}

RowReader::Next RowReader::ApplyFilter(std::string_view row, FamilyCursor& c, Cell& cell,
                                       bool* include, bool* column_done, RowEnd* end) {
  using RC = Filter::ReturnCode;
  rocksdb::Iterator* it = c.it.get();
  switch (spec_.filter->FilterCell(cell)) {
    case RC::kInclude:
      *include = true;
      break;
    case RC::kIncludeAndNextColumn:
      *include = true;
      *column_done = true;
      break;
    case RC::kIncludeAndSeekNextRow:
      *include = true;
      return Next::kEndRow;
    case RC::kSkip:
      *include = false;
      break;
    case RC::kNextColumn:
      *include = false;
      *column_done = true;
      break;
    case RC::kNextRow:
      *include = false;
      return Next::kEndRow;
    case RC::kSeekNextUsingHint: {
      *include = false;
      std::optional<Filter::SeekHint> hint = spec_.filter->GetNextCellHint(cell);
      if (!hint) break;
      if (hint->row != row) {
        end->seek_row = hint->row;
        return Next::kEndRow;
      }
      const std::string& fam = c.family->desc.name;
      if (hint->family > fam) {
        skip_to_family_ = hint->family;
        return Next::kEndFamily;
      }
      if (hint->family == fam || hint->family.empty()) {
        std::string target = EncodeColumnSeekKey(row, hint->qualifier);
        if (it->key().compare(target) < 0) {
          it->Seek(target);
          return Next::kContinue;
        }
      }
      break;
    }
  }
  it->Next();
  return Next::kContinue;
}

}  // namespace cellar::store
