#pragma once

// The cluster-wide resources: GET / (tables), /version, /version/cluster, /status/cluster and
// the namespaces (/namespaces, /namespaces/<ns>, /namespaces/<ns>/tables). Each function answers
// one request completely, errors included. Thread-safe.

#include "server/rest/rest_context.h"
#include "server/rest/rest_message.h"

namespace cellar::server::rest {

// The HBase version Cellar's REST gateway speaks, reported by /version/cluster.
inline constexpr char kCompatibleHBaseVersion[] = "2.5.0";

RestResponse GetTableList(RestContext& context, const RestRequest& request);
RestResponse GetVersion(RestContext& context, const RestRequest& request);
RestResponse GetClusterVersion(RestContext& context, const RestRequest& request);
RestResponse GetClusterStatus(RestContext& context, const RestRequest& request);
RestResponse GetNamespaces(RestContext& context, const RestRequest& request);
// GET (properties), POST (create: 201; 403 if present, as HBase), PUT (create or keep: 201/200),
// DELETE (200) of namespace "ns".
RestResponse HandleNamespace(RestContext& context, const RestRequest& request,
                             const std::string& ns);
RestResponse GetNamespaceTables(RestContext& context, const RestRequest& request,
                                const std::string& ns);

}  // namespace cellar::server::rest
