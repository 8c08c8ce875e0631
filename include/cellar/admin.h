#pragma once

// Admin: namespaces and tables (HBase's Admin). Implemented by the embedded store and, later, the
// remote backend. Thread-safe. DDL is serialised; each DDL is atomic and recorded in the event log.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/schema.h"
#include "cellar/status.h"

namespace cellar {

class Admin {
 public:
  virtual ~Admin() = default;

  // AlreadyExists if present; InvalidArgument for a bad name.
  virtual Status CreateNamespace(std::string_view ns) = 0;
  // NotFound if absent; FailedPrecondition if it still holds tables or is "default".
  virtual Status DropNamespace(std::string_view ns) = 0;
  virtual Result<std::vector<std::string>> ListNamespaces() = 0;
  virtual Result<bool> NamespaceExists(std::string_view ns) = 0;

  // NotFound if the namespace is missing; AlreadyExists; InvalidArgument for a bad descriptor.
  virtual Status CreateTable(const TableDescriptor& desc) = 0;
  // Creates every table of "descs" as one DDL: all of them, or on any error none. Each table
  // is checked as CreateTable checks it (HBase's createTable): NotFound naming the first table
  // whose namespace is missing, AlreadyExists naming the first that exists, InvalidArgument for
  // a bad descriptor or a table named twice. The embedded store creates them in one step (one
  // catalog write, one event per table); a remote HBase creates them one by one and, when one
  // fails, drops those it created (Thrift2 has no call for several tables). Empty: Ok.
  virtual Status CreateTables(std::span<const TableDescriptor> descs) = 0;
  // REQUIRES the table disabled (FailedPrecondition otherwise, as in HBase).
  virtual Status DropTable(const TableName& name) = 0;
  // Tables whose "ns:table" (or "table" in default) matches the ECMAScript "regex" fully; sorted.
  virtual Result<std::vector<TableName>> ListTables(std::string_view regex = ".*") = 0;
  virtual Result<TableDescriptor> DescribeTable(const TableName& name) = 0;
  virtual Result<bool> TableExists(const TableName& name) = 0;
  virtual Status DisableTable(const TableName& name) = 0;
  virtual Status EnableTable(const TableName& name) = 0;
  virtual Result<bool> IsTableEnabled(const TableName& name) = 0;
  virtual Status AddColumnFamily(const TableName& name, const ColumnFamilyDescriptor& family) = 0;
  // Changes the options of an existing family; data stays.
  virtual Status ModifyColumnFamily(const TableName& name,
                                    const ColumnFamilyDescriptor& family) = 0;
  // Removes the family and its data. InvalidArgument when it is the last family.
  virtual Status DeleteColumnFamily(const TableName& name, std::string_view family) = 0;
  // Removes every row and keeps the schema and the enabled state.
  virtual Status TruncateTable(const TableName& name) = 0;
  // Rewrites the table's files dropping expired, masked and excess versions.
  virtual Status MajorCompact(const TableName& name) = 0;
  // Writes the table's in-memory data to files.
  virtual Status Flush(const TableName& name) = 0;
};

}  // namespace cellar
