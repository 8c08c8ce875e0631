// MakeThrift2Gateway: the shared Thrift server (thrift_gateway.h) with one Thrift2Handler for
// every connection, since HBase's thrift2 scanners are server-wide (an id from openScanner is
// valid on any connection).

#include "server/thrift/thrift2_gateway.h"

#include <thrift/TProcessor.h>

#include "server/thrift/thrift_context.h"
#include "server/thrift/thrift2_handler.h"
#include "thrift2/THBaseService.h"

namespace cellar::server {
std::unique_ptr<Gateway> MakeThrift2Gateway(Store& store, ThriftGatewayOptions options) {
  auto context = std::make_shared<ThriftContext>(store, options.read_only, options.bind);
  auto handler = std::make_shared<Thrift2Handler>(context);
  // The generated processor only forwards to the handler, so one serves every connection.
  auto processor =
      std::make_shared<::apache::hadoop::hbase::thrift2::THBaseServiceProcessor>(handler);
  auto processors = std::make_shared<::apache::thrift::TSingletonProcessorFactory>(processor);
  return MakeThriftGateway("thrift2", std::move(options), std::move(processors),
                           [context](int port) { context->set_port(port); });
}

}  // namespace cellar::server
