#pragma once

// RestRequest and RestResponse: one HTTP exchange as the REST resources see it, independent of
// the HTTP library (so routing and resources are testable without sockets), and MediaType, the
// representations HBase's REST gateway speaks. Value types; thread-compatible.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cellar::server::rest {

enum class MediaType {
  kXml,          // text/xml, application/xml
  kJson,         // application/json
  kOctetStream,  // application/octet-stream: one raw cell value
  kText,         // text/plain
  kProtobuf,     // application/x-protobuf, application/protobuf: not supported here
  kUnknown,
};

// The media type of an Accept or Content-Type header: the first listed type that Cellar knows
// ("*/*" and an empty header count as "unspecified" and yield nullopt). Parameters such as
// "; charset=utf-8" and "q=" weights are ignored.
std::optional<MediaType> ParseMediaType(std::string_view header);
// "application/json", "text/xml", ...
std::string_view MediaTypeName(MediaType type);

struct RestRequest {
  std::string method;  // "GET", "PUT", "POST", "DELETE", "HEAD"
  // Path segments after the leading '/', each URL-decoded ('+' is a space, as in HBase).
  std::vector<std::string> segments;
  // The same segments as sent (still percent-encoded), for the rowspec, whose ',' and '*' are
  // syntax only when not encoded.
  std::vector<std::string> raw_segments;
  // Query parameters, decoded, in order (a name may repeat: multiget's row=).
  std::vector<std::pair<std::string, std::string>> params;
  std::string accept;
  std::string content_type;
  // Headers the octet-stream representation uses: X-Row, X-Column, X-Timestamp (lower-cased
  // names), when present.
  std::map<std::string, std::string> headers;
  std::string body;

  // The first value of parameter "name", or nullopt.
  std::optional<std::string> Param(std::string_view name) const;
  // Every value of parameter "name", in order.
  std::vector<std::string> Params(std::string_view name) const;
  // The header "name" (lower case), or nullopt.
  std::optional<std::string> Header(std::string_view name) const;
};

struct RestResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static RestResponse Text(int status, std::string body) {
    return RestResponse{status, "text/plain", std::move(body), {}};
  }
  static RestResponse Empty(int status) { return RestResponse{status, "", "", {}}; }
};

// Splits "target" (the raw request target, e.g. "/t/r%2F1/cf:q?v=2") into path segments and
// URL-decoded query parameters. A trailing '/' ("/t/schema/") adds no segment.
// Fills request.segments, request.raw_segments and request.params.
void ParseTarget(std::string_view target, RestRequest& request);
// Percent-decoding with '+' as a space (Java's URLDecoder, which HBase applies to each segment).
// Malformed escapes are kept as they are.
std::string UrlDecode(std::string_view text);

}  // namespace cellar::server::rest
