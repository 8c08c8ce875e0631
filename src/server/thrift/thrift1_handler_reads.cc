// Thrift1Handler: get*, getRow*, getRows* and getRowOrBefore. Every "...Ts" read covers
// [0, ts), so ts itself is excluded, as HBase's handler does (setTimeRange(0, ts)).

#include "server/thrift/thrift1_convert.h"
#include "server/thrift/thrift1_errors.h"
#include "server/thrift/thrift1_handler.h"

namespace cellar::server {
namespace {

constexpr Thrift1Throws kIO = Thrift1Throws::kIOError;

Status CheckVersions(int32_t versions) {
  if (versions > 0) return Status::Ok();
  return Status::InvalidArgument("numVersions is " + std::to_string(versions) +
                                 "; versions must be positive");
}

}  // namespace

void Thrift1Handler::GetCells(const char* method, std::vector<TCell>& out, const Text& table,
                              const Text& row, const Text& column, int64_t before,
                              int32_t versions) {
  OkOrThrow(method, CheckVersions(versions), kIO);
  cellar::Get get(row);
  thrift1::SelectColumns({column}, get);
  get.SetTimeRange(ValueOrThrow(method, thrift1::TimeRangeBefore(before), kIO));
  get.SetMaxVersions(versions);
  auto t = OpenTableOrThrow(method, table);
  out = thrift1::ToTCells(ValueOrThrow(method, t->Get(get), kIO));
}

void Thrift1Handler::GetRows(const char* method, std::vector<TRowResult>& out,
                             const Text& table, const std::vector<Text>& rows,
                             const std::vector<Text>& columns, int64_t before) {
  const TimeRange range = ValueOrThrow(method, thrift1::TimeRangeBefore(before), kIO);
  std::vector<cellar::Get> gets;
  gets.reserve(rows.size());
  for (const Text& row : rows) {
    cellar::Get& get = gets.emplace_back(row);
    thrift1::SelectColumns(columns, get);
    get.SetTimeRange(range);
  }
  auto t = OpenTableOrThrow(method, table);
  auto results = ValueOrThrow(method, t->Get(gets), kIO);
  for (const RowResult& result : results) thrift1::AppendTRowResult(result, false, out);
}

void Thrift1Handler::get(std::vector<TCell>& _return, const Text& tableName, const Text& row,
                         const Text& column, const Attributes&) {
  GetCells("get", _return, tableName, row, column, kLatestTimestamp, 1);
}

void Thrift1Handler::getVer(std::vector<TCell>& _return, const Text& tableName, const Text& row,
                            const Text& column, int32_t numVersions, const Attributes&) {
  GetCells("getVer", _return, tableName, row, column, kLatestTimestamp, numVersions);
}

void Thrift1Handler::getVerTs(std::vector<TCell>& _return, const Text& tableName,
                              const Text& row, const Text& column, int64_t timestamp,
                              int32_t numVersions, const Attributes&) {
  GetCells("getVerTs", _return, tableName, row, column, timestamp, numVersions);
}

void Thrift1Handler::getRow(std::vector<TRowResult>& _return, const Text& tableName,
                            const Text& row, const Attributes&) {
  GetRows("getRow", _return, tableName, {row}, {}, kLatestTimestamp);
}

void Thrift1Handler::getRowWithColumns(std::vector<TRowResult>& _return, const Text& tableName,
                                       const Text& row, const std::vector<Text>& columns,
                                       const Attributes&) {
  GetRows("getRowWithColumns", _return, tableName, {row}, columns, kLatestTimestamp);
}

void Thrift1Handler::getRowTs(std::vector<TRowResult>& _return, const Text& tableName,
                              const Text& row, int64_t timestamp, const Attributes&) {
  GetRows("getRowTs", _return, tableName, {row}, {}, timestamp);
}

void Thrift1Handler::getRowWithColumnsTs(std::vector<TRowResult>& _return,
                                         const Text& tableName, const Text& row,
                                         const std::vector<Text>& columns, int64_t timestamp,
                                         const Attributes&) {
  GetRows("getRowWithColumnsTs", _return, tableName, {row}, columns, timestamp);
}

void Thrift1Handler::getRows(std::vector<TRowResult>& _return, const Text& tableName,
                             const std::vector<Text>& rows, const Attributes&) {
  GetRows("getRows", _return, tableName, rows, {}, kLatestTimestamp);
}

void Thrift1Handler::getRowsWithColumns(std::vector<TRowResult>& _return, const Text& tableName,
                                        const std::vector<Text>& rows,
                                        const std::vector<Text>& columns, const Attributes&) {
  GetRows("getRowsWithColumns", _return, tableName, rows, columns, kLatestTimestamp);
}

void Thrift1Handler::getRowsTs(std::vector<TRowResult>& _return, const Text& tableName,
                               const std::vector<Text>& rows, int64_t timestamp,
                               const Attributes&) {
  GetRows("getRowsTs", _return, tableName, rows, {}, timestamp);
}

void Thrift1Handler::getRowsWithColumnsTs(std::vector<TRowResult>& _return,
                                          const Text& tableName, const std::vector<Text>& rows,
                                          const std::vector<Text>& columns, int64_t timestamp,
                                          const Attributes&) {
  GetRows("getRowsWithColumnsTs", _return, tableName, rows, columns, timestamp);
}

void Thrift1Handler::getRowOrBefore(std::vector<TCell>& _return, const Text& tableName,
                                    const Text& row, const Text& family) {
  // HBase 1.x's Table.getRowOrBefore: the family's cells in the last row at or before "row",
  // i.e. the first row of a reversed scan starting there.
  cellar::Scan scan;
  scan.SetStartRow(row).SetReversed(true).SetCaching(1).SetLimit(1);
  scan.AddFamily(thrift1::ParseColumn(family).family);
  auto t = OpenTableOrThrow("getRowOrBefore", tableName);
  auto scanner = ValueOrThrow("getRowOrBefore", t->GetScanner(scan), kIO);
  auto first = ValueOrThrow("getRowOrBefore", scanner->Next(), kIO);
  if (first) _return = thrift1::ToTCells(*first);
}

}  // namespace cellar::server
