#pragma once

// ThriftContext: what the handlers of a Thrift gateway (v1 or v2) share: the store, the
// read-only switch, and where the gateway listens (reported as the region server by v1's
// getTableRegions / getRegionInfo and v2's getRegionLocation). Thread-safe.

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "cellar/store.h"

namespace cellar::server {

class ThriftContext {
 public:
  // "store" is borrowed and must outlive the context. "host" is the bind address.
  ThriftContext(Store& store, bool read_only, std::string host)
      : store_(store), read_only_(read_only), host_(std::move(host)) {}

  Store& store() const { return store_; }
  Admin& admin() const { return store_.admin(); }

  // Parses "name" ("ns:t" or "t", the binary table argument of data calls) and opens the table. InvalidArgument for a bad name;
  // NotFound for an unknown table.
  Result<std::unique_ptr<Table>> OpenTable(std::string_view name) const;

  // FailedPrecondition naming "method" when the gateway is read-only; OK otherwise.
  Status RequireWritable(std::string_view method) const;

  const std::string& host() const { return host_; }
  // The bound port; 0 until the gateway has started.
  int port() const { return port_.load(std::memory_order_relaxed); }
  void set_port(int port) { port_.store(port, std::memory_order_relaxed); }

 private:
  Store& store_;
  const bool read_only_;
  const std::string host_;
  std::atomic<int> port_{0};
};

}  // namespace cellar::server
