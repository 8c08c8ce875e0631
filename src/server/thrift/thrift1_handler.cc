// What every part of Thrift1Handler shares.

#include "server/thrift/thrift1_handler.h"

#include "server/thrift/thrift1_errors.h"

namespace cellar::server {

void Thrift1Handler::RequireWritable(const char* method) const {
  OkOrThrow(method, context_->RequireWritable(method), Thrift1Throws::kIOError);
}

std::unique_ptr<Table> Thrift1Handler::OpenTableOrThrow(const char* method,
                                                        const Text& table) const {
  // A bad table name is a missing table here: HBase answers IOError (TableNotFound) for both.
  return ValueOrThrow(method, context_->OpenTable(table), Thrift1Throws::kIOError);
}

}  // namespace cellar::server
