#pragma once

// Conversions between the Thrift v1 types (Hbase.thrift) and Cellar's public API, as HBase's
// thrift ThriftUtilities and ThriftHBaseServiceHandler do them. Pure functions; thread-safe.
//
// column := family                   the whole family (reads, deletes)
//         | family ":" qualifier     split at the first ':'; "cf:" is the empty qualifier

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/mutation.h"
#include "cellar/query.h"
#include "cellar/schema.h"
#include "cellar/status.h"
#include "thrift1/Hbase_types.h"

namespace cellar::server::thrift1 {

namespace h1 = ::apache::hadoop::hbase::thrift;

struct ParsedColumn {
  std::string family;
  // nullopt for a bare "family" (no ':'); "" for "family:".
  std::optional<std::string> qualifier;
};

// HBase's CellUtil.parseColumn.
ParsedColumn ParseColumn(std::string_view column);
// "family:qualifier", HBase's KeyValue.makeColumn.
std::string MakeColumn(std::string_view family, std::string_view qualifier);

// Adds each of "columns" to "query" (a Get or a Scan): a bare family as AddFamily, otherwise
// AddColumn. An empty list selects everything.
template <typename Query>
void SelectColumns(const std::vector<std::string>& columns, Query& query) {
  for (const std::string& column : columns) {
    ParsedColumn c = ParseColumn(column);
    if (c.qualifier) {
      query.AddColumn(std::move(c.family), std::move(*c.qualifier));
    } else {
      query.AddFamily(std::move(c.family));
    }
  }
}

// The time range of a "...Ts" read: [0, "timestamp"), so "timestamp" itself is excluded, as in
// HBase's handler (setTimeRange(0, ts)). InvalidArgument for a negative timestamp.
Result<TimeRange> TimeRangeBefore(int64_t timestamp);

// Each cell's value and timestamp, in the result's order.
std::vector<h1::TCell> ToTCells(const RowResult& result);

// Appends "result" to "out" unless it is empty (HBase drops missing rows). Fills `columns`
// ("family:qualifier" -> cell), or `sortedColumns` in cell order when "sort_columns".
void AppendTRowResult(const RowResult& result, bool sort_columns,
                      std::vector<h1::TRowResult>& out);

// ColumnDescriptor -> family, HBase's colDescFromThrift: the name before ':' ("cf:" or "cf"),
// maxVersions as is, timeToLive <= 0 = forever. InvalidArgument for an empty name, an unknown
// compression or bloom filter type.
Result<ColumnFamilyDescriptor> FamilyFromThrift(const h1::ColumnDescriptor& in);
// Family -> ColumnDescriptor named "family:", HBase's colDescFromHbase.
h1::ColumnDescriptor FamilyToThrift(const ColumnFamilyDescriptor& in);

// The single region that holds every row of "table", served by "host":"port". Its name is
// HBase's "table,startKey,regionId" with an empty start key and region id 0.
h1::TRegionInfo WholeTableRegion(const TableName& table, const std::string& host, int port);

// writeToWAL -> durability: SYNC_WAL, or SKIP_WAL when false (as HBase).
Durability DurabilityFromWriteToWal(bool write_to_wal);

// What to do with a put Mutation on a bare family ("cf", which has no qualifier to write).
enum class BareFamilyPut {
  kIgnore,  // mutateRow(Ts): logged and skipped, as HBase
  kReject,  // mutateRows(Ts): InvalidArgument, as HBase
};

// The puts and deletes of one row's Mutations, applied by the caller as separate operations.
// Every put cell and every delete marker gets "timestamp" (kLatestTimestamp = now): a delete of
// "cf:q" removes every version <= timestamp (addColumns), of "cf" the whole family (addFamily).
struct RowChanges {
  Put put;
  Delete del;
};
Result<RowChanges> RowChangesFromMutations(const std::string& row,
                                           const std::vector<h1::Mutation>& mutations,
                                           int64_t timestamp, BareFamilyPut bare_family_put);

// The family and qualifier of a column that must name one ("family:qualifier" or
// "family:"); InvalidArgument naming "what" for a bare family.
Result<std::pair<std::string, std::string>> RequireQualifiedColumn(std::string_view column,
                                                                   std::string_view what);

// TIncrement -> Increment; InvalidArgument for an empty table or row, or a bare family.
Result<Increment> IncrementFromThrift(const h1::TIncrement& in);
// TAppend -> Append; InvalidArgument for an empty table or row, a bare family, or columns and
// values of different lengths.
Result<Append> AppendFromThrift(const h1::TAppend& in);

// The big-endian long a counter holds; InvalidArgument when it is not 8 bytes wide.
Result<int64_t> CounterValue(std::string_view value);

}  // namespace cellar::server::thrift1
