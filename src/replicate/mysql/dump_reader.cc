#include "replicate/mysql/dump_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "replicate/mysql/byte_scan.h"
#include "replicate/mysql/dump_block_scan.h"
#include "replicate/mysql/dump_lexer.h"

namespace cellar::mysql {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Bytes that may change the scanner's state outside quotes and comments.
constexpr std::array<bool, 256> MakeSpecial() {
  std::array<bool, 256> t{};
  for (char c : {'\'', '"', '`', '-', '#', '/'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kSpecial = MakeSpecial();

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// "/*!" and "/*M!" open a conditional comment (SQL), except MariaDB's "/*M!999999" (never run).
bool IsConditionalComment(std::string_view s) {
  if (s.substr(0, 3) == "/*!") return true;
  return s.substr(0, 4) == "/*M!" && s.substr(4, 6) != "999999";
}

std::string Snippet(std::string_view s) {
  std::string out(s.substr(0, 60));
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\0') c = ' ';
  }
  return out;
}

}  // namespace

std::string_view StatementKindName(StatementKind kind) {
  switch (kind) {
    case StatementKind::kInsert: return "INSERT";
    case StatementKind::kReplace: return "REPLACE";
    case StatementKind::kUse: return "USE";
    case StatementKind::kCreateTable: return "CREATE TABLE";
    case StatementKind::kCreateView: return "CREATE VIEW";
    case StatementKind::kCreateRoutine: return "CREATE TRIGGER/ROUTINE";
    case StatementKind::kCreateDatabase: return "CREATE DATABASE";
    case StatementKind::kLockTables: return "LOCK TABLES";
    case StatementKind::kUnlockTables: return "UNLOCK TABLES";
    case StatementKind::kOther: return "other";
  }
  return "?";
}

DumpReader::DumpReader(ByteSource& source, size_t block_size, bool fast_path)
    : source_(source), fast_path_(fast_path) {
  buf_.resize(std::max<size_t>(block_size, 1));
}

Result<bool> DumpReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {  // keep only the current statement, at the front
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    scan_ -= begin_;
    quote_start_ = quote_start_ >= begin_ ? quote_start_ - begin_ : 0;
    base_offset_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);  // a statement larger than the buffer
  CELLAR_ASSIGN_OR_RETURN(size_t got, source_.Read(buf_.data() + end_, buf_.size() - end_));
  if (got == 0) {
    eof_ = true;
    return false;
  }
  end_ += got;
  stats_.bytes += got;
  return true;
}

namespace {

// Newlines in [p, end): memchr hops, since a dump's long INSERT lines hold few of them.
uint64_t CountNewlines(const char* p, const char* end) {
  uint64_t count = 0;
  while (p < end) {
    const void* nl = std::memchr(p, '\n', end - p);
    if (nl == nullptr) break;
    ++count;
    p = static_cast<const char*>(nl) + 1;
  }
  return count;
}

// The first byte of [p, end) that may change the scanner's state outside quotes and comments
// (kSpecial, or "d0", the delimiter's first byte), or "end". 16 bytes at a time with SSE2: most
// of a dump outside strings is digits, commas and parentheses.
const char* FindSpecial(const char* p, const char* end, char d0) {
#if defined(__SSE2__)
  const __m128i q1 = _mm_set1_epi8('\''), q2 = _mm_set1_epi8('"'), q3 = _mm_set1_epi8('`');
  const __m128i c1 = _mm_set1_epi8('-'), c2 = _mm_set1_epi8('#'), c3 = _mm_set1_epi8('/');
  const __m128i d = _mm_set1_epi8(d0);
  while (end - p >= 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, q1), _mm_cmpeq_epi8(x, q2)),
                     _mm_or_si128(_mm_cmpeq_epi8(x, q3), _mm_cmpeq_epi8(x, c1))),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, c2), _mm_cmpeq_epi8(x, c3)),
                     _mm_cmpeq_epi8(x, d)));
    int mask = _mm_movemask_epi8(m);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && !kSpecial[static_cast<unsigned char>(*p)] && *p != d0) ++p;
  return p;
}

// The end (just past the closing quote) of a string quoted by "quote" whose body starts at
// base[from], when it ends before base[end] and the byte after its quote is there too (a doubled
// quote continues the string); 0 otherwise, and the caller's state machine takes over.
size_t QuotedEnd(const char* base, size_t from, size_t end, char quote) {
  while (true) {
    const size_t q = FindEither(base + from, base + end, quote, '\\') - base;
    if (q + 1 >= end) return 0;
    if (base[q] == '\\' || base[q + 1] == quote) {  // an escape, or a doubled quote
      from = q + 2;
      continue;
    }
    return q + 1;
  }
}

}  // namespace

void DumpReader::Consume(size_t to) {
  uint64_t newlines = CountNewlines(buf_.data() + begin_, buf_.data() + to);
  line_ += newlines;
  stats_.lines += newlines;
  begin_ = scan_ = to;
}

std::string DumpReader::Where(size_t offset_in_text) const {
  size_t pos = std::min(begin_ + offset_in_text, end_);
  uint64_t line = line_ + CountNewlines(buf_.data() + begin_, buf_.data() + pos);
  return source_.name() + ":" + std::to_string(line) + " (byte offset " +
         std::to_string(base_offset_ + pos) + ")";
}

Status DumpReader::ErrorAt(size_t buf_pos, std::string_view what) const {
  size_t from = buf_pos > begin_ + 20 ? buf_pos - 20 : begin_;
  return Status::InvalidArgument(
      Where(buf_pos - begin_) + ": " + std::string(what) + ": near '" +
      Snippet(std::string_view(buf_.data() + from, end_ - from)) + "'");
}

Result<bool> DumpReader::SkipBetweenStatements() {
  while (true) {
    if (begin_ == end_ || (end_ - begin_ < 16 && !eof_)) {
      CELLAR_ASSIGN_OR_RETURN(bool more, Fill());
      if (!more && begin_ == end_) return false;
      if (more) continue;
    }
    std::string_view rest(buf_.data() + begin_, end_ - begin_);
    if (IsSpace(rest[0])) {
      size_t p = 0;
      while (p < rest.size() && IsSpace(rest[p])) ++p;
      Consume(begin_ + p);
      continue;
    }
    bool line_comment = rest[0] == '#' || (rest.substr(0, 2) == "--" &&
                                          (rest.size() == 2 || IsSpace(rest[2])));
    bool delimiter_command = StartsWithIgnoreCase(rest, "DELIMITER") && rest.size() > 9 &&
                             (rest[9] == ' ' || rest[9] == '\t');
    if (line_comment || delimiter_command) {
      size_t nl = rest.find('\n');
      if (nl == std::string_view::npos && !eof_) {
        CELLAR_ASSIGN_OR_RETURN(bool more, Fill());
        (void)more;
        continue;
      }
      std::string_view line = rest.substr(0, nl);
      while (!line.empty() && (line.back() == '\r' || IsSpace(line.back()))) line.remove_suffix(1);
      if (delimiter_command) {
        std::string_view d = line.substr(9);  // "DELIMITER" and then spaces: possibly none left
        while (!d.empty() && IsSpace(d.front())) d.remove_prefix(1);
        if (d.empty()) return ErrorAt(begin_, "DELIMITER without a delimiter");
        delimiter_ = std::string(d);
      } else if (constexpr std::string_view kDone = "-- Dump completed on "; line.starts_with(kDone)) {
        dump_completed_ = std::string(line.substr(kDone.size()));
      }
      Consume(nl == std::string_view::npos ? end_ : begin_ + nl + 1);
      continue;
    }
    if (rest.substr(0, 2) == "/*" && !IsConditionalComment(rest)) {
      size_t close = rest.find("*/", 2);
      if (close == std::string_view::npos) {
        if (eof_) return ErrorAt(begin_, "unterminated /* comment at the end of the input");
        CELLAR_ASSIGN_OR_RETURN(bool more, Fill());
        (void)more;
        continue;
      }
      Consume(begin_ + close + 2);
      continue;
    }
    return true;
  }
}

Result<bool> DumpReader::ScanStatement() {
  bool rescanned_at_eof = false;  // lookahead waits on more bytes; at the end, decide without
  while (true) {
    bool need_more = false;
    while (!need_more) {
      const char* base = buf_.data();
      size_t p = scan_;
      if (p >= end_) {
        need_more = true;
        break;
      }
      switch (state_) {
        case State::kNormal: {
          const char d0 = delimiter_[0];
          if (fast_path_ && d0 != '\'' && d0 != '\\') p = SkipPlainSql(base, p, end_, d0);
          p = FindSpecial(base + p, base + end_, d0) - base;
          scan_ = p;
          if (p >= end_) {
            need_more = true;
            break;
          }
          const char c = base[p];
          const size_t avail = end_ - p;
          if (c == d0) {
            if (avail < delimiter_.size()) {
              need_more = true;
            } else if (std::memcmp(base + p, delimiter_.data(), delimiter_.size()) == 0) {
              return true;
            } else {
              scan_ = p + 1;
            }
          } else if (c == '\'' || c == '"' || c == '`') {
            quote_start_ = p;
            // Most strings end inside the buffer: skip them here, without a state change.
            const size_t close = c == '`' ? 0 : QuotedEnd(base, p + 1, end_, c);
            if (close != 0) {
              scan_ = close;
            } else {
              state_ = c == '\'' ? State::kSingle : c == '"' ? State::kDouble : State::kBacktick;
              scan_ = p + 1;
            }
          } else if (c == '#') {
            state_ = State::kLineComment;
            scan_ = p + 1;
          } else if (avail < 11 && !eof_) {  // '-' and '/' need a few bytes of lookahead
            need_more = true;
          } else if (c == '-') {
            bool comment = avail >= 2 && base[p + 1] == '-' && (avail == 2 || IsSpace(base[p + 2]));
            if (comment) state_ = State::kLineComment;
            scan_ = p + (comment ? 2 : 1);
          } else {  // '/'
            std::string_view rest(base + p, avail);
            if (rest.substr(0, 2) == "/*" && !IsConditionalComment(rest)) {
              state_ = State::kBlockComment;
              scan_ = p + 2;
            } else {
              scan_ = p + 1;  // a conditional comment's content is SQL
            }
          }
          break;
        }
        case State::kSingle:
        case State::kDouble: {
          // One scan for the quote or a backslash, which escapes the byte after it.
          const char q = state_ == State::kSingle ? '\'' : '"';
          const size_t qp = FindEither(base + p, base + end_, q, '\\') - base;
          if (qp >= end_) {
            scan_ = end_;
            need_more = true;
          } else if (base[qp] == '\\') {
            scan_ = qp + 2 <= end_ ? qp + 2 : qp;  // the escaped byte may not be read yet
            need_more = qp + 2 > end_;
          } else if (qp + 1 >= end_ && !eof_) {
            scan_ = qp;  // is it doubled? the next byte decides
            need_more = true;
          } else if (qp + 1 < end_ && base[qp + 1] == q) {
            scan_ = qp + 2;
          } else {
            state_ = State::kNormal;
            scan_ = qp + 1;
          }
          break;
        }
        case State::kBacktick: {
          const void* f = std::memchr(base + p, '`', end_ - p);
          size_t qp = f == nullptr ? end_ : static_cast<const char*>(f) - base;
          if (qp == end_ || (qp + 1 >= end_ && !eof_)) {
            scan_ = qp;
            need_more = true;
          } else if (qp + 1 < end_ && base[qp + 1] == '`') {
            scan_ = qp + 2;
          } else {
            state_ = State::kNormal;
            scan_ = qp + 1;
          }
          break;
        }
        case State::kLineComment: {
          const void* f = std::memchr(base + p, '\n', end_ - p);
          if (f == nullptr) {
            scan_ = end_;
            need_more = true;
          } else {
            state_ = State::kNormal;
            scan_ = static_cast<const char*>(f) - base + 1;
          }
          break;
        }
        case State::kBlockComment: {
          std::string_view rest(base + p, end_ - p);
          size_t close = rest.find("*/");
          if (close == std::string_view::npos) {
            scan_ = end_ - 1 > p ? end_ - 1 : p;  // keep a '*' that may end the comment
            need_more = true;
          } else {
            state_ = State::kNormal;
            scan_ = p + close + 2;
          }
          break;
        }
      }
    }
    CELLAR_ASSIGN_OR_RETURN(bool more, Fill());
    if (!more) {
      if (rescanned_at_eof || scan_ >= end_) return false;
      rescanned_at_eof = true;
    }
  }
}

Result<bool> DumpReader::Next(Statement& statement) {
  if (pending_ > 0) {
    Consume(pending_);
    pending_ = 0;
  }
  CELLAR_ASSIGN_OR_RETURN(bool any, SkipBetweenStatements());
  if (!any) return false;
  scan_ = begin_;
  state_ = State::kNormal;
  CELLAR_ASSIGN_OR_RETURN(bool found, ScanStatement());
  if (!found) {
    switch (state_) {
      case State::kSingle:
      case State::kDouble:
        return ErrorAt(quote_start_, "unbalanced quote: the string starting here never ends");
      case State::kBacktick:
        return ErrorAt(quote_start_, "unbalanced quote: the name starting here never ends");
      case State::kBlockComment:
        return ErrorAt(begin_, "unterminated /* comment in this statement");
      default:
        return ErrorAt(begin_, "truncated input: the statement starting here has no '" +
                                   delimiter_ + "'");
    }
  }
  statement.text = std::string_view(buf_.data() + begin_, scan_ - begin_);
  statement.line = line_;
  statement.offset = base_offset_ + begin_;
  pending_ = scan_ + delimiter_.size();
  CELLAR_RETURN_IF_ERROR(Classify(statement));
  ++stats_.statements;
  return true;
}

Status DumpReader::Classify(Statement& statement) const {
  DumpLexer lexer(statement.text, nullptr);
  Token token;
  Status s = lexer.Next(token);
  if (!s.ok() || token.kind != TokenKind::kWord) {
    return ErrorAt(begin_, "unknown statement (a dump holds SET, CREATE, INSERT...)");
  }
  auto is = [&](std::string_view w) { return token.IsWord(w); };
  if (is("INSERT")) {
    statement.kind = StatementKind::kInsert;
  } else if (is("REPLACE")) {
    statement.kind = StatementKind::kReplace;
  } else if (is("USE")) {
    statement.kind = StatementKind::kUse;
  } else if (is("LOCK")) {
    statement.kind = StatementKind::kLockTables;
  } else if (is("UNLOCK")) {
    statement.kind = StatementKind::kUnlockTables;
  } else if (is("CREATE")) {
    // CREATE [OR REPLACE] [ALGORITHM=..] [DEFINER=..] [SQL SECURITY ..] VIEW | TRIGGER | ...
    for (int i = 0; i < 24; ++i) {
      if (!lexer.Next(token).ok() || token.kind == TokenKind::kEnd) break;
      if (is("TABLE")) return (statement.kind = StatementKind::kCreateTable, Status::Ok());
      if (is("VIEW")) return (statement.kind = StatementKind::kCreateView, Status::Ok());
      if (is("DATABASE") || is("SCHEMA")) {
        return (statement.kind = StatementKind::kCreateDatabase, Status::Ok());
      }
      if (is("TRIGGER") || is("PROCEDURE") || is("FUNCTION") || is("EVENT")) {
        return (statement.kind = StatementKind::kCreateRoutine, Status::Ok());
      }
    }
    statement.kind = StatementKind::kOther;  // CREATE INDEX, CREATE USER...: not data
  } else {
    static constexpr std::string_view kKnown[] = {
        "SET", "DROP", "ALTER", "START", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
        "FLUSH", "CHANGE", "TRUNCATE", "SELECT", "GRANT", "DO", "RESET", "DELETE", "UPDATE"};
    for (std::string_view k : kKnown) {
      if (is(k)) return (statement.kind = StatementKind::kOther, Status::Ok());
    }
    return ErrorAt(begin_ + token.offset, "unknown statement '" + std::string(token.text) + "'");
  }
  return Status::Ok();
}

}  // namespace cellar::mysql
