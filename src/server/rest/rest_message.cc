#include "server/rest/rest_message.h"

#include <algorithm>
#include <cctype>

namespace cellar::server::rest {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<MediaType> OneMediaType(std::string_view item) {
  std::string type = Lower(Trim(item.substr(0, item.find(';'))));
  if (type == "application/json") return MediaType::kJson;
  if (type == "text/xml" || type == "application/xml") return MediaType::kXml;
  if (type == "application/octet-stream") return MediaType::kOctetStream;
  if (type == "text/plain") return MediaType::kText;
  if (type == "application/x-protobuf" || type == "application/protobuf") {
    return MediaType::kProtobuf;
  }
  if (type.empty() || type == "*/*" || type == "text/*" || type == "application/*") {
    return std::nullopt;
  }
  return MediaType::kUnknown;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<MediaType> ParseMediaType(std::string_view header) {
  // The first type Cellar knows wins; an unknown one is reported only if nothing else is there.
  bool saw_unknown = false;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::optional<MediaType> t = OneMediaType(header.substr(0, comma));
    if (t == MediaType::kUnknown) {
      saw_unknown = true;
    } else if (t) {
      return t;
    }
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  if (saw_unknown) return MediaType::kUnknown;
  return std::nullopt;
}

std::string_view MediaTypeName(MediaType type) {
  switch (type) {
    case MediaType::kXml:
      return "text/xml";
    case MediaType::kJson:
      return "application/json";
    case MediaType::kOctetStream:
      return "application/octet-stream";
    case MediaType::kText:
      return "text/plain";
    case MediaType::kProtobuf:
      return "application/x-protobuf";
    case MediaType::kUnknown:
      break;
  }
  return "application/unknown";
}

std::optional<std::string> RestRequest::Param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> RestRequest::Params(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : params) {
    if (k == name) out.push_back(v);
  }
  return out;
}

std::optional<std::string> RestRequest::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::string UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

void ParseTarget(std::string_view target, RestRequest& request) {
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty()) {
    size_t slash = path.find('/');
    request.raw_segments.emplace_back(path.substr(0, slash));
    request.segments.push_back(UrlDecode(path.substr(0, slash)));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    if (!item.empty()) {
      size_t eq = item.find('=');
      request.params.emplace_back(
          UrlDecode(item.substr(0, eq)),
          eq == std::string_view::npos ? "" : UrlDecode(item.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

}  // namespace cellar::server::rest
