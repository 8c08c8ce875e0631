#include "replicate/mysql/stager.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include "replicate/mysql/chunk_writer.h"
#include "replicate/mysql/create_table.h"
#include "replicate/mysql/dump_lexer.h"
#include "replicate/mysql/dump_reader.h"
#include "replicate/mysql/insert_statement.h"
#include "replicate/mysql/read_ahead_source.h"
#include "replicate/mysql/sha256.h"
#include "replicate/mysql/staged_dump.h"

namespace cellar::mysql {
namespace {

// How far the read-ahead (the file's bytes and hash) and the chunk writer may run ahead of the
// reader: 16 blocks of 1 MiB, 16 chunks (of about 1 MB in mysqldump's dumps). With 4 of each,
// the three threads waited on one another on 2 cores (75-90 % busy); see docs/benchmarks.md,
// the ninth round.
constexpr size_t kReadAheadBlockBytes = size_t{1} << 20;
constexpr size_t kReadAheadBlocks = 16;
constexpr size_t kMaxPendingChunks = 16;

// The name after VIEW in a CREATE VIEW statement.
Result<std::string> ViewName(std::string_view text) {
  DumpLexer lexer(text, nullptr);
  Token t;
  do {
    CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  } while (t.kind != TokenKind::kEnd && !t.IsWord("VIEW"));
  CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  if (t.kind != TokenKind::kWord && t.kind != TokenKind::kQuotedName) {
    return Status::InvalidArgument("CREATE VIEW without a name " + lexer.Near(t.offset));
  }
  return std::string(t.text);
}

// The database named by a USE statement.
Result<std::string> UseDatabase(std::string_view text) {
  DumpLexer lexer(text, nullptr);
  Token t;
  CELLAR_RETURN_IF_ERROR(lexer.Next(t));  // USE
  CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  if (t.kind != TokenKind::kWord && t.kind != TokenKind::kQuotedName) {
    return Status::InvalidArgument("USE without a database name " + lexer.Near(t.offset));
  }
  return std::string(t.text);
}

// Collects the dump's record while the reader walks it. Tables and views are kept per database
// (the last USE, or the INSERT's own qualifier); Finish names them (see stager.h).
class StageRun {
 public:
  // Chunks go to "writer" (borrowed), which stores them while the reading goes on.
  StageRun(const StageOptions& options, ChunkWriter& writer) : options_(options), writer_(writer) {}

  Status Statement(const mysql::Statement& st, const DumpReader& reader) {
    switch (st.kind) {
      case StatementKind::kUse: {
        auto db = UseDatabase(st.text);
        if (!db.ok()) return db.status().WithContext(reader.Where(0));
        database_ = std::move(*db);
        return Status::Ok();
      }
      case StatementKind::kCreateTable: {
        auto schema = ParseCreateTable(st.text);
        if (!schema.ok()) return schema.status().WithContext(reader.Where(0));
        if (Skipped(database_, schema->name)) return Status::Ok();
        Find(database_, schema->name).create_sql = std::string(st.text);
        return Status::Ok();
      }
      case StatementKind::kCreateView: {
        auto name = ViewName(st.text);
        if (!name.ok()) return name.status().WithContext(reader.Where(0));
        views_[{database_, *name}] = std::string(st.text);
        return Status::Ok();
      }
      case StatementKind::kCreateRoutine:
        dump_.routines.emplace_back(st.text);
        return Status::Ok();
      case StatementKind::kInsert:
      case StatementKind::kReplace:
        return Insert(st, reader);
      default:
        return Status::Ok();
    }
  }

  // Gives each table its chunk keys ("keys": of every chunk, in the order they were added),
  // names the tables and views, drops the placeholder tables mysqldump writes for views, and
  // returns the record.
  StagedDump Finish(const std::vector<std::string>& keys) {
    for (size_t i = 0; i < keys.size(); ++i) tables_[chunk_tables_[i]].chunks.push_back(keys[i]);
    std::set<std::string> databases;
    for (const auto& [key, index] : index_) databases.insert(key.first);
    for (const auto& [key, sql] : views_) databases.insert(key.first);
    const bool qualify = databases.size() > 1;
    auto name = [&](const std::pair<std::string, std::string>& key) {
      return qualify ? key.first + "." + key.second : key.second;
    };
    for (const auto& [key, sql] : views_) dump_.views[name(key)] = sql;
    for (size_t i = 0; i < tables_.size(); ++i) {
      if (views_.count(keys_[i]) && tables_[i].chunks.empty()) continue;
      tables_[i].name = name(keys_[i]);
      dump_.tables.push_back(std::move(tables_[i]));
    }
    return std::move(dump_);
  }

  uint64_t chunks = 0, rows = 0;

 private:
  bool Skipped(const std::string& database, const std::string& table) const {
    for (const std::string& s : options_.skip_tables) {
      if (s == table || (!database.empty() && s == database + "." + table)) return true;
    }
    return false;
  }

  StagedTable& Find(const std::string& database, const std::string& name) {
    return tables_[FindIndex(database, name)];
  }

  size_t FindIndex(const std::string& database, const std::string& name) {
    auto [it, added] = index_.emplace(std::make_pair(database, name), tables_.size());
    if (added) {
      tables_.emplace_back().name = name;
      keys_.push_back(it->first);
    }
    return it->second;
  }

  Status Insert(const mysql::Statement& st, const DumpReader& reader) {
    InsertHeader header;
    Status s = ParseInsertHeader(st.text, header);
    if (!s.ok()) return s.WithContext(reader.Where(0));
    const std::string& database = header.database.empty() ? database_ : header.database;
    if (Skipped(database, header.table)) return Status::Ok();
    const size_t table = FindIndex(database, header.table);
    RowReader row_reader(st.text, header.rows_offset);
    Row row;
    size_t chunk_begin = header.rows_offset, chunk_end = 0, chunk_rows = 0;
    bool split = false;  // the statement holds more than kMaxChunkRows rows
    while (true) {
      auto more = row_reader.Next(row);
      if (!more.ok()) return more.status().WithContext(reader.Where(0) + ": table " + header.table);
      if (!*more) break;
      if (chunk_rows == kMaxChunkRows) {
        split = true;
        CELLAR_RETURN_IF_ERROR(
            AddChunk(table, header, st.text, chunk_begin, chunk_end, chunk_rows));
        chunk_begin = row_reader.row_begin();
        chunk_rows = 0;
      }
      chunk_end = row_reader.row_end();
      ++chunk_rows;
    }
    if (!split) return AddChunk(table, header, st.text, 0, st.text.size(), chunk_rows, true);
    return AddChunk(table, header, st.text, chunk_begin, chunk_end, chunk_rows);
  }

  // Stores the rows text[begin, end) as a chunk of tables_["table"]: the statement itself when
  // "whole", else the statement's header (up to its first row) followed by those rows. Its key
  // is computed by the writer (Finish gives it to the table).
  Status AddChunk(size_t table, const InsertHeader& header, std::string_view text,
                  size_t begin, size_t end, size_t chunk_rows, bool whole = false) {
    std::string sql;
    if (whole) {
      sql = std::string(text);
    } else {
      sql.reserve(header.rows_offset + end - begin);
      sql.append(text.substr(0, header.rows_offset)).append(text.substr(begin, end - begin));
    }
    chunk_tables_.push_back(table);
    tables_[table].rows += chunk_rows;
    rows += chunk_rows;
    ++chunks;
    return writer_.Add(header.table, std::move(sql));
  }

  const StageOptions& options_;
  ChunkWriter& writer_;
  StagedDump dump_;
  std::string database_;                                   // of the last USE; empty before any
  std::vector<StagedTable> tables_;                        // in order of first appearance
  std::vector<std::pair<std::string, std::string>> keys_;  // (database, table) of tables_[i]
  std::vector<size_t> chunk_tables_;  // the tables_ index of every chunk, in the order added
  std::map<std::pair<std::string, std::string>, size_t> index_;  // (database, table) -> tables_
  std::map<std::pair<std::string, std::string>, std::string> views_;
};

}  // namespace

Result<int64_t> ParseDumpTime(std::string_view text) {
  if (!text.empty() &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (text.size() > 15)
      return Status::InvalidArgument("dump time " + std::string(text) + " is too large");
    return std::stoll(std::string(text));
  }
  struct tm tm = {};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  std::string str(text);
  int n = std::sscanf(str.c_str(), "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s);
  if ((n != 3 && n != 6) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return Status::InvalidArgument("dump time '" + str +
                                   "': expected YYYY-MM-DD, 'YYYY-MM-DD HH:MM:SS' or milliseconds");
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

Result<StageReport> StageDump(Store& store, ByteSource& source, const StageOptions& options) {
  auto start = std::chrono::steady_clock::now();
  CELLAR_RETURN_IF_ERROR(EnsureStagingTables(store, options.ns));
  CELLAR_ASSIGN_OR_RETURN(auto chunks, store.OpenTable({StagingNamespace(options.ns), "chunks"}));
  // The whole-file hash without a second read, on the read-ahead's thread.
  Sha256 file_hash;
  ReadAheadSource read_ahead(
      source, [&](std::string_view block) { file_hash.Update(block); }, kReadAheadBlockBytes,
      kReadAheadBlocks);
  DumpReader reader(read_ahead);
  ChunkWriter writer(*chunks, kMaxPendingChunks);
  StageRun run(options, writer);
  mysql::Statement st;
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(bool more, reader.Next(st));
    if (!more) break;
    CELLAR_RETURN_IF_ERROR(run.Statement(st, reader));
  }
  CELLAR_RETURN_IF_ERROR(writer.Finish());
  StageReport report;
  report.file_sha256 = file_hash.FinalHex();  // the reader read to the end: every block hashed
  if (options.timestamp_ms) {
    report.dump_time_ms = *options.timestamp_ms;
  } else if (reader.dump_completed()) {
    CELLAR_ASSIGN_OR_RETURN(report.dump_time_ms, ParseDumpTime(*reader.dump_completed()));
  } else {
    return Status::FailedPrecondition(
        source.name() +
        ": no '-- Dump completed on' trailer (made with --skip-dump-date or "
        "--compact?); give the dump's time with --timestamp");
  }
  report.bytes = reader.stats().bytes;
  report.chunks = run.chunks;
  report.new_chunks = writer.new_chunks();
  report.rows = run.rows;
  CELLAR_ASSIGN_OR_RETURN(std::optional<int64_t> earlier,
                          FindStagedFile(store, options.ns, report.file_sha256));
  if (earlier) {
    report.already_staged = true;
    report.dump_time_ms = *earlier;
    return report;
  }
  StagedDump dump = run.Finish(writer.keys());
  dump.dump_time_ms = report.dump_time_ms;
  dump.file_sha256 = report.file_sha256;
  dump.source = source.name();
  report.tables = dump.tables.size();
  // The chunks were written without the WAL (PutChunk): on disk before the record refers to them.
  // Timed with the rest: it is part of the stage's time (the last 0.03-0.04 s on the bench dump).
  CELLAR_RETURN_IF_ERROR(store.admin().Flush({StagingNamespace(options.ns), "chunks"}));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char stats[256];
  std::snprintf(stats, sizeof stats,
                "bytes=%llu lines=%llu statements=%llu chunks=%llu new_chunks=%llu rows=%llu "
                "seconds=%.3f",
                (unsigned long long)report.bytes, (unsigned long long)reader.stats().lines,
                (unsigned long long)reader.stats().statements, (unsigned long long)report.chunks,
                (unsigned long long)report.new_chunks, (unsigned long long)report.rows,
                report.seconds);
  dump.stats = stats;
  CELLAR_RETURN_IF_ERROR(WriteStagedDump(store, options.ns, dump));
  return report;
}

}  // namespace cellar::mysql
