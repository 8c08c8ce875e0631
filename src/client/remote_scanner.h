#pragma once

// RemoteScanner: a Scan over Thrift2 (openScanner, then getScannerRows pages of the scan's
// caching size, closeScanner when the rows run out or the scanner is destroyed). Not
// thread-safe, as every ResultScanner.

#include <deque>
#include <memory>
#include <string>

#include "cellar/table.h"
#include "client/thrift2_channel.h"

namespace cellar::client {

class RemoteScanner final : public ResultScanner {
 public:
  // Opens the scanner on the server. Errors as the server reports them (NotFound for an unknown
  // table, InvalidArgument for a bad filter).
  static Result<std::unique_ptr<ResultScanner>> Open(Thrift2Channel& channel,
                                                     const std::string& table, const Scan& scan);
  ~RemoteScanner() override;

  Result<std::optional<RowResult>> Next() override;

 private:
  RemoteScanner(Thrift2Channel& channel, std::string table, int32_t id, int32_t page)
      : channel_(channel), table_(std::move(table)), id_(id), page_(page) {}
  Status Fetch();
  void Close();

  Thrift2Channel& channel_;
  const std::string table_;
  const int32_t id_;
  const int32_t page_;
  std::deque<RowResult> buffered_;
  bool exhausted_ = false;
  bool closed_ = false;
};

}  // namespace cellar::client
