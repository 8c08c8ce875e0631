// Store::Open and the embedded Store and Admin: thin layers over the Engine.

#include <algorithm>
#include <map>
#include <mutex>
#include <regex>

#include "cellar/store.h"
#include "store/bulk_loader.h"
#include "store/embedded_table.h"
#include "store/engine.h"
#include "store/major_compaction.h"
#include "store/rocks_status.h"
#include "store/store_snapshot.h"

namespace cellar {
namespace store {
namespace {

class EmbeddedAdmin final : public Admin {
 public:
  explicit EmbeddedAdmin(Engine& engine) : engine_(engine) {}

  Status CreateNamespace(std::string_view ns) override { return engine_.CreateNamespace(ns); }
  Status DropNamespace(std::string_view ns) override { return engine_.DropNamespace(ns); }
  Result<std::vector<std::string>> ListNamespaces() override { return engine_.ListNamespaces(); }
  Result<bool> NamespaceExists(std::string_view ns) override {
    return engine_.NamespaceExists(ns);
  }
  Status CreateTable(const TableDescriptor& desc) override { return engine_.CreateTable(desc); }
  Status CreateTables(std::span<const TableDescriptor> descs) override {
    return engine_.CreateTables(descs);
  }
  Status DropTable(const TableName& name) override { return engine_.DropTable(name); }

  Result<std::vector<TableName>> ListTables(std::string_view regex) override {
    std::regex re;
    try {
      re = std::regex(std::string(regex), std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      return Status::InvalidArgument("bad table name pattern '" + std::string(regex) +
                                     "': " + e.what());
    }
    std::vector<TableName> out;
    for (const auto& t : engine_.ListTables()) {
      if (std::regex_match(t.ToString(), re)) out.push_back(t);
    }
    return out;
  }

  Result<TableDescriptor> DescribeTable(const TableName& name) override {
    CELLAR_ASSIGN_OR_RETURN(auto t, engine_.FindTable(name));
    return t->descriptor;
  }
  Result<bool> TableExists(const TableName& name) override {
    return engine_.FindTable(name).ok();
  }
  Status DisableTable(const TableName& name) override { return engine_.SetEnabled(name, false); }
  Status EnableTable(const TableName& name) override { return engine_.SetEnabled(name, true); }
  Result<bool> IsTableEnabled(const TableName& name) override {
    CELLAR_ASSIGN_OR_RETURN(auto t, engine_.FindTable(name));
    return t->enabled;
  }

  Status AddColumnFamily(const TableName& name, const ColumnFamilyDescriptor& family) override {
    CELLAR_ASSIGN_OR_RETURN(auto t, engine_.FindTable(name));
    if (t->descriptor.FindFamily(family.name)) {
      return Status::AlreadyExists("column family '" + family.name + "' already exists in '" +
                                   name.ToString() + "'");
    }
    TableDescriptor next = t->descriptor;
    next.families.push_back(family);
    return engine_.AlterTable(name, next);
  }

  Status ModifyColumnFamily(const TableName& name, const ColumnFamilyDescriptor& family) override {
    CELLAR_ASSIGN_OR_RETURN(auto t, engine_.FindTable(name));
    TableDescriptor next = t->descriptor;
    for (auto& f : next.families) {
      if (f.name == family.name) {
        f = family;
        return engine_.AlterTable(name, next);
      }
    }
    return Status::NotFound("column family '" + family.name + "' does not exist in '" +
                            name.ToString() + "'");
  }

  Status DeleteColumnFamily(const TableName& name, std::string_view family) override {
    CELLAR_ASSIGN_OR_RETURN(auto t, engine_.FindTable(name));
    TableDescriptor next = t->descriptor;
    std::erase_if(next.families, [&](const auto& f) { return f.name == family; });
    if (next.families.size() == t->descriptor.families.size()) {
      return Status::NotFound("column family '" + std::string(family) + "' does not exist in '" +
                              name.ToString() + "'");
    }
    if (next.families.empty()) {
      return Status::InvalidArgument("cannot delete the last column family of '" +
                                     name.ToString() + "'; drop the table instead");
    }
    return engine_.AlterTable(name, next);
  }

  Status TruncateTable(const TableName& name) override { return engine_.TruncateTable(name); }

  Status MajorCompact(const TableName& name) override {
    CELLAR_ASSIGN_OR_RETURN(auto t, engine_.FindTable(name));
    return store::MajorCompact(engine_, *t).status();
  }

  Status Flush(const TableName& name) override {
    CELLAR_ASSIGN_OR_RETURN(auto t, engine_.FindTable(name));
    for (const auto& f : t->families) {
      CELLAR_RETURN_IF_ERROR(FromRocks(engine_.db()->Flush(rocksdb::FlushOptions(), f.cf),
                                       "flushing " + name.ToString() + ":" + f.desc.name));
    }
    return Status::Ok();
  }

 private:
  Engine& engine_;
};

class EmbeddedStore final : public Store {
 public:
  explicit EmbeddedStore(std::unique_ptr<Engine> engine)
      : engine_(std::move(engine)), admin_(*engine_) {}
  ~EmbeddedStore() override { (void)Close(); }

  Admin& admin() override { return admin_; }

  Result<std::unique_ptr<Table>> OpenTable(const TableName& name) override {
    CELLAR_RETURN_IF_ERROR(engine_->FindTable(name).status());
    return std::unique_ptr<Table>(new EmbeddedTable(*engine_, name));
  }

  Status MutateAtomically(std::span<const TableRowMutations> rows,
                          Durability durability) override {
    std::map<TableName, std::shared_ptr<const TableState>> states;
    std::vector<std::mutex*> locks;
    for (const auto& r : rows) {
      auto& st = states[r.table];
      if (!st) {
        CELLAR_ASSIGN_OR_RETURN(st, engine_->FindEnabledTable(r.table));
      }
      locks.push_back(&engine_->row_locks().For(st->id, r.mutations.row()));
    }
    std::sort(locks.begin(), locks.end());
    locks.erase(std::unique(locks.begin(), locks.end()), locks.end());
    std::vector<std::unique_lock<std::mutex>> held;
    held.reserve(locks.size());
    for (std::mutex* mu : locks) held.emplace_back(*mu);

    const int64_t now = engine_->clock().NowMillis();
    std::map<const TableState*, std::vector<Cell>> cells;
    for (const auto& r : rows) {
      const TableState* st = states[r.table].get();
      EmbeddedTable table(*engine_, r.table);
      CELLAR_RETURN_IF_ERROR(
          table.PlanRowMutations(*st, r.mutations, now, &cells[st], &durability));
    }
    std::vector<PlannedWrite> writes;
    for (const auto& [st, c] : cells) writes.push_back(PlannedWrite{st, c, now});
    return engine_->CommitCells(writes, durability);
  }

  Result<std::unique_ptr<BulkLoader>> NewBulkLoader(const TableName& table,
                                                    const BulkLoadOptions& options) override {
    return EmbeddedBulkLoader::Create(*engine_, table, options);
  }

  Result<std::unique_ptr<StoreSnapshot>> CreateSnapshot() override {
    return std::unique_ptr<StoreSnapshot>(new EmbeddedSnapshot(*engine_));
  }

  Result<TableFilesExport> ExportTableFiles(const std::string& ns, const std::string& table,
                                            const std::string& dir) override {
    return engine_->ExportTables(ns, table, dir);
  }
  Result<std::unique_ptr<StagedTableFiles>> StageTableFiles(
      const TableFiles& files, const std::string& store_format) override {
    return engine_->StageTable(files, store_format);
  }
  Status ImportTableFiles(const TableDescriptor& desc, StagedTableFiles& staged,
                          uint64_t sequence_ceiling) override {
    return engine_->ImportTable(desc, staged, sequence_ceiling);
  }

  Result<std::vector<Event>> ReadEvents(const EventQuery& query) override {
    return engine_->ReadEvents(query);
  }
  uint64_t LastEventId() const override { return engine_->LastEventId(); }
  Status TrimEventLog() override { return engine_->TrimEventLog(); }
  Status SetEventRetention(int64_t seconds) override {
    return engine_->SetEventRetention(seconds);
  }

  Result<StoreStats> Stats() override {
    StoreStats s;
    s.last_event_id = engine_->LastEventId();
    uint64_t v = 0;
    if (engine_->db()->GetAggregatedIntProperty("rocksdb.live-sst-files-size", &v)) {
      s.live_sst_bytes = v;
    }
    if (engine_->db()->GetAggregatedIntProperty("rocksdb.cur-size-all-mem-tables", &v)) {
      s.memtable_bytes = v;
    }
    auto first = engine_->ReadEvents(EventQuery{engine_->EventsTrimmedThrough(), UINT64_MAX, "",
                                                "", 1});
    if (first.ok() && !first->empty()) s.oldest_event_id = first->front().id;
    s.events_trimmed_through = engine_->EventsTrimmedThrough();
    s.event_retention_seconds = engine_->event_retention_seconds();
    return s;
  }

  Status Close() override { return engine_->Close(); }

 private:
  std::unique_ptr<Engine> engine_;
  EmbeddedAdmin admin_;
};

}  // namespace
}  // namespace store

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, const StoreOptions& options) {
  CELLAR_ASSIGN_OR_RETURN(auto engine, store::Engine::Open(dir, options));
  return std::unique_ptr<Store>(new store::EmbeddedStore(std::move(engine)));
}

}  // namespace cellar
