#include "replicate/position_table.h"

namespace cellar::replicate {

Status PositionTable::Ensure() {
  Admin& admin = store_.admin();
  CELLAR_ASSIGN_OR_RETURN(bool ns, admin.NamespaceExists(kPositionTable.ns));
  if (!ns) {
    Status s = admin.CreateNamespace(kPositionTable.ns);
    if (!s.ok() && !s.IsAlreadyExists()) return s;
  }
  CELLAR_ASSIGN_OR_RETURN(bool exists, admin.TableExists(kPositionTable));
  if (exists) return Status::Ok();
  ColumnFamilyDescriptor f;
  f.name = kPositionFamily;
  f.new_version_behavior = true;  // a clear and a rewrite in the same millisecond must not mask
  Status s = admin.CreateTable(TableDescriptor{kPositionTable, {f}});
  return s.IsAlreadyExists() ? Status::Ok() : s;
}

Result<std::map<std::string, std::string>> PositionTable::Read(const std::string& job) {
  std::map<std::string, std::string> out;
  CELLAR_ASSIGN_OR_RETURN(bool exists, store_.admin().TableExists(kPositionTable));
  if (!exists) return out;
  CELLAR_ASSIGN_OR_RETURN(auto table, store_.OpenTable(kPositionTable));
  CELLAR_ASSIGN_OR_RETURN(RowResult row, table->Get(Get(job)));
  for (const Cell& c : row.cells()) out[c.qualifier] = c.value;
  return out;
}

TableRowMutations PositionTable::Write(const std::string& job,
                                       const std::map<std::string, std::string>& fields) const {
  Put put(job);
  for (const auto& [k, v] : fields) put.AddColumn(kPositionFamily, k, v);
  RowMutations m(job);
  m.Add(std::move(put));
  return TableRowMutations{kPositionTable, std::move(m)};
}

Status PositionTable::Clear(const std::string& job) {
  CELLAR_ASSIGN_OR_RETURN(bool exists, store_.admin().TableExists(kPositionTable));
  if (!exists) return Status::Ok();
  CELLAR_ASSIGN_OR_RETURN(auto table, store_.OpenTable(kPositionTable));
  return table->Delete(Delete(job));
}

}  // namespace cellar::replicate
