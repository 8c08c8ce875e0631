#pragma once

// FilterParser: a recursive-descent parser for HBase's filter language (docs/filter-language.md).
// One parser per string; not thread-safe. ParseFilterString (cellar/filters.h) is its entry point.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/filters.h"
#include "filter/filter_arguments.h"

namespace cellar::filter {

class FilterParser {
 public:
  explicit FilterParser(std::string_view text) : text_(text) {}

  // The filter the whole string describes, or InvalidArgument pointing at the first error.
  Result<std::shared_ptr<Filter>> Parse();

  // Nesting (parentheses, SKIP, WHILE) deeper than this is rejected, so that hostile strings
  // cannot exhaust the stack.
  static constexpr int kMaxDepth = 100;

 private:
  using FilterPtr = std::shared_ptr<Filter>;

  FilterPtr ParseOr(int depth);
  FilterPtr ParseAnd(int depth);
  FilterPtr ParseUnary(int depth);
  FilterPtr ParseCall();
  bool ParseArguments(std::vector<Argument>& args);
  bool ParseArgument(std::vector<Argument>& args);

  void SkipSpaces();
  bool AtEnd() const { return pos_ >= text_.size(); }
  // Whether the keyword "word" starts at the current position, followed by a space or '('.
  bool AtKeyword(std::string_view word) const;
  // The message for an unexpected character after a complete filter.
  std::string UnexpectedAfterFilter(std::string_view expected) const;
  // Records the first error; always returns nullptr for convenience.
  std::nullptr_t Fail(size_t position, std::string message);

  std::string_view text_;
  size_t pos_ = 0;
  bool failed_ = false;
  size_t error_position_ = 0;
  std::string error_;
};

// "filter string position N: <message>", the string (a window of it when long) and a caret
// under position N.
std::string FormatParseError(std::string_view text, size_t position, std::string_view message);

}  // namespace cellar::filter
