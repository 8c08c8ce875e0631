// MakeThrift2Gateway: the shared Thrift server (thrift_gateway.h) with one Thrift2Handler for
// every connection, since HBase's thrift2 scanners are server-wide (an id from openScanner is
// valid on any connection).

#include "server/thrift/thrift2_gateway.h"

#include <thrift/TProcessor.h>

#include "server/thrift/thrift2_context.h"
#include "server/thrift/thrift2_handler.h"
#include "thrift2/THBaseService.h"

namespace cellar::server {
namespace {

// Wraps the Thrift server to tell the handler the port it bound (for region answers).
class Thrift2Gateway final : public Gateway {
 public:
  Thrift2Gateway(std::shared_ptr<Thrift2Context> context, std::unique_ptr<Gateway> server)
      : context_(std::move(context)), server_(std::move(server)) {}

  std::string_view name() const override { return server_->name(); }
  Status Start() override {
    CELLAR_RETURN_IF_ERROR(server_->Start());
    context_->set_port(server_->port());
    return Status::Ok();
  }
  int port() const override { return server_->port(); }
  void Stop() override { server_->Stop(); }

 private:
  std::shared_ptr<Thrift2Context> context_;
  std::unique_ptr<Gateway> server_;
};

}  // namespace

std::unique_ptr<Gateway> MakeThrift2Gateway(Store& store, ThriftGatewayOptions options) {
  auto context = std::make_shared<Thrift2Context>(store, options.read_only, options.bind);
  auto handler = std::make_shared<Thrift2Handler>(context);
  // The generated processor only forwards to the handler, so one serves every connection.
  auto processor =
      std::make_shared<::apache::hadoop::hbase::thrift2::THBaseServiceProcessor>(handler);
  auto processors = std::make_shared<::apache::thrift::TSingletonProcessorFactory>(processor);
  auto server = MakeThriftGateway("thrift2", std::move(options), std::move(processors));
  return std::make_unique<Thrift2Gateway>(std::move(context), std::move(server));
}

}  // namespace cellar::server
