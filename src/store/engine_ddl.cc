// Engine: namespaces and tables. Every DDL holds ddl_mu_, creates any new RocksDB column families
// first, then commits the catalog change and its event in one synced write, and only then drops
// column families no longer used; a crash at any point leaves either the old or the new catalog,
// and Engine::Open drops column families that no table references.

#include <algorithm>

#include "store/engine.h"
#include "store/event_codec.h"
#include "store/rocks_status.h"

namespace cellar::store {
namespace {

TableDescriptor Sorted(TableDescriptor desc) {
  std::sort(desc.families.begin(), desc.families.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return desc;
}

Status ValidateNamespace(std::string_view ns) {
  auto parsed = TableName::Parse(std::string(ns) + ":x");
  if (!parsed.ok()) return parsed.status();
  return Status::Ok();
}

}  // namespace

Status Engine::CommitDdl(rocksdb::WriteBatch* batch, std::span<const DdlEvent> events) {
  std::lock_guard<std::mutex> lock(commit_mu_);
  CELLAR_ASSIGN_OR_RETURN(uint64_t first, sequence_->Next(events.size()));
  const int64_t now = clock_->NowMillis();
  for (size_t i = 0; i < events.size(); ++i) {
    Event e;
    e.id = first + i;
    e.time_ms = now;
    e.type = events[i].type;
    e.table = events[i].name;
    if (events[i].desc) e.descriptor = *events[i].desc;
    AppendEvent(batch, std::move(e));
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  CELLAR_RETURN_IF_ERROR(FromRocks(db_->Write(wo, batch), "committing a schema change"));
  last_event_id_.store(first + events.size() - 1, std::memory_order_release);
  return Status::Ok();
}

Status Engine::CommitDdl(rocksdb::WriteBatch* batch, EventType type, const TableName& name,
                         const TableDescriptor* desc) {
  const DdlEvent event{type, name, desc};
  return CommitDdl(batch, std::span<const DdlEvent>(&event, 1));
}

Result<uint64_t> Engine::AllocateTableId(rocksdb::WriteBatch* batch, uint64_t count) {
  std::string v;
  uint64_t id = 1;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), meta_cf_, kNextTableIdKey.data(), &v);
  if (s.ok()) id = std::stoull(v);
  else if (!s.IsNotFound()) return FromRocks(s, "reading the next table id");
  (void)batch->Put(meta_cf_, kNextTableIdKey.data(), std::to_string(id + count));
  return id;
}

// All the column families of the new tables in one CreateColumnFamilies call: RocksDB rewrites
// and re-reads its OPTIONS file (every column family of the store) once a call, 22 M
// instructions with a few dozen families, so a table of four families paid that four times, and
// publish's tables once each.
Status Engine::CreateFamilyHandles(std::span<NewTable> tables) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  std::vector<std::shared_ptr<FamilySettings>> settings;
  std::vector<std::pair<NewTable*, const ColumnFamilyDescriptor*>> owners;  // of cfs[i]
  for (NewTable& t : tables) {
    for (const auto& f : t.desc.families) {
      settings.push_back(std::make_shared<FamilySettings>(f));
      cfs.emplace_back(FamilyColumnFamilyName(t.id, f.name),
                       FamilyOptions(f, shared_, settings.back()));
      owners.emplace_back(&t, &f);
    }
  }
  std::vector<rocksdb::ColumnFamilyHandle*> created;  // also those made before a failure
  rocksdb::Status s = db_->CreateColumnFamilies(cfs, &created);
  for (size_t i = 0; i < created.size(); ++i) {
    rocksdb::ColumnFamilyHandle* h = created[i];
    owners[i].first->families.push_back(FamilyHandle{
        *owners[i].second, h, settings[i], std::make_shared<IteratorPool>(db_.get(), h)});
    std::unique_lock lock(state_mu_);
    handles_.push_back(h);
    settings_by_cf_[cfs[i].name] = settings[i];
  }
  if (!s.ok()) {
    for (NewTable& t : tables) {
      RetireFamilies(t.families);
      t.families.clear();
    }
    const size_t failed = std::min(created.size(), cfs.size() - 1);
    return FromRocks(s, "creating column family " + cfs[failed].name);
  }
  return Status::Ok();
}

Status Engine::CreateFamilyHandles(uint64_t table_id, const TableDescriptor& desc,
                                   std::vector<FamilyHandle>* out) {
  NewTable table{desc, table_id, {}};
  CELLAR_RETURN_IF_ERROR(CreateFamilyHandles(std::span<NewTable>(&table, 1)));
  *out = std::move(table.families);
  return Status::Ok();
}

void Engine::RetireFamilies(const std::vector<FamilyHandle>& families) {
  std::unique_lock lock(state_mu_);
  for (const auto& f : families) {
    (void)db_->DropColumnFamily(f.cf);
    handles_.erase(std::remove(handles_.begin(), handles_.end(), f.cf), handles_.end());
    retired_.push_back(f.cf);
  }
}

Status Engine::CreateNamespace(std::string_view ns) {
  CELLAR_RETURN_IF_ERROR(ValidateNamespace(ns));
  std::lock_guard<std::mutex> ddl(ddl_mu_);
  if (NamespaceExists(ns)) {
    return Status::AlreadyExists("namespace '" + std::string(ns) + "' already exists");
  }
  rocksdb::WriteBatch batch;
  (void)batch.Put(meta_cf_, NamespaceKey(ns), "{}");
  CELLAR_RETURN_IF_ERROR(
      CommitDdl(&batch, EventType::kCreateNamespace, TableName{std::string(ns), ""}, nullptr));
  std::unique_lock lock(state_mu_);
  namespaces_[std::string(ns)] = true;
  return Status::Ok();
}

Status Engine::DropNamespace(std::string_view ns) {
  std::lock_guard<std::mutex> ddl(ddl_mu_);
  if (!NamespaceExists(ns)) {
    return Status::NotFound("namespace '" + std::string(ns) + "' does not exist");
  }
  if (ns == "default" || ns == "hbase") {
    return Status::FailedPrecondition("namespace '" + std::string(ns) + "' cannot be dropped");
  }
  for (const auto& t : ListTables()) {
    if (t.ns == ns) {
      return Status::FailedPrecondition("namespace '" + std::string(ns) +
                                        "' still holds tables (e.g. '" + t.ToString() +
                                        "'); drop them first");
    }
  }
  rocksdb::WriteBatch batch;
  (void)batch.Delete(meta_cf_, NamespaceKey(ns));
  CELLAR_RETURN_IF_ERROR(
      CommitDdl(&batch, EventType::kDropNamespace, TableName{std::string(ns), ""}, nullptr));
  std::unique_lock lock(state_mu_);
  namespaces_.erase(std::string(ns));
  return Status::Ok();
}

std::vector<std::string> Engine::ListNamespaces() const {
  std::shared_lock lock(state_mu_);
  std::vector<std::string> out;
  for (const auto& [ns, unused] : namespaces_) out.push_back(ns);
  return out;
}

bool Engine::NamespaceExists(std::string_view ns) const {
  std::shared_lock lock(state_mu_);
  return namespaces_.count(std::string(ns)) > 0;
}

std::vector<TableName> Engine::ListTables() const {
  std::shared_lock lock(state_mu_);
  std::vector<TableName> out;
  for (const auto& [name, unused] : tables_) out.push_back(name);
  return out;
}

Status Engine::CreateTable(const TableDescriptor& desc) {
  return CreateTables(std::span<const TableDescriptor>(&desc, 1));
}

Status Engine::CheckNewTable(const TableDescriptor& desc) const {
  CELLAR_RETURN_IF_ERROR(desc.Validate());
  if (!NamespaceExists(desc.name.ns)) {
    return Status::NotFound("namespace '" + desc.name.ns + "' does not exist; create it first");
  }
  if (FindTable(desc.name).ok()) {
    return Status::AlreadyExists("table '" + desc.name.ToString() + "' already exists");
  }
  return Status::Ok();
}

Status Engine::CreateTables(std::span<const TableDescriptor> descs) {
  if (descs.empty()) return Status::Ok();
  std::vector<NewTable> tables;
  for (const TableDescriptor& desc : descs) tables.push_back(NewTable{Sorted(desc), 0, {}});
  std::lock_guard<std::mutex> ddl(ddl_mu_);
  for (size_t i = 0; i < tables.size(); ++i) {
    CELLAR_RETURN_IF_ERROR(CheckNewTable(tables[i].desc));
    for (size_t j = 0; j < i; ++j) {
      if (tables[j].desc.name == tables[i].desc.name) {
        return Status::InvalidArgument("table '" + tables[i].desc.name.ToString() +
                                       "' is named twice in one CreateTables");
      }
    }
  }
  rocksdb::WriteBatch batch;
  CELLAR_ASSIGN_OR_RETURN(uint64_t first_id, AllocateTableId(&batch, tables.size()));
  for (size_t i = 0; i < tables.size(); ++i) tables[i].id = first_id + i;
  CELLAR_RETURN_IF_ERROR(CreateFamilyHandles(tables));
  return CommitNewTables(tables, &batch);
}

Status Engine::CommitNewTable(const TableDescriptor& desc, uint64_t id, rocksdb::WriteBatch* batch,
                              std::vector<FamilyHandle> fams) {
  NewTable table{desc, id, std::move(fams)};
  return CommitNewTables(std::span<NewTable>(&table, 1), batch);
}

Status Engine::CommitNewTables(std::span<NewTable> tables, rocksdb::WriteBatch* batch) {
  std::vector<TableRecord> records;
  std::vector<DdlEvent> events;
  for (const NewTable& t : tables) {
    records.push_back(TableRecord{t.id, true, t.desc});
    (void)batch->Put(meta_cf_, TableKey(t.desc.name), EncodeTableRecord(records.back()));
    events.push_back(DdlEvent{EventType::kCreateTable, t.desc.name, &t.desc});
  }
  if (Status s = CommitDdl(batch, events); !s.ok()) {
    for (const NewTable& t : tables) RetireFamilies(t.families);
    return s;
  }
  for (size_t i = 0; i < tables.size(); ++i) {
    PublishTable(tables[i].desc.name,
                 MakeState(tables[i].desc.name, records[i], std::move(tables[i].families)));
  }
  return Status::Ok();
}

Status Engine::DropTable(const TableName& name) {
  std::lock_guard<std::mutex> ddl(ddl_mu_);
  CELLAR_ASSIGN_OR_RETURN(auto st, FindTable(name));
  if (st->enabled) {
    return Status::FailedPrecondition("table '" + name.ToString() +
                                      "' is enabled. Disable it first.");
  }
  rocksdb::WriteBatch batch;
  (void)batch.Delete(meta_cf_, TableKey(name));
  CELLAR_RETURN_IF_ERROR(CommitDdl(&batch, EventType::kDropTable, name, nullptr));
  PublishTable(name, nullptr);
  RetireFamilies(st->families);
  return Status::Ok();
}

Status Engine::SetEnabled(const TableName& name, bool enabled) {
  std::lock_guard<std::mutex> ddl(ddl_mu_);
  CELLAR_ASSIGN_OR_RETURN(auto st, FindTable(name));
  if (st->enabled == enabled) {
    return Status::FailedPrecondition("table '" + name.ToString() + "' is already " +
                                      (enabled ? "enabled" : "disabled"));
  }
  TableRecord rec{st->id, enabled, st->descriptor};
  rocksdb::WriteBatch batch;
  (void)batch.Put(meta_cf_, TableKey(name), EncodeTableRecord(rec));
  CELLAR_RETURN_IF_ERROR(CommitDdl(
      &batch, enabled ? EventType::kEnableTable : EventType::kDisableTable, name, nullptr));
  auto next = std::make_shared<TableState>(*st);
  next->enabled = enabled;
  PublishTable(name, std::move(next));
  return Status::Ok();
}

Status Engine::AlterTable(const TableName& name, const TableDescriptor& in) {
  TableDescriptor desc = Sorted(in);
  desc.name = name;
  CELLAR_RETURN_IF_ERROR(desc.Validate());
  std::lock_guard<std::mutex> ddl(ddl_mu_);
  CELLAR_ASSIGN_OR_RETURN(auto st, FindTable(name));
  TableDescriptor added{name, {}};
  std::vector<FamilyHandle> kept, removed;
  for (const auto& f : desc.families) {
    if (!st->FindFamily(f.name)) added.families.push_back(f);
  }
  for (const auto& h : st->families) {
    const ColumnFamilyDescriptor* next = desc.FindFamily(h.desc.name);
    if (next == nullptr) {
      removed.push_back(h);
    } else {
      kept.push_back(FamilyHandle{*next, h.cf, h.settings, h.iterators});
    }
  }
  std::vector<FamilyHandle> created;
  CELLAR_RETURN_IF_ERROR(CreateFamilyHandles(st->id, added, &created));
  TableRecord rec{st->id, st->enabled, desc};
  rocksdb::WriteBatch batch;
  (void)batch.Put(meta_cf_, TableKey(name), EncodeTableRecord(rec));
  if (Status s = CommitDdl(&batch, EventType::kAlterTable, name, &desc); !s.ok()) {
    RetireFamilies(created);
    return s;
  }
  for (auto& h : kept) {
    h.settings->Set(h.desc);
    (void)db_->SetOptions(h.cf, MutableFamilyOptions(h.desc));
  }
  for (auto& h : created) kept.push_back(std::move(h));
  PublishTable(name, MakeState(name, rec, std::move(kept)));
  RetireFamilies(removed);
  return Status::Ok();
}

Status Engine::TruncateTable(const TableName& name) {
  std::lock_guard<std::mutex> ddl(ddl_mu_);
  CELLAR_ASSIGN_OR_RETURN(auto st, FindTable(name));
  rocksdb::WriteBatch batch;
  CELLAR_ASSIGN_OR_RETURN(uint64_t id, AllocateTableId(&batch));
  std::vector<FamilyHandle> fams;
  CELLAR_RETURN_IF_ERROR(CreateFamilyHandles(id, st->descriptor, &fams));
  TableRecord rec{id, st->enabled, st->descriptor};
  (void)batch.Put(meta_cf_, TableKey(name), EncodeTableRecord(rec));
  if (Status s = CommitDdl(&batch, EventType::kTruncateTable, name, nullptr); !s.ok()) {
    RetireFamilies(fams);
    return s;
  }
  PublishTable(name, MakeState(name, rec, std::move(fams)));
  RetireFamilies(st->families);
  return Status::Ok();
}

Result<std::vector<Event>> Engine::ReadEvents(const EventQuery& q) {
  uint64_t trimmed = trimmed_through_.load();
  if (q.after_id < trimmed) {
    return Status::DataLoss("events after id " + std::to_string(q.after_id) +
                            " are no longer in the event log (it is trimmed through id " +
                            std::to_string(trimmed) + "); a new bootstrap dump is needed");
  }
  std::vector<Event> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), events_cf_));
  for (it->Seek(EncodeEventKey(q.after_id + 1)); it->Valid(); it->Next()) {
    uint64_t id = DecodeEventKey(it->key().ToStringView());
    if (id > q.up_to_id) break;
    CELLAR_ASSIGN_OR_RETURN(Event e, DecodeEvent(id, it->value().ToStringView()));
    if (!q.ns.empty() && e.table.ns != q.ns) continue;
    if (!q.table.empty() && e.table.qualifier != q.table && !e.table.qualifier.empty()) continue;
    out.push_back(std::move(e));
    if (q.max_events != 0 && out.size() >= q.max_events) break;
  }
  if (!it->status().ok()) return FromRocks(it->status(), "reading the event log");
  return out;
}

Status Engine::TrimEventLog() {
  const int64_t horizon = clock_->NowMillis() - retention_seconds_.load() * 1000;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), events_cf_));
  uint64_t first = 0, last_expired = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    uint64_t id = DecodeEventKey(it->key().ToStringView());
    CELLAR_ASSIGN_OR_RETURN(int64_t time_ms, DecodeEventTime(id, it->value().ToStringView()));
    if (time_ms >= horizon) break;
    if (first == 0) first = id;
    last_expired = id;
  }
  if (first == 0) return Status::Ok();
  rocksdb::WriteBatch batch;
  (void)batch.DeleteRange(events_cf_, EncodeEventKey(first), EncodeEventKey(last_expired + 1));
  (void)batch.Put(meta_cf_, kEventsTrimmedThroughKey.data(), std::to_string(last_expired));
  CELLAR_RETURN_IF_ERROR(FromRocks(db_->Write(rocksdb::WriteOptions(), &batch), "trimming events"));
  trimmed_through_.store(last_expired);
  return Status::Ok();
}

}  // namespace cellar::store
