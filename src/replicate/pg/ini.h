#pragma once

// A parser for the ini files of Python's ConfigParser, as hbrep (Python 2, skytools) read them.
// An IniFile is an immutable value once parsed: thread-compatible, and safe to read from many
// threads at once.
//
// Grammar, line by line (a trailing '\r' is ignored):
//   blank line                   skipped
//   [#;] ...                     full-line comment (also when indented, as in Python 3)
//   [name]                       starts section "name" (case-sensitive; [DEFAULT] is special);
//                                only whitespace or a comment may follow the ']'
//   key = value  |  key: value   an option of the current section; the name ends at the first
//                                '=' or ':', is trimmed and lowercased (ConfigParser's
//                                optionxform); the value is trimmed; a ';' preceded by whitespace
//                                starts an inline comment (Python 2's rule); a value of exactly ""
//                                is the empty string (Python 2's rule)
//   <whitespace> text            continuation: appends "\n" + trimmed text to the current option
//
// Every section inherits the options of [DEFAULT] that it does not set itself. Values are read
// through SafeConfigParser's interpolation: "%(name)s" is replaced by the (interpolated) value of
// option "name" in the same section, else in [DEFAULT]; "%%" is a literal '%'; any other '%' is an
// error; references nest at most 10 deep (Python's MAX_INTERPOLATION_DEPTH).
//
// Stricter than Python, on purpose: an option before the first section, a duplicate section and
// an option set twice in one section are errors, not silent merges.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

namespace cellar::pg {

inline constexpr std::string_view kIniDefaultSection = "DEFAULT";

// One "key = value" of a section, as written (not interpolated).
struct IniEntry {
  std::string key;    // lowercased
  std::string value;  // raw: continuation lines joined with '\n', no interpolation
  int line = 0;       // 1-based line of the key
};

struct IniSection {
  std::string name;
  int line = 0;                   // 1-based line of the "[name]" header; 0 for an absent [DEFAULT]
  std::vector<IniEntry> entries;  // in file order

  // The entry named "key" (any case), or nullptr.
  const IniEntry* FindEntry(std::string_view key) const;
};

class IniFile {
 public:
  const std::string& filename() const { return filename_; }
  // The sections in file order, [DEFAULT] excluded.
  const std::vector<IniSection>& sections() const { return sections_; }
  // The [DEFAULT] section (empty when the file has none).
  const IniSection& defaults() const { return defaults_; }

  // The section named "name" ("DEFAULT" gives defaults()), or nullptr.
  const IniSection* FindSection(std::string_view name) const;
  bool HasSection(std::string_view name) const { return FindSection(name) != nullptr; }

  // True if "section" exists and sets "key" (any case) itself or inherits it from [DEFAULT].
  bool Has(std::string_view section, std::string_view key) const;

  // The interpolated value of "key" in "section". Returns NotFound when the section does not
  // exist or has no such key, InvalidArgument (naming file:line) for a bad or missing %(...)s
  // reference or a reference cycle.
  Result<std::string> Get(std::string_view section, std::string_view key) const;
  // As Get, but an absent key (or section) gives nullopt instead of NotFound.
  Result<std::optional<std::string>> Find(std::string_view section, std::string_view key) const;

  // The option names visible in "section": its own in file order, then the [DEFAULT] ones it
  // does not override. Empty if there is no such section.
  std::vector<std::string> Keys(std::string_view section) const;

  // "file:line" of the entry that gives "key" its value in "section" (its own entry, else the
  // [DEFAULT] one); "file" when there is no such entry. For error messages.
  std::string Where(std::string_view section, std::string_view key) const;

 private:
  friend Result<IniFile> ParseIni(std::string_view text, std::string_view filename);

  // The entry "key" resolves to in "section": its own, else [DEFAULT]'s; nullptr if none.
  const IniEntry* Resolve(const IniSection& section, std::string_view key) const;
  Status Interpolate(const IniSection& section, const IniEntry& entry, std::string_view raw,
                     int depth, std::string& out) const;

  std::string filename_;
  std::vector<IniSection> sections_;
  IniSection defaults_;
};

// Parses "text"; "filename" is used only in error messages. Returns InvalidArgument naming
// "filename:line", what is wrong and what to write instead.
Result<IniFile> ParseIni(std::string_view text, std::string_view filename);

// The contents of the config file at "path". NotFound (naming it) when it cannot be read.
Result<std::string> ReadConfigFile(const std::string& path);

// Reads and parses the file at "path". Returns NotFound when it cannot be read.
Result<IniFile> LoadIni(const std::string& path);

}  // namespace cellar::pg
