#include "replicate/pg/config.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "replicate/pg/conninfo.h"
#include "replicate/pg/ini.h"
#include "replicate/pg/setting_reader.h"

namespace cellar::pg {
namespace {

// The longest PostgreSQL identifier (NAMEDATALEN - 1).
constexpr size_t kMaxIdentifierSize = 63;

// Keys a table section may set that default to [HBaseReplic]'s value.
constexpr std::string_view kPerTableKeys[] = {
    "key_encoding",       "salt_buckets",         "value_encoding", "versions",
    "keep_deleted_cells", "new_version_behavior", "compression"};
constexpr std::string_view kTableKeys[] = {
    "psql_schema",      "psql_table_name",          "psql_key_column", "psql_columns",
    "hbase_table_name", "hbase_column_descriptors", "hbase_row_prefix"};
constexpr std::string_view kReplicatorKeys[] = {
    "job_name", "logfile", "pidfile", "postgresql_db", "pgq_queue_name", "hbase_hostname",
    "hbase_port", "max_batch_size", "bootstrap_tmpfile", "store", "capture", "slot_name",
    "publication", "dead_letter_table",
    // skytools and hbrep keys that Cellar accepts and ignores
    "loop_delay", "use_skylog", "log_size", "log_count", "connection_lifetime", "pgq_consumer_id",
    "pgq_lazy_fetch", "bootstrap_row_limit"};

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view key) {
  return std::find(std::begin(list), std::end(list), key) != std::end(list);
}

std::string SectionWhere(const IniFile& ini, const IniSection& section) {
  return ini.filename() + ":" + std::to_string(section.line);
}

// Only the section's own keys: DEFAULT's are shared by every section by design.
void WarnUnknownKeys(const IniFile& ini, const IniSection& section, bool is_table,
                     std::vector<std::string>& warnings) {
  for (const IniEntry& entry : section.entries) {
    bool known = is_table
                     ? Contains(kTableKeys, entry.key) || Contains(kPerTableKeys, entry.key)
                     : Contains(kReplicatorKeys, entry.key) || Contains(kPerTableKeys, entry.key);
    if (!known) {
      warnings.push_back(ini.filename() + ":" + std::to_string(entry.line) + ": [" + section.name +
                         "] unknown option '" + entry.key + "' is ignored (a typo?)");
    }
  }
}

Status CheckSlotName(const SettingReader& reader, const std::string& name) {
  bool valid = !name.empty() && name.size() <= kMaxIdentifierSize &&
               std::all_of(name.begin(), name.end(), [](char c) {
                 return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
               });
  if (valid) return Status::Ok();
  return reader.Error("slot_name", "'" + name +
                                       "' is not a valid replication slot name; use 1 to 63 "
                                       "lowercase letters, digits and underscores");
}

Status ReadTargetSettings(const SettingReader& r, PgConfig& config) {
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> store, r.Find("store"));
  config.store_given = store.has_value();
  if (store.has_value()) {
    if (store->empty()) return r.Error("store", "is empty; name the store's directory");
    config.store_dir = *store;
  }
  CELLAR_ASSIGN_OR_RETURN(config.hbase_hostname, r.String("hbase_hostname", ""));
  CELLAR_ASSIGN_OR_RETURN(int64_t port, r.Integer("hbase_port", 9090, 1, 65535));
  config.hbase_port = static_cast<int>(port);
  CELLAR_ASSIGN_OR_RETURN(config.max_batch_size, r.Integer("max_batch_size", 10000, 1, 10'000'000));
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> dead_letter, r.Find("dead_letter_table"));
  if (dead_letter.has_value()) {
    Result<TableName> name = TableName::Parse(*dead_letter);
    if (!name.ok()) return r.Error("dead_letter_table", name.status().message());
    config.dead_letter_table = *name;
  }
  return Status::Ok();
}

Status ReadCaptureSettings(const SettingReader& r, PgConfig& config) {
  CELLAR_ASSIGN_OR_RETURN(std::string capture, r.String("capture", "logical"));
  Result<CaptureMode> mode = ParseCaptureMode(capture);
  if (!mode.ok()) return r.Error("capture", mode.status().message());
  config.capture = *mode;
  std::string default_name = DefaultSlotName(config.job_name);
  CELLAR_ASSIGN_OR_RETURN(config.slot_name, r.String("slot_name", default_name));
  CELLAR_RETURN_IF_ERROR(CheckSlotName(r, config.slot_name));
  CELLAR_ASSIGN_OR_RETURN(config.publication, r.String("publication", default_name));
  if (config.publication.empty() || config.publication.size() > kMaxIdentifierSize) {
    return r.Error("publication", "must be 1 to 63 bytes long");
  }
  std::string default_queue = default_name.substr(0, kMaxIdentifierSize - 6) + "_queue";
  CELLAR_ASSIGN_OR_RETURN(config.pgq_queue_name, r.String("pgq_queue_name", default_queue));
  return Status::Ok();
}

Status ReadReplicatorSection(const IniFile& ini, PgConfig& config) {
  const IniSection* section = ini.FindSection(kReplicatorSection);
  if (section == nullptr) {
    return Status::InvalidArgument(ini.filename() +
                                   ": no [HBaseReplic] section; add one with job_name and "
                                   "postgresql_db, as in hbrep's README");
  }
  SettingReader r(ini, std::string(kReplicatorSection));
  CELLAR_ASSIGN_OR_RETURN(config.job_name, r.Required("job_name", "name the replication job"));
  CELLAR_ASSIGN_OR_RETURN(
      config.postgresql_db,
      r.Required("postgresql_db", "give a libpq connection string such as 'dbname=src user=me'"));
  if (Status s = ValidateConninfo(config.postgresql_db); !s.ok()) {
    return r.Error("postgresql_db", s.message());
  }
  CELLAR_ASSIGN_OR_RETURN(config.logfile, r.String("logfile", ""));
  CELLAR_ASSIGN_OR_RETURN(config.pidfile, r.String("pidfile", ""));
  CELLAR_ASSIGN_OR_RETURN(config.bootstrap_tmpfile, r.String("bootstrap_tmpfile", ""));
  CELLAR_RETURN_IF_ERROR(ReadTargetSettings(r, config));
  CELLAR_RETURN_IF_ERROR(ReadCaptureSettings(r, config));
  WarnUnknownKeys(ini, *section, /*is_table=*/false, config.warnings);
  return Status::Ok();
}

Status ReadKeyAndValueOptions(const SettingReader& r, TableMapping& t) {
  CELLAR_ASSIGN_OR_RETURN(std::string encoding, r.String("key_encoding", "ordered"));
  Result<replicate::KeyEncoding> key_encoding = replicate::ParseKeyEncoding(encoding);
  if (!key_encoding.ok()) return r.Error("key_encoding", key_encoding.status().message());
  t.key_format.encoding = *key_encoding;
  CELLAR_ASSIGN_OR_RETURN(int64_t salt,
                          r.Integer("salt_buckets", 0, 0, replicate::kMaxSaltBuckets));
  t.key_format.salt_buckets = static_cast<int>(salt);
  CELLAR_ASSIGN_OR_RETURN(std::string values, r.String("value_encoding", "text"));
  if (values != "text" && values != "binary") {
    return r.Error("value_encoding", "'" + values + "' is not text or binary");
  }
  t.binary_values = values == "binary";
  return Status::Ok();
}

Status ReadFamilyOptions(const SettingReader& r, TableMapping& t) {
  ColumnFamilyDescriptor& f = t.family_options;
  CELLAR_ASSIGN_OR_RETURN(int64_t versions, r.Integer("versions", 1, 1, INT32_MAX));
  f.max_versions = static_cast<int32_t>(versions);
  CELLAR_ASSIGN_OR_RETURN(f.keep_deleted_cells, r.Bool("keep_deleted_cells", true));
  CELLAR_ASSIGN_OR_RETURN(f.new_version_behavior, r.Bool("new_version_behavior", true));
  CELLAR_ASSIGN_OR_RETURN(std::string compression, r.String("compression", "NONE"));
  Result<Compression> parsed = ParseCompression(compression);
  if (!parsed.ok()) return r.Error("compression", parsed.status().message());
  f.compression = *parsed;
  return Status::Ok();
}

// "family:qualifier" into "out"; the qualifier may be empty and may contain ':'.
Status ParseDescriptor(const SettingReader& r, const std::string& text,
                       std::pair<std::string, std::string>& out) {
  size_t colon = text.find(':');
  ColumnFamilyDescriptor family;
  family.name = text.substr(0, colon);
  if (colon == std::string::npos || !family.Validate().ok()) {
    return r.Error("hbase_column_descriptors",
                   "'" + text + "' is not family:qualifier (a printable family name, then ':')");
  }
  out = {family.name, text.substr(colon + 1)};
  return Status::Ok();
}

Status ReadAllColumns(const SettingReader& r, const std::string& descriptors, TableMapping& t) {
  std::vector<std::string> items = SplitList(descriptors);
  std::string family = items.size() == 1 ? items[0] : "";
  if (!family.empty() && family.back() == ':') family.pop_back();
  ColumnFamilyDescriptor check;
  check.name = family;
  if (items.size() != 1 || family.find(':') != std::string::npos || !check.Validate().ok()) {
    return r.Error("hbase_column_descriptors",
                   "with psql_columns = * give one family (e.g. 'cf'); every column becomes "
                   "cf:<column name>");
  }
  t.all_columns = true;
  t.all_columns_family = family;
  return Status::Ok();
}

Status ReadColumns(const SettingReader& r, TableMapping& t) {
  CELLAR_ASSIGN_OR_RETURN(std::string columns,
                          r.Required("psql_columns", "list the columns to replicate, or *"));
  CELLAR_ASSIGN_OR_RETURN(
      std::string descriptors,
      r.Required("hbase_column_descriptors", "give a family:qualifier for each psql column"));
  if (columns == "*") return ReadAllColumns(r, descriptors, t);
  t.columns = SplitList(columns);
  std::vector<std::string> items = SplitList(descriptors);
  if (items.size() != t.columns.size()) {
    return r.Error("hbase_column_descriptors",
                   "has " + std::to_string(items.size()) + " descriptors for " +
                       std::to_string(t.columns.size()) +
                       " psql_columns; give exactly one family:qualifier per column, in order");
  }
  std::set<std::string> seen_columns;
  std::set<std::pair<std::string, std::string>> seen_cells;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!seen_columns.insert(t.columns[i]).second) {
      return r.Error("psql_columns", "column '" + t.columns[i] + "' is listed twice");
    }
    std::pair<std::string, std::string> descriptor;
    CELLAR_RETURN_IF_ERROR(ParseDescriptor(r, items[i], descriptor));
    if (!seen_cells.insert(descriptor).second) {
      return r.Error("hbase_column_descriptors", "'" + items[i] + "' is used twice");
    }
    t.descriptors.push_back(std::move(descriptor));
  }
  return Status::Ok();
}

Status ReadSourceTable(const SettingReader& r, const IniSection& section, TableMapping& t) {
  size_t dot = section.name.find('.');
  std::string default_schema = dot == std::string::npos ? "" : section.name.substr(0, dot);
  std::string default_table = dot == std::string::npos ? "" : section.name.substr(dot + 1);
  CELLAR_ASSIGN_OR_RETURN(t.schema, r.String("psql_schema", default_schema));
  CELLAR_ASSIGN_OR_RETURN(t.table, r.String("psql_table_name", default_table));
  if (t.schema.empty() || t.table.empty()) {
    return Status::InvalidArgument(t.where + ": [" + section.name +
                                   "] names no source table; set psql_schema and "
                                   "psql_table_name, or name the section schema.table");
  }
  CELLAR_ASSIGN_OR_RETURN(t.row_prefix, r.String("hbase_row_prefix", ""));
  t.key_format.row_prefix = t.row_prefix;
  CELLAR_ASSIGN_OR_RETURN(std::string keys, r.String("psql_key_column", ""));
  t.key_columns = SplitList(keys);
  CELLAR_ASSIGN_OR_RETURN(std::string target,
                          r.Required("hbase_table_name", "name the target table"));
  Result<TableName> name = TableName::Parse(target);
  if (!name.ok()) return r.Error("hbase_table_name", name.status().message());
  t.hbase_table = *name;
  return Status::Ok();
}

Result<TableMapping> ReadTableMapping(const IniFile& ini, const IniSection& section) {
  TableMapping t;
  t.section = section.name;
  t.where = SectionWhere(ini, section);
  SettingReader table_reader(ini, section.name);
  SettingReader option_reader(ini, section.name, std::string(kReplicatorSection));
  CELLAR_RETURN_IF_ERROR(ReadSourceTable(table_reader, section, t));
  CELLAR_RETURN_IF_ERROR(ReadColumns(table_reader, t));
  CELLAR_RETURN_IF_ERROR(ReadKeyAndValueOptions(option_reader, t));
  CELLAR_RETURN_IF_ERROR(ReadFamilyOptions(option_reader, t));
  return t;
}

Status SharedTableError(const TableMapping& a, const TableMapping& b, std::string_view what) {
  return Status::InvalidArgument(b.where + ": [" + b.section + "] and [" + a.section + "] (" +
                                 a.where + ") both write table " + a.hbase_table.ToString() +
                                 " but " + std::string(what));
}

// Several source tables may share a target table (hbrep's example); their rows must line up and
// their cells must not collide.
Status CheckSharedTargets(const PgConfig& config) {
  std::map<std::string, const TableMapping*> sources;
  for (const TableMapping& t : config.tables) {
    auto [it, fresh] = sources.emplace(t.QualifiedName(), &t);
    if (!fresh) {
      return Status::InvalidArgument(t.where + ": [" + t.section + "] maps " + t.QualifiedName() +
                                     " again (first in [" + it->second->section +
                                     "]); keep one section per source table");
    }
  }
  for (size_t i = 0; i < config.tables.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const TableMapping &a = config.tables[j], &b = config.tables[i];
      if (!(a.hbase_table == b.hbase_table)) continue;
      if (a.key_format.encoding != b.key_format.encoding ||
          a.key_format.salt_buckets != b.key_format.salt_buckets) {
        return SharedTableError(a, b, "with different key_encoding or salt_buckets");
      }
      if (!(a.family_options == b.family_options)) {
        return SharedTableError(a, b, "with different family options");
      }
      for (const auto& cell : b.descriptors) {
        if (std::find(a.descriptors.begin(), a.descriptors.end(), cell) != a.descriptors.end()) {
          return SharedTableError(a, b, "both map a column to " + cell.first + ":" + cell.second);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

std::vector<ColumnFamilyDescriptor> TableMapping::Families() const {
  std::vector<ColumnFamilyDescriptor> families;
  auto add = [&](const std::string& name) {
    for (const auto& f : families) {
      if (f.name == name) return;
    }
    families.push_back(family_options);
    families.back().name = name;
  };
  if (all_columns) add(all_columns_family);
  for (const auto& [family, qualifier] : descriptors) add(family);
  return families;
}

const TableMapping* PgConfig::FindTable(std::string_view name) const {
  for (const TableMapping& t : tables) {
    if (t.QualifiedName() == name || t.section == name) return &t;
  }
  return nullptr;
}

std::string DefaultSlotName(std::string_view job_name) {
  std::string name = "cellar_";
  for (char c : job_name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    name += ok ? c : '_';
  }
  return name.substr(0, kMaxIdentifierSize);
}

Result<CaptureMode> ParseCaptureMode(std::string_view name) {
  std::string lowered(name);
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered == "logical") return CaptureMode::kLogical;
  if (lowered == "trigger") return CaptureMode::kTrigger;
  return Status::InvalidArgument("unknown capture mode '" + std::string(name) +
                                 "'; use logical or trigger");
}

std::string_view CaptureModeName(CaptureMode mode) {
  return mode == CaptureMode::kTrigger ? "trigger" : "logical";
}

Result<PgConfig> ParsePgConfig(std::string_view text, std::string_view filename) {
  CELLAR_ASSIGN_OR_RETURN(IniFile ini, ParseIni(text, filename));
  PgConfig config;
  config.filename = std::string(filename);
  CELLAR_RETURN_IF_ERROR(ReadReplicatorSection(ini, config));
  for (const IniSection& section : ini.sections()) {
    if (section.name == kReplicatorSection) continue;
    CELLAR_ASSIGN_OR_RETURN(TableMapping mapping, ReadTableMapping(ini, section));
    config.tables.push_back(std::move(mapping));
    WarnUnknownKeys(ini, section, /*is_table=*/true, config.warnings);
  }
  if (config.tables.empty()) {
    return Status::InvalidArgument(config.filename +
                                   ": no table sections; add a [schema.table] section for each "
                                   "table to replicate");
  }
  CELLAR_RETURN_IF_ERROR(CheckSharedTargets(config));
  return config;
}

Result<PgConfig> LoadPgConfig(const std::string& path) {
  CELLAR_ASSIGN_OR_RETURN(std::string text, ReadConfigFile(path));
  return ParsePgConfig(text, path);
}

}  // namespace cellar::pg
