// Thrift's C++ generator declares operator< on every struct but defines none. THBaseService reads
// and writes set<TServerName> (getSlowLogResponses, clearSlowLogResponses), which needs one: the
// order is host name, then port, then start code (unset optional fields sort first).

#include "thrift2/hbase_types.h"

namespace apache::hadoop::hbase::thrift2 {

bool TServerName::operator<(const TServerName& other) const {
  if (hostName != other.hostName) return hostName < other.hostName;
  const int32_t port_a = __isset.port ? port : -1;
  const int32_t port_b = other.__isset.port ? other.port : -1;
  if (port_a != port_b) return port_a < port_b;
  const int64_t code_a = __isset.startCode ? startCode : -1;
  const int64_t code_b = other.__isset.startCode ? other.startCode : -1;
  return code_a < code_b;
}

}  // namespace apache::hadoop::hbase::thrift2
