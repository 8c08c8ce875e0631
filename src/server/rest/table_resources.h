#pragma once

// The per-table resources: /<table>/schema (GET; PUT = create or replace, 201; POST = create or
// add/modify the listed families, 201 or 200; DELETE = disable and drop, 200), /<table>/regions
// and /<table>/exists. Each function answers one request completely. Thread-safe.

#include <string>

#include "server/rest/rest_context.h"
#include "server/rest/rest_message.h"

namespace cellar::server::rest {

RestResponse HandleSchema(RestContext& context, const RestRequest& request,
                          const std::string& table);
RestResponse GetRegions(RestContext& context, const RestRequest& request, const std::string& table);
RestResponse GetExists(RestContext& context, const RestRequest& request, const std::string& table);

}  // namespace cellar::server::rest
