#pragma once

// ArgumentList: the arguments of one filter call in a filter string, with typed accessors that
// follow HBase's ParseFilter conversions and remember where the first error is. Internal to the
// parser; not thread-safe.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/filters.h"

namespace cellar::filter {

// One argument as written: quoted ('...' with '' unescaped) or bare (up to a space, ',' or ')').
struct Argument {
  bool quoted = false;
  std::string text;     // without quotes, unescaped
  size_t position = 0;  // byte offset of its first character in the filter string
};

class ArgumentList {
 public:
  // "name_position": where the filter name starts in the filter string.
  ArgumentList(std::string_view name, size_t name_position, std::vector<Argument> args)
      : name_(name), name_position_(name_position), args_(std::move(args)) {}

  size_t size() const { return args_.size(); }
  // False (and an error at the filter name) unless size() is one of "allowed"; "usage" shows the
  // expected arguments, e.g. "('prefix')".
  bool CountIs(std::initializer_list<size_t> allowed, std::string_view usage);

  // Accessors: nullopt after recording an error at argument "i". "what" names the argument in
  // the message ("prefix", "limit").
  std::optional<std::string> Quoted(size_t i, std::string_view what);
  std::optional<int64_t> Long(size_t i, std::string_view what);
  std::optional<int32_t> Int(size_t i, std::string_view what);
  std::optional<bool> Bool(size_t i, std::string_view what);
  std::optional<CompareOperator> Operator(size_t i);
  // A quoted 'type:value' comparator. With "op", enforces HBase's rule that regexstring and
  // substring only go with = and !=.
  std::shared_ptr<const Comparator> ComparatorArg(size_t i, std::optional<CompareOperator> op);
  bool IsQuoted(size_t i) const { return i < args_.size() && args_[i].quoted; }

  // Records an error at argument "i" (or at the filter name when i >= size()).
  void Fail(size_t i, std::string_view message);
  // Turns a factory's Result into a filter, or records its error at argument "i".
  std::shared_ptr<Filter> Take(Result<std::shared_ptr<Filter>> result, size_t i);

  bool failed() const { return failed_; }
  size_t error_position() const { return error_position_; }
  const std::string& error() const { return error_; }

 private:
  void FailAt(size_t position, std::string message);

  std::string name_;
  size_t name_position_;
  std::vector<Argument> args_;
  bool failed_ = false;
  size_t error_position_ = 0;
  std::string error_;
};

// Builds one filter from its arguments; nullptr after recording an error in "args".
using FilterBuilder = std::shared_ptr<Filter> (*)(ArgumentList& args);
// The builder registered under "name", or nullptr.
FilterBuilder FindFilterBuilder(std::string_view name);

}  // namespace cellar::filter
