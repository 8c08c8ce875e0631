#include "replicate/mysql/insert_statement.h"

#include <cstring>

#include "replicate/mysql/byte_scan.h"

namespace cellar::mysql {
namespace {

bool IsName(const Token& t) {
  return t.kind == TokenKind::kWord || t.kind == TokenKind::kQuotedName;
}

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

RowReader::RowReader(std::string_view text, size_t rows_offset, bool fast_path)
    : text_(text), lexer_(text, &arena_), fast_path_(fast_path) {
  arena_.reserve(text.size());
  lexer_.set_position(rows_offset);
}

// The fast path: a dump's rows are almost all "(1,'text',NULL,2.5)" with no spaces or comments.
// It recognises exactly the forms below in place (plain numbers, NULL, single-quoted strings
// without escapes, 0x hex literals), with the lexer's result for each; other literals (escaped
// strings, X'' hex and bit literals, introducers) go through the lexer's own readers, and
// anything else (spaces, comments, errors) restarts the row on the slow path, so that the lexer
// stays the one grammar (tests and the fuzzer check both paths give the same rows).
namespace {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A number as the lexer reads it: [-] digits [. digits*] [(e|E) [+-] digits], not followed by a
// word character. Returns its end, or 0 when the text at "p" is not one of those.
size_t PlainNumberEnd(std::string_view t, size_t p) {
  const size_t n = t.size();
  const char* const base = t.data();
  if (t[p] == '-') ++p;
  const size_t digits = DigitRun(base + p, base + n);
  if (digits == 0) return 0;
  p += digits;
  if (p < n && (t[p] == ',' || t[p] == ')')) return p;  // an integer, as most are
  if (p < n && t[p] == '.') {
    ++p;
    p += DigitRun(base + p, base + n);
  }
  if (p < n && (t[p] == 'e' || t[p] == 'E')) {
    size_t e = p + 1;
    if (e < n && (t[e] == '-' || t[e] == '+')) ++e;
    const size_t exponent = DigitRun(base + e, base + n);
    if (exponent == 0) return 0;
    p = e + exponent;
  }
  if (p < n && IsWordByte(t[p])) return 0;
  return p;
}

// NULL in any case at "p", not followed by a word character.
bool IsNullAt(std::string_view t, size_t p) {
  if (t.size() - p < 4) return false;
  uint32_t word;
  std::memcpy(&word, t.data() + p, 4);
  uint32_t null;
  std::memcpy(&null, "null", 4);
  // Setting bit 5 maps exactly 'N' and 'n' to 'n' (and so for U, L): the case-blind compare.
  return (word | 0x20202020u) == null && (t.size() - p == 4 || !IsWordByte(t[p + 4]));
}

// The end of a single-quoted string at "p" (its closing quote + 1) when its body has neither a
// backslash nor a doubled quote: the body is then the value as is. 0 otherwise (the lexer decodes
// it, or reports it unbalanced).
size_t PlainStringEnd(std::string_view t, size_t p) {
  const char* const base = t.data();
  const char* const end = base + t.size();
  const char* q = FindEither(base + p + 1, end, '\'', '\\');
  if (q == end || *q == '\\') return 0;
  if (q + 1 < end && q[1] == '\'') return 0;  // a doubled quote
  return static_cast<size_t>(q + 1 - base);
}

// The end of the hex digits of a 0x literal whose digits start at "p", when there is at least
// one and no other word byte follows them; 0 otherwise (the lexer reads it, or reports it).
size_t HexDigitsEnd(std::string_view t, size_t p) {
  const size_t digits = HexDigitRun(t.data() + p, t.data() + t.size());
  if (digits == 0 || (p + digits < t.size() && IsWordByte(t[p + digits]))) return 0;
  return p + digits;
}

}  // namespace

std::string_view RowReader::DecodeHex(std::string_view digits) {
  // As the lexer: an odd count of digits has an implied leading 0. The arena's capacity covers
  // the text, so appending never moves the views already given out.
  const size_t start = arena_.size();
  const size_t odd = digits.size() % 2;
  arena_.resize(start + (digits.size() + 1) / 2);
  char* out = arena_.data() + start;
  if (odd == 1) *out++ = static_cast<char>(HexValue(digits[0]));
  DecodeHexPairs(digits.data() + odd, digits.size() - odd, out);
  return std::string_view(arena_.data() + start, arena_.size() - start);
}

bool RowReader::ReadRowFast(size_t& pos, Row& row) {
  const std::string_view t = text_;
  const size_t n = t.size();
  size_t p = pos;
  // The row's storage is reused: tokens are assigned in place (a token built aside and copied in
  // costs a store-forwarding stall), the vector grown only past its size and trimmed at the end.
  size_t count = 0;
  Token* tokens = row.data();
  size_t size = row.size();
  const char* const base = t.data();
  while (true) {
    if (p >= n) return false;
    const char c = t[p];
    if (count == size) {
      row.emplace_back();
      tokens = row.data();
      size = row.size();
    }
    Token& token = tokens[count];
    token.offset = p;
    size_t end = 0;
    if (c == '\'' && (end = PlainStringEnd(t, p)) != 0) {
      token.kind = TokenKind::kString;
      token.text = std::string_view(base + p + 1, end - p - 2);
      p = end;
    } else if ((IsDigit(c) || c == '-') && (end = PlainNumberEnd(t, p)) != 0) {
      token.kind = TokenKind::kNumber;
      token.text = std::string_view(base + p, end - p);
      p = end;
    } else if (c == '0' && p + 1 < n && t[p + 1] == 'x' && (end = HexDigitsEnd(t, p + 2)) != 0) {
      token.kind = TokenKind::kBytes;  // --hex-blob
      token.text = DecodeHex(t.substr(p + 2, end - p - 2));
      p = end;
    } else if ((c == 'N' || c == 'n') && IsNullAt(t, p)) {
      token.kind = TokenKind::kNull;
      token.text = std::string_view(base + p, 4);
      p += 4;
    } else if (c == ' ' || c == '\n' || c == '/' || c == '#') {
      return false;  // spaces and comments: the slow path
    } else {         // escaped strings, hex and bit literals, introducers: the lexer's own readers
      lexer_.set_position(p);
      if (!lexer_.Next(token).ok() || !token.IsValue()) return false;
      p = lexer_.position();
    }
    ++count;
    if (p >= n) return false;
    if (t[p] == ')') {
      if (count != size) row.resize(count);
      pos = p + 1;
      return true;
    }
    if (t[p] != ',') return false;
    ++p;
  }
}

Result<bool> RowReader::Next(Row& row) {
  if (!fast_path_ || done_) return NextSlow(row);
  const size_t start = lexer_.position();
  size_t p = start;
  const size_t n = text_.size();
  bool separated = rows_ == 0;
  if (!separated && p < n && text_[p] == ',') {
    separated = true;
    ++p;
    if (p < n && text_[p] == '\n') ++p;  // rows one per line
  }
  if (separated && p < n && text_[p] == '(') {
    const size_t begin = p, arena_size = arena_.size();
    ++p;
    if (ReadRowFast(p, row)) {
      row_begin_ = begin;
      lexer_.set_position(p);
      ++rows_;
      return true;
    }
    row.clear();
    arena_.resize(arena_size);  // the slow path decodes the row's strings again
  }
  lexer_.set_position(start);
  return NextSlow(row);
}

Result<bool> RowReader::NextSlow(Row& row) {
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
