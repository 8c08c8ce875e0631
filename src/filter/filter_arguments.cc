#include "filter/filter_arguments.h"

#include <limits>

namespace cellar::filter {
namespace {

std::string Shown(const Argument& a) {
  std::string s = a.quoted ? "'" + a.text + "'" : a.text;
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

}  // namespace

bool ArgumentList::CountIs(std::initializer_list<size_t> allowed, std::string_view usage) {
  for (size_t n : allowed) {
    if (n == args_.size()) return true;
  }
  FailAt(name_position_, name_ + " takes " + std::string(usage) + ", got " +
                             std::to_string(args_.size()) + " argument" +
                             (args_.size() == 1 ? "" : "s"));
  return false;
}

std::optional<std::string> ArgumentList::Quoted(size_t i, std::string_view what) {
  if (!args_[i].quoted) {
    Fail(i, "expected " + std::string(what) + " as a quoted string like 'abc', got " +
                Shown(args_[i]));
    return std::nullopt;
  }
  return args_[i].text;
}

std::optional<int64_t> ArgumentList::Long(size_t i, std::string_view what) {
  const Argument& a = args_[i];
  std::string_view digits = a.text;
  bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.remove_prefix(1);
  bool ok = !a.quoted && !digits.empty();
  uint64_t value = 0;
  const uint64_t limit = negative ? uint64_t{1} << 63 : std::numeric_limits<int64_t>::max();
  for (char ch : digits) {
    if (!ok) break;
    ok = ch >= '0' && ch <= '9' && value <= (limit - (ch - '0')) / 10;
    value = value * 10 + (ch - '0');
  }
  if (!ok) {
    Fail(i, "expected " + std::string(what) +
                " as an integer without quotes (at most 19 "
                "digits), got " +
                Shown(a));
    return std::nullopt;
  }
  return negative ? static_cast<int64_t>(0 - value) : static_cast<int64_t>(value);
}

std::optional<int32_t> ArgumentList::Int(size_t i, std::string_view what) {
  auto v = Long(i, what);
  if (!v.has_value()) return std::nullopt;
  if (*v < std::numeric_limits<int32_t>::min() || *v > std::numeric_limits<int32_t>::max()) {
    Fail(i, std::string(what) + " must fit in a 32-bit integer, got " + Shown(args_[i]));
    return std::nullopt;
  }
  return static_cast<int32_t>(*v);
}

std::optional<bool> ArgumentList::Bool(size_t i, std::string_view what) {
  const Argument& a = args_[i];
  if (!a.quoted && EqualsIgnoreCase(a.text, "true")) return true;
  if (!a.quoted && EqualsIgnoreCase(a.text, "false")) return false;
  Fail(i, "expected " + std::string(what) + " as true or false without quotes, got " + Shown(a));
  return std::nullopt;
}

std::optional<CompareOperator> ArgumentList::Operator(size_t i) {
  const Argument& a = args_[i];
  if (!a.quoted) {
    if (a.text == "<") return CompareOperator::kLess;
    if (a.text == "<=") return CompareOperator::kLessOrEqual;
    if (a.text == "=") return CompareOperator::kEqual;
    if (a.text == "!=") return CompareOperator::kNotEqual;
    if (a.text == ">=") return CompareOperator::kGreaterOrEqual;
    if (a.text == ">") return CompareOperator::kGreater;
  }
  Fail(i, "expected a comparison operator (<, <=, =, !=, >=, >) without quotes, got " + Shown(a));
  return std::nullopt;
}

std::shared_ptr<const Comparator> ArgumentList::ComparatorArg(size_t i,
                                                              std::optional<CompareOperator> op) {
  const Argument& a = args_[i];
  size_t colon = a.text.find(':');
  if (!a.quoted || colon == std::string::npos) {
    Fail(i,
         "expected a comparator as a quoted 'type:value' (binary, binaryprefix, regexstring "
         "or substring), got " +
             Shown(a));
    return nullptr;
  }
  std::string_view type = std::string_view(a.text).substr(0, colon);
  std::string value = a.text.substr(colon + 1);
  std::shared_ptr<const Comparator> comparator;
  if (type == "binary") {
    comparator = MakeBinaryComparator(std::move(value));
  } else if (type == "binaryprefix") {
    comparator = MakeBinaryPrefixComparator(std::move(value));
  } else if (type == "substring") {
    comparator = MakeSubstringComparator(value);
  } else if (type == "regexstring") {
    auto regex = MakeRegexStringComparator(value);
    if (!regex.ok()) {
      Fail(i, regex.status().message());
      return nullptr;
    }
    comparator = *regex;
  } else {
    Fail(i, "unknown comparator type '" + std::string(type) +
                "': use binary, binaryprefix, regexstring or substring");
    return nullptr;
  }
  if (op.has_value() && comparator->OnlyEqualityOperators() && *op != CompareOperator::kEqual &&
      *op != CompareOperator::kNotEqual) {
    Fail(i, "a " + std::string(type) + " comparator can only be used with = and !=");
    return nullptr;
  }
  return comparator;
}

void ArgumentList::Fail(size_t i, std::string_view message) {
  FailAt(i < args_.size() ? args_[i].position : name_position_, std::string(message));
}

std::shared_ptr<Filter> ArgumentList::Take(Result<std::shared_ptr<Filter>> result, size_t i) {
  if (result.ok()) return *result;
  Fail(i, result.status().message());
  return nullptr;
}

void ArgumentList::FailAt(size_t position, std::string message) {
  if (failed_) return;  // the first error is the one reported
  failed_ = true;
  error_position_ = position;
  error_ = std::move(message);
}

}  // namespace cellar::filter
