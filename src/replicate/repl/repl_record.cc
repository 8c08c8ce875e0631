#include "replicate/repl/repl_record.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "replicate/repl/dump_file.h"

namespace cellar::repl {

Result<ReplTarget> ReplTarget::Parse(std::string_view text) {
  ReplTarget t;
  size_t dot = text.find('.');
  t.ns = std::string(text.substr(0, dot));
  if (dot != std::string_view::npos) t.table = std::string(text.substr(dot + 1));
  // Checked as HBase names: "ns:table".
  auto name = TableName::Parse(t.ns + ":" + (t.table.empty() ? std::string("x") : t.table));
  if (!name.ok()) {
    return Status::InvalidArgument("'" + std::string(text) +
                                   "' is not NAMESPACE or NAMESPACE.TABLE: " +
                                   name.status().message());
  }
  return t;
}

Status EnsureReplTable(Connection& store) {
  Admin& admin = store.admin();
  CELLAR_ASSIGN_OR_RETURN(bool ns, admin.NamespaceExists(kReplTable.ns));
  if (!ns) {
    Status s = admin.CreateNamespace(kReplTable.ns);
    if (!s.ok() && !s.IsAlreadyExists()) return s;
  }
  CELLAR_ASSIGN_OR_RETURN(bool exists, admin.TableExists(kReplTable));
  if (exists) return Status::Ok();
  ColumnFamilyDescriptor f;
  f.name = kReplFamily;
  f.new_version_behavior = true;
  Status s = admin.CreateTable(TableDescriptor{kReplTable, {f}});
  return s.IsAlreadyExists() ? Status::Ok() : s;
}

Result<std::map<std::string, std::string>> ReadRecord(Connection& store, const ReplTarget& target) {
  std::map<std::string, std::string> out;
  CELLAR_ASSIGN_OR_RETURN(bool exists, store.admin().TableExists(kReplTable));
  if (!exists) return out;
  CELLAR_ASSIGN_OR_RETURN(auto table, store.OpenTable(kReplTable));
  CELLAR_ASSIGN_OR_RETURN(RowResult row, table->Get(Get(target.ToString())));
  for (const Cell& c : row.cells()) out[c.qualifier] = c.value;
  return out;
}

TableRowMutations RecordWrite(const ReplTarget& target,
                              const std::map<std::string, std::string>& fields) {
  Put put(target.ToString());
  for (const auto& [k, v] : fields) put.AddColumn(kReplFamily, k, v);
  RowMutations m(target.ToString());
  m.Add(std::move(put));
  return TableRowMutations{kReplTable, std::move(m)};
}

namespace {

nlohmann::json TableFilesToJson(const TableFilesExport& files) {
  nlohmann::json tables = nlohmann::json::array();
  for (const TableFiles& t : files.tables) {
    nlohmann::json families = nlohmann::json::array();
    for (const FamilyFiles& f : t.families) {
      nlohmann::json list = nlohmann::json::array();
      for (const TableFile& file : f.files) {
        list.push_back({{"name", file.path},
                        {"bytes", file.bytes},
                        {"crc32c", file.crc32c},
                        {"level", file.level},
                        {"smallest_seqno", file.smallest_seqno},
                        {"largest_seqno", file.largest_seqno}});
      }
      families.push_back({{"name", f.family}, {"files", list}});
    }
    tables.push_back({{"table", t.descriptor.name.qualifier}, {"families", families}});
  }
  return tables;
}

// Throws nlohmann::json::exception when malformed.
std::vector<TableFiles> TableFilesFromJson(const nlohmann::json& tables) {
  std::vector<TableFiles> out;
  for (const auto& t : tables) {
    TableFiles files;
    files.descriptor.name.qualifier = t.at("table").get<std::string>();
    for (const auto& f : t.at("families")) {
      FamilyFiles family{f.at("name").get<std::string>(), {}};
      for (const auto& file : f.at("files")) {
        family.files.push_back(TableFile{
            file.at("name").get<std::string>(), file.at("bytes").get<uint64_t>(),
            file.at("crc32c").get<std::string>(), file.at("level").get<int>(),
            file.at("smallest_seqno").get<uint64_t>(), file.at("largest_seqno").get<uint64_t>()});
      }
      files.families.push_back(std::move(family));
    }
    out.push_back(std::move(files));
  }
  return out;
}

constexpr const char* kMetadataCrcKey = "metadata_crc32";
constexpr const char* kSchemaCrcKey = "schema_crc32";

// The dump's CRC-32 (DumpCrc32) as 8 lowercase hex digits.
std::string Crc32Hex(std::string_view bytes) {
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(DumpCrc32(bytes)));
  return hex;
}

// The whole file; nullopt when it cannot be opened.
std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The checksum of _metadata covers its JSON without the checksum itself, as written.
std::string MetadataCrc(nlohmann::json j) {
  j.erase(kMetadataCrcKey);
  return Crc32Hex(j.dump(2));
}

// Format 2 and later: _metadata's own checksum, and schema.json's when the dump has one.
Status CheckChecksums(const std::string& dir, const nlohmann::json& j) {
  const std::string what = dir + "/_metadata";
  if (!j.contains(kMetadataCrcKey) || j.at(kMetadataCrcKey).get<std::string>() != MetadataCrc(j)) {
    return Status::DataLoss(what + " is damaged (its checksum does not match): dump again");
  }
  if (!j.contains(kSchemaCrcKey)) return Status::Ok();
  std::optional<std::string> schema = ReadWholeFile(dir + "/schema.json");
  if (!schema) {
    return Status::DataLoss(dir + "/schema.json is missing: the dump is incomplete, dump again");
  }
  if (Crc32Hex(*schema) != j.at(kSchemaCrcKey).get<std::string>()) {
    return Status::DataLoss(dir + "/schema.json is damaged (its checksum does not match): " +
                            "dump again");
  }
  return Status::Ok();
}

}  // namespace

Status WriteMetadata(const std::string& dir, const DumpMetadata& meta) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : meta.files) {
    files.push_back({{"name", f.name}, {"bytes", f.bytes}, {"records", f.records}});
  }
  nlohmann::json j{{"format", kDumpFormat},      {"kind", meta.kind},   {"ns", meta.source.ns},
                   {"table", meta.source.table}, {"from", meta.from}, {"to", meta.to},
                   {"events", meta.events}, {"files", files},
                   {"source_trimmed_through", meta.source_trimmed_through},
                   {"source_retention_seconds", meta.source_retention_seconds},
                   {"dumped_at_ms", meta.dumped_at_ms}};
  if (meta.kind == "bootstrap") j["mode"] = meta.mode;
  if (meta.mode == "files") {
    j["store_format"] = meta.table_files.store_format;
    j["sequence_ceiling"] = meta.table_files.sequence_ceiling;
    j["table_files"] = TableFilesToJson(meta.table_files);
  }
  if (std::optional<std::string> schema = ReadWholeFile(dir + "/schema.json")) {
    j[kSchemaCrcKey] = Crc32Hex(*schema);
  }
  j[kMetadataCrcKey] = MetadataCrc(j);
  const std::string tmp = dir + "/_metadata.tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out) return Status::Unavailable("cannot write " + tmp);
  }
  int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (std::rename(tmp.c_str(), (dir + "/_metadata").c_str()) != 0) {
    return Status::Unavailable("cannot rename " + tmp);
  }
  return Status::Ok();
}

Result<DumpMetadata> ReadMetadata(const std::string& dir) {
  std::optional<std::string> text = ReadWholeFile(dir + "/_metadata");
  if (!text) {
    return Status::NotFound("no complete dump in '" + dir + "' (its _metadata is missing)");
  }
  try {
    auto j = nlohmann::json::parse(*text);
    const int format = j.at("format").get<int>();
    if (format != 1 && format != kDumpFormat) {
      return Status::DataLoss(dir + "/_metadata: dump format " + j.at("format").dump() +
                              " is not supported (this cellar reads 1 and 2)");
    }
    if (format >= 2) CELLAR_RETURN_IF_ERROR(CheckChecksums(dir, j));
    DumpMetadata m;
    m.kind = j.at("kind").get<std::string>();
    m.source.ns = j.at("ns").get<std::string>();
    m.source.table = j.at("table").get<std::string>();
    m.from = j.at("from").get<uint64_t>();
    m.to = j.at("to").get<uint64_t>();
    m.events = j.at("events").get<uint64_t>();
    m.source_trimmed_through = j.value("source_trimmed_through", uint64_t{0});
    m.source_retention_seconds = j.value("source_retention_seconds", int64_t{0});
    m.dumped_at_ms = j.value("dumped_at_ms", int64_t{0});
    for (const auto& f : j.at("files")) {
      m.files.push_back(DumpFileInfo{f.at("name").get<std::string>(), f.at("bytes").get<uint64_t>(),
                                     f.at("records").get<uint64_t>()});
    }
    m.mode = j.value("mode", std::string("records"));
    if (m.mode == "files") {
      m.table_files.store_format = j.at("store_format").get<std::string>();
      m.table_files.sequence_ceiling = j.at("sequence_ceiling").get<uint64_t>();
      m.table_files.tables = TableFilesFromJson(j.at("table_files"));
    } else if (m.mode != "records") {
      return Status::DataLoss(dir + "/_metadata: unknown dump mode '" + m.mode + "'");
    }
    if (m.kind != "bootstrap" && m.kind != "incremental") {
      return Status::DataLoss(dir + "/_metadata: unknown dump kind '" + m.kind + "'");
    }
    return m;
  } catch (const nlohmann::json::exception& e) {
    return Status::DataLoss(dir + "/_metadata is malformed: " + e.what());
  }
}

}  // namespace cellar::repl
