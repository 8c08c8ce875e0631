#include "filter/filter_parser.h"

namespace cellar::filter {
namespace {

bool IsSpace(char ch) { return ch == ' ' || ch == '\t'; }  // HBase's only whitespace

std::vector<std::shared_ptr<Filter>> Flatten(std::shared_ptr<Filter> first) {
  std::vector<std::shared_ptr<Filter>> filters;
  filters.push_back(std::move(first));
  return filters;
}

}  // namespace

Result<std::shared_ptr<Filter>> FilterParser::Parse() {
  SkipSpaces();
  FilterPtr filter;
  if (AtEnd()) {
    Fail(pos_, "the filter string is empty; expected a filter such as PrefixFilter ('row')");
  } else {
    filter = ParseOr(0);
  }
  if (!failed_) {
    SkipSpaces();
    if (!AtEnd()) {
      Fail(pos_, text_[pos_] == ')' ? "unmatched ')'"
                                    : UnexpectedAfterFilter("AND, OR or the end of the string"));
    }
  }
  if (failed_) {
    return Status::InvalidArgument(FormatParseError(text_, error_position_, error_));
  }
  return filter;
}

// or := and ("OR" and)*: one MUST_PASS_ONE list for a run of ORs, as HBase builds it.
std::shared_ptr<Filter> FilterParser::ParseOr(int depth) {
  FilterPtr first = ParseAnd(depth);
  if (first == nullptr) return nullptr;
  std::vector<FilterPtr> filters = Flatten(std::move(first));
  for (SkipSpaces(); AtKeyword("OR"); SkipSpaces()) {
    pos_ += 2;
    FilterPtr next = ParseAnd(depth);
    if (next == nullptr) return nullptr;
    filters.push_back(std::move(next));
  }
  if (filters.size() == 1) return filters[0];
  return MakeFilterList(FilterListOperator::kMustPassOne, std::move(filters));
}

// and := unary ("AND" unary)*
std::shared_ptr<Filter> FilterParser::ParseAnd(int depth) {
  FilterPtr first = ParseUnary(depth);
  if (first == nullptr) return nullptr;
  std::vector<FilterPtr> filters = Flatten(std::move(first));
  for (SkipSpaces(); AtKeyword("AND"); SkipSpaces()) {
    pos_ += 3;
    FilterPtr next = ParseUnary(depth);
    if (next == nullptr) return nullptr;
    filters.push_back(std::move(next));
  }
  if (filters.size() == 1) return filters[0];
  return MakeFilterList(FilterListOperator::kMustPassAll, std::move(filters));
}

// unary := ("SKIP" | "WHILE") unary | "(" or ")" | call
std::shared_ptr<Filter> FilterParser::ParseUnary(int depth) {
  SkipSpaces();
  if (depth >= kMaxDepth) {
    return Fail(pos_, "filters nest deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  if (AtEnd()) return Fail(pos_, "the filter string ends where a filter was expected");
  for (std::string_view op : {"AND", "OR"}) {
    if (AtKeyword(op)) return Fail(pos_, std::string(op) + " needs a filter on each side");
  }
  for (std::string_view op : {"SKIP", "WHILE"}) {
    if (!AtKeyword(op) && text_.substr(pos_) != op) continue;
    size_t op_position = pos_;
    pos_ += op.size();
    SkipSpaces();
    if (AtEnd()) return Fail(op_position, std::string(op) + " needs a filter after it");
    FilterPtr inner = ParseUnary(depth + 1);
    if (inner == nullptr) return nullptr;
    return op == "SKIP" ? MakeSkipFilter(std::move(inner)) : MakeWhileMatchFilter(std::move(inner));
  }
  if (text_[pos_] == '(') {
    size_t open = pos_++;
    SkipSpaces();
    if (!AtEnd() && text_[pos_] == ')') return Fail(pos_, "expected a filter inside '( )'");
    FilterPtr inner = ParseOr(depth + 1);
    if (inner == nullptr) return nullptr;
    SkipSpaces();
    if (AtEnd() || text_[pos_] != ')') {
      return Fail(AtEnd() ? open : pos_,
                  AtEnd() ? "this '(' is never closed" : UnexpectedAfterFilter("')', AND or OR"));
    }
    ++pos_;
    return inner;
  }
  return ParseCall();
}

// call := Name "(" [arg ("," arg)*] ")"
std::shared_ptr<Filter> FilterParser::ParseCall() {
  size_t name_position = pos_;
  while (!AtEnd() && text_[pos_] != '(' && !IsSpace(text_[pos_]) && text_[pos_] != ')' &&
         text_[pos_] != ',' && text_[pos_] != '\'') {
    ++pos_;
  }
  std::string_view name = text_.substr(name_position, pos_ - name_position);
  if (name.empty()) {
    return Fail(name_position, "expected a filter name, '(', SKIP or WHILE");
  }
  FilterBuilder builder = FindFilterBuilder(name);
  if (builder == nullptr) {
    return Fail(name_position, "unknown filter name '" + std::string(name) +
                                   "' (names are case-sensitive; see RegisteredFilterNames)");
  }
  SkipSpaces();
  if (AtEnd() || text_[pos_] != '(') {
    return Fail(pos_, "expected '(' after the filter name " + std::string(name));
  }
  ++pos_;
  std::vector<Argument> args;
  if (!ParseArguments(args)) return nullptr;
  ArgumentList list(name, name_position, std::move(args));
  FilterPtr filter = builder(list);
  if (list.failed()) return Fail(list.error_position(), list.error());
  return filter;
}

// After "(": [arg ("," arg)*] ")"
bool FilterParser::ParseArguments(std::vector<Argument>& args) {
  SkipSpaces();
  if (!AtEnd() && text_[pos_] == ')') {
    ++pos_;
    return true;
  }
  while (true) {
    if (!ParseArgument(args)) return false;
    SkipSpaces();
    if (AtEnd()) {
      Fail(pos_, "the filter string ends inside an argument list; expected ')'");
      return false;
    }
    char ch = text_[pos_++];
    if (ch == ')') return true;
    if (ch != ',') {
      Fail(pos_ - 1, "expected ',' or ')' after an argument");
      return false;
    }
    SkipSpaces();
  }
}

// arg := "'" (byte | "''")* "'" | bare token up to a space, ',' or ')'
bool FilterParser::ParseArgument(std::vector<Argument>& args) {
  SkipSpaces();
  Argument arg;
  arg.position = pos_;
  if (AtEnd() || text_[pos_] == ',' || text_[pos_] == ')') {
    Fail(pos_, "expected an argument");
    return false;
  }
  if (text_[pos_] == '\'') {
    arg.quoted = true;
    for (++pos_;; ++pos_) {
      if (AtEnd()) {
        Fail(arg.position, "this quoted argument is never closed");
        return false;
      }
      if (text_[pos_] != '\'') {
        arg.text.push_back(text_[pos_]);
      } else if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
        arg.text.push_back(text_[pos_++]);  // '' is one quote
      } else {
        ++pos_;
        break;
      }
    }
  } else {
    while (!AtEnd() && !IsSpace(text_[pos_]) && text_[pos_] != ',' && text_[pos_] != ')') {
      arg.text.push_back(text_[pos_++]);
    }
  }
  args.push_back(std::move(arg));
  return true;
}

std::string FilterParser::UnexpectedAfterFilter(std::string_view expected) const {
  for (std::string_view op : {"AND", "OR"}) {
    std::string_view rest = text_.substr(pos_);
    if (rest.substr(0, op.size()) == op && (rest.size() == op.size() || rest[op.size()] == ')')) {
      return std::string(op) + " needs a filter on each side";
    }
  }
  return "expected " + std::string(expected);
}

void FilterParser::SkipSpaces() {
  while (!AtEnd() && IsSpace(text_[pos_])) ++pos_;
}

bool FilterParser::AtKeyword(std::string_view word) const {
  if (text_.substr(pos_, word.size()) != word) return false;
  size_t after = pos_ + word.size();
  return after < text_.size() && (IsSpace(text_[after]) || text_[after] == '(');
}

std::nullptr_t FilterParser::Fail(size_t position, std::string message) {
  if (!failed_) {
    failed_ = true;
    error_position_ = position;
    error_ = std::move(message);
  }
  return nullptr;
}

std::string FormatParseError(std::string_view text, size_t position, std::string_view message) {
  constexpr size_t kContext = 60;  // bytes shown on each side of the error
  size_t begin = position > kContext ? position - kContext : 0;
  size_t end = std::min(text.size(), position + kContext);
  std::string shown = begin > 0 ? "..." : "";
  std::string caret = begin > 0 ? "   " : "";
  for (size_t i = begin; i < end; ++i) {
    unsigned char ch = static_cast<unsigned char>(text[i]);
    bool printable = ch == '\t' || ch >= 0x20;
    shown.push_back(printable && ch != 0x7F ? static_cast<char>(ch) : '?');
    // Tabs stay tabs under tabs; UTF-8 continuation bytes take no column.
    if (i < position && (ch & 0xC0) != 0x80) caret.push_back(ch == '\t' ? '\t' : ' ');
  }
  if (end < text.size()) shown += "...";
  caret.push_back('^');
  return "filter string position " + std::to_string(position) + ": " + std::string(message) + "\n" +
         shown + "\n" + caret;
}

}  // namespace cellar::filter

namespace cellar {

Result<std::shared_ptr<Filter>> ParseFilterString(std::string_view filter_string) {
  return filter::FilterParser(filter_string).Parse();
}

}  // namespace cellar
