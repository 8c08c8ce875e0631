#include "store/engine.h"

#include <rocksdb/utilities/options_util.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "store/event_codec.h"
#include "store/key_format.h"
#include "util/bytes.h"
#include "store/rocks_status.h"

namespace cellar::store {
namespace {

constexpr char kEventsCf[] = "events";

}  // namespace

const FamilyHandle* TableState::FindFamily(std::string_view family) const {
  for (const auto& f : families) {
    if (f.desc.name == family) return &f;
  }
  return nullptr;
}

Result<const FamilyHandle*> TableState::RequireFamily(std::string_view family) const {
  const FamilyHandle* f = FindFamily(family);
  if (f == nullptr) {
    return Status::NotFound("column family '" + std::string(family) + "' does not exist in table '" +
                            name.ToString() + "' (NoSuchColumnFamilyException)");
  }
  return f;
}

Engine::Engine(std::string dir, const StoreOptions& options)
    : dir_(std::move(dir)),
      options_(options),
      clock_(options.clock ? options.clock : SystemClock::Default()),
      shared_(MakeSharedRocksObjects(options.block_cache_bytes, clock_,
                                     options.write_buffer_bytes)) {}

Engine::~Engine() { (void)Close(); }

Result<std::unique_ptr<Engine>> Engine::Open(const std::string& dir, const StoreOptions& options) {
  std::error_code ec;
  bool exists = std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ec);
  if (!exists && !options.create_if_missing) {
    return Status::NotFound("no Cellar store in '" + dir + "'");
  }
  std::unique_ptr<Engine> engine(new Engine(dir, options));
  CELLAR_RETURN_IF_ERROR(engine->OpenDb());
  CELLAR_RETURN_IF_ERROR(engine->LoadCatalog());
  CELLAR_RETURN_IF_ERROR(engine->DropOrphanColumnFamilies());
  engine->RemoveBulkScratch();
  return engine;
}

// Reads the catalog's family descriptors with a read-only open of the catalog alone, so that
// every family's RocksDB column family is opened with its own options (bloom filter, block
// size, compression) from the start.
static Result<std::map<std::string, ColumnFamilyDescriptor>> ReadFamilyOptions(
    const std::string& dir) {
  std::map<std::string, ColumnFamilyDescriptor> out;
  rocksdb::DB* raw = nullptr;
  rocksdb::Options o;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(o, dir, cfs, &handles, &raw);
  if (!s.ok()) return FromRocks(s, "reading the catalog of '" + dir + "'");
  std::unique_ptr<rocksdb::DB> db(raw);
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[0]));
  for (it->Seek(kTableKeyPrefix.data()); it->Valid() && it->key().starts_with(kTableKeyPrefix.data());
       it->Next()) {
    std::string key = it->key().ToString().substr(kTableKeyPrefix.size());
    size_t colon = key.find(':');
    TableName name{key.substr(0, colon), key.substr(colon + 1)};
    CELLAR_ASSIGN_OR_RETURN(TableRecord rec, DecodeTableRecord(it->value().ToStringView(), name));
    for (const auto& f : rec.descriptor.families) out[FamilyColumnFamilyName(rec.id, f.name)] = f;
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  return out;
}

Status Engine::OpenDb() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  std::vector<std::string> names;
  std::map<std::string, ColumnFamilyDescriptor> family_opts;
  if (rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir_, &names).ok()) {
    CELLAR_ASSIGN_OR_RETURN(family_opts, ReadFamilyOptions(dir_));
  } else {
    names = {rocksdb::kDefaultColumnFamilyName};
  }
  if (std::find(names.begin(), names.end(), kEventsCf) == names.end()) names.push_back(kEventsCf);

  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names) {
    if (n == rocksdb::kDefaultColumnFamilyName || n == kEventsCf) {
      cfs.emplace_back(n, MetaOptions(shared_));
      continue;
    }
    auto it = family_opts.find(n);
    ColumnFamilyDescriptor desc;  // orphans (not in the catalog) get defaults; dropped below
    if (it != family_opts.end()) desc = it->second;
    auto settings = std::make_shared<FamilySettings>(desc);
    settings_by_cf_[n] = settings;
    cfs.emplace_back(n, FamilyOptions(desc, shared_, settings));
  }
  rocksdb::DBOptions dbo;
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  dbo.max_background_jobs = std::max(2, options_.background_threads);
  dbo.max_total_wal_size = 512u << 20;
  dbo.bytes_per_sync = 1u << 20;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(dbo, dir_, cfs, &handles, &raw);
  if (!s.ok()) return FromRocks(s, "opening the store in '" + dir_ + "'");
  db_.reset(raw);
  handles_ = handles;
  for (auto* h : handles) {
    if (h->GetName() == rocksdb::kDefaultColumnFamilyName) meta_cf_ = h;
    if (h->GetName() == kEventsCf) events_cf_ = h;
  }
  CELLAR_RETURN_IF_ERROR(CheckFormatVersion());
  sequence_ = std::make_unique<SequenceAllocator>(db_.get(), meta_cf_);
  return sequence_->Init();
}

Status Engine::CheckFormatVersion() {
  std::string version;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), meta_cf_, kFormatVersionKey.data(), &version);
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "reading the store's format version");
  if (s.ok() && version == kStoreFormatVersion) return Status::Ok();
  // A new store, or one of version 1, whose values all have the sequence form that version 2
  // still reads: from now on it gets plain puts, which only readers of version 2 know. The
  // version is synced before any such value is written, so an older cellar refuses the store.
  if (s.IsNotFound() || version == kOldestReadableFormatVersion) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return FromRocks(db_->Put(wo, meta_cf_, kFormatVersionKey.data(), kStoreFormatVersion),
                     "writing the store's format version");
  }
  return Status::FailedPrecondition("store in '" + dir_ + "' has format version '" + version +
                                    "'; this cellar reads versions " +
                                    kOldestReadableFormatVersion + " to " + kStoreFormatVersion +
                                    ": open it with the cellar that wrote it");
}

Status Engine::LoadCatalog() {
  std::unique_lock lock(state_mu_);
  namespaces_["default"] = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), meta_cf_));
  for (it->Seek(kNamespaceKeyPrefix.data()); it->Valid() && it->key().starts_with("ns/");
       it->Next()) {
    namespaces_[it->key().ToString().substr(kNamespaceKeyPrefix.size())] = true;
  }
  std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name;
  for (auto* h : handles_) by_name[h->GetName()] = h;
  for (it->Seek(kTableKeyPrefix.data()); it->Valid() && it->key().starts_with("table/");
       it->Next()) {
    std::string key = it->key().ToString().substr(kTableKeyPrefix.size());
    size_t colon = key.find(':');
    TableName name{key.substr(0, colon), key.substr(colon + 1)};
    CELLAR_ASSIGN_OR_RETURN(TableRecord rec, DecodeTableRecord(it->value().ToStringView(), name));
    std::vector<FamilyHandle> fams;
    for (const auto& f : rec.descriptor.families) {
      std::string cf_name = FamilyColumnFamilyName(rec.id, f.name);
      auto h = by_name.find(cf_name);
      if (h == by_name.end()) {
        return Status::DataLoss("table '" + name.ToString() + "' family '" + f.name +
                                "' has no data files (column family " + cf_name + " missing)");
      }
      fams.push_back(FamilyHandle{f, h->second, settings_by_cf_[cf_name],
                                  std::make_shared<IteratorPool>(db_.get(), h->second)});
    }
    tables_[name] = MakeState(name, rec, std::move(fams));
  }
  // The event log: newest id, and how far it was trimmed.
  std::unique_ptr<rocksdb::Iterator> ev(db_->NewIterator(rocksdb::ReadOptions(), events_cf_));
  ev->SeekToLast();
  if (ev->Valid()) last_event_id_ = DecodeEventKey(ev->key().ToStringView());
  std::string trimmed;
  if (db_->Get(rocksdb::ReadOptions(), meta_cf_, kEventsTrimmedThroughKey.data(), &trimmed).ok()) {
    trimmed_through_ = std::stoull(trimmed);
  }
  std::string retention;
  retention_seconds_ = options_.event_retention_seconds;
  if (db_->Get(rocksdb::ReadOptions(), meta_cf_, kEventRetentionKey.data(), &retention).ok()) {
    retention_seconds_ = std::stoll(retention);
  }
  return Status::Ok();
}

// Column families left by a crash between creating them and committing the catalog (or between
// committing a drop and dropping them) belong to no table: drop them.
Status Engine::DropOrphanColumnFamilies() {
  std::set<rocksdb::ColumnFamilyHandle*> used = {meta_cf_, events_cf_};
  for (const auto& [name, state] : tables_) {
    for (const auto& f : state->families) used.insert(f.cf);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> live;
  for (auto* h : handles_) {
    if (used.count(h)) {
      live.push_back(h);
      continue;
    }
    CELLAR_RETURN_IF_ERROR(FromRocks(db_->DropColumnFamily(h), "dropping orphan " + h->GetName()));
    retired_.push_back(h);
  }
  handles_ = std::move(live);
  return Status::Ok();
}

std::shared_ptr<TableState> Engine::MakeState(const TableName& name, const TableRecord& rec,
                                              std::vector<FamilyHandle> families) const {
  auto st = std::make_shared<TableState>();
  st->name = name;
  st->id = rec.id;
  st->enabled = rec.enabled;
  st->descriptor = rec.descriptor;
  st->descriptor.name = name;
  std::sort(families.begin(), families.end(),
            [](const FamilyHandle& a, const FamilyHandle& b) { return a.desc.name < b.desc.name; });
  st->families = std::move(families);
  for (const auto& f : st->families) st->logs_data |= f.desc.replication_scope == 1;
  return st;
}

Result<std::shared_ptr<const TableState>> Engine::FindTable(const TableName& name) const {
  std::shared_lock lock(state_mu_);
  if (closed_) return Status::FailedPrecondition("the store is closed");
  auto it = tables_.find(name);
  if (it == tables_.end()) {
    return Status::NotFound("table '" + name.ToString() + "' does not exist (TableNotFoundException)");
  }
  return it->second;
}

void Engine::PublishTable(const TableName& name, std::shared_ptr<const TableState> state) {
  std::unique_lock lock(state_mu_);
  if (state) {
    tables_[name] = std::move(state);
  } else {
    tables_.erase(name);
  }
  catalog_version_.fetch_add(1, std::memory_order_release);
}

Result<std::shared_ptr<const TableState>> Engine::FindEnabledTable(const TableName& name) const {
  CELLAR_ASSIGN_OR_RETURN(auto st, FindTable(name));
  if (!st->enabled) {
    return Status::FailedPrecondition("table '" + name.ToString() +
                                      "' is disabled (TableNotEnabledException); enable it first");
  }
  return st;
}

Status Engine::Write(rocksdb::WriteBatch* batch, Durability durability) {
  rocksdb::WriteOptions wo;
  switch (durability) {
    case Durability::kSkipWal: wo.disableWAL = true; break;
    case Durability::kFsyncWal: wo.sync = true; break;
    default: break;  // the WAL reaches the OS before Write returns: survives a process crash
  }
  return FromRocks(db_->Write(wo, batch), "writing to the store");
}

void Engine::MaybeTrimEventLog() {
  if (logged_writes_.fetch_add(1, std::memory_order_relaxed) % kTrimEveryLoggedWrites ==
      kTrimEveryLoggedWrites - 1) {
    (void)TrimEventLog();
  }
}

Status Engine::CommitCells(std::span<const PlannedWrite> writes, Durability durability) {
  bool logs = false;
  for (const auto& w : writes) logs |= w.table->logs_data;
  std::unique_lock<std::mutex> lock(commit_mu_, std::defer_lock);
  if (logs) lock.lock();  // logged writes commit in event-id order
  // Every cell gets its own sequence number, in the order given, so that later mutations of one
  // write win over earlier ones under NEW_VERSION_BEHAVIOR; event ids come after them.
  size_t cells = 0;
  for (const auto& w : writes) cells += w.cells.size();
  CELLAR_ASSIGN_OR_RETURN(uint64_t seq, sequence_->Next(cells + writes.size()));
  uint64_t next_event_id = seq + cells;
  rocksdb::WriteBatch batch;
  uint64_t last_event = 0;
  // One key buffer for the batch; values go in as (head, payload) parts, copied once. Puts of
  // families without NEW_VERSION_BEHAVIOR store no sequence (ValueHead) but are still counted
  // in the numbers taken, so the allocation stays one call per batch.
  std::string key;
  ValueHead head;
  for (const auto& w : writes) {
    Event e;
    for (const Cell& c : w.cells) {
      const FamilyHandle* f = w.table->FindFamily(c.family);
      if (f == nullptr) return Status::Internal("planned cell of unknown family " + c.family);
      const int64_t ts = c.timestamp == kLatestTimestamp ? w.now : c.timestamp;
      EncodeCellKeyTo(&key, c.row, c.qualifier, ts, c.type);
      head.Set(seq++, KeepsSequence(c.type, f->desc.new_version_behavior));
      rocksdb::Slice key_slice(key);
      const std::string_view head_bytes = head.bytes();
      rocksdb::Slice value_parts[2] = {rocksdb::Slice(head_bytes.data(), head_bytes.size()),
                                       rocksdb::Slice(c.value)};
      rocksdb::Status s =
          batch.Put(f->cf, rocksdb::SliceParts(&key_slice, 1), rocksdb::SliceParts(value_parts, 2));
      if (!s.ok()) return FromRocks(s, "building a write");
      if (f->desc.replication_scope == 1) {
        e.cells.push_back(c);
        e.cells.back().timestamp = ts;
      }
    }
    if (e.cells.empty()) continue;
    e.id = next_event_id++;
    e.time_ms = clock_->NowMillis();
    e.type = EventType::kData;
    e.table = w.table->name;
    last_event = e.id;
    AppendEvent(&batch, std::move(e));
  }
  CELLAR_RETURN_IF_ERROR(Write(&batch, durability));
  if (last_event != 0) last_event_id_.store(last_event, std::memory_order_release);
  return Status::Ok();
}

void Engine::AppendEvent(rocksdb::WriteBatch* batch, Event event) {
  (void)batch->Put(events_cf_, EncodeEventKey(event.id), EncodeEventValue(event));
}

Status Engine::SetEventRetention(int64_t seconds) {
  if (seconds <= 0) {
    return Status::InvalidArgument("event-log retention must be a positive number of seconds");
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  CELLAR_RETURN_IF_ERROR(FromRocks(
      db_->Put(wo, meta_cf_, kEventRetentionKey.data(), std::to_string(seconds)),
      "storing the event-log retention"));
  retention_seconds_ = seconds;
  return Status::Ok();
}

Engine::Snapshot Engine::TakeSnapshot() {
  std::lock_guard<std::mutex> ddl(ddl_mu_);
  std::lock_guard<std::mutex> commit(commit_mu_);
  Snapshot snap;
  snap.snapshot = db_->GetSnapshot();
  snap.event_id = last_event_id_.load(std::memory_order_acquire);
  std::shared_lock lock(state_mu_);
  for (const auto& [name, state] : tables_) snap.tables.push_back(state);
  return snap;
}

Status Engine::Close() {
  {
    std::unique_lock lock(state_mu_);
    if (closed_ || !db_) return Status::Ok();
    closed_ = true;
    tables_.clear();
    catalog_version_.fetch_add(1, std::memory_order_release);
  }
  rocksdb::Status s = db_->Flush(rocksdb::FlushOptions(), handles_);
  for (auto* h : handles_) (void)db_->DestroyColumnFamilyHandle(h);
  for (auto* h : retired_) (void)db_->DestroyColumnFamilyHandle(h);
  handles_.clear();
  retired_.clear();
  rocksdb::Status c = db_->Close();
  db_.reset();
  if (!s.ok() && !s.IsColumnFamilyDropped()) return FromRocks(s, "flushing on close");
  return FromRocks(c, "closing the store");
}

}  // namespace cellar::store
