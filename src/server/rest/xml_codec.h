#pragma once

// The REST models in HBase's XML form (JAXB's rendering), e.g.
//   <CellSet><Row key="b64"><Cell column="b64" timestamp="1">b64value</Cell></Row></CellSet>
// Decoders return InvalidArgument saying what was wrong and where. Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "server/rest/models.h"

namespace cellar::server::rest {

std::string CellSetToXml(const CellSetModel& model);
Result<CellSetModel> CellSetFromXml(std::string_view xml);

std::string ScannerToXml(const ScannerModel& model);
// <Scanner startRow=.. endRow=.. batch=.. ...><column>b64</column><filter>json</filter></Scanner>
Result<ScannerModel> ScannerFromXml(std::string_view xml);

std::string TableSchemaToXml(const TableSchemaModel& model);
Result<TableSchemaModel> TableSchemaFromXml(std::string_view xml);

// <TableList><table name="t1"/></TableList>
std::string TableListToXml(const std::vector<std::string>& tables);
std::string VersionToXml(const VersionModel& model);
// <ClusterVersion Version="2.5.0"/>
std::string ClusterVersionToXml(const std::string& version);
std::string ClusterStatusToXml(const ClusterStatusModel& model);
std::string TableInfoToXml(const TableInfoModel& model);
// <Namespaces><Namespace>default</Namespace></Namespaces>
std::string NamespacesToXml(const std::vector<std::string>& namespaces);
// <NamespaceProperties><properties><entry><key>k</key><value>v</value></entry>...
std::string NamespacePropertiesToXml(const NamespacePropertiesModel& model);
Result<NamespacePropertiesModel> NamespacePropertiesFromXml(std::string_view xml);

}  // namespace cellar::server::rest
