#include "replicate/repl/repl_record.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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

Status WriteMetadata(const std::string& dir, const DumpMetadata& meta) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : meta.files) {
    files.push_back({{"name", f.name}, {"bytes", f.bytes}, {"records", f.records}});
  }
  nlohmann::json j{{"format", 1},           {"kind", meta.kind},   {"ns", meta.source.ns},
                   {"table", meta.source.table}, {"from", meta.from}, {"to", meta.to},
                   {"events", meta.events}, {"files", files},
                   {"source_trimmed_through", meta.source_trimmed_through},
                   {"source_retention_seconds", meta.source_retention_seconds},
                   {"dumped_at_ms", meta.dumped_at_ms}};
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
  std::ifstream in(dir + "/_metadata");
  if (!in) {
    return Status::NotFound("no complete dump in '" + dir + "' (its _metadata is missing)");
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    auto j = nlohmann::json::parse(text.str());
    if (j.at("format").get<int>() != 1) {
      return Status::DataLoss(dir + "/_metadata: dump format " + j.at("format").dump() +
                              " is not supported (this cellar reads 1)");
    }
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
    if (m.kind != "bootstrap" && m.kind != "incremental") {
      return Status::DataLoss(dir + "/_metadata: unknown dump kind '" + m.kind + "'");
    }
    return m;
  } catch (const nlohmann::json::exception& e) {
    return Status::DataLoss(dir + "/_metadata is malformed: " + e.what());
  }
}

}  // namespace cellar::repl
