#include "replicate/mysql/dump_lexer.h"

#include <cstring>

#include "replicate/mysql/byte_scan.h"

namespace cellar::mysql {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) { return IsWordByte(c); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// What a backslash followed by "c" stands for inside a quoted string.
void AppendEscape(char c, std::string& out) {
  switch (c) {
    case '0': out.push_back('\0'); break;
    case 'b': out.push_back('\b'); break;
    case 'n': out.push_back('\n'); break;
    case 'r': out.push_back('\r'); break;
    case 't': out.push_back('\t'); break;
    case 'Z': out.push_back('\x1a'); break;
    case '%': out.append("\\%"); break;  // MySQL keeps these two for LIKE patterns
    case '_': out.append("\\_"); break;
    default: out.push_back(c); break;   // \' \" \\ and any other character
  }
}

}  // namespace

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd: return "end of statement";
    case TokenKind::kWord: return "word";
    case TokenKind::kQuotedName: return "quoted name";
    case TokenKind::kString: return "string";
    case TokenKind::kBytes: return "hex literal";
    case TokenKind::kBits: return "bit literal";
    case TokenKind::kNumber: return "number";
    case TokenKind::kNull: return "NULL";
    case TokenKind::kPunct: return "punctuation";
  }
  return "?";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool Token::IsWord(std::string_view keyword) const {
  return kind == TokenKind::kWord && EqualsIgnoreCase(text, keyword);
}

bool Token::IsValue() const {
  return kind == TokenKind::kString || kind == TokenKind::kBytes || kind == TokenKind::kBits ||
         kind == TokenKind::kNumber || kind == TokenKind::kNull;
}

void UnescapeMysqlString(std::string_view raw, char quote, std::string& out) {
  size_t i = 0;
  while (i < raw.size()) {
    // Copy the run up to the next backslash or quote in one go.
    const size_t j = FindEither(raw.data() + i, raw.data() + raw.size(), '\\', quote) - raw.data();
    out.append(raw.data() + i, j - i);
    if (j >= raw.size()) break;
    if (raw[j] == '\\') {
      if (j + 1 < raw.size()) AppendEscape(raw[j + 1], out);
      i = j + 2;
    } else {  // a doubled quote stands for one
      out.push_back(quote);
      i = j + 2;
    }
  }
}

DumpLexer::DumpLexer(std::string_view text, std::string* arena) : text_(text), arena_(arena) {}

std::string DumpLexer::Near(size_t offset) const {
  size_t begin = offset > 20 ? offset - 20 : 0;
  std::string snippet(text_.substr(begin, 60));
  for (char& c : snippet) {
    if (c == '\n' || c == '\r' || c == '\0') c = ' ';
  }
  return "near offset " + std::to_string(offset) + ": '" + snippet + "'";
}

Status DumpLexer::Error(size_t offset, std::string_view what) const {
  return Status::InvalidArgument(std::string(what) + " " + Near(offset));
}

Status DumpLexer::SkipSpaceAndComments() {
  const size_t n = text_.size();
  while (pos_ < n) {
    char c = text_[pos_];
    if (IsSpace(c)) {
      ++pos_;
    } else if (c == '#' || (c == '-' && pos_ + 1 < n && text_[pos_ + 1] == '-' &&
                            (pos_ + 2 == n || IsSpace(text_[pos_ + 2])))) {
      size_t eol = text_.find('\n', pos_);
      pos_ = eol == std::string_view::npos ? n : eol + 1;
    } else if (c == '/' && pos_ + 1 < n && text_[pos_ + 1] == '*') {
      size_t body = pos_ + 2;
      bool mariadb = body < n && text_[body] == 'M' && body + 1 < n && text_[body + 1] == '!';
      if (mariadb) ++body;
      // /*M!999999 is MariaDB's "never run by the server" (the client's sandbox switch).
      bool conditional = body < n && text_[body] == '!' && text_.substr(body + 1, 6) != "999999";
      if (conditional) {
        pos_ = body + 1;
        while (pos_ < n && IsDigit(text_[pos_])) ++pos_;
        ++conditional_depth_;
      } else {
        size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) return Error(pos_, "unterminated /* comment");
        pos_ = close + 2;
      }
    } else if (c == '*' && conditional_depth_ > 0 && pos_ + 1 < n && text_[pos_ + 1] == '/') {
      --conditional_depth_;
      pos_ += 2;
    } else {
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Status DumpLexer::Peek(Token& token) {
  size_t pos = pos_;
  int depth = conditional_depth_;
  Status s = Next(token);
  pos_ = pos;
  conditional_depth_ = depth;
  return s;
}

Status DumpLexer::Next(Token& token) {
  CELLAR_RETURN_IF_ERROR(SkipSpaceAndComments());
  token.offset = pos_;
  if (pos_ >= text_.size()) {
    token.kind = TokenKind::kEnd;
    token.text = {};
    return Status::Ok();
  }
  char c = text_[pos_];
  if (c == '\'' || c == '"') return ReadQuoted(c, token);
  if (c == '`') return ReadQuotedName(token);
  if (IsDigit(c) || c == '.' || c == '-' || c == '+') {
    bool numeric = IsDigit(c) || (pos_ + 1 < text_.size() &&
                                  (IsDigit(text_[pos_ + 1]) ||
                                   (c != '.' && text_[pos_ + 1] == '.' && pos_ + 2 < text_.size() &&
                                    IsDigit(text_[pos_ + 2]))));
    if (numeric) return ReadNumber(token);
  }
  if (IsWordChar(c)) return ReadWord(token);
  token.kind = TokenKind::kPunct;
  token.text = text_.substr(pos_, 1);
  ++pos_;
  return Status::Ok();
}

Status DumpLexer::ReadQuoted(char quote, Token& token) {
  const size_t open = pos_;
  const char* base = text_.data();
  const char* end = base + text_.size();
  const char* p = base + open + 1;
  bool plain = true;  // no backslash and no doubled quote: the body is the value
  while (true) {
    // One forward scan: a backslash escapes the byte after it, a doubled quote stands for one.
    const char* q = FindEither(p, end, quote, '\\');
    if (q >= end) return Error(open, "unbalanced quote: string never closed");
    if (*q == '\\' || (q + 1 < end && q[1] == quote)) {
      plain = false;
      p = q + 2 <= end ? q + 2 : end;  // a backslash in the last byte leaves it unclosed
    } else {
      std::string_view body(base + open + 1, q - (base + open + 1));
      pos_ = q + 1 - base;
      token.kind = TokenKind::kString;
      if (plain) {
        token.text = body;
        return Status::Ok();
      }
      if (arena_ == nullptr) return Error(open, "escaped string outside a value");
      size_t start = arena_->size();
      UnescapeMysqlString(body, quote, *arena_);
      token.text = std::string_view(arena_->data() + start, arena_->size() - start);
      return Status::Ok();
    }
  }
}

Status DumpLexer::ReadHexOrBits(bool hex, size_t begin, std::string_view digits, Token& token) {
  token.kind = hex ? TokenKind::kBytes : TokenKind::kBits;
  if (arena_ == nullptr) return Error(begin, "binary literal outside a value");
  size_t start = arena_->size();
  if (hex) {
    // An odd count of digits has an implied leading 0, as in MySQL's 0xABC. Written in place:
    // the arena's capacity covers it (REQUIRES of the constructor), so no reallocation.
    const size_t odd = digits.size() % 2;
    arena_->resize(start + (digits.size() + 1) / 2);
    char* out = arena_->data() + start;
    if (odd == 1) {
      int v = HexValue(digits[0]);
      if (v < 0) return (arena_->resize(start), Error(begin, "bad hex digit in literal"));
      *out++ = static_cast<char>(v);
    }
    for (size_t i = odd; i < digits.size(); i += 2) {
      int hi = HexValue(digits[i]), lo = HexValue(digits[i + 1]);
      if (hi < 0 || lo < 0) return (arena_->resize(start), Error(begin, "bad hex digit in literal"));
      *out++ = static_cast<char>(hi * 16 + lo);
    }
  } else {
    // The first byte takes the leftover high bits, so b'100000001' is 0x01 0x01.
    size_t first = digits.size() % 8 == 0 ? 8 : digits.size() % 8;
    unsigned byte = 0;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (digits[i] != '0' && digits[i] != '1') return Error(begin, "bad digit in bit literal");
      byte = byte * 2 + (digits[i] - '0');
      if (i + 1 >= first && (i + 1 - first) % 8 == 0) {
        arena_->push_back(static_cast<char>(byte));
        byte = 0;
      }
    }
  }
  token.text = std::string_view(arena_->data() + start, arena_->size() - start);
  token.offset = begin;
  return Status::Ok();
}

Status DumpLexer::ReadNumber(Token& token) {
  const size_t begin = pos_, n = text_.size();
  size_t p = pos_;
  if (text_[p] == '0' && p + 1 < n && (text_[p + 1] == 'x' || text_[p + 1] == 'b')) {
    bool hex = text_[p + 1] == 'x';
    size_t d = p + 2;
    while (d < n && IsWordChar(text_[d])) ++d;
    pos_ = d;
    return ReadHexOrBits(hex, begin, text_.substr(p + 2, d - p - 2), token);
  }
  if (text_[p] == '-' || text_[p] == '+') ++p;
  size_t digits = 0;
  while (p < n && IsDigit(text_[p])) ++p, ++digits;
  if (p < n && text_[p] == '.') {
    ++p;
    while (p < n && IsDigit(text_[p])) ++p, ++digits;
  }
  if (digits == 0) return Error(begin, "malformed number");
  if (p < n && (text_[p] == 'e' || text_[p] == 'E')) {
    size_t e = p + 1;
    if (e < n && (text_[e] == '-' || text_[e] == '+')) ++e;
    size_t exp_digits = 0;
    while (e < n && IsDigit(text_[e])) ++e, ++exp_digits;
    if (exp_digits == 0) return Error(begin, "malformed number: exponent without digits");
    p = e;
  }
  if (p < n && IsWordChar(text_[p])) {
    // Digits followed by letters: an identifier such as 1abc, not a number.
    if (text_[begin] == '-' || text_[begin] == '+' || text_[begin] == '.') {
      return Error(begin, "malformed number");
    }
    return ReadWord(token);
  }
  token.kind = TokenKind::kNumber;
  token.text = text_.substr(begin, p - begin);
  pos_ = p;
  return Status::Ok();
}

Status DumpLexer::ReadWord(Token& token) {
  const size_t begin = pos_, n = text_.size();
  size_t p = pos_;
  while (p < n && IsWordChar(text_[p])) ++p;
  std::string_view word = text_.substr(begin, p - begin);
  if (p < n && text_[p] == '\'' && word.size() == 1) {  // X'..', b'..', N'..'
    char k = Lower(word[0]);
    if (k == 'x' || k == 'b') {
      size_t close = text_.find('\'', p + 1);
      if (close == std::string_view::npos) return Error(begin, "unbalanced quote: literal never closed");
      pos_ = close + 1;
      return ReadHexOrBits(k == 'x', begin, text_.substr(p + 1, close - p - 1), token);
    }
    if (k == 'n') {
      pos_ = p;
      return ReadQuoted('\'', token);
    }
  }
  if (word[0] == '_' && word.size() > 1) {
    // A charset introducer (_binary, _utf8mb4) when a literal follows it.
    size_t q = p;
    while (q < n && IsSpace(text_[q])) ++q;
    if (q < n && (text_[q] == '\'' || text_[q] == '"' || IsDigit(text_[q]) ||
                  ((text_[q] == 'x' || text_[q] == 'X' || text_[q] == 'b' || text_[q] == 'B') &&
                   q + 1 < n && text_[q + 1] == '\''))) {
      pos_ = q;
      return Next(token);
    }
  }
  pos_ = p;
  token.kind = EqualsIgnoreCase(word, "NULL") ? TokenKind::kNull : TokenKind::kWord;
  token.text = word;
  token.offset = begin;
  return Status::Ok();
}

Status DumpLexer::ReadQuotedName(Token& token) {
  const size_t open = pos_;
  size_t p = open + 1;
  bool doubled = false;
  while (true) {
    size_t close = text_.find('`', p);
    if (close == std::string_view::npos) return Error(open, "unbalanced quote: name never closed");
    if (close + 1 < text_.size() && text_[close + 1] == '`') {
      doubled = true;
      p = close + 2;
      continue;
    }
    std::string_view body = text_.substr(open + 1, close - open - 1);
    pos_ = close + 1;
    token.kind = TokenKind::kQuotedName;
    token.offset = open;
    if (!doubled) {
      token.text = body;
      return Status::Ok();
    }
    if (arena_ == nullptr) return Error(open, "name with a doubled backquote outside a value");
    size_t start = arena_->size();
    for (size_t i = 0; i < body.size(); ++i) {  // no backslash escapes in names; `` is one `
      arena_->push_back(body[i]);
      if (body[i] == '`') ++i;
    }
    token.text = std::string_view(arena_->data() + start, arena_->size() - start);
    return Status::Ok();
  }
}

}  // namespace cellar::mysql
