#pragma once

// Gateway: one network service of `cellar serve` (the Thrift v1 gateway, the Thrift v2 gateway or
// the REST gateway) over one Store. Start binds and returns once the service accepts
// connections, serving from its own threads; Stop stops accepting, lets requests in hand finish,
// and returns when no request runs any more. Start and Stop are called from one thread.

#include <memory>
#include <string>
#include <string_view>

#include "cellar/status.h"

namespace cellar::server {

// What every gateway shares. Each option documents its default.
struct GatewayOptions {
  // Address to listen on. Default: 127.0.0.1 (loopback only; serving other hosts is a choice).
  std::string bind = "127.0.0.1";
  // TCP port; 0 picks a free one (see Gateway::port). Default: the gateway's HBase port.
  int port = 0;
  // Worker threads serving requests; a bounded pool. Default: 64.
  int workers = 64;
  // Reject every write and DDL with a clear error. Default: off.
  bool read_only = false;
  // TLS: a PEM certificate chain and its private key. Empty (the default) serves plain TCP.
  std::string tls_cert_file;
  std::string tls_key_file;
  // TLS client authentication: when set, clients must present a certificate signed by a CA in
  // this PEM file (the Thrift gateways' way to authenticate; REST accepts it too). Default: none.
  std::string tls_client_ca_file;
  // REST authentication: "user:password" that every request must send as HTTP basic auth.
  // Default: empty = no authentication.
  std::string basic_auth;
  // Seconds a connection may sit idle (no bytes of a request) before it is closed, so that dead
  // clients free their worker. Default: 300.
  int idle_timeout_seconds = 300;
};

class Gateway {
 public:
  virtual ~Gateway() = default;
  // "thrift", "thrift2" or "rest", for log lines.
  virtual std::string_view name() const = 0;
  // Binds and starts serving. Unavailable if the port cannot be bound (in use, no permission);
  // InvalidArgument for unusable TLS files.
  virtual Status Start() = 0;
  // The port bound by Start (the chosen one when the options said 0).
  virtual int port() const = 0;
  // Stops accepting, finishes the requests in hand, returns when none runs. Idempotent.
  virtual void Stop() = 0;
};

}  // namespace cellar::server
