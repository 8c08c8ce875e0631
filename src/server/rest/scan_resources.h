#pragma once

// Scans: the stateless GET /<table>/<prefix>* (HBase's TableScanResource, with the query
// parameters startrow, endrow, column, maxversions, batchsize, starttime, endtime, limit,
// reversed, filter (a filter-language string), cacheblocks), and the stateful scanners:
// POST|PUT /<table>/scanner (201 + Location), GET /<table>/scanner/<id>[?n=rows&c=cells]
// (200 + CellSet, or 204 once exhausted) and DELETE /<table>/scanner/<id>. Thread-safe.

#include <string>

#include "server/rest/rest_context.h"
#include "server/rest/rest_message.h"

namespace cellar::server::rest {

RestResponse GetTableScan(RestContext& context, const RestRequest& request,
                          const std::string& table);
RestResponse CreateScanner(RestContext& context, const RestRequest& request,
                           const std::string& table);
RestResponse GetScannerPage(RestContext& context, const RestRequest& request,
                            const std::string& table, const std::string& id);
RestResponse DeleteScanner(RestContext& context, const RestRequest& request,
                           const std::string& table, const std::string& id);

}  // namespace cellar::server::rest
