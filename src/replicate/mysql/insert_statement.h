#pragma once

// INSERT and REPLACE statements as mysqldump and mariadb-dump write them:
//
//   insert := (INSERT [LOW_PRIORITY | DELAYED | HIGH_PRIORITY] [IGNORE] | REPLACE) [INTO]
//             name ['(' column (',' column)* ')'] (VALUES | VALUE) row (',' row)*
//   name   := ident ['.' ident]          (ident: `quoted` or bare)
//   row    := '(' value (',' value)* ')'  (value: a literal, see dump_lexer.h)
//
// ParseInsertHeader reads everything before the rows; RowReader then yields one row at a time,
// without allocating per value. Not thread-safe; separate instances are independent.

#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "replicate/mysql/dump_lexer.h"

namespace cellar::mysql {

struct InsertHeader {
  bool replace = false;  // REPLACE: a later row with the same key wins (as does a dump's order)
  bool ignore = false;   // INSERT IGNORE
  std::string database;  // empty unless the name is qualified
  std::string table;
  // The --complete-insert column list; empty when the statement has none (all columns, in the
  // table's order).
  std::vector<std::string> columns;
  // Offset in the statement text of the first row's '('.
  size_t rows_offset = 0;
};

// Parses the part of an INSERT or REPLACE "text" before its rows. InvalidArgument, with the
// offset and a snippet, when it does not follow the grammar above.
Status ParseInsertHeader(std::string_view text, InsertHeader& header);

// A row's values: tokens of the literal kinds (TokenKind kString, kBytes, kBits, kNumber, kNull).
using Row = std::vector<Token>;

class RowReader {
 public:
  // Reads the rows of "text" (borrowed: must outlive the reader and the rows it yields) from
  // "rows_offset" (InsertHeader::rows_offset). With "fast_path" (the default), plain numbers,
  // NULL, strings without escapes, 0x hex and punctuation are recognised in place and only the
  // other tokens go through the DumpLexer; false sends every token through it (tests and the
  // fuzzer compare the two).
  RowReader(std::string_view text, size_t rows_offset, bool fast_path = true);
  RowReader(const RowReader&) = delete;  // the lexer points into arena_
  RowReader& operator=(const RowReader&) = delete;

  // Reads the next row into "row" (its storage reused). Returns false after the last row.
  // InvalidArgument, with the offset and a snippet, for anything but literals in a row, a
  // missing ',' or ')', or text after the last row. The row's views stay valid until the
  // reader is destroyed.
  Result<bool> Next(Row& row);

  // Rows read so far.
  size_t rows() const { return rows_; }
  // The text of the row read last, from its '(' to its ')' included: [row_begin(), row_end()).
  size_t row_begin() const { return row_begin_; }
  size_t row_end() const { return lexer_.position(); }

 private:
  Result<bool> NextSlow(Row& row);
  // Reads the values of a row from just after its '(' through its ')'. Returns false (position
  // unchanged is not needed: the caller restarts the row on the slow path) when it meets
  // anything but plain numbers, NULL, quoted strings, ',' and ')'.
  bool ReadRowFast(size_t& pos, Row& row);
  // Appends the bytes of the hex "digits" (all valid, at least one) to arena_; returns them.
  std::string_view DecodeHex(std::string_view digits);

  std::string_view text_;
  std::string arena_;  // decoded literals; reserved to the text's size, never reallocated
  DumpLexer lexer_;
  bool fast_path_;
  size_t rows_ = 0;
  size_t row_begin_ = 0;
  bool done_ = false;
};

}  // namespace cellar::mysql
