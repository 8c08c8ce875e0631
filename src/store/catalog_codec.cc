#include "store/catalog_codec.h"

#include <nlohmann/json.hpp>

namespace cellar::store {
namespace {

using nlohmann::json;

json FamilyToJson(const ColumnFamilyDescriptor& f) {
  return json{{"name", f.name},
              {"max_versions", f.max_versions},
              {"min_versions", f.min_versions},
              {"ttl", f.ttl_seconds},
              {"keep_deleted_cells", f.keep_deleted_cells},
              {"new_version_behavior", f.new_version_behavior},
              {"compression", CompressionName(f.compression)},
              {"block_size", f.block_size},
              {"bloom_filter", BloomFilterName(f.bloom_filter)},
              {"block_cache", f.block_cache},
              {"in_memory", f.in_memory},
              {"replication_scope", f.replication_scope}};
}

Result<ColumnFamilyDescriptor> FamilyFromJson(const json& j) {
  ColumnFamilyDescriptor f;
  f.name = j.at("name").get<std::string>();
  f.max_versions = j.at("max_versions").get<int32_t>();
  f.min_versions = j.at("min_versions").get<int32_t>();
  f.ttl_seconds = j.at("ttl").get<int32_t>();
  f.keep_deleted_cells = j.at("keep_deleted_cells").get<bool>();
  f.new_version_behavior = j.at("new_version_behavior").get<bool>();
  CELLAR_ASSIGN_OR_RETURN(f.compression, ParseCompression(j.at("compression").get<std::string>()));
  f.block_size = j.at("block_size").get<int32_t>();
  CELLAR_ASSIGN_OR_RETURN(f.bloom_filter,
                          ParseBloomFilter(j.at("bloom_filter").get<std::string>()));
  f.block_cache = j.at("block_cache").get<bool>();
  f.in_memory = j.at("in_memory").get<bool>();
  f.replication_scope = j.at("replication_scope").get<int32_t>();
  return f;
}

json DescriptorToJson(const TableDescriptor& desc) {
  json families = json::array();
  for (const auto& f : desc.families) families.push_back(FamilyToJson(f));
  return families;
}

Result<TableDescriptor> DescriptorFromJson(const json& families, const TableName& name) {
  TableDescriptor desc;
  desc.name = name;
  for (const auto& f : families) {
    CELLAR_ASSIGN_OR_RETURN(auto family, FamilyFromJson(f));
    desc.families.push_back(std::move(family));
  }
  return desc;
}

Status Corrupt(const TableName& name, const std::string& what) {
  return Status::DataLoss("catalog record of table '" + name.ToString() + "' is corrupt (" + what +
                          "); restore the store directory from a backup");
}

}  // namespace

std::string NamespaceKey(std::string_view ns) {
  return std::string(kNamespaceKeyPrefix) + std::string(ns);
}

std::string TableKey(const TableName& name) {
  return std::string(kTableKeyPrefix) + name.ns + ":" + name.qualifier;
}

std::string EncodeTableRecord(const TableRecord& record) {
  json j{{"id", record.id},
         {"enabled", record.enabled},
         {"families", DescriptorToJson(record.descriptor)}};
  return j.dump();
}

Result<TableRecord> DecodeTableRecord(std::string_view text, const TableName& name) {
  try {
    json j = json::parse(text);
    TableRecord r;
    r.id = j.at("id").get<uint64_t>();
    r.enabled = j.at("enabled").get<bool>();
    CELLAR_ASSIGN_OR_RETURN(r.descriptor, DescriptorFromJson(j.at("families"), name));
    return r;
  } catch (const json::exception& e) {
    return Corrupt(name, e.what());
  }
}

std::string EncodeDescriptor(const TableDescriptor& desc) { return DescriptorToJson(desc).dump(); }

Result<TableDescriptor> DecodeDescriptor(std::string_view text, const TableName& name) {
  try {
    return DescriptorFromJson(json::parse(text), name);
  } catch (const json::exception& e) {
    return Corrupt(name, e.what());
  }
}

std::string FamilyColumnFamilyName(uint64_t table_id, std::string_view family) {
  std::string name = "t";
  name += std::to_string(table_id);
  name += ':';
  name.append(family);
  return name;
}

}  // namespace cellar::store

namespace cellar {

std::string TableDescriptorToJson(const TableDescriptor& desc) {
  return store::EncodeDescriptor(desc);
}

Result<TableDescriptor> TableDescriptorFromJson(std::string_view json, const TableName& name) {
  return store::DecodeDescriptor(json, name);
}

}  // namespace cellar
