// MakeThrift1Gateway: the shared Thrift server (thrift_gateway.h) with one Thrift1Handler per
// connection, so that each connection has its own scanners, as each HBase client has.

#include "server/thrift/thrift1_gateway.h"

#include <spdlog/spdlog.h>

#include "server/thrift/thrift_context.h"
#include "server/thrift/thrift1_handler.h"
#include "thrift1/Hbase.h"

namespace cellar::server {
namespace {

namespace h1 = ::apache::hadoop::hbase::thrift;

class Thrift1HandlerFactory final : public h1::HbaseIfFactory {
 public:
  explicit Thrift1HandlerFactory(std::shared_ptr<const ThriftContext> context)
      : context_(std::move(context)) {}

  // Thrift's factory interface hands out raw pointers and gives them back to releaseHandler
  // when the connection ends; ownership passes through these two calls.
  h1::HbaseIf* getHandler(const ::apache::thrift::TConnectionInfo&) override {
    return std::make_unique<Thrift1Handler>(context_).release();
  }
  void releaseHandler(h1::HbaseIf* handler) override {
    std::unique_ptr<h1::HbaseIf> owned(handler);  // closes the connection's scanners
  }

 private:
  std::shared_ptr<const ThriftContext> context_;
};

}  // namespace

std::unique_ptr<Gateway> MakeThrift1Gateway(Store& store, ThriftGatewayOptions options) {
  auto context = std::make_shared<ThriftContext>(store, options.read_only, options.bind);
  auto processors = std::make_shared<h1::HbaseProcessorFactory>(
      std::make_shared<Thrift1HandlerFactory>(context));
  return MakeThriftGateway("thrift", std::move(options), std::move(processors),
                           [context](int port) { context->set_port(port); });
}

}  // namespace cellar::server
