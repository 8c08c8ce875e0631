#include "cli/shell/args.h"

#include <strings.h>

#include <charconv>

namespace cellar::shell {

namespace {

Status TypeError(const Value& v, std::string_view what, std::string_view expected) {
  return Status::InvalidArgument(std::string(what) + " must be " + std::string(expected) +
                                 ", got " + v.ToString());
}

}  // namespace

Result<std::string> ToText(const Value& v, std::string_view what) {
  if (v.is_string() || v.is_constant()) return v.text();
  return TypeError(v, what, "a string");
}

Result<int64_t> ToInteger(const Value& v, std::string_view what) {
  if (v.is_integer()) return v.integer();
  if (v.is_string()) {
    const std::string& s = v.text();
    int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return n;
  }
  return TypeError(v, what, "an integer");
}

Result<bool> ToBool(const Value& v, std::string_view what) {
  if (v.is_bool()) return v.bool_value();
  if (v.is_string() || v.is_constant()) {
    if (strcasecmp(v.text().c_str(), "true") == 0) return true;
    if (strcasecmp(v.text().c_str(), "false") == 0) return false;
  }
  return TypeError(v, what, "true or false");
}

Result<std::vector<std::string>> ToTextList(const Value& v, std::string_view what) {
  if (v.is_string() || v.is_constant()) return std::vector<std::string>{v.text()};
  if (!v.is_array()) return TypeError(v, what, "a string or an array of strings");
  std::vector<std::string> out;
  for (const Value& item : v.array()) {
    CELLAR_ASSIGN_OR_RETURN(std::string s, ToText(item, what));
    out.push_back(std::move(s));
  }
  return out;
}

ArgList::ArgList(const std::vector<Value>& args, bool takes_options) : positional_(args) {
  if (takes_options && !positional_.empty() && positional_.back().is_hash()) {
    options_ = std::move(positional_.back());
    positional_.pop_back();
  }
}

Status ArgList::ExpectCount(size_t min, size_t max) const {
  if (size() >= min && size() <= max) return Status::Ok();
  std::string expected = std::to_string(min);
  if (max != min) expected += max == SIZE_MAX ? "+" : ".." + std::to_string(max);
  return Status::InvalidArgument("wrong number of arguments (given " + std::to_string(size()) +
                                 ", expected " + expected + ")");
}

Result<std::string> ArgList::Text(size_t i, std::string_view what) const {
  return ToText(positional_[i], what);
}

Result<int64_t> ArgList::Integer(size_t i, std::string_view what) const {
  return ToInteger(positional_[i], what);
}

Result<Options> Options::From(const Value* hash) {
  Options options;
  if (hash == nullptr) return options;
  if (!hash->is_hash()) return TypeError(*hash, "options", "a hash {KEY => value}");
  for (const Value::HashEntry& entry : hash->hash()) {
    if (!entry.key.is_string() && !entry.key.is_constant()) {
      return TypeError(entry.key, "an option name", "a name such as VERSIONS");
    }
  }
  options.entries_ = hash->hash();
  return options;
}

bool Options::Has(std::string_view key) const {
  for (const auto& entry : entries_) {
    if (entry.key.text() == key) return true;
  }
  return false;
}

const Value* Options::Find(std::string_view key) {
  known_.emplace(key);
  const Value* found = nullptr;
  for (const auto& entry : entries_) {
    if (entry.key.text() == key) found = &entry.value;  // the last one wins, as in a Ruby hash
  }
  return found;
}

Result<std::optional<std::string>> Options::Text(std::string_view key) {
  const Value* v = Find(key);
  if (v == nullptr) return std::optional<std::string>();
  CELLAR_ASSIGN_OR_RETURN(std::string s, ToText(*v, key));
  return std::optional<std::string>(std::move(s));
}

Result<std::optional<int64_t>> Options::Integer(std::string_view key) {
  const Value* v = Find(key);
  if (v == nullptr) return std::optional<int64_t>();
  CELLAR_ASSIGN_OR_RETURN(int64_t n, ToInteger(*v, key));
  return std::optional<int64_t>(n);
}

Result<std::optional<bool>> Options::Bool(std::string_view key) {
  const Value* v = Find(key);
  if (v == nullptr) return std::optional<bool>();
  CELLAR_ASSIGN_OR_RETURN(bool b, ToBool(*v, key));
  return std::optional<bool>(b);
}

Result<std::optional<std::vector<std::string>>> Options::TextList(std::string_view key) {
  const Value* v = Find(key);
  if (v == nullptr) return std::optional<std::vector<std::string>>();
  CELLAR_ASSIGN_OR_RETURN(auto list, ToTextList(*v, key));
  return std::optional<std::vector<std::string>>(std::move(list));
}

Result<std::optional<std::pair<int64_t, int64_t>>> Options::Range(std::string_view key) {
  using R = std::optional<std::pair<int64_t, int64_t>>;
  const Value* v = Find(key);
  if (v == nullptr) return R();
  if (!v->is_array() || v->array().size() != 2) {
    return TypeError(*v, key, "[min, max] (two timestamps)");
  }
  CELLAR_ASSIGN_OR_RETURN(int64_t min, ToInteger(v->array()[0], key));
  CELLAR_ASSIGN_OR_RETURN(int64_t max, ToInteger(v->array()[1], key));
  return R(std::make_pair(min, max));
}

Status Options::CheckAllUsed() const {
  for (const auto& entry : entries_) {
    if (known_.count(entry.key.text()) != 0) continue;
    std::string known;
    for (const std::string& k : known_) known += (known.empty() ? "" : ", ") + k;
    return Status::InvalidArgument(
        "unknown option " + entry.key.text() +
        (known.empty() ? " (this command takes no options)" : " (known here: " + known + ")"));
  }
  return Status::Ok();
}

}  // namespace cellar::shell
