// REPL DUMP: a bootstrap dump from a StoreSnapshot, or an incremental dump of the event log.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "replicate/repl/dump_file.h"
#include "replicate/repl/repl.h"
#include "replicate/repl/repl_record.h"

namespace cellar::repl {
namespace {

namespace fs = std::filesystem;

Status DescribeSourceLog(Store& store, DumpMetadata* meta) {
  CELLAR_ASSIGN_OR_RETURN(StoreStats stats, store.Stats());
  meta->source_trimmed_through = stats.events_trimmed_through;
  meta->source_retention_seconds = stats.event_retention_seconds;
  meta->dumped_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  return Status::Ok();
}

Status PrepareDir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return Status::AlreadyExists("dump directory '" + dir + "' is not empty; choose another --dir");
  }
  fs::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create '" + dir + "': " + ec.message());
  return Status::Ok();
}

Result<DumpFileInfo> FinishFile(DumpFileWriter& w, const std::string& name) {
  DumpFileInfo info{name, 0, w.records()};
  CELLAR_ASSIGN_OR_RETURN(info.bytes, w.Finish());
  return info;
}

nlohmann::json SchemaEntry(const TableDescriptor& desc) {
  return {{"name", desc.name.qualifier},
          {"families", nlohmann::json::parse(TableDescriptorToJson(desc))}};
}

Status WriteSchema(const std::string& dir, const nlohmann::json& schema) {
  std::ofstream out(dir + "/schema.json");
  out << schema.dump(2) << "\n";
  out.close();
  if (!out) return Status::Unavailable("cannot write " + dir + "/schema.json");
  return Status::Ok();
}

// A bootstrap that hands over the store's table files (the Hive design's lazy _files): no cell
// is re-encoded; the export is exact as of its event id.
Result<DumpResult> DumpBootstrapFiles(Store& store, const ReplTarget& target,
                                      const std::string& dir) {
  CELLAR_ASSIGN_OR_RETURN(TableFilesExport files,
                          store.ExportTableFiles(target.ns, target.table, dir + "/files"));
  DumpMetadata meta{"bootstrap", "files", target, 0, files.event_id, 0, {}};
  DumpResult result{dir, files.event_id, 0, {}};
  nlohmann::json schema = nlohmann::json::array();
  for (TableFiles& t : files.tables) {
    schema.push_back(SchemaEntry(t.descriptor));
    for (FamilyFiles& f : t.families) {
      for (TableFile& file : f.files) {
        file.path = fs::relative(file.path, dir).string();  // the dump may move
        ++result.records;
      }
    }
  }
  meta.table_files = std::move(files);
  CELLAR_RETURN_IF_ERROR(WriteSchema(dir, schema));
  CELLAR_RETURN_IF_ERROR(DescribeSourceLog(store, &meta));
  CELLAR_RETURN_IF_ERROR(WriteMetadata(dir, meta));
  return result;
}

Result<DumpResult> DumpBootstrap(Store& store, const ReplTarget& target, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(fs::path(dir) / "data", ec);
  if (ec) return Status::Unavailable("cannot create '" + dir + "/data': " + ec.message());
  CELLAR_ASSIGN_OR_RETURN(auto snap, store.CreateSnapshot());
  DumpMetadata meta{"bootstrap", "records", target, 0, snap->event_id(), 0, {}};
  DumpResult result{dir, snap->event_id(), 0, {}};
  nlohmann::json schema = nlohmann::json::array();
  for (const TableDescriptor& desc : snap->tables()) {
    if (!target.Covers(desc.name)) continue;
    schema.push_back(SchemaEntry(desc));
    const std::string name = "data/" + desc.name.qualifier + ".cells";
    CELLAR_ASSIGN_OR_RETURN(auto writer, DumpFileWriter::Create(dir + "/" + name));
    CELLAR_RETURN_IF_ERROR(snap->ForEachRow(
        desc.name, [&](const std::string& family, const std::string& row,
                       const std::vector<Cell>& cells) {
          return writer->Append(EncodeRowRecord(family, row, cells));
        }));
    CELLAR_ASSIGN_OR_RETURN(DumpFileInfo info, FinishFile(*writer, name));
    result.records += info.records;
    meta.files.push_back(info);
  }
  if (schema.empty()) {
    return Status::NotFound("nothing to dump: no table of " + target.ToString() + " exists");
  }
  CELLAR_RETURN_IF_ERROR(WriteSchema(dir, schema));
  CELLAR_RETURN_IF_ERROR(DescribeSourceLog(store, &meta));
  CELLAR_RETURN_IF_ERROR(WriteMetadata(dir, meta));
  return result;
}

Result<DumpResult> DumpIncremental(Store& store, const ReplTarget& target,
                                   const DumpOptions& options, const std::string& dir) {
  EventQuery q;
  q.after_id = *options.from;
  // Never past the newest event: a later one would otherwise fall between two dumps.
  q.up_to_id = std::min(options.to.value_or(UINT64_MAX), store.LastEventId());
  q.ns = target.ns;
  q.table = target.table;
  q.max_events = options.batch;
  CELLAR_ASSIGN_OR_RETURN(std::vector<Event> events, store.ReadEvents(q));
  DumpResult result{dir, q.up_to_id, 0, {}};
  // With a batch limit the dump ends at its last event, so the next one starts right after.
  if (options.batch != 0 && events.size() == options.batch) result.last_event_id = events.back().id;
  // Data of families at scope 0 is not in the log: say so.
  CELLAR_ASSIGN_OR_RETURN(auto tables, store.admin().ListTables(".*"));
  for (const TableName& t : tables) {
    if (!target.Covers(t)) continue;
    CELLAR_ASSIGN_OR_RETURN(TableDescriptor desc, store.admin().DescribeTable(t));
    for (const auto& f : desc.families) {
      if (f.replication_scope == 0) {
        result.warnings.push_back(
            "family " + t.ToString() + ":" + f.name + " has REPLICATION_SCOPE 0, so its data "
            "changes are not in the event log and not in this dump; enable it with alter '" +
            t.ToString() + "', {NAME => '" + f.name + "', REPLICATION_SCOPE => 1} and take a "
            "new bootstrap dump");
      }
    }
  }
  CELLAR_ASSIGN_OR_RETURN(auto writer, DumpFileWriter::Create(dir + "/events.log"));
  for (const Event& e : events) CELLAR_RETURN_IF_ERROR(writer->Append(EncodeEventRecord(e)));
  CELLAR_ASSIGN_OR_RETURN(DumpFileInfo info, FinishFile(*writer, "events.log"));
  result.records = info.records;
  DumpMetadata meta{"incremental", "records", target, *options.from, result.last_event_id,
                    events.size()};
  meta.files = {info};
  CELLAR_RETURN_IF_ERROR(DescribeSourceLog(store, &meta));
  CELLAR_RETURN_IF_ERROR(WriteMetadata(dir, meta));
  return result;
}

}  // namespace

Result<DumpResult> Dump(Store& store, const ReplTarget& target, const DumpOptions& options) {
  std::string dir = options.dir;
  if (dir.empty()) {
    dir = "repl-dumps/" + target.ToString() + "-" +
          (options.from ? std::to_string(*options.from) : std::string("bootstrap")) + "-" +
          std::to_string(std::min(options.to.value_or(UINT64_MAX), store.LastEventId()));
  }
  if (options.to && options.from && *options.to < *options.from) {
    return Status::InvalidArgument("--to " + std::to_string(*options.to) + " is before --from " +
                                   std::to_string(*options.from));
  }
  CELLAR_ASSIGN_OR_RETURN(bool ns, store.admin().NamespaceExists(target.ns));
  if (!ns) return Status::NotFound("namespace '" + target.ns + "' does not exist");
  if (options.files && options.from) {
    return Status::InvalidArgument("--files is for bootstrap dumps; an incremental dump (--from) "
                                   "carries events");
  }
  CELLAR_RETURN_IF_ERROR(PrepareDir(dir));
  if (!options.from) {
    return options.files ? DumpBootstrapFiles(store, target, dir)
                         : DumpBootstrap(store, target, dir);
  }
  return DumpIncremental(store, target, options, dir);
}

}  // namespace cellar::repl
