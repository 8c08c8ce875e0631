#include "server/thrift/thrift_context.h"

#include <string>

namespace cellar::server {

Result<std::unique_ptr<Table>> ThriftContext::OpenTable(std::string_view name) const {
  CELLAR_ASSIGN_OR_RETURN(TableName table, TableName::Parse(name));
  return store_.OpenTable(table);
}

Status ThriftContext::RequireWritable(std::string_view method) const {
  if (!read_only_) return Status::Ok();
  return Status::FailedPrecondition(
      "the server is read-only (cellar serve --read-only): " + std::string(method) +
      " changes data or schema and is refused; use a server started without --read-only");
}

}  // namespace cellar::server
