#include "replicate/pg/setting_reader.h"

#include <charconv>

namespace cellar::pg {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

SettingReader::SettingReader(const IniFile& ini, std::string section, std::string fallback)
    : ini_(ini), section_(std::move(section)), fallback_(std::move(fallback)) {}

const std::string& SettingReader::SourceOf(std::string_view key) const {
  if (ini_.Has(section_, key) || fallback_.empty() || !ini_.Has(fallback_, key)) return section_;
  return fallback_;
}

Result<std::optional<std::string>> SettingReader::Find(std::string_view key) const {
  return ini_.Find(SourceOf(key), key);
}

Status SettingReader::Error(std::string_view key, std::string_view what) const {
  const std::string& source = SourceOf(key);
  std::string where = ini_.Has(source, key) ? ini_.Where(source, key) : ini_.filename();
  return Status::InvalidArgument(where + ": [" + source + "] " + Lower(key) + ": " +
                                 std::string(what));
}

Result<std::string> SettingReader::Required(std::string_view key, std::string_view hint) const {
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> value, Find(key));
  if (!value.has_value() || value->empty()) {
    std::string where = ini_.filename();
    const IniSection* section = ini_.FindSection(section_);
    if (section != nullptr && section->line > 0) where += ":" + std::to_string(section->line);
    return Status::InvalidArgument(where + ": [" + section_ + "] " +
                                   (value.has_value() ? "has an empty '" : "has no '") +
                                   Lower(key) + "'; " + std::string(hint));
  }
  return std::move(*value);
}

Result<std::string> SettingReader::String(std::string_view key,
                                          std::string_view default_value) const {
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> value, Find(key));
  return value.has_value() ? std::move(*value) : std::string(default_value);
}

Result<int64_t> SettingReader::Integer(std::string_view key, int64_t default_value, int64_t min,
                                       int64_t max) const {
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> value, Find(key));
  if (!value.has_value()) return default_value;
  int64_t number = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
  if (value->empty() || ec != std::errc() || end != value->data() + value->size() || number < min ||
      number > max) {
    return Error(key, "'" + *value + "' is not a whole number between " + std::to_string(min) +
                          " and " + std::to_string(max));
  }
  return number;
}

Result<bool> SettingReader::Bool(std::string_view key, bool default_value) const {
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> value, Find(key));
  if (!value.has_value()) return default_value;
  std::string word = Lower(*value);
  if (word == "1" || word == "yes" || word == "true" || word == "on") return true;
  if (word == "0" || word == "no" || word == "false" || word == "off") return false;
  return Error(key, "'" + *value + "' is not a boolean; write true or false");
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  std::string current;
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!current.empty()) items.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) items.push_back(std::move(current));
  return items;
}

}  // namespace cellar::pg
