#pragma once

// RemoteAdmin: Admin over a Thrift2 gateway's admin methods (createTable, deleteTable, ...,
// createNamespace, listNamespaces). Thrift2 has no compaction or flush call: MajorCompact and
// Flush return FailedPrecondition saying so. Thread-safe (the channel is).

#include "cellar/admin.h"
#include "client/thrift2_channel.h"

namespace cellar::client {

class RemoteAdmin final : public Admin {
 public:
  // "channel" is borrowed and must outlive this object.
  explicit RemoteAdmin(Thrift2Channel& channel) : channel_(channel) {}

  Status CreateNamespace(std::string_view ns) override;
  Status DropNamespace(std::string_view ns) override;
  Result<std::vector<std::string>> ListNamespaces() override;
  Result<bool> NamespaceExists(std::string_view ns) override;
  Status CreateTable(const TableDescriptor& desc) override;
  // One createTable per table, after checking that none exists; when one fails, the tables
  // this call created are disabled and deleted again before the error is returned.
  Status CreateTables(std::span<const TableDescriptor> descs) override;
  Status DropTable(const TableName& name) override;
  Result<std::vector<TableName>> ListTables(std::string_view regex) override;
  Result<TableDescriptor> DescribeTable(const TableName& name) override;
  Result<bool> TableExists(const TableName& name) override;
  Status DisableTable(const TableName& name) override;
  Status EnableTable(const TableName& name) override;
  Result<bool> IsTableEnabled(const TableName& name) override;
  Status AddColumnFamily(const TableName& name, const ColumnFamilyDescriptor& family) override;
  Status ModifyColumnFamily(const TableName& name, const ColumnFamilyDescriptor& family) override;
  Status DeleteColumnFamily(const TableName& name, std::string_view family) override;
  Status TruncateTable(const TableName& name) override;
  Status MajorCompact(const TableName& name) override;
  Status Flush(const TableName& name) override;

 private:
  // Runs "fn" as a repeatable admin call named "what" on "name".
  Status Run(const std::string& what, const std::function<void(t2::THBaseServiceClient&)>& fn);

  Thrift2Channel& channel_;
};

}  // namespace cellar::client
