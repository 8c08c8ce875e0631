#pragma once

// The REST gateway's URL space, as HBase's RootResource and TableResource lay it out, and
// RestService, which answers one RestRequest by routing it to a resource.
//   /                          GET table list
//   /version[/cluster]         GET
//   /status/cluster            GET
//   /namespaces[/<ns>[/tables]]
//   /<table>/schema | regions | exists | multiget[/<cols>] | scanner[/<id>]
//   /<table>/<prefix>*         GET stateless scan
//   /<table>/<rowspec>         GET, PUT, POST (?check=...), DELETE
// A row literally named "schema", "regions", "exists", "multiget" or "scanner" is not reachable
// as a rowspec, as in HBase.

#include <memory>
#include <string>

#include "cellar/store.h"
#include "server/rest/rest_context.h"
#include "server/rest/rest_message.h"

namespace cellar::server::rest {

enum class RouteKind {
  kTableList,
  kVersion,
  kClusterVersion,
  kClusterStatus,
  kNamespaces,
  kNamespace,
  kNamespaceTables,
  kSchema,
  kRegions,
  kExists,
  kMultiGet,
  kScanners,  // /<table>/scanner: create
  kScanner,   // /<table>/scanner/<id>
  kTableScan,
  kRow,
  kUnknown,
};

struct Route {
  RouteKind kind = RouteKind::kUnknown;
  std::string table;
  // The namespace (kNamespace, kNamespaceTables) or the scanner id (kScanner).
  std::string name;
};

// Which resource "request" addresses (by path only; methods are checked by RestService).
Route MatchRoute(const RestRequest& request);

// Whether "method" on "route" changes data or schema (refused when read-only). Opening,
// reading and closing scanners are reads.
bool IsWrite(const Route& route, const std::string& method);

// Answers REST requests for one store. Thread-safe: Handle may run on many threads at once.
class RestService {
 public:
  struct Settings {
    bool read_only = false;
    std::string scheme = "http";
    // "host:port" this gateway serves on.
    std::string location;
  };
  // "store" is borrowed and must outlive the service.
  RestService(Store& store, Settings settings);

  // Never fails: errors become HBase's status codes and text bodies.
  RestResponse Handle(const RestRequest& request);

  RestContext& context() { return context_; }

 private:
  RestResponse Dispatch(const Route& route, const RestRequest& request);
  RestResponse DispatchTable(const Route& route, const RestRequest& request);

  RestContext context_;
};

}  // namespace cellar::server::rest
