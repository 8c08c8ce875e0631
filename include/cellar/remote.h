#pragma once

// The remote backend: a Connection to an Apache HBase Thrift2 gateway (`hbase thrift2 start`) or
// to another `cellar serve`, speaking HBase's THBaseService. Tables and admin behave as the
// embedded store's, with HBase's limits: MutateAtomically is not atomic across rows (see
// Connection), and MajorCompact / Flush are not offered by Thrift2 (FailedPrecondition).
//
// Connections are pooled (one socket per concurrent caller, up to "connections"); a lost
// connection is retried with exponential backoff for calls that are safe to repeat (reads, and
// writes whose effect does not change when repeated: puts with explicit timestamps, deletes);
// errors keep their Status code across the wire when the server is `cellar serve`, and map
// HBase's exception names otherwise.

#include <memory>
#include <string>
#include <string_view>

#include "cellar/connection.h"
#include "cellar/status.h"

namespace cellar {

struct RemoteOptions {
  std::string host = "localhost";
  // The Thrift2 gateway's port. Default: 9090, HBase's (`cellar serve` serves Thrift2 on 9091).
  int port = 9090;
  // Framed transport / compact protocol, as the gateway's -f / -c. Default: buffered, binary.
  bool framed = false;
  bool compact = false;
  // Socket connect, send and receive timeout. Default: 60 s.
  int timeout_ms = 60'000;
  // Attempts after the first when the connection is lost, with backoff doubling from
  // "backoff_ms" up to 10 s. Default: 5 attempts from 100 ms.
  int retries = 5;
  int backoff_ms = 100;
  // Most sockets open at once. Default: 8.
  int connections = 8;
  // Rows per putMultiple when writes are batched. Default: 1000.
  int write_batch_rows = 1000;
  // TLS: trust the server certificates of this CA file (empty: plain TCP), and present this
  // client certificate and key when the gateway asks for one.
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;
};

// Parses "host:port" (or "host", port 9090) into options. InvalidArgument when malformed.
Result<RemoteOptions> ParseRemoteAddress(std::string_view address);

// Connects and checks that the peer speaks Thrift2 (getThriftServerType). Unavailable when it
// cannot be reached after the retries; FailedPrecondition when the port serves Thrift v1.
Result<std::unique_ptr<Connection>> ConnectRemote(const RemoteOptions& options);
// ConnectRemote with default options at "address" ("host:port").
Result<std::unique_ptr<Connection>> ConnectRemote(std::string_view address);

}  // namespace cellar
