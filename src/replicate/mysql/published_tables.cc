#include "replicate/mysql/published_tables.h"

#include <algorithm>

namespace cellar::mysql {

TableDescriptor PublishedTableDescriptor(const TableName& name, const PublishOptions& options) {
  return TableDescriptor{name,
                         {ColumnFamilyDescriptor{.name = kPublishedFamily,
                                                 .max_versions = options.max_versions,
                                                 .keep_deleted_cells = true,
                                                 .compression = Compression::kLz4}}};
}

Status CreatePublishedTables(Connection& target, const std::vector<std::string>& tables,
                             const PublishOptions& options) {
  Admin& admin = target.admin();
  std::vector<TableDescriptor> missing;
  for (const std::string& table : tables) {
    auto name = TableName::Parse(options.ns + ":" + table);
    if (!name.ok()) continue;
    auto named = [&](const TableDescriptor& d) { return d.name == *name; };
    if (std::any_of(missing.begin(), missing.end(), named)) continue;
    CELLAR_ASSIGN_OR_RETURN(bool exists, admin.TableExists(*name));
    if (!exists) missing.push_back(PublishedTableDescriptor(*name, options));
  }
  Status s = admin.CreateTables(missing);
  if (!s.IsAlreadyExists()) return s;
  // Another process created one of them meanwhile (so none was created): the others one by one.
  for (const TableDescriptor& desc : missing) {
    s = admin.CreateTable(desc);
    if (!s.ok() && !s.IsAlreadyExists()) return s;
  }
  return Status::Ok();
}

}  // namespace cellar::mysql
