#include "server/rest/router.h"

#include <chrono>

#include "server/rest/check_resources.h"
#include "server/rest/http_status.h"
#include "server/rest/meta_resources.h"
#include "server/rest/row_resources.h"
#include "server/rest/scan_resources.h"
#include "server/rest/table_resources.h"

namespace cellar::server::rest {
namespace {

Route Make(RouteKind kind, std::string table = "", std::string name = "") {
  return Route{kind, std::move(table), std::move(name)};
}

Route MatchTable(const RestRequest& request) {
  const auto& seg = request.segments;
  const std::string& table = seg[0];
  if (seg.size() == 1) return Make(RouteKind::kUnknown, table);
  const std::string& what = seg[1];
  if (seg.size() == 2 && what == "schema") return Make(RouteKind::kSchema, table);
  if (seg.size() == 2 && what == "regions") return Make(RouteKind::kRegions, table);
  if (seg.size() == 2 && what == "exists") return Make(RouteKind::kExists, table);
  if (what == "multiget" && seg.size() <= 3) return Make(RouteKind::kMultiGet, table);
  if (what == "scanner" && seg.size() == 2) return Make(RouteKind::kScanners, table);
  if (what == "scanner" && seg.size() == 3) return Make(RouteKind::kScanner, table, seg[2]);
  // A glob only when the '*' was sent as such (an encoded %2A is part of the row key).
  const std::string& raw = request.raw_segments[1];
  if (seg.size() == 2 && !raw.empty() && raw.back() == '*') {
    return Make(RouteKind::kTableScan, table);
  }
  return Make(RouteKind::kRow, table);
}

bool Allowed(RouteKind kind, const std::string& method) {
  bool get = method == "GET" || method == "HEAD";
  bool put = method == "PUT" || method == "POST";
  bool del = method == "DELETE";
  switch (kind) {
    case RouteKind::kNamespace:
    case RouteKind::kSchema:
    case RouteKind::kRow:
      return get || put || del;
    case RouteKind::kScanners:
      return put;
    case RouteKind::kScanner:
      return get || del;
    case RouteKind::kUnknown:
      return true;  // answered 404/400 below
    default:
      return get;
  }
}

}  // namespace

Route MatchRoute(const RestRequest& request) {
  const auto& seg = request.segments;
  if (seg.empty() || (seg.size() == 1 && seg[0].empty())) return Make(RouteKind::kTableList);
  const std::string& first = seg[0];
  if (first == "version") {
    if (seg.size() == 1) return Make(RouteKind::kVersion);
    if (seg.size() == 2 && seg[1] == "cluster") return Make(RouteKind::kClusterVersion);
    if (seg.size() == 2 && seg[1] == "rest") return Make(RouteKind::kVersion);
    return Make(RouteKind::kUnknown);
  }
  if (first == "status") {
    if (seg.size() == 2 && seg[1] == "cluster") return Make(RouteKind::kClusterStatus);
    return Make(RouteKind::kUnknown);
  }
  if (first == "namespaces") {
    if (seg.size() == 1) return Make(RouteKind::kNamespaces);
    if (seg.size() == 2) return Make(RouteKind::kNamespace, "", seg[1]);
    if (seg.size() == 3 && seg[2] == "tables") return Make(RouteKind::kNamespaceTables, "", seg[1]);
    return Make(RouteKind::kUnknown);
  }
  return MatchTable(request);
}

bool IsWrite(const Route& route, const std::string& method) {
  if (method == "GET" || method == "HEAD") return false;
  return route.kind != RouteKind::kScanners && route.kind != RouteKind::kScanner;
}

RestService::RestService(Store& store, Settings settings) : context_{store} {
  context_.read_only = settings.read_only;
  context_.scheme = std::move(settings.scheme);
  context_.location = std::move(settings.location);
  context_.start_code = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
}

RestResponse RestService::Handle(const RestRequest& request) {
  context_.requests.fetch_add(1, std::memory_order_relaxed);
  Route route = MatchRoute(request);
  if (!Allowed(route.kind, request.method)) {
    RestResponse r = RestResponse::Text(
        405, "Method not allowed\r\n" + request.method + " is not supported on this resource\r\n");
    return r;
  }
  if (context_.read_only && IsWrite(route, request.method)) return ForbiddenReadOnly(request);
  return Dispatch(route, request);
}

RestResponse RestService::Dispatch(const Route& route, const RestRequest& request) {
  switch (route.kind) {
    case RouteKind::kTableList:
      return GetTableList(context_, request);
    case RouteKind::kVersion:
      return GetVersion(context_, request);
    case RouteKind::kClusterVersion:
      return GetClusterVersion(context_, request);
    case RouteKind::kClusterStatus:
      return GetClusterStatus(context_, request);
    case RouteKind::kNamespaces:
      return GetNamespaces(context_, request);
    case RouteKind::kNamespace:
      return HandleNamespace(context_, request, route.name);
    case RouteKind::kNamespaceTables:
      return GetNamespaceTables(context_, request, route.name);
    case RouteKind::kUnknown:
      return ErrorResponse(request,
                           Status::NotFound("no such resource: expected /, /version, "
                                            "/status/cluster, /namespaces or /<table>/<row>"));
    default:
      return DispatchTable(route, request);
  }
}

RestResponse RestService::DispatchTable(const Route& route, const RestRequest& request) {
  const std::string& t = route.table;
  const std::string& m = request.method;
  switch (route.kind) {
    case RouteKind::kSchema:
      return HandleSchema(context_, request, t);
    case RouteKind::kRegions:
      return GetRegions(context_, request, t);
    case RouteKind::kExists:
      return GetExists(context_, request, t);
    case RouteKind::kMultiGet:
      return GetMulti(context_, request, t);
    case RouteKind::kScanners:
      return CreateScanner(context_, request, t);
    case RouteKind::kScanner:
      return m == "DELETE" ? DeleteScanner(context_, request, t, route.name)
                           : GetScannerPage(context_, request, t, route.name);
    case RouteKind::kTableScan:
      return GetTableScan(context_, request, t);
    default:
      break;
  }
  if (m == "GET" || m == "HEAD") return GetRows(context_, request, t);
  if (m == "DELETE") return DeleteRow(context_, request, t);
  if (request.Param("check")) return CheckedWrite(context_, request, t);
  return PutRows(context_, request, t);
}

}  // namespace cellar::server::rest
