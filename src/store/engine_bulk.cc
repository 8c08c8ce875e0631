// Engine: the store side of a bulk load (BulkLoader, cellar/bulk_loader.h). The loader writes
// sorted table files; here they become part of the table in one atomic RocksDB ingestion, under
// locks that make the load behave like one big write to an empty table:
//  - ddl_mu_, so the table cannot be dropped, truncated or altered during the ingestion;
//  - every row lock, so no write reaches the table between the emptiness check and the
//    ingestion (a loaded cell can then never replace, or be ordered against, a cell written by
//    someone else);
//  - the read gate, because RocksDB installs an ingestion one column family at a time: a reader
//    opening iterators on several families could otherwise see some loaded and others not.

#include <filesystem>

#include "store/engine.h"
#include "store/rocks_status.h"

namespace cellar::store {

void Engine::RemoveBulkScratch() {
  std::error_code ec;
  std::filesystem::remove_all(BulkScratchDir(), ec);  // best effort: a leftover is only space
}

Status Engine::CheckTableEmpty(const TableState& t) {
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  ro.fill_cache = false;
  for (const FamilyHandle& f : t.families) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, f.cf));
    it->SeekToFirst();
    CELLAR_RETURN_IF_ERROR(FromRocks(it->status(), "reading " + t.name.ToString()));
    if (it->Valid()) {
      return Status::FailedPrecondition(
          "bulk load into '" + t.name.ToString() + "': family '" + f.desc.name +
          "' is not empty; a bulk load only fills empty tables (write with Puts instead)");
    }
  }
  return Status::Ok();
}

Status Engine::IngestBulk(const TableState& loaded, std::span<const BulkFiles> files) {
  std::lock_guard<std::mutex> ddl(ddl_mu_);
  CELLAR_ASSIGN_OR_RETURN(std::shared_ptr<const TableState> current, FindTable(loaded.name));
  const std::string name = loaded.name.ToString();
  if (current->id != loaded.id || !current->enabled || current->logs_data) {
    return Status::FailedPrecondition("bulk load into '" + name +
                                      "': the table was re-created, truncated, disabled or set "
                                      "to REPLICATION_SCOPE 1 during the load; nothing loaded");
  }
  for (const BulkFiles& f : files) {
    bool present = false;
    for (const FamilyHandle& h : current->families) present |= h.cf == f.cf;
    if (!present) {
      return Status::FailedPrecondition("bulk load into '" + name +
                                        "': a loaded family was deleted during the load; "
                                        "nothing loaded");
    }
  }
  std::vector<std::unique_lock<std::mutex>> rows = row_locks_.LockAll();
  CELLAR_RETURN_IF_ERROR(CheckTableEmpty(*current));
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (const BulkFiles& f : files) {
    if (f.paths.empty()) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = f.cf;
    arg.external_files = f.paths;
    arg.options.move_files = true;            // a hard link: the scratch files are in the store
    arg.options.snapshot_consistency = true;  // older snapshots (REPL DUMP) do not see the load
    arg.options.write_global_seqno = false;   // no write into the finished files
    args.push_back(std::move(arg));
  }
  if (args.empty()) return Status::Ok();
  std::unique_lock<std::shared_mutex> gate(read_gate_);
  return FromRocks(db_->IngestExternalFiles(args), "bulk load into '" + name + "'");
}

}  // namespace cellar::store
