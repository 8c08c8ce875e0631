#include "replicate/pg/ini.h"

#include <fstream>
#include <sstream>

namespace cellar::pg {
namespace {

// Python's ConfigParser.MAX_INTERPOLATION_DEPTH.
constexpr int kMaxInterpolationDepth = 10;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Location(std::string_view filename, int line) {
  return std::string(filename) + ":" + std::to_string(line);
}

Status ParseError(std::string_view filename, int line, std::string_view what) {
  return Status::InvalidArgument(Location(filename, line) + ": " + std::string(what));
}

// Python 2's inline comment rule: a ';' preceded by whitespace ends the value.
std::string_view StripInlineComment(std::string_view value) {
  for (size_t i = 1; i < value.size(); ++i) {
    if (value[i] == ';' && IsSpace(value[i - 1])) return value.substr(0, i);
  }
  return value;
}

// The state of one ParseIni call: the file being built and where new options go.
class IniParser {
 public:
  IniParser(std::string_view filename, IniFile& file, std::vector<IniSection>& sections,
            IniSection& defaults)
      : filename_(filename), file_(file), sections_(sections), defaults_(defaults) {}

  Status ParseLine(std::string_view line, int line_number) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#' || trimmed.front() == ';') return Status::Ok();
    if (IsSpace(line.front()) && current_entry_index_ >= 0) {
      IniEntry& entry = current_section()->entries[current_entry_index_];
      entry.value += '\n';
      entry.value += trimmed;
      return Status::Ok();
    }
    if (trimmed.front() == '[') return ParseHeader(trimmed, line_number);
    return ParseOption(trimmed, line_number);
  }

 private:
  IniSection* current_section() {
    if (current_is_defaults_) return &defaults_;
    return current_section_index_ < 0 ? nullptr : &sections_[current_section_index_];
  }

  Status ParseHeader(std::string_view text, int line_number) {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close == 1) {
      return ParseError(filename_, line_number,
                        "malformed section header '" + std::string(text) +
                            "'; write [name], e.g. [public.users]");
    }
    std::string_view after = Trim(text.substr(close + 1));
    if (!after.empty() && after.front() != '#' && after.front() != ';') {
      return ParseError(filename_, line_number,
                        "unexpected text '" + std::string(after) +
                            "' after the section header; put nothing but a comment there");
    }
    std::string name(text.substr(1, close - 1));
    current_entry_index_ = -1;
    if (name == kIniDefaultSection) return StartDefaults(line_number);
    if (file_.FindSection(name) != nullptr) {
      return ParseError(filename_, line_number,
                        "section [" + name + "] appears twice (first at line " +
                            std::to_string(file_.FindSection(name)->line) +
                            "); merge the two sections");
    }
    sections_.push_back(IniSection{name, line_number, {}});
    current_is_defaults_ = false;
    current_section_index_ = static_cast<int>(sections_.size()) - 1;
    return Status::Ok();
  }

  Status StartDefaults(int line_number) {
    if (defaults_.line != 0) {
      return ParseError(filename_, line_number,
                        "section [DEFAULT] appears twice (first at line " +
                            std::to_string(defaults_.line) + "); merge the two sections");
    }
    defaults_.line = line_number;
    current_is_defaults_ = true;
    return Status::Ok();
  }

  Status ParseOption(std::string_view text, int line_number) {
    IniSection* section = current_section();
    if (section == nullptr) {
      return ParseError(filename_, line_number,
                        "option '" + std::string(text) +
                            "' before the first section header; start the file with a "
                            "section such as [HBaseReplic]");
    }
    size_t separator = text.find_first_of("=:");
    std::string key =
        Lower(Trim(text.substr(0, separator == std::string_view::npos ? 0 : separator)));
    if (separator == std::string_view::npos || key.empty()) {
      return ParseError(
          filename_, line_number,
          "cannot parse '" + std::string(text) + "'; write 'key = value' or 'key: value'");
    }
    std::string_view value = Trim(StripInlineComment(text.substr(separator + 1)));
    if (value == "\"\"") value = {};
    if (const IniEntry* existing = section->FindEntry(key)) {
      return ParseError(filename_, line_number,
                        "option '" + key + "' is set twice in [" + section->name +
                            "] (first at line " + std::to_string(existing->line) +
                            "); keep one of them");
    }
    section->entries.push_back(IniEntry{key, std::string(value), line_number});
    current_entry_index_ = static_cast<int>(section->entries.size()) - 1;
    return Status::Ok();
  }

  std::string_view filename_;
  const IniFile& file_;
  std::vector<IniSection>& sections_;
  IniSection& defaults_;
  bool current_is_defaults_ = false;
  int current_section_index_ = -1;
  int current_entry_index_ = -1;  // the option continuation lines extend; -1 for none
};

}  // namespace

const IniEntry* IniSection::FindEntry(std::string_view key) const {
  std::string lowered = Lower(key);
  for (const IniEntry& entry : entries) {
    if (entry.key == lowered) return &entry;
  }
  return nullptr;
}

const IniSection* IniFile::FindSection(std::string_view name) const {
  if (name == kIniDefaultSection) return &defaults_;
  for (const IniSection& section : sections_) {
    if (section.name == name) return &section;
  }
  return nullptr;
}

const IniEntry* IniFile::Resolve(const IniSection& section, std::string_view key) const {
  if (const IniEntry* own = section.FindEntry(key)) return own;
  return defaults_.FindEntry(key);
}

bool IniFile::Has(std::string_view section, std::string_view key) const {
  const IniSection* s = FindSection(section);
  return s != nullptr && Resolve(*s, key) != nullptr;
}

Result<std::string> IniFile::Get(std::string_view section, std::string_view key) const {
  Result<std::optional<std::string>> found = Find(section, key);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    if (!HasSection(section)) {
      return Status::NotFound(filename_ + ": no section [" + std::string(section) + "]");
    }
    return Status::NotFound(filename_ + ": [" + std::string(section) + "] has no option '" +
                            Lower(key) + "'");
  }
  return std::move(**found);
}

Result<std::optional<std::string>> IniFile::Find(std::string_view section,
                                                 std::string_view key) const {
  const IniSection* s = FindSection(section);
  if (s == nullptr) return std::optional<std::string>();
  const IniEntry* entry = Resolve(*s, key);
  if (entry == nullptr) return std::optional<std::string>();
  std::string value;
  CELLAR_RETURN_IF_ERROR(Interpolate(*s, *entry, entry->value, 1, value));
  return std::optional<std::string>(std::move(value));
}

std::vector<std::string> IniFile::Keys(std::string_view section) const {
  std::vector<std::string> keys;
  const IniSection* s = FindSection(section);
  if (s == nullptr) return keys;
  for (const IniEntry& entry : s->entries) keys.push_back(entry.key);
  if (s == &defaults_) return keys;
  for (const IniEntry& entry : defaults_.entries) {
    if (s->FindEntry(entry.key) == nullptr) keys.push_back(entry.key);
  }
  return keys;
}

std::string IniFile::Where(std::string_view section, std::string_view key) const {
  const IniSection* s = FindSection(section);
  const IniEntry* entry = s == nullptr ? nullptr : Resolve(*s, key);
  return entry == nullptr ? filename_ : Location(filename_, entry->line);
}

// SafeConfigParser._interpolate_some: "section" is the section being read (references resolve
// there first, then in [DEFAULT]); "entry" is where "raw" comes from, for error locations.
Status IniFile::Interpolate(const IniSection& section, const IniEntry& entry, std::string_view raw,
                            int depth, std::string& out) const {
  auto error = [&](const std::string& what) {
    return Status::InvalidArgument(Location(filename_, entry.line) + ": [" + section.name + "] " +
                                   entry.key + ": " + what);
  };
  if (depth > kMaxInterpolationDepth) {
    return error("%(...)s references nest deeper than " + std::to_string(kMaxInterpolationDepth) +
                 " levels (a reference cycle?); break the cycle");
  }
  while (!raw.empty()) {
    size_t percent = raw.find('%');
    out += raw.substr(0, percent);
    if (percent == std::string_view::npos) break;
    raw.remove_prefix(percent);
    if (raw.size() >= 2 && raw[1] == '%') {
      out += '%';
      raw.remove_prefix(2);
      continue;
    }
    size_t close = raw.size() >= 2 && raw[1] == '(' ? raw.find(')') : std::string_view::npos;
    if (close == std::string_view::npos || close == 2 || close + 1 >= raw.size() ||
        raw[close + 1] != 's') {
      return error("bad interpolation '" + std::string(raw.substr(0, 20)) +
                   "'; write %(name)s for another option's value or %% for a literal %");
    }
    std::string name = Lower(raw.substr(2, close - 2));
    raw.remove_prefix(close + 2);
    const IniEntry* referenced = Resolve(section, name);
    if (referenced == nullptr) {
      return error("%(" + name + ")s refers to option '" + name + "', which is set neither in [" +
                   section.name + "] nor in [DEFAULT]; define it or write %% for a literal %");
    }
    CELLAR_RETURN_IF_ERROR(Interpolate(section, *referenced, referenced->value, depth + 1, out));
  }
  return Status::Ok();
}

Result<IniFile> ParseIni(std::string_view text, std::string_view filename) {
  IniFile file;
  file.filename_ = std::string(filename);
  file.defaults_.name = std::string(kIniDefaultSection);
  IniParser parser(filename, file, file.sections_, file.defaults_);
  int line_number = 0;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    CELLAR_RETURN_IF_ERROR(parser.ParseLine(line, ++line_number));
  }
  return file;
}

Result<std::string> ReadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("cannot read config file '" + path +
                            "'; check the path and its permissions");
  }
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

Result<IniFile> LoadIni(const std::string& path) {
  CELLAR_ASSIGN_OR_RETURN(std::string text, ReadConfigFile(path));
  return ParseIni(text, path);
}

}  // namespace cellar::pg
