#pragma once

// RestContext: what every REST resource shares - the store, the gateway's settings and the open
// scanners - and the small helpers they all use. Thread-safe (the store and the registry are;
// the settings are fixed before serving starts).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "cellar/store.h"
#include "server/rest/scanner_registry.h"

namespace cellar::server::rest {

struct RestContext {
  // Borrowed; outlives the gateway.
  Store& store;
  bool read_only = false;
  // "http" or "https", for the Location of new scanners.
  std::string scheme = "http";
  // "host:port" of this gateway, reported as the region server.
  std::string location{};
  // When the gateway started (ms since the epoch), HBase's server start code.
  int64_t start_code = 0;
  std::atomic<int64_t> requests{0};
  ScannerRegistry scanners{};
};

// Parses a table name from the URL. InvalidArgument for a name HBase rejects.
Result<TableName> ParseTableName(const std::string& name);
// Opens table "name". NotFound if it does not exist; InvalidArgument for a bad name.
Result<std::unique_ptr<Table>> OpenTable(RestContext& context, const std::string& name);

}  // namespace cellar::server::rest
