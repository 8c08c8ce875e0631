#include "cli/shell/cell_format.h"

#include "cli/shell/formatter.h"
#include "util/bytes.h"

namespace cellar::shell {

ColumnSpec ParseColumn(std::string_view column) {
  size_t colon = column.find(':');
  if (colon == std::string_view::npos) return {std::string(column), std::nullopt};
  return {std::string(column.substr(0, colon)), std::string(column.substr(colon + 1))};
}

std::string ColumnName(const Cell& cell) {
  return ToStringBinary(cell.family) + ":" + ToStringBinary(cell.qualifier);
}

std::string CellText(const Cell& cell) {
  std::string text = "timestamp=" + std::to_string(cell.timestamp);
  if (IsDeleteMarker(cell.type)) return text + ", type=" + std::string(CellTypeName(cell.type));
  return text + ", value=" + ToStringBinary(cell.value);
}

std::string ScanCellText(const Cell& cell) {
  return "column=" + ColumnName(cell) + ", " + CellText(cell);
}

std::string FamilyText(const ColumnFamilyDescriptor& f) {
  auto b = [](bool v) { return v ? "true" : "false"; };
  std::string text = "{NAME => '" + ToStringBinary(f.name) + "'";
  auto add = [&](std::string_view key, std::string_view value) {
    text += ", ";
    text += key;
    text += " => '";
    text += value;
    text += "'";
  };
  add("VERSIONS", std::to_string(f.max_versions));
  add("NEW_VERSION_BEHAVIOR", b(f.new_version_behavior));
  add("KEEP_DELETED_CELLS", f.keep_deleted_cells ? "TRUE" : "FALSE");
  add("TTL", HumanReadableTtl(f.ttl_seconds));
  add("MIN_VERSIONS", std::to_string(f.min_versions));
  add("REPLICATION_SCOPE", std::to_string(f.replication_scope));
  add("BLOOMFILTER", BloomFilterName(f.bloom_filter));
  add("IN_MEMORY", b(f.in_memory));
  add("COMPRESSION", CompressionName(f.compression));
  add("BLOCKCACHE", b(f.block_cache));
  add("BLOCKSIZE", std::to_string(f.block_size));
  return text + "}";
}

}  // namespace cellar::shell
