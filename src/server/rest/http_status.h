#pragma once

// The one place where Cellar's Status becomes an HTTP status for the REST gateway, following
// HBase's ResourceBase.processException where it can:
//   NotFound           -> 404 (unknown table, family, row, scanner, namespace)
//   InvalidArgument    -> 400 (malformed body, bad base64, bad filter, bad rowspec)
//   AlreadyExists      -> 409 (HBase answers 503 for its IOException; 409 says what happened)
//   FailedPrecondition -> 409 (e.g. a disabled table, a namespace that still holds tables)
//   Unavailable        -> 503 (the store is closed or locked elsewhere)
//   DataLoss, Internal -> 500
// Bodies are text/plain, as HBase's, and every error is logged with spdlog. Thread-safe.

#include <string_view>

#include "cellar/status.h"
#include "server/rest/rest_message.h"

namespace cellar::server::rest {

// REQUIRES: !status.ok().
int HttpCodeFor(const Status& status);

// The response for a failed "status" while serving "request" (method and path go in the log
// line): the mapped code and a text/plain body "<reason>\r\n<message>\r\n".
RestResponse ErrorResponse(const RestRequest& request, const Status& status);

// HBase's 403 for any write or DDL on a read-only gateway.
RestResponse ForbiddenReadOnly(const RestRequest& request);

}  // namespace cellar::server::rest
