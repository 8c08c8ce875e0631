#include "server/rest/xml_codec.h"

#include <charconv>

#include "server/rest/base64.h"
#include "server/rest/xml_document.h"

namespace cellar::server::rest {
namespace {

Result<XmlElement> ParseRoot(std::string_view text, std::string_view root) {
  CELLAR_ASSIGN_OR_RETURN(XmlElement doc, ParseXml(text));
  if (doc.name != root) {
    return Status::InvalidArgument("XML root element is <" + doc.name + ">; expected <" +
                                   std::string(root) + ">");
  }
  return doc;
}

Result<std::string> B64Attribute(const XmlElement& e, std::string_view name) {
  const std::string* v = e.Attribute(name);
  if (v == nullptr) return std::string();
  return Base64Decode(*v, std::string(name) + " of <" + e.name + ">");
}

Result<std::optional<int64_t>> LongAttribute(const XmlElement& e, std::string_view name) {
  const std::string* v = e.Attribute(name);
  if (v == nullptr) return std::optional<int64_t>();
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || v->empty()) {
    return Status::InvalidArgument("XML attribute " + std::string(name) + "=\"" + *v + "\" of <" +
                                   e.name + "> should be an integer");
  }
  return std::optional<int64_t>(out);
}

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

XmlElement Element(std::string name, std::map<std::string, std::string> attrs = {},
                   std::string text = "") {
  XmlElement e;
  e.name = std::move(name);
  e.attributes = std::move(attrs);
  e.text = std::move(text);
  return e;
}

}  // namespace

std::string CellSetToXml(const CellSetModel& model) {
  XmlElement root = Element("CellSet");
  for (const RowModel& row : model.rows) {
    XmlElement r = Element("Row", {{"key", Base64Encode(row.key)}});
    for (const CellModel& c : row.cells) {
      XmlElement cell =
          Element("Cell", {{"column", Base64Encode(c.column)}}, Base64Encode(c.value));
      if (c.timestamp) cell.attributes["timestamp"] = std::to_string(*c.timestamp);
      r.children.push_back(std::move(cell));
    }
    root.children.push_back(std::move(r));
  }
  return WriteXml(root);
}

Result<CellSetModel> CellSetFromXml(std::string_view text) {
  CELLAR_ASSIGN_OR_RETURN(XmlElement doc, ParseRoot(text, "CellSet"));
  CellSetModel model;
  for (const XmlElement* r : doc.Children("Row")) {
    RowModel row;
    CELLAR_ASSIGN_OR_RETURN(row.key, B64Attribute(*r, "key"));
    for (const XmlElement* c : r->Children("Cell")) {
      CellModel cell;
      CELLAR_ASSIGN_OR_RETURN(cell.column, B64Attribute(*c, "column"));
      CELLAR_ASSIGN_OR_RETURN(cell.timestamp, LongAttribute(*c, "timestamp"));
      CELLAR_ASSIGN_OR_RETURN(cell.value, Base64Decode(Trimmed(c->text), "value of <Cell>"));
      row.cells.push_back(std::move(cell));
    }
    model.rows.push_back(std::move(row));
  }
  return model;
}

std::string ScannerToXml(const ScannerModel& m) {
  XmlElement root = Element("Scanner", {{"batch", std::to_string(m.batch)},
                                        {"cacheBlocks", m.cache_blocks ? "true" : "false"},
                                        {"maxVersions", std::to_string(m.max_versions)}});
  if (m.caching > 0) root.attributes["caching"] = std::to_string(m.caching);
  if (!m.start_row.empty()) root.attributes["startRow"] = Base64Encode(m.start_row);
  if (!m.end_row.empty()) root.attributes["endRow"] = Base64Encode(m.end_row);
  if (m.start_time) root.attributes["startTime"] = std::to_string(*m.start_time);
  if (m.end_time) root.attributes["endTime"] = std::to_string(*m.end_time);
  if (m.limit > 0) root.attributes["limit"] = std::to_string(m.limit);
  if (m.reversed) root.attributes["reversed"] = "true";
  for (const std::string& c : m.columns)
    root.children.push_back(Element("column", {}, Base64Encode(c)));
  if (!m.filter.empty()) root.children.push_back(Element("filter", {}, m.filter));
  for (const std::string& l : m.labels) root.children.push_back(Element("labels", {}, l));
  return WriteXml(root);
}

Result<ScannerModel> ScannerFromXml(std::string_view text) {
  CELLAR_ASSIGN_OR_RETURN(XmlElement doc, ParseRoot(text, "Scanner"));
  ScannerModel m;
  CELLAR_ASSIGN_OR_RETURN(m.start_row, B64Attribute(doc, "startRow"));
  CELLAR_ASSIGN_OR_RETURN(m.end_row, B64Attribute(doc, "endRow"));
  std::optional<int64_t> v;
  CELLAR_ASSIGN_OR_RETURN(v, LongAttribute(doc, "batch"));
  if (v) m.batch = static_cast<int32_t>(*v);
  CELLAR_ASSIGN_OR_RETURN(v, LongAttribute(doc, "caching"));
  if (v) m.caching = static_cast<int32_t>(*v);
  CELLAR_ASSIGN_OR_RETURN(v, LongAttribute(doc, "maxVersions"));
  if (v) m.max_versions = static_cast<int32_t>(*v);
  CELLAR_ASSIGN_OR_RETURN(v, LongAttribute(doc, "limit"));
  if (v) m.limit = *v;
  CELLAR_ASSIGN_OR_RETURN(m.start_time, LongAttribute(doc, "startTime"));
  CELLAR_ASSIGN_OR_RETURN(m.end_time, LongAttribute(doc, "endTime"));
  if (const std::string* cb = doc.Attribute("cacheBlocks")) m.cache_blocks = *cb != "false";
  if (const std::string* r = doc.Attribute("reversed")) m.reversed = *r == "true";
  for (const XmlElement* c : doc.Children("column")) {
    CELLAR_ASSIGN_OR_RETURN(std::string column, Base64Decode(Trimmed(c->text), "<column>"));
    m.columns.push_back(std::move(column));
  }
  for (const XmlElement* f : doc.Children("filter")) m.filter = f->text;
  for (const XmlElement* l : doc.Children("labels")) m.labels.push_back(l->text);
  return m;
}

std::string TableSchemaToXml(const TableSchemaModel& m) {
  XmlElement root = Element("TableSchema", m.attributes);
  root.attributes["name"] = m.name;
  for (const ColumnSchemaModel& c : m.columns) {
    XmlElement col = Element("ColumnSchema", c.attributes);
    col.attributes["name"] = c.name;
    root.children.push_back(std::move(col));
  }
  return WriteXml(root);
}

Result<TableSchemaModel> TableSchemaFromXml(std::string_view text) {
  CELLAR_ASSIGN_OR_RETURN(XmlElement doc, ParseRoot(text, "TableSchema"));
  TableSchemaModel m;
  m.attributes = doc.attributes;
  if (auto it = m.attributes.find("name"); it != m.attributes.end()) {
    m.name = it->second;
    m.attributes.erase(it);
  }
  for (const XmlElement* c : doc.Children("ColumnSchema")) {
    ColumnSchemaModel col;
    col.attributes = c->attributes;
    auto it = col.attributes.find("name");
    if (it == col.attributes.end()) {
      return Status::InvalidArgument("XML <ColumnSchema> needs a name attribute");
    }
    col.name = it->second;
    col.attributes.erase(it);
    m.columns.push_back(std::move(col));
  }
  return m;
}

std::string TableListToXml(const std::vector<std::string>& tables) {
  XmlElement root = Element("TableList");
  for (const std::string& t : tables) root.children.push_back(Element("table", {{"name", t}}));
  return WriteXml(root);
}

std::string VersionToXml(const VersionModel& m) {
  return WriteXml(Element("Version", {{"JVM", m.jvm},
                                      {"Jersey", m.jersey},
                                      {"OS", m.os},
                                      {"REST", m.rest},
                                      {"Server", m.server}}));
}

std::string ClusterVersionToXml(const std::string& version) {
  return WriteXml(Element("ClusterVersion", {{"Version", version}}));
}

std::string ClusterStatusToXml(const ClusterStatusModel& m) {
  XmlElement root = Element("ClusterStatus", {{"regions", std::to_string(m.regions)},
                                              {"requests", std::to_string(m.requests)},
                                              {"averageLoad", std::to_string(m.average_load)}});
  XmlElement live = Element("LiveNodes");
  for (const auto& n : m.live_nodes) {
    XmlElement node = Element("Node", {{"name", n.name},
                                       {"startCode", std::to_string(n.start_code)},
                                       {"requests", std::to_string(n.requests)},
                                       {"heapSizeMB", std::to_string(n.heap_size_mb)},
                                       {"maxHeapSizeMB", std::to_string(n.max_heap_size_mb)}});
    for (const auto& r : n.regions) {
      node.children.push_back(
          Element("Region", {{"name", Base64Encode(r.name)},
                             {"stores", std::to_string(r.stores)},
                             {"storefiles", std::to_string(r.storefiles)},
                             {"storefileSizeMB", std::to_string(r.storefile_size_mb)},
                             {"memstoreSizeMB", std::to_string(r.memstore_size_mb)}}));
    }
    live.children.push_back(std::move(node));
  }
  root.children.push_back(std::move(live));
  XmlElement dead = Element("DeadNodes");
  for (const std::string& d : m.dead_nodes) dead.children.push_back(Element("Node", {}, d));
  root.children.push_back(std::move(dead));
  return WriteXml(root);
}

std::string TableInfoToXml(const TableInfoModel& m) {
  XmlElement root = Element("TableInfo", {{"name", m.name}});
  for (const RegionModel& r : m.regions) {
    root.children.push_back(Element("Region", {{"id", std::to_string(r.id)},
                                               {"startKey", Base64Encode(r.start_key)},
                                               {"endKey", Base64Encode(r.end_key)},
                                               {"location", r.location},
                                               {"name", r.name}}));
  }
  return WriteXml(root);
}

std::string NamespacesToXml(const std::vector<std::string>& namespaces) {
  XmlElement root = Element("Namespaces");
  for (const std::string& ns : namespaces) root.children.push_back(Element("Namespace", {}, ns));
  return WriteXml(root);
}

std::string NamespacePropertiesToXml(const NamespacePropertiesModel& m) {
  XmlElement props = Element("properties");
  for (const auto& [k, v] : m.properties) {
    XmlElement entry = Element("entry");
    entry.children.push_back(Element("key", {}, k));
    entry.children.push_back(Element("value", {}, v));
    props.children.push_back(std::move(entry));
  }
  XmlElement root = Element("NamespaceProperties");
  root.children.push_back(std::move(props));
  return WriteXml(root);
}

Result<NamespacePropertiesModel> NamespacePropertiesFromXml(std::string_view text) {
  NamespacePropertiesModel m;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return m;
  CELLAR_ASSIGN_OR_RETURN(XmlElement doc, ParseRoot(text, "NamespaceProperties"));
  for (const XmlElement* props : doc.Children("properties")) {
    for (const XmlElement* entry : props->Children("entry")) {
      auto keys = entry->Children("key");
      auto values = entry->Children("value");
      if (keys.size() != 1 || values.size() > 1) {
        return Status::InvalidArgument("XML <entry> needs one <key> and at most one <value>");
      }
      m.properties[keys[0]->text] = values.empty() ? "" : values[0]->text;
    }
  }
  return m;
}

}  // namespace cellar::server::rest
