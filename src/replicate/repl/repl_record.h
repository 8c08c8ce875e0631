#pragma once

// The replication record of a loaded target (table cellar:repl, family "r", row = the target
// "ns" or "ns.table"): fields last_event_id, state ("loading" during a bootstrap load, then
// "loaded") and source. And the dump directory's _metadata. Internal to the repl module.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cellar/store.h"
#include "replicate/repl/repl.h"

namespace cellar::repl {

inline const TableName kReplTable{"cellar", "repl"};
inline constexpr char kReplFamily[] = "r";

Status EnsureReplTable(Connection& store);
Result<std::map<std::string, std::string>> ReadRecord(Connection& store, const ReplTarget& target);
TableRowMutations RecordWrite(const ReplTarget& target,
                              const std::map<std::string, std::string>& fields);

struct DumpFileInfo {
  std::string name;
  uint64_t bytes = 0;
  uint64_t records = 0;
};

// The dump format version this cellar writes; it reads 1 and 2.
inline constexpr int kDumpFormat = 2;

struct DumpMetadata {
  std::string kind;  // "bootstrap" | "incremental"
  // Bootstrap: "records" (data/<table>.cells) or "files" (the source store's table files, under
  // files/). Dumps of format 1 are "records".
  std::string mode = "records";
  ReplTarget source;
  uint64_t from = 0;
  uint64_t to = 0;
  uint64_t events = 0;
  // The source's event log when the dump was taken: events after "source_trimmed_through" were
  // all still there, and it keeps events "source_retention_seconds".
  uint64_t source_trimmed_through = 0;
  int64_t source_retention_seconds = 0;
  int64_t dumped_at_ms = 0;
  std::vector<DumpFileInfo> files{};
  // Mode "files": the export, file paths relative to the dump directory. Its descriptors hold
  // only the table names; the families are in schema.json.
  TableFilesExport table_files{};
};

// Writes "_metadata" atomically (temporary file, fsync, rename).
Status WriteMetadata(const std::string& dir, const DumpMetadata& meta);
// NotFound when the directory holds no complete dump; DataLoss for malformed JSON.
Result<DumpMetadata> ReadMetadata(const std::string& dir);

}  // namespace cellar::repl
