#include "store/store_snapshot.h"

#include <algorithm>

#include "store/row_entries.h"

namespace cellar::store {

EmbeddedSnapshot::EmbeddedSnapshot(Engine& engine) : engine_(engine), snap_(engine.TakeSnapshot()) {
  for (const auto& t : snap_.tables) descriptors_.push_back(t->descriptor);
}

EmbeddedSnapshot::~EmbeddedSnapshot() { engine_.db()->ReleaseSnapshot(snap_.snapshot); }

Status EmbeddedSnapshot::ForEachRow(
    const TableName& table,
    const std::function<Status(const std::string&, const std::string&, const std::vector<Cell>&)>&
        fn) {
  auto it = std::find_if(snap_.tables.begin(), snap_.tables.end(),
                         [&](const auto& t) { return t->name == table; });
  if (it == snap_.tables.end()) {
    return Status::NotFound("table '" + table.ToString() + "' was not in the snapshot");
  }
  const int64_t now = engine_.clock().NowMillis();
  for (const FamilyHandle& f : (*it)->families) {
    rocksdb::ReadOptions ro;
    ro.snapshot = snap_.snapshot;
    ro.total_order_seek = true;
    ro.fill_cache = false;
    std::unique_ptr<rocksdb::Iterator> iter(engine_.db()->NewIterator(ro, f.cf));
    VersionResolver resolver(f.desc, now, kLatestTimestamp);
    std::vector<std::pair<uint64_t, Cell>> entries;  // (write sequence, cell)
    std::vector<Cell> cells;
    for (iter->SeekToFirst(); iter->Valid();) {
      std::string_view key(iter->key().data(), iter->key().size());
      std::string row_key(key.substr(0, RowKeySize(key)));
      entries.clear();
      CELLAR_RETURN_IF_ERROR(WalkRowEntries(
          iter.get(), row_key, resolver,
          [&](const DecodedKey& k, const DecodedValue& v, bool garbage) -> Status {
            // Drop puts no read can see any more; keep every marker (it still masks later puts).
            if (garbage && k.type == CellType::kPut) return Status::Ok();
            entries.emplace_back(v.sequence, Cell{k.row, f.desc.name, k.qualifier, k.timestamp,
                                                  k.type, std::string(v.payload)});
            return Status::Ok();
          }));
      if (entries.empty()) continue;
      // Write order by sequence. Plain puts (docs/key-format.md) decode with sequence 0 and go
      // first, in key order: they are of families without NEW_VERSION_BEHAVIOR, where the order
      // of puts and markers changes no read, or were written before such a family was altered
      // to it, when they count as written before every marker; replayed first, they do.
      std::stable_sort(entries.begin(), entries.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      cells.clear();
      for (auto& [seq, cell] : entries) cells.push_back(std::move(cell));
      CELLAR_RETURN_IF_ERROR(fn(f.desc.name, cells.front().row, cells));
    }
    if (!iter->status().ok()) return Status::Internal("snapshot read: " + iter->status().ToString());
  }
  return Status::Ok();
}

}  // namespace cellar::store
