#include "server/rest/json_codec.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "server/rest/base64.h"

namespace cellar::server::rest {
namespace {

using nlohmann::json;

// nlohmann::json throws; this is the boundary where its errors become a Status.
Result<json> Parse(std::string_view text, std::string_view what) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    return Status::InvalidArgument("malformed JSON " + std::string(what) + ": " + e.what());
  }
}

Status Expect(bool ok, std::string_view field, std::string_view should_be) {
  if (ok) return Status::Ok();
  return Status::InvalidArgument("JSON field \"" + std::string(field) + "\" should be " +
                                 std::string(should_be));
}

Result<std::string> B64Field(const json& object, std::string_view field) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) return std::string();
  CELLAR_RETURN_IF_ERROR(Expect(it->is_string(), field, "a base64 string"));
  return Base64Decode(it->get_ref<const std::string&>(), field);
}

// A long given as a number or as a decimal string.
Result<std::optional<int64_t>> LongField(const json& object, std::string_view field) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) return std::optional<int64_t>();
  if (it->is_number_integer()) return std::optional<int64_t>(it->get<int64_t>());
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) {
      return std::optional<int64_t>(v);
    }
  }
  return Status::InvalidArgument("JSON field \"" + std::string(field) +
                                 "\" should be an integer (a number or a decimal string)");
}

Result<bool> BoolField(const json& object, std::string_view field, bool fallback) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string() && (*it == "true" || *it == "false")) return *it == "true";
  return Status::InvalidArgument("JSON field \"" + std::string(field) + "\" should be a boolean");
}

std::string AttributeString(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::map<std::string, std::string>> Attributes(
    const json& object, std::initializer_list<std::string_view> skip) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : object.items()) {
    bool skipped = false;
    for (std::string_view s : skip) skipped |= (k == s);
    if (skipped) continue;
    if (v.is_object() || v.is_array()) {
      return Status::InvalidArgument("schema attribute \"" + k + "\" should be a string");
    }
    out[k] = AttributeString(v);
  }
  return out;
}

}  // namespace

std::string CellSetToJson(const CellSetModel& model) {
  json rows = json::array();
  for (const RowModel& row : model.rows) {
    json cells = json::array();
    for (const CellModel& c : row.cells) {
      json cell = {{"column", Base64Encode(c.column)}};
      if (c.timestamp) cell["timestamp"] = *c.timestamp;
      cell["$"] = Base64Encode(c.value);
      cells.push_back(std::move(cell));
    }
    rows.push_back({{"key", Base64Encode(row.key)}, {"Cell", std::move(cells)}});
  }
  return json{{"Row", std::move(rows)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<CellSetModel> CellSetFromJson(std::string_view text) {
  CELLAR_ASSIGN_OR_RETURN(json doc, Parse(text, "CellSet"));
  CELLAR_RETURN_IF_ERROR(Expect(doc.is_object(), "CellSet", "an object {\"Row\":[...]}"));
  CellSetModel model;
  auto rows = doc.find("Row");
  if (rows == doc.end()) return model;
  CELLAR_RETURN_IF_ERROR(Expect(rows->is_array(), "Row", "an array of rows"));
  for (const json& r : *rows) {
    CELLAR_RETURN_IF_ERROR(Expect(r.is_object(), "Row[]", "an object {\"key\":..,\"Cell\":[..]}"));
    RowModel row;
    CELLAR_ASSIGN_OR_RETURN(row.key, B64Field(r, "key"));
    auto cells = r.find("Cell");
    if (cells != r.end()) {
      CELLAR_RETURN_IF_ERROR(Expect(cells->is_array(), "Cell", "an array of cells"));
      for (const json& c : *cells) {
        CELLAR_RETURN_IF_ERROR(Expect(c.is_object(), "Cell[]", "an object"));
        CellModel cell;
        CELLAR_ASSIGN_OR_RETURN(cell.column, B64Field(c, "column"));
        CELLAR_ASSIGN_OR_RETURN(cell.timestamp, LongField(c, "timestamp"));
        CELLAR_ASSIGN_OR_RETURN(cell.value, B64Field(c, "$"));
        row.cells.push_back(std::move(cell));
      }
    }
    model.rows.push_back(std::move(row));
  }
  return model;
}

std::string ScannerToJson(const ScannerModel& m) {
  json j = {{"batch", m.batch}, {"cacheBlocks", m.cache_blocks}, {"maxVersions", m.max_versions}};
  if (m.caching > 0) j["caching"] = m.caching;
  if (!m.start_row.empty()) j["startRow"] = Base64Encode(m.start_row);
  if (!m.end_row.empty()) j["endRow"] = Base64Encode(m.end_row);
  if (m.start_time) j["startTime"] = *m.start_time;
  if (m.end_time) j["endTime"] = *m.end_time;
  if (!m.columns.empty()) {
    j["column"] = json::array();
    for (const std::string& c : m.columns) j["column"].push_back(Base64Encode(c));
  }
  if (!m.filter.empty()) j["filter"] = m.filter;
  if (m.limit > 0) j["limit"] = m.limit;
  if (m.reversed) j["reversed"] = true;
  if (!m.labels.empty()) j["labels"] = m.labels;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<ScannerModel> ScannerFromJson(std::string_view text) {
  CELLAR_ASSIGN_OR_RETURN(json j, Parse(text, "Scanner"));
  CELLAR_RETURN_IF_ERROR(Expect(j.is_object(), "Scanner", "an object"));
  ScannerModel m;
  CELLAR_ASSIGN_OR_RETURN(m.start_row, B64Field(j, "startRow"));
  CELLAR_ASSIGN_OR_RETURN(m.end_row, B64Field(j, "endRow"));
  if (auto it = j.find("column"); it != j.end() && !it->is_null()) {
    CELLAR_RETURN_IF_ERROR(Expect(it->is_array(), "column", "an array of base64 columns"));
    for (const json& c : *it) {
      CELLAR_RETURN_IF_ERROR(Expect(c.is_string(), "column[]", "a base64 string"));
      CELLAR_ASSIGN_OR_RETURN(std::string column, Base64Decode(c.get<std::string>(), "column"));
      m.columns.push_back(std::move(column));
    }
  }
  std::optional<int64_t> v;
  CELLAR_ASSIGN_OR_RETURN(v, LongField(j, "batch"));
  if (v) m.batch = static_cast<int32_t>(*v);
  CELLAR_ASSIGN_OR_RETURN(v, LongField(j, "caching"));
  if (v) m.caching = static_cast<int32_t>(*v);
  CELLAR_ASSIGN_OR_RETURN(v, LongField(j, "maxVersions"));
  if (v) m.max_versions = static_cast<int32_t>(*v);
  CELLAR_ASSIGN_OR_RETURN(v, LongField(j, "limit"));
  if (v) m.limit = *v;
  CELLAR_ASSIGN_OR_RETURN(m.start_time, LongField(j, "startTime"));
  CELLAR_ASSIGN_OR_RETURN(m.end_time, LongField(j, "endTime"));
  CELLAR_ASSIGN_OR_RETURN(m.cache_blocks, BoolField(j, "cacheBlocks", true));
  CELLAR_ASSIGN_OR_RETURN(m.reversed, BoolField(j, "reversed", false));
  if (auto it = j.find("filter"); it != j.end() && !it->is_null()) {
    // HBase sends the FilterModel as a JSON string; accept an inline object too.
    m.filter = it->is_string() ? it->get<std::string>() : it->dump();
  }
  if (auto it = j.find("labels"); it != j.end() && it->is_array()) {
    for (const json& l : *it) {
      if (l.is_string()) m.labels.push_back(l.get<std::string>());
    }
  }
  return m;
}

std::string TableSchemaToJson(const TableSchemaModel& m) {
  json j = {{"name", m.name}};
  for (const auto& [k, v] : m.attributes) j[k] = v;
  json columns = json::array();
  for (const ColumnSchemaModel& c : m.columns) {
    json col = {{"name", c.name}};
    for (const auto& [k, v] : c.attributes) col[k] = v;
    columns.push_back(std::move(col));
  }
  j["ColumnSchema"] = std::move(columns);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<TableSchemaModel> TableSchemaFromJson(std::string_view text) {
  CELLAR_ASSIGN_OR_RETURN(json j, Parse(text, "TableSchema"));
  CELLAR_RETURN_IF_ERROR(Expect(j.is_object(), "TableSchema", "an object"));
  TableSchemaModel m;
  if (auto it = j.find("name"); it != j.end() && it->is_string()) m.name = it->get<std::string>();
  CELLAR_ASSIGN_OR_RETURN(m.attributes, Attributes(j, {"name", "ColumnSchema"}));
  if (auto it = j.find("ColumnSchema"); it != j.end() && !it->is_null()) {
    CELLAR_RETURN_IF_ERROR(Expect(it->is_array(), "ColumnSchema", "an array of families"));
    for (const json& c : *it) {
      CELLAR_RETURN_IF_ERROR(Expect(c.is_object() && c.contains("name") && c["name"].is_string(),
                                    "ColumnSchema[]", "an object with a string \"name\""));
      ColumnSchemaModel col;
      col.name = c["name"].get<std::string>();
      CELLAR_ASSIGN_OR_RETURN(col.attributes, Attributes(c, {"name"}));
      m.columns.push_back(std::move(col));
    }
  }
  return m;
}

std::string TableListToJson(const std::vector<std::string>& tables) {
  json list = json::array();
  for (const std::string& t : tables) list.push_back({{"name", t}});
  return json{{"table", std::move(list)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string VersionToJson(const VersionModel& m) {
  return json{
      {"JVM", m.jvm}, {"Jersey", m.jersey}, {"OS", m.os}, {"REST", m.rest}, {"Server", m.server}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ClusterVersionToJson(const std::string& version) {
  return json{{"Version", version}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ClusterStatusToJson(const ClusterStatusModel& m) {
  json live = json::array();
  for (const auto& n : m.live_nodes) {
    json regions = json::array();
    for (const auto& r : n.regions) {
      regions.push_back({{"name", Base64Encode(r.name)},
                         {"stores", r.stores},
                         {"storefiles", r.storefiles},
                         {"storefileSizeMB", r.storefile_size_mb},
                         {"memstoreSizeMB", r.memstore_size_mb}});
    }
    live.push_back({{"name", n.name},
                    {"startCode", n.start_code},
                    {"requests", n.requests},
                    {"heapSizeMB", n.heap_size_mb},
                    {"maxHeapSizeMB", n.max_heap_size_mb},
                    {"Region", std::move(regions)}});
  }
  return json{{"regions", m.regions},
              {"requests", m.requests},
              {"averageLoad", m.average_load},
              {"LiveNodes", std::move(live)},
              {"DeadNodes", m.dead_nodes}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string TableInfoToJson(const TableInfoModel& m) {
  json regions = json::array();
  for (const RegionModel& r : m.regions) {
    regions.push_back({{"id", r.id},
                       {"startKey", Base64Encode(r.start_key)},
                       {"endKey", Base64Encode(r.end_key)},
                       {"location", r.location},
                       {"name", r.name}});
  }
  return json{{"name", m.name}, {"Region", std::move(regions)}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

std::string NamespacesToJson(const std::vector<std::string>& namespaces) {
  return json{{"Namespace", namespaces}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string NamespacePropertiesToJson(const NamespacePropertiesModel& m) {
  return json{{"properties", m.properties}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<NamespacePropertiesModel> NamespacePropertiesFromJson(std::string_view text) {
  NamespacePropertiesModel m;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return m;
  CELLAR_ASSIGN_OR_RETURN(json j, Parse(text, "NamespaceProperties"));
  CELLAR_RETURN_IF_ERROR(Expect(j.is_object(), "NamespaceProperties", "an object"));
  if (auto it = j.find("properties"); it != j.end() && it->is_object()) {
    for (const auto& [k, v] : it->items()) m.properties[k] = AttributeString(v);
  }
  return m;
}

}  // namespace cellar::server::rest
