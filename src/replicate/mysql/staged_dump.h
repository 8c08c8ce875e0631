#pragma once

// Where staged dumps live: three tables of the Cellar store itself, in namespace "NS_staging"
// (docs/mysql-staging.md has the grammar):
//
//   NS_staging:chunks  row := sha256hex(table NUL insert_text)     c:table, c:sql
//   NS_staging:dumps   row := dump_time_ms as 13 decimal digits    (sorts by time)
//                      d:file_sha256 d:source d:dump_time d:tables ("a\nb") d:stats
//                      t:create/<table>  t:chunks/<table> (hashes joined by ',')  t:rows/<table>
//                      v:<view> (CREATE VIEW text)   r:<n> (trigger / routine text)
//                      t:published/<table> (written by publish: when it was published)
//   NS_staging:files   row := sha256hex(whole uncompressed file)   d:dump (a dumps row key)
//
// A chunk is one INSERT or REPLACE statement, stored once whatever the number of dumps holding
// it. A dump's row and its files row are written in one atomic write after the whole file
// parsed, so a dump is staged completely or not at all; chunks written by a failed parse are
// unreferenced and reused by the next attempt. Functions are thread-compatible.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "cellar/store.h"

namespace cellar::mysql {

struct StagedTable {
  std::string name;
  std::string create_sql;
  std::vector<std::string> chunks;  // chunk row keys, in dump order
  uint64_t rows = 0;
  // Published to NS:name by `cellar mysql publish` (t:published/<name> holds the publish time).
  bool published = false;
  // Published with PublishOptions::binary_numbers.
  bool binary_numbers = false;
};

struct StagedDump {
  int64_t dump_time_ms = 0;
  std::string file_sha256;
  std::string source;  // the file name as given
  std::vector<StagedTable> tables;
  std::map<std::string, std::string> views;  // name -> CREATE VIEW text
  std::vector<std::string> routines;         // CREATE TRIGGER / PROCEDURE / FUNCTION / EVENT
  std::string stats;                         // "bytes=.. lines=.. statements=.. chunks=.. ..."
};

// "NS_staging".
std::string StagingNamespace(const std::string& ns);
// The dumps row key of "dump_time_ms", and back. ParseDumpKey: InvalidArgument if malformed.
std::string DumpKey(int64_t dump_time_ms);
// "YYYY-MM-DD HH:MM:SS.mmm" (UTC).
std::string FormatDumpTime(int64_t dump_time_ms);

// The chunks row key of the chunk "sql" of "table": sha256hex(table NUL sql), lowercase.
std::string ChunkKey(std::string_view table, std::string_view sql);

// Creates the namespace and the three tables when missing.
Status EnsureStagingTables(Store& store, const std::string& ns);

// Writes the chunk "sql" of "table" under "key" unless present. Returns true if it was new.
// Written without the WAL: a chunk is durable only once the chunks table is flushed
// (Admin::Flush), which StageDump does before it writes a dump record that refers to it; a
// chunk lost in a crash before that is written again by the next stage.
Result<bool> PutChunk(Table& chunks, const std::string& key, const std::string& table,
                      std::string sql);
// The SQL text of chunk "key". DataLoss if missing (a dump refers to it).
Result<std::string> GetChunk(Table& chunks, const std::string& key);

// Reads the SQL text of staged chunks one at a time, each into the storage of the one before
// (Table::GetInto), instead of a new ~1 MB string per chunk, whose fresh pages were about a fifth
// of a publish's page faults. Not thread-safe; one per thread.
class ChunkReader {
 public:
  // "chunks" (borrowed): the staging chunks table; must outlive the reader.
  explicit ChunkReader(Table& chunks) : chunks_(chunks) {}

  // The SQL text of chunk "key", valid until the next Read. DataLoss if missing (a dump refers
  // to it).
  Result<std::string_view> Read(const std::string& key);

 private:
  Table& chunks_;
  RowResult row_;  // the last chunk's row; its cell's value buffer is reused
};

// Writes "dump" and its files row atomically. AlreadyExists if a dump with that time exists.
Status WriteStagedDump(Store& store, const std::string& ns, const StagedDump& dump);
// Records that "table" of the dump of "dump_time_ms" is published (fsynced); the value is the
// publish's wall time, followed by " binary-numbers" when "binary_numbers".
Status MarkPublished(Store& store, const std::string& ns, int64_t dump_time_ms,
                     const std::string& table, bool binary_numbers);
// The dump staged from a file with this hash, if any.
Result<std::optional<int64_t>> FindStagedFile(Store& store, const std::string& ns,
                                              const std::string& file_sha256);
// Every staged dump, oldest first. NotFound if "ns" has no staging tables.
Result<std::vector<StagedDump>> ListStagedDumps(Store& store, const std::string& ns);

}  // namespace cellar::mysql
