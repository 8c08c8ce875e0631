#pragma once

// `cellar mysql stage`: reads one dump and stages it (staged_dump.h): every INSERT / REPLACE
// statement becomes a chunk stored once under its SHA-256 (a statement of more than
// kMaxChunkRows rows becomes several chunks of that many rows, the last one fewer), and the dump's
// record (tables, CREATE statements, views, routines, ordered chunk lists, row counts, dump time,
// whole-file hash, parse statistics) is written at the end, atomically, only when the whole file
// parsed.
//
// SHA-256 (OpenSSL) rather than a faster non-cryptographic hash: chunk keys are content
// addresses shared by every dump of a namespace, so a collision would silently publish wrong
// rows; at ~1.5 GB/s with SHA-NI it is not the bottleneck next to tokenizing the rows.
// The chunks are hashed and written by a thread of their own (chunk_writer.h) while the dump is
// read; the file is read and its whole-file hash computed on a thread of its own, a few blocks
// ahead of the thread that splits and checks the statements (read_ahead_source.h).
// Thread-compatible.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "cellar/store.h"
#include "replicate/mysql/byte_source.h"

namespace cellar::mysql {

// The most rows in one chunk. A statement with more is cut, from its first row, every this many
// rows; each piece is stored as the statement's header (up to its first row) followed by the
// text of its rows as written, so the same statement always gives the same chunks and a
// publish decodes at most this many rows at a time. Statements within the bound are stored as
// they are.
inline constexpr size_t kMaxChunkRows = 10000;

// Tables and views are named as in the dump when it holds one database (or no USE); a dump of
// several databases (`--databases a b`, `--all-databases`) names every table and view
// "database.table", the database being the last USE before it (or the INSERT's own qualifier).

struct StageOptions {
  // The target namespace NS (staging goes to NS_staging). Required.
  std::string ns;
  // The dump's time in ms; when unset, the trailer `-- Dump completed on` (read as UTC).
  std::optional<int64_t> timestamp_ms{};
  // Tables whose CREATE and INSERTs are left out, by name or "database.name". Default: none.
  std::vector<std::string> skip_tables{};
};

struct StageReport {
  bool already_staged = false;  // the same file was staged before; nothing was written
  int64_t dump_time_ms = 0;
  std::string file_sha256;
  uint64_t tables = 0;
  uint64_t chunks = 0;
  uint64_t new_chunks = 0;  // chunks not already stored by an earlier dump
  uint64_t rows = 0;
  uint64_t bytes = 0;
  double seconds = 0;
};

// Stages the dump read from "source". InvalidArgument (with file:line, byte offset and snippet)
// for malformed input; FailedPrecondition when the dump time is unknown (no trailer, no
// --timestamp); AlreadyExists when another file was staged with the same dump time.
Result<StageReport> StageDump(Store& store, ByteSource& source, const StageOptions& options);

// Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" (UTC) or a number of milliseconds since the epoch.
Result<int64_t> ParseDumpTime(std::string_view text);

}  // namespace cellar::mysql
