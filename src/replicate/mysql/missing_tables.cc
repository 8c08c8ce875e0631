#include "replicate/mysql/missing_tables.h"

#include <algorithm>

namespace cellar::mysql {

Status CreateMissingTables(Admin& admin, const std::vector<TableDescriptor>& tables) {
  std::vector<TableDescriptor> missing;
  for (const TableDescriptor& desc : tables) {
    auto named = [&](const TableDescriptor& d) { return d.name == desc.name; };
    if (std::any_of(missing.begin(), missing.end(), named)) continue;
    CELLAR_ASSIGN_OR_RETURN(bool exists, admin.TableExists(desc.name));
    if (!exists) missing.push_back(desc);
  }
  Status s = admin.CreateTables(missing);
  if (!s.IsAlreadyExists()) return s;
  for (const TableDescriptor& desc : missing) {
    s = admin.CreateTable(desc);
    if (!s.ok() && !s.IsAlreadyExists()) return s;
  }
  return Status::Ok();
}

}  // namespace cellar::mysql
