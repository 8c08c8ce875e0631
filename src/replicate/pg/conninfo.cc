#include "replicate/pg/conninfo.h"

#include <libpq-fe.h>

#include <string>

namespace cellar::pg {

Status ValidateConninfo(std::string_view conninfo) {
  std::string text(conninfo);
  if (text.find('\0') != std::string::npos) {
    return Status::InvalidArgument("the connection string contains a NUL byte");
  }
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(text.c_str(), &error);
  if (options != nullptr) {
    PQconninfoFree(options);
    return Status::Ok();
  }
  std::string message = error != nullptr ? error : "out of memory";
  if (error != nullptr) PQfreemem(error);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return Status::InvalidArgument("bad connection string: " + message +
                                 "; write keyword=value pairs such as 'dbname=src user=me' or a "
                                 "postgresql:// URI");
}

}  // namespace cellar::pg
