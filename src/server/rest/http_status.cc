#include "server/rest/http_status.h"

#include <spdlog/spdlog.h>

#include <string>

namespace cellar::server::rest {
namespace {

std::string_view Reason(int code) {
  switch (code) {
    case 400:
      return "Bad request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not found";
    case 409:
      return "Conflict";
    case 503:
      return "Unavailable";
    default:
      return "Internal server error";
  }
}

std::string PathOf(const RestRequest& request) {
  std::string path;
  for (const std::string& s : request.segments) path += "/" + s;
  return path.empty() ? "/" : path;
}

}  // namespace

int HttpCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kOk:
    case StatusCode::kDataLoss:
    case StatusCode::kInternal:
      break;
  }
  return 500;
}

RestResponse ErrorResponse(const RestRequest& request, const Status& status) {
  int code = HttpCodeFor(status);
  if (code >= 500) {
    spdlog::error("rest: {} {} -> {}: {}", request.method, PathOf(request), code,
                  status.ToString());
  } else {
    spdlog::warn("rest: {} {} -> {}: {}", request.method, PathOf(request), code, status.ToString());
  }
  return RestResponse::Text(code, std::string(Reason(code)) + "\r\n" + status.message() + "\r\n");
}

RestResponse ForbiddenReadOnly(const RestRequest& request) {
  spdlog::warn("rest: {} {} -> 403: the gateway is read-only", request.method, PathOf(request));
  return RestResponse::Text(403, "Forbidden\r\n");
}

}  // namespace cellar::server::rest
