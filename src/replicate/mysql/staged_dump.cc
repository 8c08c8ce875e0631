#include "replicate/mysql/staged_dump.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <ctime>

#include "replicate/mysql/missing_tables.h"
#include "replicate/mysql/sha256.h"

namespace cellar::mysql {
namespace {

constexpr char kChunks[] = "chunks";
constexpr char kDumps[] = "dumps";
constexpr char kFiles[] = "files";

TableName Staging(const std::string& ns, const char* table) {
  return TableName{StagingNamespace(ns), table};
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.emplace_back(s.substr(start, p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

StagedDump DecodeDump(const RowResult& row) {
  StagedDump dump;
  dump.dump_time_ms = std::stoll(row.row());
  auto get = [&](const char* f, const std::string& q) {
    return std::string(row.Value(f, q).value_or(""));
  };
  dump.file_sha256 = get("d", "file_sha256");
  dump.source = get("d", "source");
  dump.stats = get("d", "stats");
  for (const std::string& name : Split(get("d", "tables"), '\n')) {
    StagedTable t;
    t.name = name;
    t.create_sql = get("t", "create/" + name);
    t.chunks = Split(get("t", "chunks/" + name), ',');
    t.rows = std::stoull("0" + get("t", "rows/" + name));
    auto published = row.Value("t", "published/" + name);
    t.published = published.has_value();
    t.binary_numbers = published && published->find("binary-numbers") != std::string_view::npos;
    dump.tables.push_back(std::move(t));
  }
  for (const Cell& cell : row.cells()) {
    if (cell.family == "v") dump.views[cell.qualifier] = cell.value;
    if (cell.family == "r") dump.routines.push_back(cell.value);
  }
  return dump;
}

}  // namespace

std::string StagingNamespace(const std::string& ns) { return ns + "_staging"; }

std::string DumpKey(int64_t dump_time_ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%013" PRId64, dump_time_ms);
  return buf;
}

std::string FormatDumpTime(int64_t ms) {
  time_t secs = static_cast<time_t>(ms / 1000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

std::string ChunkKey(std::string_view table, std::string_view sql) {
  Sha256 h;
  h.Update(table);
  h.Update(std::string_view("\0", 1));
  h.Update(sql);
  return h.FinalHex();
}

Status EnsureStagingTables(Store& store, const std::string& ns) {
  Admin& admin = store.admin();
  std::string staging = StagingNamespace(ns);
  CELLAR_ASSIGN_OR_RETURN(bool ns_exists, admin.NamespaceExists(staging));
  if (!ns_exists) CELLAR_RETURN_IF_ERROR(admin.CreateNamespace(staging));
  struct Spec {
    const char* table;
    std::vector<const char*> families;
  } specs[] = {{kChunks, {"c"}}, {kDumps, {"d", "r", "t", "v"}}, {kFiles, {"d"}}};
  std::vector<TableDescriptor> wanted;
  for (const Spec& spec : specs) {
    TableDescriptor desc{Staging(ns, spec.table), {}};
    for (const char* f : spec.families) {
      // The chunks are the bulk of a dump: LZ4 on them was a third of the stage's CPU (in the
      // flush) for 1.8x less disk. Tables created earlier keep LZ4; both read the same.
      const bool chunks = spec.table == std::string_view(kChunks);
      // The dumps and files tables hold a row per dump: a bloom filter saves them nothing, and
      // every new memtable of a family with one zeroes a prefix bloom of 5 % of the write
      // buffer (3.2 MB) on the stage's critical path. The chunks keep theirs: it answers the
      // dedup Get of a new chunk without reading a chunk-sized block per file.
      desc.families.push_back(ColumnFamilyDescriptor{
          .name = f,
          .compression = chunks ? Compression::kNone : Compression::kLz4,
          .bloom_filter = chunks ? BloomFilter::kRow : BloomFilter::kNone});
    }
    wanted.push_back(std::move(desc));
  }
  // One DDL for the three: one OPTIONS rewrite instead of three (Admin::CreateTables).
  return CreateMissingTables(admin, wanted);
}

Result<bool> PutChunk(Table& chunks, const std::string& key, const std::string& table,
                      std::string sql) {
  CELLAR_ASSIGN_OR_RETURN(RowResult existing, chunks.Get(Get(key).AddColumn("c", "table")));
  if (!existing.empty()) return false;
  // No WAL: the chunks (the bulk of a dump) would be written twice, the log's copy and CRC
  // costing about as much as the memtable's; the flush before the dump record makes them durable.
  Put put(key);
  put.AddColumn("c", "table", table).AddColumn("c", "sql", std::move(sql));
  put.SetDurability(Durability::kSkipWal);
  CELLAR_RETURN_IF_ERROR(chunks.Put(put));
  return true;
}

Result<std::string> GetChunk(Table& chunks, const std::string& key) {
  ChunkReader reader(chunks);
  CELLAR_ASSIGN_OR_RETURN(std::string_view sql, reader.Read(key));
  return std::string(sql);
}

Result<std::string_view> ChunkReader::Read(const std::string& key) {
  Get get(key);
  // Through the block cache: a read that skipped it would read each chunk's block and the next
  // one (which holds the end of the row) from the file every time.
  get.AddColumn("c", "sql");
  CELLAR_RETURN_IF_ERROR(chunks_.GetInto(get, &row_));
  if (row_.size() != 1) {  // the Get asked for c:sql alone
    return Status::DataLoss("staged chunk " + key + " is missing from " +
                            chunks_.name().ToString());
  }
  return std::string_view(row_.cells()[0].value);
}

Status WriteStagedDump(Store& store, const std::string& ns, const StagedDump& dump) {
  std::string key = DumpKey(dump.dump_time_ms);
  CELLAR_ASSIGN_OR_RETURN(auto dumps, store.OpenTable(Staging(ns, kDumps)));
  CELLAR_ASSIGN_OR_RETURN(RowResult existing, dumps->Get(Get(key).AddColumn("d", "file_sha256")));
  if (!existing.empty()) {
    return Status::AlreadyExists("a dump of " + FormatDumpTime(dump.dump_time_ms) +
                                 " is already staged in " + ns + " (from another file: " +
                                 std::string(*existing.Value("d", "file_sha256")) +
                                 "); pass --timestamp to stage this one under another time");
  }
  Put put(key);
  std::vector<std::string> names;
  for (const StagedTable& t : dump.tables) {
    names.push_back(t.name);
    put.AddColumn("t", "create/" + t.name, t.create_sql);
    put.AddColumn("t", "chunks/" + t.name, Join(t.chunks, ','));
    put.AddColumn("t", "rows/" + t.name, std::to_string(t.rows));
  }
  put.AddColumn("d", "tables", Join(names, '\n'));
  put.AddColumn("d", "file_sha256", dump.file_sha256);
  put.AddColumn("d", "source", dump.source);
  put.AddColumn("d", "dump_time", FormatDumpTime(dump.dump_time_ms));
  put.AddColumn("d", "stats", dump.stats);
  for (const auto& [name, sql] : dump.views) put.AddColumn("v", name, sql);
  for (size_t i = 0; i < dump.routines.size(); ++i) {
    put.AddColumn("r", std::to_string(i), dump.routines[i]);
  }
  std::vector<TableRowMutations> rows;
  rows.push_back({Staging(ns, kDumps), RowMutations(key)});
  rows.back().mutations.Add(std::move(put));
  rows.push_back({Staging(ns, kFiles), RowMutations(dump.file_sha256)});
  rows.back().mutations.Add(Put(dump.file_sha256).AddColumn("d", "dump", key));
  return store.MutateAtomically(rows, Durability::kFsyncWal);
}

Status MarkPublished(Store& store, const std::string& ns, int64_t dump_time_ms,
                     const std::string& table, bool binary_numbers) {
  CELLAR_ASSIGN_OR_RETURN(auto dumps, store.OpenTable(Staging(ns, kDumps)));
  Put put(DumpKey(dump_time_ms));
  put.AddColumn("t", "published/" + table, FormatDumpTime(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch()).count()) +
      (binary_numbers ? " binary-numbers" : ""));
  put.SetDurability(Durability::kFsyncWal);
  return dumps->Put(put);
}

Result<std::optional<int64_t>> FindStagedFile(Store& store, const std::string& ns,
                                              const std::string& file_sha256) {
  CELLAR_ASSIGN_OR_RETURN(auto files, store.OpenTable(Staging(ns, kFiles)));
  CELLAR_ASSIGN_OR_RETURN(RowResult row, files->Get(Get(file_sha256).AddColumn("d", "dump")));
  auto key = row.Value("d", "dump");
  if (!key) return std::optional<int64_t>();
  return std::optional<int64_t>(std::stoll(std::string(*key)));
}

Result<std::vector<StagedDump>> ListStagedDumps(Store& store, const std::string& ns) {
  auto dumps = store.OpenTable(Staging(ns, kDumps));
  if (!dumps.ok()) {
    return Status::NotFound("nothing staged in namespace " + ns + " (no table " +
                            StagingNamespace(ns) + ":dumps); run `cellar mysql stage` first");
  }
  CELLAR_ASSIGN_OR_RETURN(auto scanner, (*dumps)->GetScanner(Scan()));
  std::vector<StagedDump> out;
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<RowResult> row, scanner->Next());
    if (!row) break;
    out.push_back(DecodeDump(*row));
  }
  return out;
}

}  // namespace cellar::mysql
