#include "replicate/mysql/published_tables.h"

#include "replicate/mysql/missing_tables.h"

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
  std::vector<TableDescriptor> wanted;
  for (const std::string& table : tables) {
    auto name = TableName::Parse(options.ns + ":" + table);
    if (name.ok()) wanted.push_back(PublishedTableDescriptor(*name, options));
  }
  return CreateMissingTables(target.admin(), wanted);
}

}  // namespace cellar::mysql
