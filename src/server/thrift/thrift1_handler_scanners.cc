// Thrift1Handler: scannerOpen*, scannerGet, scannerGetList and scannerClose. Scanners live in
// this connection's registry until scannerClose (also after the end of data) or until the
// connection closes; an unknown id is IllegalArgument("scanner ID is invalid"), as HBase.

#include "cellar/filters.h"
#include "server/thrift/thrift1_convert.h"
#include "server/thrift/thrift1_errors.h"
#include "server/thrift/thrift1_handler.h"

namespace cellar::server {
namespace {

constexpr Thrift1Throws kIO = Thrift1Throws::kIOError;
constexpr Thrift1Throws kIOIA = Thrift1Throws::kIOErrorIllegalArgument;

Status InvalidScannerId() { return Status::InvalidArgument("scanner ID is invalid"); }

// TScan -> Scan, as HBase's scannerOpenWithScan: only the fields that are set count.
Result<cellar::Scan> ScanFromThrift(const Thrift1Handler::TScan& in) {
  cellar::Scan scan;
  if (in.__isset.startRow) scan.SetStartRow(in.startRow);
  if (in.__isset.stopRow) scan.SetStopRow(in.stopRow);
  if (in.__isset.timestamp) {
    CELLAR_ASSIGN_OR_RETURN(TimeRange range, thrift1::TimeRangeBefore(in.timestamp));
    scan.SetTimeRange(range);
  }
  if (in.__isset.caching && in.caching > 0) scan.SetCaching(in.caching);
  if (in.__isset.batchSize) {
    if (in.batchSize < 0) return Status::InvalidArgument("batchSize is negative");
    scan.SetBatch(in.batchSize);
  }
  if (in.__isset.columns) thrift1::SelectColumns(in.columns, scan);
  if (in.__isset.filterString && !in.filterString.empty()) {
    Result<std::shared_ptr<Filter>> filter = ParseFilterString(in.filterString);
    if (!filter.ok()) return filter.status().WithContext("bad filterString");
    scan.SetFilter(std::move(filter).value());
  }
  if (in.__isset.reversed) scan.SetReversed(in.reversed);
  if (in.__isset.cacheBlocks) scan.SetCacheBlocks(in.cacheBlocks);
  return scan;
}

cellar::Scan ScanOf(const std::string& start, const std::string& stop,
                    const std::vector<std::string>& columns) {
  cellar::Scan scan;
  scan.SetStartRow(start).SetStopRow(stop);
  thrift1::SelectColumns(columns, scan);
  return scan;
}

}  // namespace

Thrift1Handler::ScannerID Thrift1Handler::OpenScanner(const char* method, const Text& table,
                                                      cellar::Scan scan, bool sort_columns) {
  Thrift1Scanner entry;
  entry.table = OpenTableOrThrow(method, table);
  entry.scanner = ValueOrThrow(method, entry.table->GetScanner(scan), kIO);
  entry.sort_columns = sort_columns;
  return ValueOrThrow(method, scanners_.Add(std::move(entry)), kIO);
}

Thrift1Handler::ScannerID Thrift1Handler::scannerOpenWithScan(const Text& tableName,
                                                              const TScan& scan,
                                                              const Attributes&) {
  cellar::Scan s = ValueOrThrow("scannerOpenWithScan", ScanFromThrift(scan), kIO);
  return OpenScanner("scannerOpenWithScan", tableName, std::move(s),
                     scan.__isset.sortColumns && scan.sortColumns);
}

Thrift1Handler::ScannerID Thrift1Handler::scannerOpen(const Text& tableName,
                                                      const Text& startRow,
                                                      const std::vector<Text>& columns,
                                                      const Attributes&) {
  return OpenScanner("scannerOpen", tableName, ScanOf(startRow, "", columns), false);
}

Thrift1Handler::ScannerID Thrift1Handler::scannerOpenWithStop(const Text& tableName,
                                                              const Text& startRow,
                                                              const Text& stopRow,
                                                              const std::vector<Text>& columns,
                                                              const Attributes&) {
  return OpenScanner("scannerOpenWithStop", tableName, ScanOf(startRow, stopRow, columns), false);
}

Thrift1Handler::ScannerID Thrift1Handler::scannerOpenWithPrefix(
    const Text& tableName, const Text& startAndPrefix, const std::vector<Text>& columns,
    const Attributes&) {
  // HBase starts at the prefix under WhileMatchFilter(PrefixFilter(prefix)); a row-prefix scan
  // returns the same rows and stops at the same place.
  cellar::Scan scan = ScanOf("", "", columns);
  scan.SetRowPrefix(startAndPrefix);
  return OpenScanner("scannerOpenWithPrefix", tableName, std::move(scan), false);
}

Thrift1Handler::ScannerID Thrift1Handler::scannerOpenTs(const Text& tableName,
                                                        const Text& startRow,
                                                        const std::vector<Text>& columns,
                                                        int64_t timestamp, const Attributes&) {
  cellar::Scan scan = ScanOf(startRow, "", columns);
  scan.SetTimeRange(ValueOrThrow("scannerOpenTs", thrift1::TimeRangeBefore(timestamp), kIO));
  return OpenScanner("scannerOpenTs", tableName, std::move(scan), false);
}

Thrift1Handler::ScannerID Thrift1Handler::scannerOpenWithStopTs(
    const Text& tableName, const Text& startRow, const Text& stopRow,
    const std::vector<Text>& columns, int64_t timestamp, const Attributes&) {
  cellar::Scan scan = ScanOf(startRow, stopRow, columns);
  scan.SetTimeRange(
      ValueOrThrow("scannerOpenWithStopTs", thrift1::TimeRangeBefore(timestamp), kIO));
  return OpenScanner("scannerOpenWithStopTs", tableName, std::move(scan), false);
}

void Thrift1Handler::scannerGet(std::vector<TRowResult>& _return, ScannerID id) {
  scannerGetList(_return, id, 1);
}

void Thrift1Handler::scannerGetList(std::vector<TRowResult>& _return, ScannerID id,
                                    int32_t nbRows) {
  Thrift1Scanner* entry = scanners_.Find(id);
  if (entry == nullptr) ThrowThrift1Error("scannerGetList", InvalidScannerId(), kIOIA);
  for (int32_t i = 0; i < nbRows; ++i) {
    auto row = ValueOrThrow("scannerGetList", entry->scanner->Next(), kIO);
    if (!row) break;
    thrift1::AppendTRowResult(*row, entry->sort_columns, _return);
  }
}

void Thrift1Handler::scannerClose(ScannerID id) {
  if (!scanners_.Remove(id)) ThrowThrift1Error("scannerClose", InvalidScannerId(), kIOIA);
}

}  // namespace cellar::server
