#include "server/rest/representation.h"

#include <spdlog/spdlog.h>

#include "server/rest/json_codec.h"
#include "server/rest/xml_codec.h"

namespace cellar::server::rest {
namespace {

RestResponse Body(MediaType type, std::string body, int code) {
  return RestResponse{code, std::string(MediaTypeName(type)), std::move(body), {}};
}

template <typename Model>
RestResponse Pick(MediaType type, const Model& m, int code, std::string (*json)(const Model&),
                  std::string (*xml)(const Model&)) {
  return Body(type, type == MediaType::kJson ? json(m) : xml(m), code);
}

}  // namespace

std::optional<MediaType> ChooseResponseType(const RestRequest& request,
                                            std::initializer_list<MediaType> offered) {
  std::string_view accept = request.accept;
  // Walk the Accept list in order and take the first type on offer.
  while (!accept.empty()) {
    size_t comma = accept.find(',');
    std::optional<MediaType> t = ParseMediaType(accept.substr(0, comma));
    if (!t) return *offered.begin();  // "*/*" (or an empty item) accepts our default
    for (MediaType o : offered) {
      if (o == *t) return o;
    }
    if (comma == std::string_view::npos) return std::nullopt;
    accept.remove_prefix(comma + 1);
  }
  return *offered.begin();
}

std::optional<MediaType> RequestBodyType(const RestRequest& request) {
  std::optional<MediaType> t = ParseMediaType(request.content_type);
  if (!t) {
    size_t first = request.body.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && request.body[first] == '{') return MediaType::kJson;
    return MediaType::kXml;
  }
  if (*t == MediaType::kJson || *t == MediaType::kXml || *t == MediaType::kOctetStream) return t;
  return std::nullopt;
}

RestResponse NotAcceptable(const RestRequest& request) {
  spdlog::warn("rest: {} {} -> 406: cannot answer in \"{}\"", request.method,
               request.segments.empty() ? "/" : "/" + request.segments[0] + "/...", request.accept);
  return RestResponse::Text(406, "Not acceptable\r\nAccept one of application/json, text/xml" +
                                     std::string(" (protobuf is not supported)\r\n"));
}

RestResponse UnsupportedMediaType(const RestRequest& request) {
  spdlog::warn("rest: {} {} -> 415: cannot read \"{}\"", request.method,
               request.segments.empty() ? "/" : "/" + request.segments[0] + "/...",
               request.content_type);
  return RestResponse::Text(415,
                            "Unsupported media type\r\nSend application/json or text/xml "
                            "(protobuf is not supported)\r\n");
}

RestResponse Encode(MediaType type, const CellSetModel& m, int code) {
  return Pick(type, m, code, &CellSetToJson, &CellSetToXml);
}
RestResponse Encode(MediaType type, const TableSchemaModel& m, int code) {
  return Pick(type, m, code, &TableSchemaToJson, &TableSchemaToXml);
}
RestResponse Encode(MediaType type, const VersionModel& m, int code) {
  return Pick(type, m, code, &VersionToJson, &VersionToXml);
}
RestResponse Encode(MediaType type, const ClusterStatusModel& m, int code) {
  return Pick(type, m, code, &ClusterStatusToJson, &ClusterStatusToXml);
}
RestResponse Encode(MediaType type, const TableInfoModel& m, int code) {
  return Pick(type, m, code, &TableInfoToJson, &TableInfoToXml);
}
RestResponse Encode(MediaType type, const NamespacePropertiesModel& m, int code) {
  return Pick(type, m, code, &NamespacePropertiesToJson, &NamespacePropertiesToXml);
}

RestResponse EncodeTableList(MediaType type, const std::vector<std::string>& tables) {
  if (type == MediaType::kText) {
    std::string body;
    for (const std::string& t : tables) body += t + "\n";
    return Body(type, std::move(body), 200);
  }
  return Body(type, type == MediaType::kJson ? TableListToJson(tables) : TableListToXml(tables),
              200);
}

RestResponse EncodeNamespaces(MediaType type, const std::vector<std::string>& namespaces) {
  if (type == MediaType::kText) {
    std::string body;
    for (const std::string& ns : namespaces) body += ns + "\n";
    return Body(type, std::move(body), 200);
  }
  return Body(type,
              type == MediaType::kJson ? NamespacesToJson(namespaces) : NamespacesToXml(namespaces),
              200);
}

RestResponse EncodeClusterVersion(MediaType type, const std::string& version) {
  if (type == MediaType::kText) return Body(type, version + "\n", 200);
  return Body(
      type, type == MediaType::kJson ? ClusterVersionToJson(version) : ClusterVersionToXml(version),
      200);
}

Result<CellSetModel> DecodeCellSet(MediaType type, const std::string& body) {
  return type == MediaType::kJson ? CellSetFromJson(body) : CellSetFromXml(body);
}
Result<ScannerModel> DecodeScanner(MediaType type, const std::string& body) {
  return type == MediaType::kJson ? ScannerFromJson(body) : ScannerFromXml(body);
}
Result<TableSchemaModel> DecodeTableSchema(MediaType type, const std::string& body) {
  return type == MediaType::kJson ? TableSchemaFromJson(body) : TableSchemaFromXml(body);
}
Result<NamespacePropertiesModel> DecodeNamespaceProperties(MediaType type,
                                                           const std::string& body) {
  return type == MediaType::kJson ? NamespacePropertiesFromJson(body)
                                  : NamespacePropertiesFromXml(body);
}

}  // namespace cellar::server::rest
