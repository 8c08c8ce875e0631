#include "server/thrift/thrift1_convert.h"

#include <spdlog/spdlog.h>

#include "util/bytes.h"

namespace cellar::server::thrift1 {

ParsedColumn ParseColumn(std::string_view column) {
  const size_t colon = column.find(':');
  if (colon == std::string_view::npos) return {std::string(column), std::nullopt};
  return {std::string(column.substr(0, colon)), std::string(column.substr(colon + 1))};
}

std::string MakeColumn(std::string_view family, std::string_view qualifier) {
  std::string column;
  column.reserve(family.size() + 1 + qualifier.size());
  column.append(family).append(1, ':').append(qualifier);
  return column;
}

Result<TimeRange> TimeRangeBefore(int64_t timestamp) {
  if (timestamp < 0) {
    return Status::InvalidArgument("timestamp " + std::to_string(timestamp) +
                                   " is negative; reads take versions older than it");
  }
  return TimeRange{0, timestamp};
}

std::vector<h1::TCell> ToTCells(const RowResult& result) {
  std::vector<h1::TCell> cells;
  cells.reserve(result.size());
  for (const Cell& c : result.cells()) {
    h1::TCell& t = cells.emplace_back();
    t.__set_value(c.value);
    t.__set_timestamp(c.timestamp);
  }
  return cells;
}

void AppendTRowResult(const RowResult& result, bool sort_columns,
                      std::vector<h1::TRowResult>& out) {
  if (result.empty()) return;
  h1::TRowResult& row = out.emplace_back();
  row.__set_row(result.row());
  if (sort_columns) {
    std::vector<h1::TColumn> columns;
    columns.reserve(result.size());
    for (const Cell& c : result.cells()) {
      h1::TColumn& column = columns.emplace_back();
      column.__set_columnName(MakeColumn(c.family, c.qualifier));
      column.cell.__set_value(c.value);
      column.cell.__set_timestamp(c.timestamp);
      column.__isset.cell = true;
    }
    row.__set_sortedColumns(std::move(columns));
    return;
  }
  std::map<std::string, h1::TCell> columns;
  for (const Cell& c : result.cells()) {
    // Like HBase's TreeMap.put: with several versions the last one listed (the oldest) stays.
    h1::TCell& cell = columns[MakeColumn(c.family, c.qualifier)];
    cell.__set_value(c.value);
    cell.__set_timestamp(c.timestamp);
  }
  row.__set_columns(std::move(columns));
}

Result<ColumnFamilyDescriptor> FamilyFromThrift(const h1::ColumnDescriptor& in) {
  if (in.name.empty()) return Status::InvalidArgument("column family name is empty");
  ColumnFamilyDescriptor family;
  family.name = ParseColumn(in.name).family;
  family.max_versions = in.maxVersions;
  CELLAR_ASSIGN_OR_RETURN(family.compression, ParseCompression(in.compression));
  CELLAR_ASSIGN_OR_RETURN(family.bloom_filter, ParseBloomFilter(in.bloomFilterType));
  family.in_memory = in.inMemory;
  family.block_cache = in.blockCacheEnabled;
  family.ttl_seconds = in.timeToLive > 0 ? in.timeToLive : kForever;
  return family;
}

h1::ColumnDescriptor FamilyToThrift(const ColumnFamilyDescriptor& in) {
  h1::ColumnDescriptor out;
  out.__set_name(in.name + ":");
  out.__set_maxVersions(in.max_versions);
  out.__set_compression(std::string(CompressionName(in.compression)));
  out.__set_inMemory(in.in_memory);
  out.__set_bloomFilterType(std::string(BloomFilterName(in.bloom_filter)));
  out.__set_bloomFilterVectorSize(0);
  out.__set_bloomFilterNbHashes(0);
  out.__set_blockCacheEnabled(in.block_cache);
  out.__set_timeToLive(in.ttl_seconds);
  return out;
}

h1::TRegionInfo WholeTableRegion(const TableName& table, const std::string& host, int port) {
  h1::TRegionInfo region;
  region.__set_startKey("");
  region.__set_endKey("");
  region.__set_id(0);
  region.__set_name(table.ToString() + ",,0");
  region.__set_version(1);  // HBase's HREGION_VERSION
  region.__set_serverName(host);
  region.__set_port(port);
  return region;
}

Durability DurabilityFromWriteToWal(bool write_to_wal) {
  return write_to_wal ? Durability::kSyncWal : Durability::kSkipWal;
}

Result<RowChanges> RowChangesFromMutations(const std::string& row,
                                           const std::vector<h1::Mutation>& mutations,
                                           int64_t timestamp, BareFamilyPut bare_family_put) {
  RowChanges changes{Put(row, timestamp), Delete(row)};
  for (const h1::Mutation& m : mutations) {
    ParsedColumn c = ParseColumn(m.column);
    if (m.isDelete) {
      if (c.qualifier) {
        changes.del.AddColumns(std::move(c.family), std::move(*c.qualifier), timestamp);
      } else {
        changes.del.AddFamily(std::move(c.family), timestamp);
      }
      changes.del.SetDurability(DurabilityFromWriteToWal(m.writeToWAL));
      continue;
    }
    if (!c.qualifier) {
      if (bare_family_put == BareFamilyPut::kReject) {
        return Status::InvalidArgument("put of row '" + ToStringBinary(row) + "' names column '" +
                                       ToStringBinary(m.column) +
                                       "' without a qualifier; write 'family:qualifier'");
      }
      spdlog::warn("thrift: put of row '{}' to bare family '{}' skipped (no qualifier), as HBase",
                   ToStringBinary(row), ToStringBinary(m.column));
      continue;
    }
    // A null value arrives as empty: HBase writes an empty value too.
    changes.put.AddColumn(std::move(c.family), std::move(*c.qualifier), m.value);
    changes.put.SetDurability(DurabilityFromWriteToWal(m.writeToWAL));
  }
  return changes;
}

Result<std::pair<std::string, std::string>> RequireQualifiedColumn(std::string_view column,
                                                                   std::string_view what) {
  ParsedColumn c = ParseColumn(column);
  if (!c.qualifier) {
    return Status::InvalidArgument(std::string(what) + " column '" + ToStringBinary(column) +
                                   "' has no qualifier; write 'family:qualifier'");
  }
  return std::pair{std::move(c.family), std::move(*c.qualifier)};
}

Result<Increment> IncrementFromThrift(const h1::TIncrement& in) {
  if (in.table.empty() || in.row.empty()) {
    return Status::InvalidArgument("Must supply a table and a row key; can't increment");
  }
  CELLAR_ASSIGN_OR_RETURN(auto column, RequireQualifiedColumn(in.column, "increment"));
  Increment inc(in.row);
  inc.AddColumn(std::move(column.first), std::move(column.second), in.ammount);
  return inc;
}

Result<Append> AppendFromThrift(const h1::TAppend& in) {
  if (in.table.empty() || in.row.empty()) {
    return Status::InvalidArgument("Must supply a table and a row key; can't append");
  }
  if (in.columns.size() != in.values.size()) {
    return Status::InvalidArgument("append has " + std::to_string(in.columns.size()) +
                                   " columns but " + std::to_string(in.values.size()) +
                                   " values; they must pair up");
  }
  Append append(in.row);
  for (size_t i = 0; i < in.columns.size(); ++i) {
    CELLAR_ASSIGN_OR_RETURN(auto column, RequireQualifiedColumn(in.columns[i], "append"));
    append.AddColumn(std::move(column.first), std::move(column.second), in.values[i]);
  }
  return append;
}

Result<int64_t> CounterValue(std::string_view value) {
  if (value.size() != 8) {
    return Status::InvalidArgument("Field is not a long, it's " + std::to_string(value.size()) +
                                   " bytes wide");
  }
  return DecodeLong(value);
}

}  // namespace cellar::server::thrift1
