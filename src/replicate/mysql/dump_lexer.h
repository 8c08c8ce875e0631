#pragma once

// The tokenizer for the SQL that mysqldump and mariadb-dump write. It reads one statement's text
// (a string_view; see DumpReader) and yields tokens: identifiers (bare or `quoted`), keywords,
// punctuation and MySQL literals:
//
//   string  := [introducer] ('...' | "...")    with the backslash escapes \0 \' \" \b \n \r \t
//              \Z \\ (and \% \_ kept as two characters, as MySQL does), any other \c = c, and
//              doubled quotes ('' inside '...', "" inside "...")
//   hex     := [introducer] (0x[0-9a-fA-F]+ | X'[0-9a-fA-F]*')      decoded to bytes
//   bits    := [introducer] (0b[01]+ | b'[01]*')                     decoded to bytes, big-endian
//   number  := [+-] (digits [. digits*] | . digits) [(e|E) [+-] digits]   kept exactly as text
//   null    := NULL (any case)
//   introducer := _charset (e.g. _binary, _utf8mb4), ignored: dumps carry bytes as they are
//
// Comments (-- to end of line, # to end of line, /* */) are skipped; a conditional comment's
// markers (/*!50001 and its */) are skipped and its content is tokenized as SQL.
//
// Decoded literals never allocate per value: they are written into an arena the caller owns,
// reserved to the statement's size, so views into it stay valid until the caller clears it.
// A DumpLexer is not thread-safe; separate instances are independent.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cellar/status.h"

namespace cellar::mysql {

enum class TokenKind {
  kEnd,         // no more tokens
  kWord,        // a bare identifier or keyword: letters, digits, '_', '$' (not all digits)
  kQuotedName,  // a `backquoted` identifier, text without the quotes ("``" becomes "`")
  kString,      // a quoted string, text decoded
  kBytes,       // a hex literal, text decoded to bytes
  kBits,        // a bit literal, text decoded to bytes
  kNumber,      // a numeric literal, text as written (sign included)
  kNull,        // NULL
  kPunct,       // one character: ( ) , ; = . @ and any other
};

std::string_view TokenKindName(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEnd;
  // The token's text (see TokenKind); views the statement or the arena.
  std::string_view text;
  // Offset of the token's first byte in the statement text.
  size_t offset = 0;

  // True for a kWord equal to "keyword" ignoring ASCII case.
  bool IsWord(std::string_view keyword) const;
  bool IsPunct(char c) const { return kind == TokenKind::kPunct && text.size() == 1 && text[0] == c; }
  // True for the literal kinds that stand for a column value (string, bytes, bits, number, null).
  bool IsValue() const;
};

// True when "a" equals "b" ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

class DumpLexer {
 public:
  // Tokenizes "text" (borrowed: must outlive the lexer and its tokens). Decoded literals are
  // appended to "arena" (borrowed, nullable: without it, strings with escapes are errors).
  // REQUIRES: arena->capacity() - arena->size() >= text.size(), so that its views stay valid.
  DumpLexer(std::string_view text, std::string* arena);

  // Reads the next token into "token". InvalidArgument, with the offset and a snippet, for an
  // unterminated string, quoted name or comment, a bad hex or bit literal, or a malformed number.
  Status Next(Token& token);

  // Reads the next token and leaves the position unchanged.
  Status Peek(Token& token);

  // Offset of the next unread byte.
  size_t position() const { return pos_; }
  void set_position(size_t pos) { pos_ = pos; }
  std::string_view text() const { return text_; }

  // "near offset N: '...'": a snippet of the text around "offset", for messages.
  std::string Near(size_t offset) const;

 private:
  Status SkipSpaceAndComments();
  Status ReadQuoted(char quote, Token& token);
  Status ReadHexOrBits(bool hex, size_t begin, std::string_view digits, Token& token);
  Status ReadNumber(Token& token);
  Status ReadWord(Token& token);
  Status ReadQuotedName(Token& token);
  Status Error(size_t offset, std::string_view what) const;

  std::string_view text_;
  std::string* arena_;
  size_t pos_ = 0;
  int conditional_depth_ = 0;  // inside /*!NNNNN ... */
};

// Appends the decoded content of a quoted string body "raw" (between the quotes, escapes as
// written) to "out". Exposed for tests and for callers that found the quotes themselves.
void UnescapeMysqlString(std::string_view raw, char quote, std::string& out);

}  // namespace cellar::mysql
