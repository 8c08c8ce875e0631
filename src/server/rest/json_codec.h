#pragma once

// The REST models in HBase's JSON form (Jackson's rendering of the JAXB models): binary fields
// in base64, schema attributes as strings. Decoders return InvalidArgument saying what was wrong
// and where (the JSON parser's position, or the field). Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "server/rest/models.h"

namespace cellar::server::rest {

// {"Row":[{"key":b64,"Cell":[{"column":b64,"timestamp":n,"$":b64}]}]}
std::string CellSetToJson(const CellSetModel& model);
// Accepts the timestamp as a number or a decimal string (node-hbase sends strings), a missing
// key or column (taken from the URL later) and a missing "$" (an empty value).
Result<CellSetModel> CellSetFromJson(std::string_view json);

std::string ScannerToJson(const ScannerModel& model);
Result<ScannerModel> ScannerFromJson(std::string_view json);

std::string TableSchemaToJson(const TableSchemaModel& model);
// Attribute values may be strings, numbers or booleans; they are kept as strings.
Result<TableSchemaModel> TableSchemaFromJson(std::string_view json);

// {"table":[{"name":"t1"},...]}
std::string TableListToJson(const std::vector<std::string>& tables);
std::string VersionToJson(const VersionModel& model);
// {"Version":"2.5.0"}
std::string ClusterVersionToJson(const std::string& version);
std::string ClusterStatusToJson(const ClusterStatusModel& model);
std::string TableInfoToJson(const TableInfoModel& model);
// {"Namespace":["default","hbase"]}
std::string NamespacesToJson(const std::vector<std::string>& namespaces);
// {"properties":{"k":"v"}}
std::string NamespacePropertiesToJson(const NamespacePropertiesModel& model);
Result<NamespacePropertiesModel> NamespacePropertiesFromJson(std::string_view json);

}  // namespace cellar::server::rest
