// Thrift1Handler: tables, regions and the server itself.

#include <string>

#include "server/thrift/thrift1_convert.h"
#include "server/thrift/thrift1_errors.h"
#include "server/thrift/thrift1_handler.h"
#include "util/bytes.h"

namespace cellar::server {
namespace {

constexpr Thrift1Throws kIO = Thrift1Throws::kIOError;

Result<TableName> ParseTable(std::string_view name) { return TableName::Parse(name); }

// compact and majorCompact take a table or region name; our only region of table t is named
// "t,,0", so the table is what comes before the first ','.
std::string_view TableOfTableOrRegion(std::string_view name) {
  return name.substr(0, name.find(','));
}

}  // namespace

void Thrift1Handler::enableTable(const Bytes& tableName) {
  RequireWritable("enableTable");
  auto table = ValueOrThrow("enableTable", ParseTable(tableName), kIO);
  OkOrThrow("enableTable", context_->admin().EnableTable(table), kIO);
}

void Thrift1Handler::disableTable(const Bytes& tableName) {
  RequireWritable("disableTable");
  auto table = ValueOrThrow("disableTable", ParseTable(tableName), kIO);
  OkOrThrow("disableTable", context_->admin().DisableTable(table), kIO);
}

bool Thrift1Handler::isTableEnabled(const Bytes& tableName) {
  auto table = ValueOrThrow("isTableEnabled", ParseTable(tableName), kIO);
  return ValueOrThrow("isTableEnabled", context_->admin().IsTableEnabled(table), kIO);
}

void Thrift1Handler::compact(const Bytes& tableNameOrRegionName) {
  // RocksDB picks and runs minor compactions itself; flushing the memtables is the nearest
  // thing a client can ask for.
  RequireWritable("compact");
  auto table =
      ValueOrThrow("compact", ParseTable(TableOfTableOrRegion(tableNameOrRegionName)), kIO);
  OkOrThrow("compact", context_->admin().Flush(table), kIO);
}

void Thrift1Handler::majorCompact(const Bytes& tableNameOrRegionName) {
  RequireWritable("majorCompact");
  auto table =
      ValueOrThrow("majorCompact", ParseTable(TableOfTableOrRegion(tableNameOrRegionName)), kIO);
  OkOrThrow("majorCompact", context_->admin().MajorCompact(table), kIO);
}

void Thrift1Handler::getTableNames(std::vector<Text>& _return) {
  auto tables = ValueOrThrow("getTableNames", context_->admin().ListTables(), kIO);
  for (const TableName& t : tables) _return.push_back(t.ToString());
}

void Thrift1Handler::getTableNamesWithIsTableEnabled(std::map<Text, bool>& _return) {
  Admin& admin = context_->admin();
  auto tables = ValueOrThrow("getTableNamesWithIsTableEnabled", admin.ListTables(), kIO);
  for (const TableName& t : tables) {
    Result<bool> enabled = admin.IsTableEnabled(t);
    if (!enabled.ok() && enabled.status().IsNotFound()) continue;  // dropped meanwhile
    _return[t.ToString()] = ValueOrThrow("getTableNamesWithIsTableEnabled", enabled, kIO);
  }
}

void Thrift1Handler::getColumnDescriptors(std::map<Text, ColumnDescriptor>& _return,
                                          const Text& tableName) {
  auto table = ValueOrThrow("getColumnDescriptors", ParseTable(tableName), kIO);
  auto desc = ValueOrThrow("getColumnDescriptors", context_->admin().DescribeTable(table), kIO);
  for (const ColumnFamilyDescriptor& family : desc.families) {
    ColumnDescriptor column = thrift1::FamilyToThrift(family);
    _return[column.name] = std::move(column);
  }
}

void Thrift1Handler::getTableRegions(std::vector<TRegionInfo>& _return, const Text& tableName) {
  // HBase answers an empty list, not an error, for a table that does not exist.
  Result<TableName> table = ParseTable(tableName);
  if (!table.ok()) return;
  if (!ValueOrThrow("getTableRegions", context_->admin().TableExists(*table), kIO)) return;
  _return.push_back(thrift1::WholeTableRegion(*table, context_->host(), context_->port()));
}

void Thrift1Handler::createTable(const Text& tableName,
                                 const std::vector<ColumnDescriptor>& columnFamilies) {
  constexpr Thrift1Throws kAll = Thrift1Throws::kIOErrorIllegalArgumentAlreadyExists;
  RequireWritable("createTable");
  TableDescriptor desc;
  desc.name = ValueOrThrow("createTable", ParseTable(tableName), kAll);
  if (ValueOrThrow("createTable", context_->admin().TableExists(desc.name), kAll)) {
    ThrowThrift1Error("createTable",
                      Status::AlreadyExists("table name already in use: " + desc.name.ToString()),
                      kAll);
  }
  for (const ColumnDescriptor& column : columnFamilies) {
    desc.families.push_back(ValueOrThrow("createTable", thrift1::FamilyFromThrift(column), kAll));
  }
  OkOrThrow("createTable", context_->admin().CreateTable(desc), kAll);
}

void Thrift1Handler::deleteTable(const Text& tableName) {
  RequireWritable("deleteTable");
  auto table = ValueOrThrow("deleteTable", ParseTable(tableName), kIO);
  if (!ValueOrThrow("deleteTable", context_->admin().TableExists(table), kIO)) {
    ThrowThrift1Error("deleteTable",
                      Status::NotFound("table does not exist: " + table.ToString()), kIO);
  }
  OkOrThrow("deleteTable", context_->admin().DropTable(table), kIO);
}

void Thrift1Handler::getRegionInfo(TRegionInfo& _return, const Text& row) {
  // "row" is a key of HBase's meta table: "table,startKey,regionId..." (or just the table).
  Result<TableName> table = ParseTable(TableOfTableOrRegion(row));
  if (table.ok() && ValueOrThrow("getRegionInfo", context_->admin().TableExists(*table), kIO)) {
    _return = thrift1::WholeTableRegion(*table, context_->host(), context_->port());
    return;
  }
  ThrowThrift1Error("getRegionInfo",
                    Status::NotFound("Cannot find row in hbase:meta, row=" + ToStringBinary(row) +
                                     " (expected 'table,startKey,regionId')"),
                    kIO);
}

Thrift1Handler::TThriftServerType::type Thrift1Handler::getThriftServerType() {
  return TThriftServerType::ONE;
}

void Thrift1Handler::getClusterId(std::string& _return) {
  // An embedded store has no cluster and so no cluster id; a fixed, recognisable answer.
  _return = "cellar";
}

bool Thrift1Handler::grant(const TAccessControlEntity& info) {
  ThrowThrift1Error("grant",
                    Status::FailedPrecondition(
                        "grant is not supported: Cellar has no access control lists; "
                        "restrict access with TLS client certificates (--tls-client-ca)"),
                    kIO);
}

bool Thrift1Handler::revoke(const TAccessControlEntity& info) {
  ThrowThrift1Error("revoke",
                    Status::FailedPrecondition(
                        "revoke is not supported: Cellar has no access control lists; "
                        "restrict access with TLS client certificates (--tls-client-ca)"),
                    kIO);
}

}  // namespace cellar::server
