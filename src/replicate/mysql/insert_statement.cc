#include "replicate/mysql/insert_statement.h"

namespace cellar::mysql {
namespace {

bool IsName(const Token& t) { return t.kind == TokenKind::kWord || t.kind == TokenKind::kQuotedName; }

Status Expected(const DumpLexer& lexer, const Token& got, std::string_view what) {
  return Status::InvalidArgument("expected " + std::string(what) + ", found " +
                                 std::string(TokenKindName(got.kind)) + " " +
                                 lexer.Near(got.offset));
}

}  // namespace

Status ParseInsertHeader(std::string_view text, InsertHeader& header) {
  header = InsertHeader();
  std::string arena;
  arena.reserve(text.size());
  DumpLexer lexer(text, &arena);
  Token t;
  CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  if (t.IsWord("REPLACE")) {
    header.replace = true;
  } else if (!t.IsWord("INSERT")) {
    return Expected(lexer, t, "INSERT or REPLACE");
  }
  CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  while (t.IsWord("LOW_PRIORITY") || t.IsWord("DELAYED") || t.IsWord("HIGH_PRIORITY") ||
         t.IsWord("IGNORE")) {
    if (t.IsWord("IGNORE")) header.ignore = true;
    CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  }
  if (t.IsWord("INTO")) CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  if (!IsName(t)) return Expected(lexer, t, "a table name");
  header.table = std::string(t.text);
  CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  if (t.IsPunct('.')) {
    CELLAR_RETURN_IF_ERROR(lexer.Next(t));
    if (!IsName(t)) return Expected(lexer, t, "a table name after '.'");
    header.database = std::move(header.table);
    header.table = std::string(t.text);
    CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  }
  if (t.IsPunct('(')) {  // --complete-insert
    do {
      CELLAR_RETURN_IF_ERROR(lexer.Next(t));
      if (!IsName(t)) return Expected(lexer, t, "a column name");
      header.columns.emplace_back(t.text);
      CELLAR_RETURN_IF_ERROR(lexer.Next(t));
    } while (t.IsPunct(','));
    if (!t.IsPunct(')')) return Expected(lexer, t, "',' or ')' in the column list");
    CELLAR_RETURN_IF_ERROR(lexer.Next(t));
  }
  if (!t.IsWord("VALUES") && !t.IsWord("VALUE")) return Expected(lexer, t, "VALUES");
  CELLAR_RETURN_IF_ERROR(lexer.Peek(t));
  if (!t.IsPunct('(')) return Expected(lexer, t, "'(' starting a row");
  header.rows_offset = t.offset;
  return Status::Ok();
}

RowReader::RowReader(std::string_view text, size_t rows_offset) : lexer_(text, &arena_) {
  arena_.reserve(text.size());
  lexer_.set_position(rows_offset);
}

Result<bool> RowReader::Next(Row& row) {
  row.clear();
  if (done_) return false;
  Token t;
  CELLAR_RETURN_IF_ERROR(lexer_.Next(t));
  if (rows_ > 0) {
    if (t.kind == TokenKind::kEnd) {
      done_ = true;
      return false;
    }
    if (!t.IsPunct(',')) return Expected(lexer_, t, "',' between rows or the end of the statement");
    CELLAR_RETURN_IF_ERROR(lexer_.Next(t));
  }
  if (!t.IsPunct('(')) return Expected(lexer_, t, "'(' starting a row");
  row_begin_ = t.offset;
  while (true) {
    CELLAR_RETURN_IF_ERROR(lexer_.Next(t));
    if (!t.IsValue()) return Expected(lexer_, t, "a literal value");
    row.push_back(t);
    CELLAR_RETURN_IF_ERROR(lexer_.Next(t));
    if (t.IsPunct(')')) break;
    if (!t.IsPunct(',')) return Expected(lexer_, t, "',' or ')' in a row");
  }
  ++rows_;
  return true;
}

}  // namespace cellar::mysql
