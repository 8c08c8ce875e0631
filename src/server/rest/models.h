#pragma once

// The REST models (HBase's org.apache.hadoop.hbase.rest.model), decoded: bytes are plain bytes
// here; base64 exists only on the wire (json_codec, xml_codec). Value types; thread-compatible.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cellar::server::rest {

// One cell: "column" is "family:qualifier" (or "family" alone).
struct CellModel {
  std::string column;
  // Absent on input means "now"; always set on output.
  std::optional<int64_t> timestamp;
  std::string value;
};

struct RowModel {
  // Empty on input means "take the key from the URL".
  std::string key;
  std::vector<CellModel> cells;
};

struct CellSetModel {
  std::vector<RowModel> rows;
};

// POST /<table>/scanner. Every field is optional on the wire; defaults are HBase's.
struct ScannerModel {
  std::string start_row;
  std::string end_row;
  // "family" or "family:qualifier", decoded.
  std::vector<std::string> columns;
  // Cells per GET of the scanner. Default: Integer.MAX_VALUE, as in HBase.
  int32_t batch = 2147483647;
  // Rows fetched per round trip. Default: 0 (the store's default).
  int32_t caching = 0;
  // Time range [start_time, end_time). Default: everything.
  std::optional<int64_t> start_time;
  std::optional<int64_t> end_time;
  // Default: Integer.MAX_VALUE, as in HBase (capped by the family's VERSIONS).
  int32_t max_versions = 2147483647;
  // HBase's JSON FilterModel as a string, or (a Cellar extension) a filter-language string.
  std::string filter;
  bool cache_blocks = true;
  // At most this many rows in all. Default: 0 = no limit.
  int64_t limit = 0;
  bool reversed = false;
  std::vector<std::string> labels;
};

struct ColumnSchemaModel {
  std::string name;
  // "VERSIONS", "TTL", ... -> value, all strings as in HBase.
  std::map<std::string, std::string> attributes;
};

struct TableSchemaModel {
  std::string name;
  // IS_META, IS_ROOT, READONLY and any other table attribute.
  std::map<std::string, std::string> attributes;
  std::vector<ColumnSchemaModel> columns;
};

struct VersionModel {
  std::string rest = "0.0.3";
  std::string jvm;
  std::string os;
  std::string server;
  std::string jersey;
};

struct RegionModel {
  int64_t id = 0;
  std::string start_key;
  std::string end_key;
  std::string location;
  std::string name;
};

struct TableInfoModel {
  std::string name;
  std::vector<RegionModel> regions;
};

struct ClusterStatusModel {
  struct Region {
    std::string name;
    int stores = 0;
    int storefiles = 0;
    int storefile_size_mb = 0;
    int memstore_size_mb = 0;
  };
  struct Node {
    std::string name;
    int64_t start_code = 0;
    int64_t requests = 0;
    int heap_size_mb = 0;
    int max_heap_size_mb = 0;
    std::vector<Region> regions;
  };
  int regions = 0;
  int64_t requests = 0;
  double average_load = 0;
  std::vector<Node> live_nodes;
  std::vector<std::string> dead_nodes;
};

// The body of /namespaces/<ns> (GET, and optional on POST/PUT).
struct NamespacePropertiesModel {
  std::map<std::string, std::string> properties;
};

}  // namespace cellar::server::rest
