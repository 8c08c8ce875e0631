#include "server/rest/meta_resources.h"

#include <sys/utsname.h>

#include "cellar/store.h"
#include "server/rest/http_status.h"
#include "server/rest/representation.h"

namespace cellar::server::rest {
namespace {

std::string OsName() {
  utsname u{};
  if (uname(&u) != 0) return "unknown";
  return std::string(u.sysname) + " " + u.release + " " + u.machine;
}

// The tables of namespace "ns" (all when empty) as HBase prints them.
Result<std::vector<std::string>> TableNames(RestContext& context, const std::string& ns) {
  CELLAR_ASSIGN_OR_RETURN(std::vector<TableName> tables, context.store.admin().ListTables());
  std::vector<std::string> names;
  for (const TableName& t : tables) {
    if (ns.empty() || t.ns == ns) names.push_back(ns.empty() ? t.ToString() : t.qualifier);
  }
  return names;
}

}  // namespace

RestResponse GetTableList(RestContext& context, const RestRequest& request) {
  auto type = ChooseResponseType(request, {MediaType::kText, MediaType::kXml, MediaType::kJson});
  if (!type) return NotAcceptable(request);
  Result<std::vector<std::string>> names = TableNames(context, "");
  if (!names.ok()) return ErrorResponse(request, names.status());
  return EncodeTableList(*type, *names);
}

RestResponse GetVersion(RestContext& context, const RestRequest& request) {
  auto type = ChooseResponseType(request, {MediaType::kText, MediaType::kXml, MediaType::kJson});
  if (!type) return NotAcceptable(request);
  VersionModel v;
  v.jvm = "none (Cellar is C++)";
  v.os = OsName();
  v.server = "cellar/0.1.0";
  v.jersey = "none (cpp-httplib)";
  if (*type == MediaType::kText) {
    return RestResponse::Text(200, "rest " + v.rest + " [JVM: " + v.jvm + "] [OS: " + v.os +
                                       "] [Server: " + v.server + "] [Jersey: " + v.jersey + "]\n");
  }
  return Encode(*type, v);
}

RestResponse GetClusterVersion(RestContext& context, const RestRequest& request) {
  auto type = ChooseResponseType(request, {MediaType::kText, MediaType::kXml, MediaType::kJson});
  if (!type) return NotAcceptable(request);
  return EncodeClusterVersion(*type, kCompatibleHBaseVersion);
}

RestResponse GetClusterStatus(RestContext& context, const RestRequest& request) {
  auto type = ChooseResponseType(request, {MediaType::kXml, MediaType::kJson});
  if (!type) return NotAcceptable(request);
  Result<std::vector<std::string>> names = TableNames(context, "");
  if (!names.ok()) return ErrorResponse(request, names.status());
  // One process serves every table as one region: report it as one live node.
  ClusterStatusModel m;
  ClusterStatusModel::Node node;
  node.name = context.location;
  node.start_code = context.start_code;
  node.requests = context.requests.load();
  for (const std::string& t : *names) {
    node.regions.push_back({t + ",,1", 1, 0, 0, 0});
  }
  m.regions = static_cast<int>(names->size());
  m.requests = node.requests;
  m.average_load = static_cast<double>(m.regions);
  m.live_nodes.push_back(std::move(node));
  return Encode(*type, m);
}

RestResponse GetNamespaces(RestContext& context, const RestRequest& request) {
  auto type = ChooseResponseType(request, {MediaType::kText, MediaType::kXml, MediaType::kJson});
  if (!type) return NotAcceptable(request);
  Result<std::vector<std::string>> ns = context.store.admin().ListNamespaces();
  if (!ns.ok()) return ErrorResponse(request, ns.status());
  return EncodeNamespaces(*type, *ns);
}

RestResponse HandleNamespace(RestContext& context, const RestRequest& request,
                             const std::string& ns) {
  Admin& admin = context.store.admin();
  Result<bool> exists = admin.NamespaceExists(ns);
  if (!exists.ok()) return ErrorResponse(request, exists.status());
  if (request.method == "GET") {
    auto type = ChooseResponseType(request, {MediaType::kXml, MediaType::kJson});
    if (!type) return NotAcceptable(request);
    if (!*exists) return ErrorResponse(request, Status::NotFound("no namespace " + ns));
    return Encode(*type, NamespacePropertiesModel{});
  }
  if (request.method == "DELETE") {
    if (Status s = admin.DropNamespace(ns); !s.ok()) return ErrorResponse(request, s);
    return RestResponse::Empty(200);
  }
  // POST and PUT: Cellar keeps no namespace properties; the body is checked, then ignored.
  std::optional<MediaType> body_type = RequestBodyType(request);
  if (!body_type || *body_type == MediaType::kOctetStream) return UnsupportedMediaType(request);
  if (auto props = DecodeNamespaceProperties(*body_type, request.body); !props.ok()) {
    return ErrorResponse(request, props.status());
  }
  if (*exists) {
    if (request.method == "POST") {
      return RestResponse::Text(403, "Forbidden\r\nNamespace " + ns + " already exists\r\n");
    }
    return RestResponse::Empty(200);
  }
  if (Status s = admin.CreateNamespace(ns); !s.ok()) return ErrorResponse(request, s);
  return RestResponse::Empty(201);
}

RestResponse GetNamespaceTables(RestContext& context, const RestRequest& request,
                                const std::string& ns) {
  auto type = ChooseResponseType(request, {MediaType::kXml, MediaType::kJson, MediaType::kText});
  if (!type) return NotAcceptable(request);
  Result<bool> exists = context.store.admin().NamespaceExists(ns);
  if (!exists.ok()) return ErrorResponse(request, exists.status());
  if (!*exists) return ErrorResponse(request, Status::NotFound("no namespace " + ns));
  Result<std::vector<std::string>> names = TableNames(context, ns);
  if (!names.ok()) return ErrorResponse(request, names.status());
  return EncodeTableList(*type, *names);
}

}  // namespace cellar::server::rest
