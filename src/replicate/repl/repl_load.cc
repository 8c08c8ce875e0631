// REPL LOAD: applies a bootstrap or incremental dump through the public Store API, recording the
// last event id in cellar:repl atomically with the data it covers, so a load is idempotent and a
// load killed half-way and run again gives the same result. A bootstrap of table files (dump
// --files) becomes tables created from those files (Store::StageTableFiles checks and links every
// file before anything changes, then Store::ImportTableFiles).

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cellar/bulk_loader.h"
#include "cellar/store.h"
#include "replicate/repl/dump_file.h"
#include "replicate/repl/repl.h"
#include "replicate/repl/repl_record.h"

namespace cellar::repl {
namespace {

constexpr size_t kRowsPerWrite = 1000;

// The mutations that rewrite "cells" (one row, in write order) at their own timestamps.
RowMutations Replay(const std::string& row, const std::vector<Cell>& cells) {
  RowMutations m(row);
  for (const Cell& c : cells) {
    switch (c.type) {
      case CellType::kPut:
        m.Add(Put(row).AddColumn(c.family, c.qualifier, c.timestamp, c.value));
        break;
      case CellType::kDelete:
        m.Add(Delete(row).AddColumn(c.family, c.qualifier, c.timestamp));
        break;
      case CellType::kDeleteColumn:
        m.Add(Delete(row).AddColumns(c.family, c.qualifier, c.timestamp));
        break;
      case CellType::kDeleteFamily:
        m.Add(Delete(row).AddFamily(c.family, c.timestamp));
        break;
      case CellType::kDeleteFamilyVersion:
        m.Add(Delete(row).AddFamilyVersion(c.family, c.timestamp));
        break;
    }
  }
  return m;
}

// Maps the dump's names onto the load's target.
struct Renamer {
  ReplTarget source, target;
  TableName Map(const TableName& t) const {
    return TableName{target.ns, source.table.empty() || target.table.empty() ? t.qualifier
                                                                             : target.table};
  }
};

// The record of a target loaded through "last": where it is, and the source's log as of the dump
// (for status: how close the copy is to falling off the source's retained events).
std::map<std::string, std::string> LoadedFields(const DumpMetadata& meta, uint64_t last) {
  return {{"state", "loaded"},
          {"last_event_id", std::to_string(last)},
          {"source", meta.source.ToString()},
          {"source_trimmed_through", std::to_string(meta.source_trimmed_through)},
          {"source_retention_seconds", std::to_string(meta.source_retention_seconds)},
          {"dumped_at_ms", std::to_string(meta.dumped_at_ms)}};
}

Status DropIfExists(Admin& admin, const TableName& name) {
  CELLAR_ASSIGN_OR_RETURN(bool exists, admin.TableExists(name));
  if (!exists) return Status::Ok();
  CELLAR_ASSIGN_OR_RETURN(bool enabled, admin.IsTableEnabled(name));
  if (enabled) CELLAR_RETURN_IF_ERROR(admin.DisableTable(name));
  return admin.DropTable(name);
}

Status EnsureNamespace(Admin& admin, const std::string& ns) {
  CELLAR_ASSIGN_OR_RETURN(bool exists, admin.NamespaceExists(ns));
  if (exists) return Status::Ok();
  return admin.CreateNamespace(ns);
}

// Whether the target already holds tables (a namespace with tables, or the table).
Result<bool> TargetHasTables(Connection& store, const ReplTarget& target) {
  CELLAR_ASSIGN_OR_RETURN(auto tables, store.admin().ListTables(".*"));
  for (const auto& t : tables) {
    if (target.Covers(t)) return true;
  }
  return false;
}

// Creates table "desc" and writes the rows of the dump file "file" into it; returns how many.
// Into the embedded store the table is bulk-loaded (sorted files ingested at once, no WAL or
// memtable: the dump's data is not copied twice): it is created with every family at
// REPLICATION_SCOPE 0, which the bulk loader needs, and the families' own scopes are set once
// the data is in, so writes after the load are logged as the dump asks. (The loaded cells are
// not in this store's event log; a copy of this copy starts from a bootstrap dump, which reads
// a snapshot.) Elsewhere (a remote HBase) the rows are written in batches.
Result<int64_t> LoadTable(Connection& store, const TableDescriptor& desc, const std::string& file) {
  Admin& admin = store.admin();
  auto* embedded = dynamic_cast<Store*>(&store);
  TableDescriptor create = desc;
  if (embedded != nullptr) {
    for (auto& f : create.families) f.replication_scope = 0;
  }
  CELLAR_RETURN_IF_ERROR(admin.CreateTable(create));
  std::unique_ptr<BulkLoader> loader;
  if (embedded != nullptr) {
    CELLAR_ASSIGN_OR_RETURN(loader, embedded->NewBulkLoader(desc.name));
  }
  CELLAR_ASSIGN_OR_RETURN(auto reader, DumpFileReader::Open(file));
  std::vector<TableRowMutations> rows;
  std::string family, row;
  std::vector<Cell> cells;
  int64_t applied = 0;
  for (;;) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> record, reader->Next());
    if (record && !DecodeRowRecord(*record, &family, &row, &cells)) {
      return Status::DataLoss(file + ": a record does not decode; the dump is damaged");
    }
    if (record && loader) {
      CELLAR_RETURN_IF_ERROR(loader->Add(Replay(row, cells)));
      ++applied;
      continue;
    }
    if (record) rows.push_back(TableRowMutations{desc.name, Replay(row, cells)});
    if (rows.size() >= kRowsPerWrite || (!record && !rows.empty())) {
      applied += static_cast<int64_t>(rows.size());
      CELLAR_RETURN_IF_ERROR(store.MutateAtomically(rows));
      rows.clear();
    }
    if (!record) break;
  }
  if (!loader) return applied;
  CELLAR_RETURN_IF_ERROR(loader->Finish().status());
  for (const auto& f : desc.families) {
    if (f.replication_scope != 0) CELLAR_RETURN_IF_ERROR(admin.ModifyColumnFamily(desc.name, f));
  }
  return applied;
}

// The table files of a "files" dump, by source table name, staged into "store": each file checked
// (size and CRC-32C) and linked in before anything is loaded, so a damaged dump changes nothing.
// FailedPrecondition when "store" cannot take table files.
Result<std::map<std::string, std::unique_ptr<StagedTableFiles>>> StageDumpFiles(
    Connection& store, const std::string& dir, const DumpMetadata& meta,
    const nlohmann::json& schema) {
  auto* embedded = dynamic_cast<Store*>(&store);
  if (embedded == nullptr) {
    return Status::FailedPrecondition(
        dir + " hands over the source store's table files (dump --files), which only an "
        "embedded Cellar store can load; take the bootstrap dump without --files for this target");
  }
  std::map<std::string, std::unique_ptr<StagedTableFiles>> out;
  for (TableFiles t : meta.table_files.tables) {
    for (FamilyFiles& f : t.families) {
      for (TableFile& file : f.files) file.path = dir + "/" + file.path;
    }
    CELLAR_ASSIGN_OR_RETURN(out[t.descriptor.name.qualifier],
                            embedded->StageTableFiles(t, meta.table_files.store_format));
  }
  for (const auto& t : schema) {
    const std::string name = t.at("name").get<std::string>();
    if (out.count(name) == 0) {
      return Status::DataLoss(dir + "/_metadata lists no table files for table '" + name +
                              "' of schema.json; the dump is damaged: dump again");
    }
  }
  return out;
}

// Creates table "desc" from its staged files; returns how many files.
Result<int64_t> ImportTable(Connection& store, const TableDescriptor& desc,
                            StagedTableFiles& staged, const DumpMetadata& meta) {
  int64_t count = 0;
  for (const TableFiles& t : meta.table_files.tables) {
    if (t.descriptor.name.qualifier != desc.name.qualifier) continue;
    for (const FamilyFiles& f : t.families) count += static_cast<int64_t>(f.files.size());
  }
  CELLAR_RETURN_IF_ERROR(dynamic_cast<Store&>(store).ImportTableFiles(
      desc, staged, meta.table_files.sequence_ceiling));
  return count;
}

Result<LoadResult> LoadBootstrap(Connection& store, const std::string& dir, const DumpMetadata& meta,
                                 const Renamer& names) {
  Admin& admin = store.admin();
  LoadResult result{meta.to, 0, false};
  std::ifstream in(dir + "/schema.json");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json schema;
  try {
    schema = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    return Status::DataLoss(dir + "/schema.json is malformed: " + e.what());
  }
  std::map<std::string, std::unique_ptr<StagedTableFiles>> staged;
  if (meta.mode == "files") {
    try {
      CELLAR_ASSIGN_OR_RETURN(staged, StageDumpFiles(store, dir, meta, schema));
    } catch (const nlohmann::json::exception& e) {
      return Status::DataLoss(dir + "/schema.json is malformed: " + e.what());
    }
  }
  std::vector<TableRowMutations> writes = {
      RecordWrite(names.target, {{"state", "loading"}, {"source", meta.source.ToString()}})};
  CELLAR_RETURN_IF_ERROR(store.MutateAtomically(writes, Durability::kFsyncWal));
  CELLAR_RETURN_IF_ERROR(EnsureNamespace(admin, names.target.ns));
  for (const auto& t : schema) {
    TableName target = names.Map(TableName{meta.source.ns, t.at("name").get<std::string>()});
    CELLAR_ASSIGN_OR_RETURN(TableDescriptor desc,
                            TableDescriptorFromJson(t.at("families").dump(), target));
    CELLAR_RETURN_IF_ERROR(DropIfExists(admin, target));  // a reload starts afresh
    const std::string source_name = t.at("name").get<std::string>();
    if (meta.mode == "files") {
      CELLAR_ASSIGN_OR_RETURN(int64_t count,
                              ImportTable(store, desc, *staged.at(source_name), meta));
      result.applied += count;
      continue;
    }
    const std::string file = dir + "/data/" + source_name + ".cells";
    CELLAR_ASSIGN_OR_RETURN(int64_t rows, LoadTable(store, desc, file));
    result.applied += rows;
  }
  writes = {RecordWrite(names.target, LoadedFields(meta, meta.to))};
  CELLAR_RETURN_IF_ERROR(store.MutateAtomically(writes, Durability::kFsyncWal));
  return result;
}

Status ApplyDdl(Connection& store, const Event& e, const TableName& target) {
  Admin& admin = store.admin();
  CELLAR_ASSIGN_OR_RETURN(bool exists, admin.TableExists(target));
  switch (e.type) {
    case EventType::kCreateTable:
      if (exists || !e.descriptor) return Status::Ok();
      CELLAR_RETURN_IF_ERROR(EnsureNamespace(admin, target.ns));
      return admin.CreateTable(TableDescriptor{target, e.descriptor->families});
    case EventType::kAlterTable: {
      if (!exists || !e.descriptor) return Status::Ok();
      CELLAR_ASSIGN_OR_RETURN(TableDescriptor now, admin.DescribeTable(target));
      for (const auto& f : e.descriptor->families) {
        Status s = now.FindFamily(f.name) ? admin.ModifyColumnFamily(target, f)
                                          : admin.AddColumnFamily(target, f);
        CELLAR_RETURN_IF_ERROR(s);
      }
      for (const auto& f : now.families) {
        if (!e.descriptor->FindFamily(f.name)) {
          CELLAR_RETURN_IF_ERROR(admin.DeleteColumnFamily(target, f.name));
        }
      }
      return Status::Ok();
    }
    case EventType::kTruncateTable:
      return exists ? admin.TruncateTable(target) : Status::Ok();
    case EventType::kDropTable:
      return DropIfExists(admin, target);
    case EventType::kEnableTable:
    case EventType::kDisableTable: {
      if (!exists) return Status::Ok();
      bool want = e.type == EventType::kEnableTable;
      CELLAR_ASSIGN_OR_RETURN(bool enabled, admin.IsTableEnabled(target));
      if (enabled == want) return Status::Ok();
      return want ? admin.EnableTable(target) : admin.DisableTable(target);
    }
    default:
      return Status::Ok();  // namespace events: the target namespace is managed by the load
  }
}

Result<LoadResult> LoadIncremental(Connection& store, const std::string& dir, const DumpMetadata& meta,
                                   const Renamer& names, uint64_t current) {
  LoadResult result{meta.to, 0, false};
  CELLAR_ASSIGN_OR_RETURN(auto reader, DumpFileReader::Open(dir + "/events.log"));
  std::vector<TableRowMutations> pending;
  uint64_t pending_last = current;
  auto flush = [&]() -> Status {
    if (pending_last == current) return Status::Ok();
    pending.push_back(RecordWrite(names.target, LoadedFields(meta, pending_last)));
    CELLAR_RETURN_IF_ERROR(store.MutateAtomically(pending, Durability::kFsyncWal));
    pending.clear();
    current = pending_last;
    return Status::Ok();
  };
  for (;;) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> record, reader->Next());
    if (!record) break;
    Event e;
    if (!DecodeEventRecord(*record, &e)) {
      return Status::DataLoss(dir + "/events.log: an event does not decode; the dump is damaged");
    }
    if (e.id <= current) continue;  // applied by an earlier, interrupted load
    ++result.applied;
    if (e.type != EventType::kData) {
      CELLAR_RETURN_IF_ERROR(flush());
      if (!e.table.qualifier.empty()) {
        CELLAR_RETURN_IF_ERROR(ApplyDdl(store, e, names.Map(e.table)));
      }
      pending_last = e.id;
      CELLAR_RETURN_IF_ERROR(flush());
      continue;
    }
    // One RowMutations per run of cells of one row, in the order they were applied.
    const TableName target = names.Map(e.table);
    for (size_t i = 0; i < e.cells.size();) {
      size_t j = i;
      while (j < e.cells.size() && e.cells[j].row == e.cells[i].row) ++j;
      std::vector<Cell> run(e.cells.begin() + i, e.cells.begin() + j);
      pending.push_back(TableRowMutations{target, Replay(e.cells[i].row, run)});
      i = j;
    }
    pending_last = e.id;
    if (pending.size() >= kRowsPerWrite) CELLAR_RETURN_IF_ERROR(flush());
  }
  pending_last = std::max(pending_last, meta.to);  // an empty tail still moves the replica on
  CELLAR_RETURN_IF_ERROR(flush());
  return result;
}

}  // namespace

Result<LoadResult> Load(Connection& store, const std::string& dir, const LoadOptions& options) {
  CELLAR_ASSIGN_OR_RETURN(DumpMetadata meta, ReadMetadata(dir));
  Renamer names{meta.source, options.rename.value_or(meta.source)};
  if (!meta.source.table.empty() && options.rename && options.rename->table.empty()) {
    names.target.table = meta.source.table;  // a table dump into another namespace
  }
  CELLAR_RETURN_IF_ERROR(EnsureReplTable(store));
  CELLAR_ASSIGN_OR_RETURN(auto record, ReadRecord(store, names.target));
  const bool known = record.count("state") > 0;
  const uint64_t current = record.count("last_event_id") ? std::stoull(record["last_event_id"]) : 0;
  if (meta.kind == "bootstrap") {
    if (known && record["state"] == "loaded" && current >= meta.to) {
      return LoadResult{current, 0, true};
    }
    if (!known && !options.force) {
      CELLAR_ASSIGN_OR_RETURN(bool occupied, TargetHasTables(store, names.target));
      if (occupied) {
        return Status::FailedPrecondition(
            names.target.ToString() + " exists but has no replication record; loading would "
            "replace it: pass --force to load anyway");
      }
    }
    return LoadBootstrap(store, dir, meta, names);
  }
  if (!known || record["state"] != "loaded") {
    return Status::FailedPrecondition(names.target.ToString() +
                                      " has no completed bootstrap load; load a bootstrap dump "
                                      "first");
  }
  if (current >= meta.to) return LoadResult{current, 0, true};
  if (current < meta.from) {
    return Status::FailedPrecondition(
        "the dump covers events " + std::to_string(meta.from + 1) + " to " +
        std::to_string(meta.to) + " but " + names.target.ToString() + " is at event " +
        std::to_string(current) + "; load the dumps in between first (or dump --from " +
        std::to_string(current) + ")");
  }
  return LoadIncremental(store, dir, meta, names, current);
}

Result<std::string> DescribeReplication(Connection& store, const ReplTarget& target) {
  CELLAR_ASSIGN_OR_RETURN(auto record, ReadRecord(store, target));
  if (!record.count("last_event_id")) {
    return target.ToString() + ": no replication known" +
           (record.count("state") ? " (a bootstrap load did not finish)" : "") + "\n";
  }
  const uint64_t last = std::stoull(record["last_event_id"]);
  const uint64_t trimmed = std::stoull(record["source_trimmed_through"]);
  std::string out = target.ToString() + ": loaded through event " + std::to_string(last) +
                    " from " + record["source"] + "\n";
  out += "the source's log kept every event after " + std::to_string(trimmed) +
         " when the last dump was taken, and keeps events " +
         record["source_retention_seconds"] + " s: ";
  out += "take the next incremental dump (--from " + std::to_string(last) +
         ") before the events after it are older than that, or a new bootstrap will be needed\n";
  return out;
}

Result<std::optional<uint64_t>> LoadedEventId(Connection& store, const ReplTarget& target) {
  CELLAR_ASSIGN_OR_RETURN(auto record, ReadRecord(store, target));
  if (!record.count("last_event_id")) return std::optional<uint64_t>();
  return std::optional<uint64_t>(std::stoull(record["last_event_id"]));
}

}  // namespace cellar::repl
