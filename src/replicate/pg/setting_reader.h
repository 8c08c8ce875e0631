#pragma once

// SettingReader: typed reads of one ini section's options for the config loader, with a fallback
// section (a table section falls back to [HBaseReplic]) and errors that name the file, line,
// section and key. Borrows the IniFile, which must outlive it. Thread-compatible.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "replicate/pg/ini.h"

namespace cellar::pg {

class SettingReader {
 public:
  // Reads "section", then "fallback" (empty for none) for keys "section" lacks.
  SettingReader(const IniFile& ini, std::string section, std::string fallback = "");

  // The interpolated value, nullopt if neither section has "key".
  Result<std::optional<std::string>> Find(std::string_view key) const;
  // InvalidArgument "... [section] has no 'key'; <hint>" when absent or empty.
  Result<std::string> Required(std::string_view key, std::string_view hint) const;
  Result<std::string> String(std::string_view key, std::string_view default_value) const;
  // A decimal integer in [min, max].
  Result<int64_t> Integer(std::string_view key, int64_t default_value, int64_t min,
                          int64_t max) const;
  // ConfigParser.getboolean's words: 1/yes/true/on, 0/no/false/off (any case).
  Result<bool> Bool(std::string_view key, bool default_value) const;

  // InvalidArgument "file:line: [section] key: what", locating the entry "key" comes from.
  Status Error(std::string_view key, std::string_view what) const;

  const std::string& section() const { return section_; }

 private:
  // The section that supplies "key": section_, else fallback_, else section_.
  const std::string& SourceOf(std::string_view key) const;

  const IniFile& ini_;
  std::string section_;
  std::string fallback_;
};

// Splits a list option on commas and whitespace (hbrep's early inis used spaces), dropping
// empty items.
std::vector<std::string> SplitList(std::string_view text);

}  // namespace cellar::pg
