#pragma once

// Reading command arguments: typed access to the positional arguments and the option hash of
// one command, with errors that say which command and which argument was wrong.
// Value types, thread-compatible.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "cli/shell/value.h"

namespace cellar::shell {

// Converters shared by positional arguments and options. "what" names the argument in messages
// ("table name", "VERSIONS"). All return InvalidArgument on a type mismatch.
//
// A string (or a constant, whose value is its name).
Result<std::string> ToText(const Value& v, std::string_view what);
// An integer, or a string holding a decimal integer ('5'), as HBase's shell accepts both.
Result<int64_t> ToInteger(const Value& v, std::string_view what);
// true/false, or the strings 'true'/'false' in any case.
Result<bool> ToBool(const Value& v, std::string_view what);
// A string, or an array of strings (COLUMNS => 'f' or ['f:a', 'f:b']).
Result<std::vector<std::string>> ToTextList(const Value& v, std::string_view what);

// The positional arguments of one command, with a trailing option hash split off.
class ArgList {
 public:
  // "args" is copied. A final hash argument becomes options() when "takes_options".
  ArgList(const std::vector<Value>& args, bool takes_options);

  size_t size() const { return positional_.size(); }
  const Value& at(size_t i) const { return positional_[i]; }
  // The trailing option hash, or nullptr.
  const Value* options() const { return options_ ? &*options_ : nullptr; }

  // InvalidArgument "wrong number of arguments (given N, expected A..B)" unless
  // min <= size() <= max.
  Status ExpectCount(size_t min, size_t max) const;
  // The i-th argument as text. REQUIRES: i < size().
  Result<std::string> Text(size_t i, std::string_view what) const;
  Result<int64_t> Integer(size_t i, std::string_view what) const;

 private:
  std::vector<Value> positional_;
  std::optional<Value> options_;
};

// The KEY => value options of one command. Remembers which keys were read, so that
// CheckAllUsed() can reject the ones the command does not know.
class Options {
 public:
  Options() = default;
  // "hash" may be nullptr (no options). InvalidArgument if it is not a hash.
  static Result<Options> From(const Value* hash);

  bool Has(std::string_view key) const;
  // The value of "key", or nullptr; marks "key" as known.
  const Value* Find(std::string_view key);
  Result<std::optional<std::string>> Text(std::string_view key);
  Result<std::optional<int64_t>> Integer(std::string_view key);
  Result<std::optional<bool>> Bool(std::string_view key);
  Result<std::optional<std::vector<std::string>>> TextList(std::string_view key);
  // [min, max] as HBase writes TIMERANGE => [t1, t2].
  Result<std::optional<std::pair<int64_t, int64_t>>> Range(std::string_view key);

  // InvalidArgument "unknown option FOO (known: A, B)" for a key nobody read.
  Status CheckAllUsed() const;

 private:
  std::vector<Value::HashEntry> entries_;
  std::set<std::string, std::less<>> known_;
};

}  // namespace cellar::shell
