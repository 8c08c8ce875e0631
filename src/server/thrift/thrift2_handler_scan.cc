// Scanners and region locations of Thrift2Handler. Scanners are server-wide (HBase's thrift2
// scannerMap): openScanner registers one, getScannerRows reads from it (an empty list at the
// end; the scanner stays until closeScanner), and an unknown id is TIllegalArgument
// "Invalid scanner Id", as in HBase. The store is one region per table.

#include <algorithm>
#include <string>

#include "protocol/thrift2/convert.h"
#include "server/thrift/thrift2_errors.h"
#include "server/thrift/thrift2_handler.h"

namespace cellar::server {
namespace {

using namespace thrift2_errors;  // NOLINT: ThrowIfError, ValueOrThrow
namespace t2 = thrift2::t2;

// Reads up to "num_rows" results from "scanner" into "out" (HBase's ResultScanner.next(n)).
Status ReadRows(ResultScanner& scanner, int32_t num_rows, std::vector<t2::TResult>* out) {
  for (int32_t i = 0; i < num_rows; ++i) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<RowResult> row, scanner.Next());
    if (!row) break;
    out->push_back(thrift2::ResultToThrift(*row));
  }
  return Status::Ok();
}

[[noreturn]] void ThrowInvalidScanner(int32_t id) {
  // HBase's message, with the id for the logs.
  thrift2::ThrowStatus(Status::InvalidArgument("Invalid scanner Id " + std::to_string(id)),
                       /*illegal_argument_declared=*/true);
}

t2::THRegionLocation WholeTableRegion(const TableName& table, const std::string& host, int port) {
  t2::THRegionLocation out;
  out.serverName.__set_hostName(host);
  out.serverName.__set_port(port);
  out.serverName.__set_startCode(0);
  // One region covering every row: empty start and end keys; id 0 and replica 0.
  out.regionInfo.__set_regionId(0);
  out.regionInfo.__set_tableName(table.ToString());
  out.regionInfo.__set_startKey("");
  out.regionInfo.__set_endKey("");
  out.regionInfo.__set_offline(false);
  out.regionInfo.__set_split(false);
  out.regionInfo.__set_replicaId(0);
  return out;
}

}  // namespace

int32_t Thrift2Handler::openScanner(const std::string& table, const TScan& tscan) {
  Scan scan = ValueOrThrow(thrift2::ScanFromThrift(tscan));
  std::unique_ptr<Table> t = OpenOrThrow(table);
  std::unique_ptr<ResultScanner> scanner = ValueOrThrow(t->GetScanner(scan));
  return ValueOrThrow(scanners_.Add(std::move(t), std::move(scanner)));
}

void Thrift2Handler::getScannerRows(std::vector<TResult>& _return, int32_t scannerId,
                                    int32_t numRows) {
  _return.clear();
  Status status = scanners_.With(
      scannerId, [&](ResultScanner& scanner) { return ReadRows(scanner, numRows, &_return); });
  if (status.IsNotFound()) ThrowInvalidScanner(scannerId);
  ThrowIfError(status, /*illegal_argument_declared=*/true);
}

void Thrift2Handler::closeScanner(int32_t scannerId) {
  if (!scanners_.Remove(scannerId)) ThrowInvalidScanner(scannerId);
}

void Thrift2Handler::getScannerResults(std::vector<TResult>& _return, const std::string& table,
                                       const TScan& tscan, int32_t numRows) {
  Scan scan = ValueOrThrow(thrift2::ScanFromThrift(tscan));
  std::unique_ptr<Table> t = OpenOrThrow(table);
  std::unique_ptr<ResultScanner> scanner = ValueOrThrow(t->GetScanner(scan));
  _return.clear();
  ThrowIfError(ReadRows(*scanner, numRows, &_return));
}

void Thrift2Handler::getRegionLocation(THRegionLocation& _return, const std::string& table,
                                       const std::string& row, bool reload) {
  std::unique_ptr<Table> t = OpenOrThrow(table);  // NotFound for an unknown table
  _return = WholeTableRegion(t->name(), context_->host(), context_->port());
}

void Thrift2Handler::getAllRegionLocations(std::vector<THRegionLocation>& _return,
                                           const std::string& table) {
  std::unique_ptr<Table> t = OpenOrThrow(table);
  _return = {WholeTableRegion(t->name(), context_->host(), context_->port())};
}

}  // namespace cellar::server
