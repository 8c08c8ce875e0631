#pragma once

// DumpReader: splits a mysqldump / mariadb-dump stream into statements, streaming (one block and
// the current statement in memory, never the whole file).
//
//   dump      := (comment | space | delimiter_command | statement delimiter)*
//   delimiter := ';' by default; `DELIMITER xx` at the start of a line changes it (triggers and
//                routines are dumped between DELIMITER ;; and DELIMITER ;)
//
// A delimiter ends a statement only outside quotes ('..' ".." `..`, with backslash escapes and
// doubled quotes) and outside comments (-- , #, /* */). A conditional comment /*!NNNNN ... */ is
// SQL: delimiters inside its quotes do not count, and the statement ends at the delimiter after
// it (`/*!40101 SET ... */;`). Comments between statements are skipped; the trailer
// `-- Dump completed on YYYY-MM-DD HH:MM:SS` is remembered (dump_completed()).
//
// Each statement is classified by its first keywords (conditional-comment markers ignored).
// A statement whose first word is not one a dump contains (unknown statement) is an error.
// Errors name the source, the line, the byte offset and a snippet. Not thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cellar/status.h"
#include "replicate/mysql/byte_source.h"

namespace cellar::mysql {

enum class StatementKind {
  kInsert,          // INSERT [IGNORE] INTO ... VALUES
  kReplace,         // REPLACE INTO ... VALUES
  kUse,             // USE db
  kCreateTable,     // CREATE TABLE (also a view's placeholder table in /*!50001 ... */)
  kCreateView,      // CREATE ... VIEW, kept as text
  kCreateRoutine,   // CREATE ... TRIGGER | PROCEDURE | FUNCTION | EVENT, kept as text
  kCreateDatabase,  // CREATE DATABASE | SCHEMA
  kLockTables,      // LOCK TABLES
  kUnlockTables,    // UNLOCK TABLES
  kOther,           // SET, DROP, ALTER, transaction control...: known and of no use to staging
};

std::string_view StatementKindName(StatementKind kind);

struct Statement {
  StatementKind kind = StatementKind::kOther;
  // The statement without its delimiter, from its first non-comment byte. Valid until the next
  // call to DumpReader::Next.
  std::string_view text;
  // Where it starts: 1-based line and 0-based byte offset in the (uncompressed) stream.
  uint64_t line = 0;
  uint64_t offset = 0;
};

struct DumpReaderStats {
  uint64_t bytes = 0;       // uncompressed bytes read
  uint64_t lines = 0;       // newlines read
  uint64_t statements = 0;  // statements returned
};

class DumpReader {
 public:
  // Reads from "source" (borrowed: must outlive the reader) in blocks of "block_size" bytes
  // (REQUIRES: > 0); the buffer grows past it only for a statement larger than a block.
  // Default: 1 MiB. With "fast_path" (the default), the bytes outside quotes and comments are
  // skipped 64 at a time (SkipPlainSql) up to the next byte the state machine must see; false
  // sends every byte through the state machine (tests and the fuzzer compare the two).
  explicit DumpReader(ByteSource& source, size_t block_size = size_t{1} << 20,
                      bool fast_path = true);

  // Reads the next statement into "statement". Returns false at the clean end of the input.
  // InvalidArgument (with source:line, offset and snippet) for a truncated statement, an
  // unbalanced quote or comment, or an unknown statement; errors of the source as they are.
  Result<bool> Next(Statement& statement);

  // "YYYY-MM-DD HH:MM:SS" from the trailer comment, once read.
  const std::optional<std::string>& dump_completed() const { return dump_completed_; }
  const DumpReaderStats& stats() const { return stats_; }

  // "source:line (byte offset N)" for the byte "offset_in_text" of the statement returned last.
  std::string Where(size_t offset_in_text) const;

 private:
  enum class State { kNormal, kSingle, kDouble, kBacktick, kLineComment, kBlockComment };

  Result<bool> Fill();  // reads more; false at the end of the input
  Result<bool> SkipBetweenStatements();
  Result<bool> ScanStatement();  // advances scan_ to the delimiter; false if none before EOF
  Status Classify(Statement& statement) const;
  Status ErrorAt(size_t buf_pos, std::string_view what) const;
  void Consume(size_t to);  // drops buf_[begin_, to), counting lines

  ByteSource& source_;
  std::string buf_;
  size_t begin_ = 0;  // first byte of the current statement in buf_
  size_t scan_ = 0;   // next byte to scan
  size_t end_ = 0;    // bytes valid in buf_
  size_t quote_start_ = 0;
  uint64_t base_offset_ = 0;  // stream offset of buf_[0]
  uint64_t line_ = 1;         // line of buf_[begin_]
  size_t pending_ = 0;        // end of the statement returned last (with its delimiter)
  State state_ = State::kNormal;
  bool fast_path_;
  bool eof_ = false;
  std::string delimiter_ = ";";
  std::optional<std::string> dump_completed_;
  DumpReaderStats stats_;
};

}  // namespace cellar::mysql
