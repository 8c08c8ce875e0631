#pragma once

// Lexer: splits shell input into tokens of the HBase shell's Ruby-ish syntax.
//
//   string     := '...'  (only \\ and \' are escapes, as in Ruby)
//               | "..."  (Ruby escapes: \n \t \r \s \a \b \e \f \v \0 \NNN \xNN \uNNNN \u{N..}
//               \\ \")
//   integer    := [-]digits, '_' allowed between digits (1_000)
//   identifier := [A-Za-z_][A-Za-z0-9_.]*
//   punctuation:= , => [ ] { } ( ) ; newline
//   comment    := '#' to the end of the line (outside strings)
// A backslash right before a newline joins the two lines. Not thread-safe; one per input.

#include <cstdint>
#include <string>
#include <string_view>

#include "cellar/status.h"

namespace cellar::shell {

enum class TokenKind {
  kEnd,
  kNewline,
  kSemicolon,
  kComma,
  kArrow,
  kEquals,  // '=' alone: only Hive's WITH ('key'='value') uses it
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kLParen,
  kRParen,
  kString,
  kInteger,
  kIdentifier,
};

// "end of input", "newline", "','", ... for messages.
std::string_view TokenKindName(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEnd;
  // The decoded bytes of a string, the name of an identifier, the source of other tokens.
  std::string text;
  int64_t integer = 0;  // for kInteger
  int line = 1;         // 1-based position of the token's first character
  int column = 1;
};

class Lexer {
 public:
  // "text" is borrowed and must outlive the Lexer. Lines are numbered from "first_line".
  explicit Lexer(std::string_view text, int first_line = 1) : text_(text), line_(first_line) {}

  // The next token; kEnd at the end of the input (again on every later call). Returns
  // InvalidArgument "line L, column C: <what>" for malformed input.
  Result<Token> Next();

  // True after Next() failed because the input ended inside a quoted string, so an interactive
  // reader can ask for another line.
  bool ended_inside_string() const { return ended_inside_string_; }

  // Skips the rest of the current line (not its newline): recovery after an error.
  void SkipLine();

 private:
  char Peek(size_t ahead = 0) const;
  void Advance();
  void SkipBlanksAndComments();
  Status Error(int line, int column, std::string_view what) const;
  Result<Token> LexString(Token token);
  Result<Token> LexInteger(Token token);
  Status LexDoubleQuoteEscape(std::string& out);

  std::string_view text_;
  size_t pos_ = 0;
  int line_;
  int column_ = 1;
  bool ended_inside_string_ = false;
};

}  // namespace cellar::shell
