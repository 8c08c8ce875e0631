#include "cli/shell/lexer.h"

#include <cctype>
#include <limits>

namespace cellar::shell {

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd:
      return "end of input";
    case TokenKind::kNewline:
      return "end of line";
    case TokenKind::kSemicolon:
      return "';'";
    case TokenKind::kComma:
      return "','";
    case TokenKind::kArrow:
      return "'=>'";
    case TokenKind::kEquals:
      return "'='";
    case TokenKind::kLBracket:
      return "'['";
    case TokenKind::kRBracket:
      return "']'";
    case TokenKind::kLBrace:
      return "'{'";
    case TokenKind::kRBrace:
      return "'}'";
    case TokenKind::kLParen:
      return "'('";
    case TokenKind::kRParen:
      return "')'";
    case TokenKind::kString:
      return "a string";
    case TokenKind::kInteger:
      return "an integer";
    case TokenKind::kIdentifier:
      return "a name";
  }
  return "?";
}

namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

char Lexer::Peek(size_t ahead) const {
  return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
}

void Lexer::Advance() {
  if (pos_ >= text_.size()) return;
  if (text_[pos_] == '\n') {
    ++line_;
    column_ = 1;
  } else {
    ++column_;
  }
  ++pos_;
}

Status Lexer::Error(int line, int column, std::string_view what) const {
  return Status::InvalidArgument("line " + std::to_string(line) + ", column " +
                                 std::to_string(column) + ": " + std::string(what));
}

void Lexer::SkipLine() {
  while (pos_ < text_.size() && Peek() != '\n') Advance();
}

void Lexer::SkipBlanksAndComments() {
  while (pos_ < text_.size()) {
    char c = Peek();
    if (c == ' ' || c == '\t' || c == '\r') {
      Advance();
    } else if (c == '\\' && (Peek(1) == '\n' || (Peek(1) == '\r' && Peek(2) == '\n'))) {
      while (Peek() != '\n') Advance();
      Advance();  // a line continuation
    } else if (c == '#') {
      while (pos_ < text_.size() && Peek() != '\n') Advance();
    } else {
      return;
    }
  }
}

Result<Token> Lexer::Next() {
  SkipBlanksAndComments();
  Token token;
  token.line = line_;
  token.column = column_;
  if (pos_ >= text_.size()) return token;
  char c = Peek();
  auto single = [&](TokenKind kind) {
    token.kind = kind;
    token.text = std::string(1, c);
    Advance();
    return token;
  };
  switch (c) {
    case '\n':
      return single(TokenKind::kNewline);
    case ';':
      return single(TokenKind::kSemicolon);
    case ',':
      return single(TokenKind::kComma);
    case '[':
      return single(TokenKind::kLBracket);
    case ']':
      return single(TokenKind::kRBracket);
    case '{':
      return single(TokenKind::kLBrace);
    case '}':
      return single(TokenKind::kRBrace);
    case '(':
      return single(TokenKind::kLParen);
    case ')':
      return single(TokenKind::kRParen);
    case '\'':
    case '"':
      return LexString(std::move(token));
    default:
      break;
  }
  if (c == '=') {
    const bool arrow = Peek(1) == '>';
    Advance();
    if (arrow) Advance();
    token.kind = arrow ? TokenKind::kArrow : TokenKind::kEquals;
    token.text = arrow ? "=>" : "=";
    return token;
  }
  if (IsDigit(c) || (c == '-' && IsDigit(Peek(1)))) return LexInteger(std::move(token));
  if (IsIdentStart(c)) {
    token.kind = TokenKind::kIdentifier;
    while (pos_ < text_.size() && IsIdentChar(Peek())) {
      token.text += Peek();
      Advance();
    }
    return token;
  }
  std::string what = "unexpected character '";
  what += c;
  what += "'";
  Advance();  // so that a caller recovering from the error makes progress
  return Error(token.line, token.column, what);
}

Result<Token> Lexer::LexInteger(Token token) {
  token.kind = TokenKind::kInteger;
  bool negative = Peek() == '-';
  if (negative) Advance();
  uint64_t magnitude = 0;
  const uint64_t limit = negative ? uint64_t{1} << 63 : std::numeric_limits<int64_t>::max();
  while (IsDigit(Peek()) || (Peek() == '_' && IsDigit(Peek(1)))) {
    if (Peek() != '_') {
      uint64_t digit = Peek() - '0';
      if (magnitude > (limit - digit) / 10) {
        return Error(token.line, token.column, "integer out of range (64-bit signed)");
      }
      magnitude = magnitude * 10 + digit;
      token.text += Peek();
    }
    Advance();
  }
  if (Peek() == '.' && IsDigit(Peek(1))) {
    return Error(token.line, token.column, "floating-point numbers are not supported");
  }
  if (IsIdentStart(Peek())) {
    return Error(line_, column_, "unexpected character after a number");
  }
  token.integer = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  if (negative) token.text = "-" + token.text;
  return token;
}

Result<Token> Lexer::LexString(Token token) {
  token.kind = TokenKind::kString;
  const char quote = Peek();
  Advance();
  while (true) {
    if (pos_ >= text_.size()) {
      ended_inside_string_ = true;
      return Error(token.line, token.column,
                   "unterminated string (no closing " + std::string(1, quote) + ")");
    }
    char c = Peek();
    if (c == quote) {
      Advance();
      return token;
    }
    if (c == '\\' && quote == '\'') {
      if (Peek(1) == '\\' || Peek(1) == '\'') Advance();
      token.text += Peek();
      Advance();
    } else if (c == '\\') {
      CELLAR_RETURN_IF_ERROR(LexDoubleQuoteEscape(token.text));
    } else if (c == '#' && quote == '"' && Peek(1) == '{') {
      return Error(line_, column_,
                   "string interpolation #{...} is not supported (Ruby code is not run)");
    } else {
      token.text += c;
      Advance();
    }
  }
}

// Decodes one escape of a double-quoted string starting at the backslash.
Status Lexer::LexDoubleQuoteEscape(std::string& out) {
  const int line = line_, column = column_;
  Advance();  // the backslash
  char c = Peek();
  if (pos_ >= text_.size()) return Status::Ok();  // reported as unterminated by the caller
  Advance();
  switch (c) {
    case 'n':
      out += '\n';
      return Status::Ok();
    case 't':
      out += '\t';
      return Status::Ok();
    case 'r':
      out += '\r';
      return Status::Ok();
    case 's':
      out += ' ';
      return Status::Ok();
    case 'a':
      out += '\a';
      return Status::Ok();
    case 'b':
      out += '\b';
      return Status::Ok();
    case 'e':
      out += '\x1b';
      return Status::Ok();
    case 'f':
      out += '\f';
      return Status::Ok();
    case 'v':
      out += '\v';
      return Status::Ok();
    case '\n':
      return Status::Ok();  // an escaped newline is dropped, as in Ruby
    default:
      break;
  }
  if (c >= '0' && c <= '7') {
    int v = c - '0';
    for (int i = 0; i < 2 && Peek() >= '0' && Peek() <= '7'; ++i, Advance())
      v = v * 8 + Peek() - '0';
    out += static_cast<char>(v & 0xFF);
    return Status::Ok();
  }
  if (c == 'x') {
    if (HexDigit(Peek()) < 0) return Error(line, column, "invalid hex escape (\\xNN)");
    int v = 0;
    for (int i = 0; i < 2 && HexDigit(Peek()) >= 0; ++i, Advance()) v = v * 16 + HexDigit(Peek());
    out += static_cast<char>(v);
    return Status::Ok();
  }
  if (c == 'u') {
    bool braced = Peek() == '{';
    if (braced) Advance();
    uint32_t cp = 0;
    int digits = 0;
    for (; HexDigit(Peek()) >= 0 && digits < (braced ? 6 : 4); ++digits, Advance()) {
      cp = cp * 16 + HexDigit(Peek());
    }
    if ((braced && Peek() != '}') || (!braced && digits != 4) || digits == 0 || cp > 0x10FFFF) {
      return Error(line, column, "invalid Unicode escape (\\uNNNN or \\u{N...})");
    }
    if (braced) Advance();
    AppendUtf8(out, cp);
    return Status::Ok();
  }
  out += c;  // \\ \" \' \# and unknown escapes stand for the character itself, as in Ruby
  return Status::Ok();
}

}  // namespace cellar::shell
