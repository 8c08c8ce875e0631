#pragma once

// RemoteTable: Table over a Thrift2 gateway (HBase's THBaseService). Each call is one or a few
// RPCs through the connection's channel; Batch groups consecutive puts into putMultiple and
// consecutive deletes into deleteMultiple. Thread-safe (the channel is).

#include <memory>
#include <string>

#include "cellar/table.h"
#include "client/thrift2_channel.h"

namespace cellar::client {

class RemoteTable final : public Table {
 public:
  // "channel" is borrowed and must outlive the table.
  RemoteTable(Thrift2Channel& channel, TableName name);

  const TableName& name() const override { return name_; }
  Status Put(const cellar::Put& put) override;
  Result<RowResult> Get(const cellar::Get& get) override;
  Result<std::vector<RowResult>> Get(std::span<const cellar::Get> gets) override;
  Status Delete(const cellar::Delete& del) override;
  Result<std::unique_ptr<ResultScanner>> GetScanner(const cellar::Scan& scan) override;
  Result<RowResult> Increment(const cellar::Increment& inc) override;
  Result<RowResult> Append(const cellar::Append& append) override;
  Result<bool> CheckAndMutate(const cellar::CheckAndMutate& cam) override;
  Status MutateRow(const RowMutations& mutations) override;
  std::vector<BatchResult> Batch(std::span<const BatchAction> actions) override;

  // Writes many puts with putMultiple, RemoteOptions::write_batch_rows per call.
  Status PutMany(std::span<const cellar::Put> puts);

 private:
  std::string What(const char* operation) const;
  // Runs actions[begin, end), all of one kind, as one multi call; fills their results.
  void BatchRun(std::span<const BatchAction> actions, size_t begin, size_t end,
                std::vector<BatchResult>& results);

  Thrift2Channel& channel_;
  const TableName name_;
  const std::string wire_name_;  // "ns:table", as HBase's thrift2 handler expects
};

}  // namespace cellar::client
