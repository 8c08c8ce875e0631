#include "cli/shell/session.h"

namespace cellar::shell {

Result<TableName> Session::ParseTableName(std::string_view name) {
  Result<TableName> parsed = TableName::Parse(name);
  if (!parsed.ok()) {
    return Status::InvalidArgument("bad table name '" + std::string(name) +
                                   "': " + parsed.status().message());
  }
  return parsed;
}

Result<std::unique_ptr<Table>> Session::OpenTable(std::string_view name) {
  CELLAR_ASSIGN_OR_RETURN(TableName table, ParseTableName(name));
  Result<std::unique_ptr<Table>> opened = connection().OpenTable(table);
  if (!opened.ok() && opened.status().IsNotFound()) {
    // HBase's wording, which users grep for.
    return Status::NotFound("Unknown table " + table.ToString() + "!");
  }
  return opened;
}

Result<std::unique_ptr<Table>> OpenTableArg(Session& session, const ArgList& args) {
  CELLAR_ASSIGN_OR_RETURN(std::string name, args.Text(0, "table name"));
  return session.OpenTable(name);
}

}  // namespace cellar::shell
