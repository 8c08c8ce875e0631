#include "store/major_compaction.h"

#include "store/key_format.h"
#include "store/row_entries.h"
#include "store/rocks_status.h"
#include "store/version_resolver.h"

namespace cellar::store {
namespace {

// Classifies the entries of one row (iterator at its first entry); leaves the iterator after it.
Status CollectRowGarbage(rocksdb::Iterator* it, const std::string& row_key,
                         VersionResolver& resolver, std::vector<Garbage>* out,
                         CompactionStats* stats) {
  return WalkRowEntries(
      it, row_key, resolver, [&](const DecodedKey&, const DecodedValue&, bool garbage) -> Status {
        ++stats->entries_read;
        if (garbage) {
          out->push_back(
              {std::string(it->key().ToStringView()), std::string(it->value().ToStringView())});
        }
        return Status::Ok();
      });
}

}  // namespace

// Whether an entry was rewritten since the snapshot is told by its whole value. A marker and a
// put of a NEW_VERSION_BEHAVIOR family keep their sequence, which every write changes. A plain
// put (docs/key-format.md) carries none, so an identical rewrite passes for the entry the
// snapshot saw; dropping it is still right: in a family without NEW_VERSION_BEHAVIOR a put's fate
// depends only on its key and the other keys of the row (markers mask by timestamp and type,
// versions count newest first, TTL goes by timestamp), and the writes since the snapshot only
// added keys, which can make a put garbage but never keep one. A rewrite with another value is
// kept, as a rewrite of a sequenced entry is.
Status DropGarbage(Engine& engine, const TableState& table, const FamilyHandle& f,
                   const std::string& row, const std::vector<Garbage>& garbage,
                   CompactionStats* stats) {
  std::lock_guard<std::mutex> lock(engine.row_locks().For(table.id, row));
  rocksdb::WriteBatch batch;
  std::string value;
  for (const Garbage& g : garbage) {
    rocksdb::Status s = engine.db()->Get(rocksdb::ReadOptions(), f.cf, g.key, &value);
    if (!s.ok() || value != g.value) continue;
    (void)batch.Delete(f.cf, g.key);
    ++stats->entries_dropped;
  }
  if (batch.Count() == 0) return Status::Ok();
  return FromRocks(engine.db()->Write(rocksdb::WriteOptions(), &batch), "compacting");
}

Result<CompactionStats> MajorCompact(Engine& engine, const TableState& table) {
  CompactionStats stats;
  const rocksdb::Snapshot* snap = engine.db()->GetSnapshot();
  std::shared_ptr<const rocksdb::Snapshot> release(
      snap, [&engine](const rocksdb::Snapshot* s) { engine.db()->ReleaseSnapshot(s); });
  const int64_t now = engine.clock().NowMillis();
  for (const FamilyHandle& f : table.families) {
    rocksdb::ReadOptions ro;
    ro.snapshot = snap;
    ro.total_order_seek = true;
    ro.fill_cache = false;
    std::unique_ptr<rocksdb::Iterator> it(engine.db()->NewIterator(ro, f.cf));
    VersionResolver resolver(f.desc, now, kLatestTimestamp);
    std::vector<Garbage> garbage;
    it->SeekToFirst();
    while (it->Valid()) {
      std::string_view key(it->key().data(), it->key().size());
      std::string row_key(key.substr(0, RowKeySize(key)));
      auto row = DecodeRowKey(row_key);
      if (!row) return Status::DataLoss("corrupt row key in " + table.name.ToString());
      garbage.clear();
      CELLAR_RETURN_IF_ERROR(CollectRowGarbage(it.get(), row_key, resolver, &garbage, &stats));
      if (!garbage.empty()) {
        CELLAR_RETURN_IF_ERROR(DropGarbage(engine, table, f, *row, garbage, &stats));
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "compacting " + f.desc.name);
    rocksdb::CompactRangeOptions cro;
    cro.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    CELLAR_RETURN_IF_ERROR(FromRocks(engine.db()->Flush(rocksdb::FlushOptions(), f.cf),
                                     "flushing " + f.desc.name));
    CELLAR_RETURN_IF_ERROR(FromRocks(engine.db()->CompactRange(cro, f.cf, nullptr, nullptr),
                                     "compacting " + f.desc.name));
    f.iterators->Clear();  // let go of the files the compaction replaced
  }
  return stats;
}

}  // namespace cellar::store
