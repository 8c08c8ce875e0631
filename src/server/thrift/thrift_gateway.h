#pragma once

// ThriftGateway: serves one Thrift service (HBase's v1 `Hbase` or v2 `THBaseService`) on one
// port, as HBase's ThriftServer does: buffered transport and binary protocol by default, framed
// (-f) and compact (-c) selectable, a bounded pool of worker threads (one connection per worker
// at a time; connections beyond the pool wait in a bounded queue, and beyond that are closed
// with a log line), optional TLS with client certificates. Idle connections are closed after
// GatewayOptions::idle_timeout_seconds so that a dead client frees its worker. A malformed or
// oversized message closes that connection only; the error is logged.

#include <functional>
#include <memory>
#include <string>

#include "server/gateway.h"

namespace apache::thrift {
class TProcessorFactory;
}

namespace cellar::server {

struct ThriftGatewayOptions : GatewayOptions {
  // TFramedTransport instead of the buffered (unframed) transport. Default: off, as in HBase.
  bool framed = false;
  // TCompactProtocol instead of TBinaryProtocol. Default: off, as in HBase.
  bool compact = false;
};

// "name" ("thrift" or "thrift2") is used in log lines. "processors" makes one processor per
// connection (so a handler may keep per-connection state, such as open scanners).
// "on_listening", when set, is called with the bound port once Start has succeeded (the handlers
// report it as their region server's port).
std::unique_ptr<Gateway> MakeThriftGateway(
    std::string name, ThriftGatewayOptions options,
    std::shared_ptr<apache::thrift::TProcessorFactory> processors,
    std::function<void(int port)> on_listening = nullptr);

}  // namespace cellar::server
