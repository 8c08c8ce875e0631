#include "server/rest/schema_mapping.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace cellar::server::rest {
namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

Status BadAttribute(const std::string& family, const std::string& key, const std::string& value,
                    std::string_view expected) {
  return Status::InvalidArgument("family " + family + ": " + key + " => '" + value +
                                 "' is not valid: expected " + std::string(expected));
}

Result<int32_t> Int(const std::string& family, const std::string& key, const std::string& v) {
  if (Upper(v) == "FOREVER") return kForever;
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc() || p != v.data() + v.size() || out < 0 || out > kForever) {
    return BadAttribute(family, key, v, "a non-negative integer");
  }
  return static_cast<int32_t>(out);
}

Result<bool> Bool(const std::string& family, const std::string& key, const std::string& v) {
  std::string u = Upper(v);
  if (u == "TRUE") return true;
  if (u == "FALSE") return false;
  return BadAttribute(family, key, v, "true or false");
}

Status Apply(ColumnFamilyDescriptor& f, const std::string& raw_key, const std::string& v) {
  std::string key = Upper(raw_key);
  if (key == "VERSIONS") {
    CELLAR_ASSIGN_OR_RETURN(f.max_versions, Int(f.name, key, v));
  } else if (key == "MIN_VERSIONS") {
    CELLAR_ASSIGN_OR_RETURN(f.min_versions, Int(f.name, key, v));
  } else if (key == "TTL") {
    CELLAR_ASSIGN_OR_RETURN(f.ttl_seconds, Int(f.name, key, v));
    if (f.ttl_seconds <= 0) f.ttl_seconds = kForever;
  } else if (key == "BLOCKSIZE") {
    CELLAR_ASSIGN_OR_RETURN(f.block_size, Int(f.name, key, v));
  } else if (key == "REPLICATION_SCOPE") {
    CELLAR_ASSIGN_OR_RETURN(f.replication_scope, Int(f.name, key, v));
  } else if (key == "COMPRESSION") {
    // HBase's GZ has no counterpart here; other names go through ParseCompression.
    Result<Compression> c = ParseCompression(v);
    if (!c.ok()) return c.status().WithContext("family " + f.name);
    f.compression = *c;
  } else if (key == "BLOOMFILTER") {
    Result<BloomFilter> b = ParseBloomFilter(v);
    if (!b.ok()) return b.status().WithContext("family " + f.name);
    f.bloom_filter = *b;
  } else if (key == "BLOCKCACHE") {
    CELLAR_ASSIGN_OR_RETURN(f.block_cache, Bool(f.name, key, v));
  } else if (key == "IN_MEMORY") {
    CELLAR_ASSIGN_OR_RETURN(f.in_memory, Bool(f.name, key, v));
  } else if (key == "KEEP_DELETED_CELLS") {
    // HBase also has TTL here; "TTL" keeps deleted cells until the TTL, close to true.
    f.keep_deleted_cells = Upper(v) == "TRUE" || Upper(v) == "TTL";
  } else if (key == "NEW_VERSION_BEHAVIOR") {
    CELLAR_ASSIGN_OR_RETURN(f.new_version_behavior, Bool(f.name, key, v));
  }
  return Status::Ok();
}

}  // namespace

TableSchemaModel ToSchemaModel(const TableDescriptor& desc) {
  TableSchemaModel m;
  m.name = desc.name.ToString();
  m.attributes = {{"IS_META", "false"}, {"IS_ROOT", "false"}, {"READONLY", "false"}};
  for (const ColumnFamilyDescriptor& f : desc.families) {
    ColumnSchemaModel c;
    c.name = f.name;
    c.attributes = {
        {"VERSIONS", std::to_string(f.max_versions)},
        {"MIN_VERSIONS", std::to_string(f.min_versions)},
        {"TTL", std::to_string(f.ttl_seconds)},
        {"COMPRESSION", std::string(CompressionName(f.compression))},
        {"BLOOMFILTER", std::string(BloomFilterName(f.bloom_filter))},
        {"BLOCKSIZE", std::to_string(f.block_size)},
        {"BLOCKCACHE", f.block_cache ? "true" : "false"},
        {"IN_MEMORY", f.in_memory ? "true" : "false"},
        {"KEEP_DELETED_CELLS", f.keep_deleted_cells ? "TRUE" : "FALSE"},
        {"NEW_VERSION_BEHAVIOR", f.new_version_behavior ? "true" : "false"},
        {"REPLICATION_SCOPE", std::to_string(f.replication_scope)},
    };
    m.columns.push_back(std::move(c));
  }
  return m;
}

Result<TableDescriptor> FromSchemaModel(const TableSchemaModel& model, const TableName& name) {
  TableDescriptor desc;
  desc.name = name;
  for (const ColumnSchemaModel& c : model.columns) {
    ColumnFamilyDescriptor f;
    f.name = c.name;
    if (!f.name.empty() && f.name.back() == ':') f.name.pop_back();
    for (const auto& [k, v] : c.attributes) CELLAR_RETURN_IF_ERROR(Apply(f, k, v));
    desc.families.push_back(std::move(f));
  }
  std::sort(desc.families.begin(), desc.families.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return desc;
}

}  // namespace cellar::server::rest
