#include "client/remote_scanner.h"

#include <spdlog/spdlog.h>

#include "protocol/thrift2/convert.h"

namespace cellar::client {

Result<std::unique_ptr<ResultScanner>> RemoteScanner::Open(Thrift2Channel& channel,
                                                           const std::string& table,
                                                           const Scan& scan) {
  CELLAR_ASSIGN_OR_RETURN(t2::TScan tscan, thrift2::ScanToThrift(scan));
  int32_t id = 0;
  CELLAR_RETURN_IF_ERROR(channel.Call("openScanner on " + table + " at " + channel.address(),
                                      Thrift2Channel::Retry::kRepeatable,
                                      [&](t2::THBaseServiceClient& c) {
                                        id = c.openScanner(table, tscan);
                                      }));
  int32_t page = scan.caching() > 0 ? scan.caching() : 100;
  return std::unique_ptr<ResultScanner>(new RemoteScanner(channel, table, id, page));
}

RemoteScanner::~RemoteScanner() { Close(); }

void RemoteScanner::Close() {
  if (closed_) return;
  closed_ = true;
  // The scanner lives on the server until closed; a failure here only leaks it there until the
  // server's own cleanup, so it is logged, not returned.
  Status s = channel_.Call("closeScanner", Thrift2Channel::Retry::kOnlyBeforeSending,
                           [&](t2::THBaseServiceClient& c) { c.closeScanner(id_); });
  if (!s.ok()) spdlog::warn("remote scanner {} on {}: {}", id_, table_, s.ToString());
}

Status RemoteScanner::Fetch() {
  std::vector<t2::TResult> rows;
  // Not repeatable: a scanner's page is consumed once it has been sent.
  CELLAR_RETURN_IF_ERROR(channel_.Call("getScannerRows on " + table_,
                                       Thrift2Channel::Retry::kOnlyBeforeSending,
                                       [&](t2::THBaseServiceClient& c) {
                                         c.getScannerRows(rows, id_, page_);
                                       }));
  if (rows.empty()) exhausted_ = true;
  for (const auto& r : rows) buffered_.push_back(thrift2::ResultFromThrift(r));
  return Status::Ok();
}

Result<std::optional<RowResult>> RemoteScanner::Next() {
  if (buffered_.empty() && !exhausted_) CELLAR_RETURN_IF_ERROR(Fetch());
  if (buffered_.empty()) {
    Close();
    return std::optional<RowResult>();
  }
  RowResult row = std::move(buffered_.front());
  buffered_.pop_front();
  return std::optional<RowResult>(std::move(row));
}

}  // namespace cellar::client
