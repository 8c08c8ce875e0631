#include "server/rest/rest_context.h"

namespace cellar::server::rest {

Result<TableName> ParseTableName(const std::string& name) {
  Result<TableName> t = TableName::Parse(name);
  if (!t.ok()) return t.status().WithContext("table \"" + name + "\" in the URL");
  return t;
}

Result<std::unique_ptr<Table>> OpenTable(RestContext& context, const std::string& name) {
  CELLAR_ASSIGN_OR_RETURN(TableName t, ParseTableName(name));
  return context.store.OpenTable(t);
}

}  // namespace cellar::server::rest
