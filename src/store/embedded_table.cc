#include "store/embedded_table.h"

#include <algorithm>

#include "store/byte_ops.h"
#include "store/key_format.h"
#include "store/rocks_options.h"
#include "store/row_reader.h"
#include "store/scanner.h"
#include "util/bytes.h"

namespace cellar::store {
namespace {

int64_t Resolve(int64_t ts, int64_t now) { return ts == kLatestTimestamp ? now : ts; }

// HBase's check: does `expected OP stored` hold? (The reverse of a filter's reading.)
bool CheckMatches(CompareOperator op, const std::optional<std::string>& expected,
                  const Cell* stored) {
  const bool expect_absent = !expected || expected->empty();
  if (expect_absent) {
    if (stored == nullptr || stored->value.empty()) return op != CompareOperator::kNotEqual;
    return op == CompareOperator::kNotEqual;
  }
  if (stored == nullptr) return op == CompareOperator::kNotEqual;
  int c = expected->compare(stored->value);
  switch (op) {
    case CompareOperator::kLess: return c < 0;
    case CompareOperator::kLessOrEqual: return c <= 0;
    case CompareOperator::kEqual: return c == 0;
    case CompareOperator::kNotEqual: return c != 0;
    case CompareOperator::kGreaterOrEqual: return c >= 0;
    case CompareOperator::kGreater: return c > 0;
    case CompareOperator::kNoOp: return false;
  }
  return false;
}

// Whether a read of "cursors" needs the clock: only a family with a TTL hides cells by their age
// (VersionResolver), so a Get of families without one skips reading it.
bool ReadsFamilyWithTtl(std::span<FamilyCursor* const> cursors) {
  for (const FamilyCursor* c : cursors) {
    if (c->family->desc.ttl_seconds != kForever) return true;
  }
  return false;
}

}  // namespace

Status EmbeddedTable::CheckRow(std::string_view row) {
  if (row.empty()) return Status::InvalidArgument("row key is empty");
  if (row.size() > 32767) {
    return Status::InvalidArgument("row key is " + std::to_string(row.size()) +
                                   " bytes; HBase's limit is 32767");
  }
  return Status::Ok();
}

Status EmbeddedTable::ValidatePut(const TableState& t, const cellar::Put& put) {
  CELLAR_RETURN_IF_ERROR(CheckRow(put.row()));
  if (put.empty()) return Status::InvalidArgument("put of row '" + ToStringBinary(put.row()) +
                                                  "' has no columns");
  for (const Cell& c : put.cells()) {
    CELLAR_RETURN_IF_ERROR(t.RequireFamily(c.family).status());
    if (c.timestamp < 0) {
      return Status::InvalidArgument("timestamp " + std::to_string(c.timestamp) + " of " +
                                     c.family + ":" + ToStringBinary(c.qualifier) +
                                     " is negative");
    }
  }
  return Status::Ok();
}

Status EmbeddedTable::PlanPut(const TableState& t, const cellar::Put& put, int64_t now,
                              std::vector<Cell>* out) {
  CELLAR_RETURN_IF_ERROR(ValidatePut(t, put));
  for (const Cell& c : put.cells()) {
    out->push_back(c);
    out->back().timestamp = Resolve(c.timestamp, now);
  }
  return Status::Ok();
}

Status EmbeddedTable::PlanDelete(const TableState& t, const cellar::Delete& del, int64_t now,
                                 std::vector<Cell>* out) {
  CELLAR_RETURN_IF_ERROR(CheckRow(del.row()));
  const int64_t row_ts = Resolve(del.timestamp(), now);
  if (del.timestamp() < 0) return Status::InvalidArgument("delete timestamp is negative");
  if (del.IsWholeRow()) {
    for (const auto& f : t.families) {
      out->push_back(Cell{del.row(), f.desc.name, "", row_ts, CellType::kDeleteFamily, ""});
    }
    return Status::Ok();
  }
  for (const Cell& m : del.markers()) {
    CELLAR_RETURN_IF_ERROR(t.RequireFamily(m.family).status());
    if (m.timestamp < 0) return Status::InvalidArgument("delete timestamp is negative");
    Cell cell = m;
    cell.row = del.row();
    cell.timestamp = Resolve(m.timestamp, row_ts);
    if (m.type == CellType::kDeleteFamilyVersion && m.timestamp == kLatestTimestamp) {
      return Status::InvalidArgument("a family-version delete needs an explicit timestamp");
    }
    if (m.type == CellType::kDelete && m.timestamp == kLatestTimestamp) {
      // HBase's rule: a version delete without a timestamp removes the newest version.
      CELLAR_ASSIGN_OR_RETURN(RowResult latest, ReadLatest(t, del.row(), {{m.family, m.qualifier}}));
      cell.timestamp = latest.empty() ? now : latest.cells().front().timestamp;
    }
    out->push_back(std::move(cell));
  }
  return Status::Ok();
}

Status EmbeddedTable::Commit(const TableState& t, std::span<const Cell> cells, int64_t now,
                             Durability durability) {
  PlannedWrite w{&t, cells, now};
  CELLAR_RETURN_IF_ERROR(engine_.CommitCells(std::span<const PlannedWrite>(&w, 1), durability));
  if (t.logs_data) engine_.MaybeTrimEventLog();
  return Status::Ok();
}

Status EmbeddedTable::Put(const cellar::Put& put) {
  CELLAR_ASSIGN_OR_RETURN(auto t, state_.Find());
  CELLAR_RETURN_IF_ERROR(ValidatePut(*t, put));
  std::lock_guard<std::mutex> lock(engine_.row_locks().For(t->id, put.row()));
  // The Put's own cells go to the write; the commit resolves "now" timestamps.
  return Commit(*t, put.cells(), engine_.clock().NowMillis(), put.durability());
}

Status EmbeddedTable::Delete(const cellar::Delete& del) {
  CELLAR_ASSIGN_OR_RETURN(auto t, state_.Find());
  std::lock_guard<std::mutex> lock(engine_.row_locks().For(t->id, del.row()));
  std::vector<Cell> cells;
  const int64_t now = engine_.clock().NowMillis();
  CELLAR_RETURN_IF_ERROR(PlanDelete(*t, del, now, &cells));
  return Commit(*t, cells, now, del.durability());
}

Status EmbeddedTable::PlanRowMutations(const TableState& t, const RowMutations& mutations,
                                       int64_t now, std::vector<Cell>* out,
                                       Durability* durability) {
  CELLAR_RETURN_IF_ERROR(CheckRow(mutations.row()));
  for (const auto& m : mutations.mutations()) {
    const std::string& row =
        std::visit([](const auto& x) -> const std::string& { return x.row(); }, m);
    if (row != mutations.row()) {
      return Status::InvalidArgument("RowMutations of row '" + ToStringBinary(mutations.row()) +
                                     "' holds a mutation of row '" + ToStringBinary(row) + "'");
    }
    if (const auto* p = std::get_if<cellar::Put>(&m)) {
      CELLAR_RETURN_IF_ERROR(PlanPut(t, *p, now, out));
      *durability = std::max(*durability, p->durability());
    } else {
      const auto& d = std::get<cellar::Delete>(m);
      CELLAR_RETURN_IF_ERROR(PlanDelete(t, d, now, out));
      *durability = std::max(*durability, d.durability());
    }
  }
  return Status::Ok();
}

Status EmbeddedTable::MutateRow(const RowMutations& mutations) {
  CELLAR_ASSIGN_OR_RETURN(auto t, state_.Find());
  CELLAR_RETURN_IF_ERROR(CheckRow(mutations.row()));
  std::lock_guard<std::mutex> lock(engine_.row_locks().For(t->id, mutations.row()));
  std::vector<Cell> cells;
  Durability durability = Durability::kUseDefault;
  const int64_t now = engine_.clock().NowMillis();
  CELLAR_RETURN_IF_ERROR(PlanRowMutations(*t, mutations, now, &cells, &durability));
  if (cells.empty()) return Status::Ok();
  return Commit(*t, cells, now, durability);
}

const FamilyHandle* EmbeddedTable::PooledFamily(const TableState& t, const cellar::Get& get) {
  if (!get.cache_blocks()) return nullptr;
  const FamilyHandle* only = nullptr;
  for (const auto& f : t.families) {
    if (!get.columns().WantsFamily(f.desc.name)) continue;
    if (only != nullptr || !f.desc.block_cache) return nullptr;
    only = &f;
  }
  return only;
}

Result<std::vector<FamilyCursor>> EmbeddedTable::RowCursors(const TableState& t,
                                                              const cellar::Get& get) {
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  std::vector<const FamilyHandle*> fams;
  bool fill_cache = get.cache_blocks();
  for (const auto& f : t.families) {
    if (!get.columns().WantsFamily(f.desc.name)) continue;
    cfs.push_back(f.cf);
    fams.push_back(&f);
    fill_cache &= f.desc.block_cache;
  }
  rocksdb::ReadOptions ro = DataFamilyReadOptions();
  ro.prefix_same_as_start = true;
  ro.fill_cache = fill_cache;
  std::vector<rocksdb::Iterator*> iters;
  rocksdb::Status s;
  {
    std::shared_lock<std::shared_mutex> gate(engine_.read_gate(), std::defer_lock);
    if (cfs.size() > 1) gate.lock();  // a bulk load is in all families or in none
    s = engine_.db()->NewIterators(ro, cfs, &iters);
  }
  if (!s.ok()) return Status::Internal("reading row: " + s.ToString());
  std::vector<FamilyCursor> cursors;
  for (size_t i = 0; i < iters.size(); ++i) {
    cursors.push_back(FamilyCursor{fams[i], std::unique_ptr<rocksdb::Iterator>(iters[i])});
  }
  return cursors;
}

Status EmbeddedTable::ReadGet(const cellar::Get& get, const std::string& row_key,
                              std::span<FamilyCursor* const> cursors, std::vector<Cell>* cells) {
  ReadSpec spec;
  spec.columns = &get.columns();
  spec.time_range = get.time_range();
  spec.max_versions = std::max(1, get.max_versions());
  spec.filter = get.filter().get();
  spec.now_ms = ReadsFamilyWithTtl(cursors) ? engine_.clock().NowMillis() : 0;
  RowReader reader(spec);
  RowEnd end;
  return reader.ReadRow(get.row(), row_key, cursors, cells, &end);
}

Status EmbeddedTable::GetFrom(const TableState& t, const cellar::Get& get, RowResult* out) {
  CELLAR_RETURN_IF_ERROR(CheckRow(get.row()));
  if (get.time_range().min > get.time_range().max) {
    return Status::InvalidArgument("time range minimum is above its maximum");
  }
  for (const auto& [family, quals] : get.columns().families()) {
    CELLAR_RETURN_IF_ERROR(t.RequireFamily(family).status());
  }
  std::vector<Cell>& cells = out->mutable_cells();
  out->set_partial(false);
  Filter* filter = get.filter().get();
  if (filter) {
    filter->Reset();
    if (filter->FilterAllRemaining() ||
        filter->FilterRowKey(Cell{get.row(), "", "", 0, CellType::kPut, ""})) {
      cells.clear();
      out->mutable_row().clear();
      return Status::Ok();
    }
  }
  if (const FamilyHandle* f = PooledFamily(t, get)) {
    // The common Get: one family's pooled iterator (with its row key buffer), bounded to the
    // row, without building any vector of cursors.
    std::unique_ptr<PooledIterator> pooled = f->iterators->Acquire();
    pooled->SeekRow(get.row());
    FamilyCursor cursor{f, std::move(pooled->iterator())};
    FamilyCursor* const one[] = {&cursor};
    Status read = ReadGet(get, pooled->row_key(), one, &cells);
    pooled->iterator() = std::move(cursor.it);
    if (read.ok()) f->iterators->Release(std::move(pooled));  // else its iterator may have failed
    CELLAR_RETURN_IF_ERROR(read);
  } else {
    CELLAR_ASSIGN_OR_RETURN(std::vector<FamilyCursor> cursors, RowCursors(t, get));
    std::vector<FamilyCursor*> ptrs;
    for (auto& c : cursors) ptrs.push_back(&c);
    const std::string row_key = EncodeRowKey(get.row());
    for (FamilyCursor* c : ptrs) c->it->Seek(row_key);
    CELLAR_RETURN_IF_ERROR(ReadGet(get, row_key, ptrs, &cells));
  }
  if (filter && filter->HasFilterRow() && !cells.empty()) {
    filter->FilterRowCells(cells);
    if (filter->FilterRow()) cells.clear();
  }
  if (cells.empty()) {
    out->mutable_row().clear();
  } else {
    AssignBytes(out->mutable_row(), get.row());
  }
  return Status::Ok();
}

Result<RowResult> EmbeddedTable::Get(const cellar::Get& get) {
  CELLAR_ASSIGN_OR_RETURN(auto t, state_.Find());
  RowResult row;
  CELLAR_RETURN_IF_ERROR(GetFrom(*t, get, &row));
  return row;
}

Status EmbeddedTable::GetInto(const cellar::Get& get, RowResult* row) {
  CELLAR_ASSIGN_OR_RETURN(auto t, state_.Find());
  return GetFrom(*t, get, row);
}

Result<std::vector<RowResult>> EmbeddedTable::Get(std::span<const cellar::Get> gets) {
  CELLAR_ASSIGN_OR_RETURN(auto t, state_.Find());
  std::vector<RowResult> out(gets.size());
  for (size_t i = 0; i < gets.size(); ++i) {
    CELLAR_RETURN_IF_ERROR(GetFrom(*t, gets[i], &out[i]));
  }
  return out;
}

Result<std::unique_ptr<ResultScanner>> EmbeddedTable::GetScanner(const cellar::Scan& scan) {
  CELLAR_ASSIGN_OR_RETURN(auto t, state_.Find());
  CELLAR_ASSIGN_OR_RETURN(auto scanner, EmbeddedScanner::Create(engine_, std::move(t), scan));
  return std::unique_ptr<ResultScanner>(std::move(scanner));
}

Result<RowResult> EmbeddedTable::ReadLatest(
    const TableState& t, const std::string& row,
    const std::vector<std::pair<std::string, std::string>>& columns) {
  cellar::Get get(row);
  for (const auto& [f, q] : columns) get.AddColumn(f, q);
  RowResult latest;
  CELLAR_RETURN_IF_ERROR(GetFrom(t, get, &latest));
  return latest;
}

Result<RowResult> EmbeddedTable::ReadModifyWrite(
    const std::string& row, const std::vector<std::pair<std::string, std::string>>& columns,
    Durability durability, const NewValueFn& new_value) {
  CELLAR_ASSIGN_OR_RETURN(auto t, state_.Find());
  CELLAR_RETURN_IF_ERROR(CheckRow(row));
  if (columns.empty()) {
    return Status::InvalidArgument("increment or append of row '" + ToStringBinary(row) +
                                   "' has no columns");
  }
  for (const auto& [family, qualifier] : columns) {
    CELLAR_RETURN_IF_ERROR(t->RequireFamily(family).status());
  }
  std::lock_guard<std::mutex> lock(engine_.row_locks().For(t->id, row));
  CELLAR_ASSIGN_OR_RETURN(RowResult current, ReadLatest(*t, row, columns));
  const int64_t now = engine_.clock().NowMillis();
  std::vector<Cell> cells;  // one per distinct column: a column named twice builds on itself
  for (size_t i = 0; i < columns.size(); ++i) {
    const auto& [family, qualifier] = columns[i];
    auto same = [&](const Cell& c) { return c.family == family && c.qualifier == qualifier; };
    auto prev = std::find_if(cells.begin(), cells.end(), same);
    const Cell* old = prev != cells.end() ? &*prev : current.LatestCell(family, qualifier);
    CELLAR_ASSIGN_OR_RETURN(std::string value, new_value(i, old));
    // The new version is always the newest, even past a cell written with a future timestamp.
    int64_t ts = old ? std::max(now, old->timestamp + (prev != cells.end() ? 0 : 1)) : now;
    Cell cell{row, family, qualifier, ts, CellType::kPut, std::move(value)};
    if (prev != cells.end()) *prev = std::move(cell); else cells.push_back(std::move(cell));
  }
  CELLAR_RETURN_IF_ERROR(Commit(*t, cells, now, durability));
  std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) {
    return std::tie(a.family, a.qualifier) < std::tie(b.family, b.qualifier);
  });
  return RowResult(row, std::move(cells));
}

Result<RowResult> EmbeddedTable::Increment(const cellar::Increment& inc) {
  std::vector<std::pair<std::string, std::string>> columns;
  for (const auto& c : inc.columns()) columns.emplace_back(c.family, c.qualifier);
  return ReadModifyWrite(
      inc.row(), columns, inc.durability(), [&](size_t i, const Cell* old) -> Result<std::string> {
        const auto& c = inc.columns()[i];
        int64_t value = 0;
        if (old != nullptr) {
          if (old->value.size() != 8) {
            return Status::InvalidArgument("Field is not a long, it's " +
                                           std::to_string(old->value.size()) + " bytes wide (" +
                                           c.family + ":" + ToStringBinary(c.qualifier) + ")");
          }
          value = DecodeLong(old->value);
        }
        // Two's complement wrap-around, as Java's long addition.
        return EncodeLong(
            static_cast<int64_t>(static_cast<uint64_t>(value) + static_cast<uint64_t>(c.amount)));
      });
}

Result<RowResult> EmbeddedTable::Append(const cellar::Append& append) {
  std::vector<std::pair<std::string, std::string>> columns;
  for (const auto& c : append.cells()) columns.emplace_back(c.family, c.qualifier);
  return ReadModifyWrite(append.row(), columns, append.durability(),
                         [&](size_t i, const Cell* old) -> Result<std::string> {
                           std::string value = old ? old->value : std::string();
                           return value + append.cells()[i].value;
                         });
}

Result<bool> EmbeddedTable::CheckAndMutate(const cellar::CheckAndMutate& cam) {
  CELLAR_ASSIGN_OR_RETURN(auto t, state_.Find());
  CELLAR_RETURN_IF_ERROR(CheckRow(cam.row));
  CELLAR_RETURN_IF_ERROR(t->RequireFamily(cam.family).status());
  const std::string& action_row = std::visit(
      [](const auto& a) -> const std::string& { return a.row(); }, cam.action);
  if (action_row != cam.row) {
    return Status::InvalidArgument("check-and-mutate checks row '" + ToStringBinary(cam.row) +
                                   "' but mutates row '" + ToStringBinary(action_row) +
                                   "'; they must be the same row");
  }
  std::lock_guard<std::mutex> lock(engine_.row_locks().For(t->id, cam.row));
  CELLAR_ASSIGN_OR_RETURN(RowResult current, ReadLatest(*t, cam.row, {{cam.family, cam.qualifier}}));
  if (!CheckMatches(cam.op, cam.expected, current.LatestCell(cam.family, cam.qualifier))) {
    return false;
  }
  const int64_t now = engine_.clock().NowMillis();
  std::vector<Cell> cells;
  Durability durability = Durability::kUseDefault;
  auto plan = [&](const auto& m) -> Status {
    durability = std::max(durability, m.durability());
    if constexpr (std::is_same_v<std::decay_t<decltype(m)>, cellar::Put>) {
      return PlanPut(*t, m, now, &cells);
    } else {
      return PlanDelete(*t, m, now, &cells);
    }
  };
  if (const auto* rm = std::get_if<RowMutations>(&cam.action)) {
    CELLAR_RETURN_IF_ERROR(PlanRowMutations(*t, *rm, now, &cells, &durability));
  } else if (const auto* p = std::get_if<cellar::Put>(&cam.action)) {
    CELLAR_RETURN_IF_ERROR(plan(*p));
  } else {
    CELLAR_RETURN_IF_ERROR(plan(std::get<cellar::Delete>(cam.action)));
  }
  if (!cells.empty()) CELLAR_RETURN_IF_ERROR(Commit(*t, cells, now, durability));
  return true;
}

// A run of consecutive Puts with one durability is committed as one write: each row is still
// atomic (the whole run is, which is more than Batch promises), the rows keep their order (later
// cells get later sequence numbers), and a gateway's putMultiple costs one RocksDB write, not one
// per row. Invalid Puts fail alone and are left out of the write.
void EmbeddedTable::BatchPuts(std::span<const BatchAction> actions,
                              std::span<BatchResult> results) {
  auto t = state_.Find();
  if (!t.ok()) {
    for (BatchResult& r : results) r.status = t.status();
    return;
  }
  const int64_t now = engine_.clock().NowMillis();
  std::vector<std::mutex*> locks;
  std::vector<Cell> cells;
  std::vector<size_t> planned;
  for (size_t i = 0; i < actions.size(); ++i) {
    const auto& put = std::get<cellar::Put>(actions[i]);
    results[i].status = PlanPut(**t, put, now, &cells);  // reads nothing: no lock needed yet
    if (!results[i].status.ok()) continue;
    locks.push_back(&engine_.row_locks().For((*t)->id, put.row()));
    planned.push_back(i);
  }
  if (planned.empty()) return;
  std::sort(locks.begin(), locks.end());  // a fixed order: no deadlock with other batches
  locks.erase(std::unique(locks.begin(), locks.end()), locks.end());
  std::vector<std::unique_lock<std::mutex>> held;
  held.reserve(locks.size());
  for (std::mutex* mu : locks) held.emplace_back(*mu);
  const Durability durability = std::get<cellar::Put>(actions[planned.front()]).durability();
  Status committed = Commit(**t, cells, now, durability);
  for (size_t i : planned) results[i].status = committed;
}

std::vector<BatchResult> EmbeddedTable::Batch(std::span<const BatchAction> actions) {
  std::vector<BatchResult> out(actions.size());
  size_t i = 0;
  while (i < actions.size()) {
    const BatchAction& a = actions[i];
    if (const auto* p = std::get_if<cellar::Put>(&a)) {
      size_t end = i + 1;
      while (end < actions.size()) {
        const auto* next = std::get_if<cellar::Put>(&actions[end]);
        if (next == nullptr || next->durability() != p->durability()) break;
        ++end;
      }
      BatchPuts(actions.subspan(i, end - i), std::span<BatchResult>(out).subspan(i, end - i));
      i = end;
      continue;
    }
    BatchResult& r = out[i++];
    if (const auto* d = std::get_if<cellar::Delete>(&a)) {
      r.status = Delete(*d);
    } else if (const auto* rm = std::get_if<RowMutations>(&a)) {
      r.status = MutateRow(*rm);
    } else {
      Result<RowResult> res = std::visit(
          [&](const auto& x) -> Result<RowResult> {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, cellar::Increment>) return Increment(x);
            else if constexpr (std::is_same_v<T, cellar::Append>) return Append(x);
            else if constexpr (std::is_same_v<T, cellar::Get>) return Get(x);
            else return Status::Internal("unreachable");
          },
          a);
      r.status = res.status();
      if (res.ok()) r.result = std::move(res).value();
    }
  }
  return out;
}

}  // namespace cellar::store
