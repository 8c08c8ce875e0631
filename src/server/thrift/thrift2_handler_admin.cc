// The admin methods of Thrift2Handler (tables, families, namespaces) and the server-level ones
// (server type, cluster id; slow logs and ACLs, which cellar does not have).

#include <algorithm>
#include <string>

#include "protocol/thrift2/convert.h"
#include "server/thrift/thrift2_errors.h"
#include "server/thrift/thrift2_handler.h"

namespace cellar::server {
namespace {

using namespace thrift2_errors;  // NOLINT: ThrowIfError, ValueOrThrow
namespace t2 = thrift2::t2;

TableName NameOrThrow(const t2::TTableName& name) {
  return ValueOrThrow(thrift2::TableNameFromThrift(name));
}

// "regex" as HBase's listTableDescriptors(Pattern) reads it; an empty (or unset) one is "all".
std::string PatternOrAll(const std::string& regex) { return regex.empty() ? ".*" : regex; }

[[noreturn]] void ThrowUnsupported(const std::string& method, const std::string& why) {
  thrift2::ThrowStatus(Status::FailedPrecondition(method + " is not supported by cellar serve: " +
                                                  why));
}

}  // namespace

std::vector<TableDescriptor> Thrift2Handler::DescribeTables(
    const std::vector<TableName>& names) const {
  std::vector<TableDescriptor> out;
  for (const TableName& name : names) {
    Result<TableDescriptor> desc = context_->admin().DescribeTable(name);
    if (desc.status().IsNotFound()) continue;  // dropped meanwhile
    out.push_back(ValueOrThrow(std::move(desc)));
  }
  return out;
}

void Thrift2Handler::getTableDescriptor(TTableDescriptor& _return, const TTableName& table) {
  _return = thrift2::TableDescriptorToThrift(
      ValueOrThrow(context_->admin().DescribeTable(NameOrThrow(table))));
}

void Thrift2Handler::getTableDescriptors(std::vector<TTableDescriptor>& _return,
                                         const std::vector<TTableName>& tables) {
  std::vector<TableName> names;
  for (const TTableName& t : tables) names.push_back(NameOrThrow(t));
  _return.clear();
  // As HBase's listTableDescriptors(List): tables that do not exist are left out.
  for (const TableDescriptor& d : DescribeTables(names)) {
    _return.push_back(thrift2::TableDescriptorToThrift(d));
  }
}

bool Thrift2Handler::tableExists(const TTableName& tableName) {
  return ValueOrThrow(context_->admin().TableExists(NameOrThrow(tableName)));
}

void Thrift2Handler::getTableDescriptorsByPattern(std::vector<TTableDescriptor>& _return,
                                                  const std::string& regex,
                                                  bool includeSysTables) {
  // cellar has no system tables, so includeSysTables changes nothing.
  std::vector<TableName> names = ValueOrThrow(context_->admin().ListTables(PatternOrAll(regex)));
  _return.clear();
  for (const TableDescriptor& d : DescribeTables(names)) {
    _return.push_back(thrift2::TableDescriptorToThrift(d));
  }
}

void Thrift2Handler::getTableDescriptorsByNamespace(std::vector<TTableDescriptor>& _return,
                                                    const std::string& name) {
  std::vector<TTableName> names;
  getTableNamesByNamespace(names, name);
  getTableDescriptors(_return, names);
}

void Thrift2Handler::getTableNamesByPattern(std::vector<TTableName>& _return,
                                            const std::string& regex, bool includeSysTables) {
  _return.clear();
  for (const TableName& n : ValueOrThrow(context_->admin().ListTables(PatternOrAll(regex)))) {
    _return.push_back(thrift2::TableNameToThrift(n));
  }
}

void Thrift2Handler::getTableNamesByNamespace(std::vector<TTableName>& _return,
                                              const std::string& name) {
  if (!ValueOrThrow(context_->admin().NamespaceExists(name))) {
    thrift2::ThrowStatus(Status::NotFound("namespace '" + name + "' does not exist"));
  }
  _return.clear();
  for (const TableName& n : ValueOrThrow(context_->admin().ListTables(".*"))) {
    if (n.ns == name) _return.push_back(thrift2::TableNameToThrift(n));
  }
}

void Thrift2Handler::createTable(const TTableDescriptor& desc,
                                 const std::vector<std::string>& splitKeys) {
  RequireWritable("createTable");
  // splitKeys only shape regions; the store has one region per table, so they change nothing.
  TableDescriptor table = ValueOrThrow(thrift2::TableDescriptorFromThrift(desc));
  ThrowIfError(context_->admin().CreateTable(table));
}

void Thrift2Handler::deleteTable(const TTableName& tableName) {
  RequireWritable("deleteTable");
  ThrowIfError(context_->admin().DropTable(NameOrThrow(tableName)));
}

void Thrift2Handler::truncateTable(const TTableName& tableName, bool preserveSplits) {
  RequireWritable("truncateTable");
  const TableName name = NameOrThrow(tableName);
  // HBase's truncate needs a disabled table and leaves it enabled.
  if (ValueOrThrow(context_->admin().IsTableEnabled(name))) {
    thrift2::ThrowStatus(Status::FailedPrecondition(
        "table " + name.ToString() + " is enabled (TableNotDisabledException); disable it first"));
  }
  ThrowIfError(context_->admin().TruncateTable(name));
  ThrowIfError(context_->admin().EnableTable(name));
}

void Thrift2Handler::enableTable(const TTableName& tableName) {
  RequireWritable("enableTable");
  ThrowIfError(context_->admin().EnableTable(NameOrThrow(tableName)));
}

void Thrift2Handler::disableTable(const TTableName& tableName) {
  RequireWritable("disableTable");
  ThrowIfError(context_->admin().DisableTable(NameOrThrow(tableName)));
}

bool Thrift2Handler::isTableEnabled(const TTableName& tableName) {
  return ValueOrThrow(context_->admin().IsTableEnabled(NameOrThrow(tableName)));
}

bool Thrift2Handler::isTableDisabled(const TTableName& tableName) {
  return !ValueOrThrow(context_->admin().IsTableEnabled(NameOrThrow(tableName)));
}

bool Thrift2Handler::isTableAvailable(const TTableName& tableName) {
  // As HBase's Admin: false for a missing or disabled table, true once it serves.
  Result<bool> enabled = context_->admin().IsTableEnabled(NameOrThrow(tableName));
  if (enabled.status().IsNotFound()) return false;
  return ValueOrThrow(std::move(enabled));
}

void Thrift2Handler::addColumnFamily(const TTableName& tableName,
                                     const TColumnFamilyDescriptor& column) {
  RequireWritable("addColumnFamily");
  ColumnFamilyDescriptor family = ValueOrThrow(thrift2::ColumnFamilyDescriptorFromThrift(column));
  ThrowIfError(context_->admin().AddColumnFamily(NameOrThrow(tableName), family));
}

void Thrift2Handler::deleteColumnFamily(const TTableName& tableName, const std::string& column) {
  RequireWritable("deleteColumnFamily");
  ThrowIfError(context_->admin().DeleteColumnFamily(NameOrThrow(tableName), column));
}

void Thrift2Handler::modifyColumnFamily(const TTableName& tableName,
                                        const TColumnFamilyDescriptor& column) {
  RequireWritable("modifyColumnFamily");
  ColumnFamilyDescriptor family = ValueOrThrow(thrift2::ColumnFamilyDescriptorFromThrift(column));
  ThrowIfError(context_->admin().ModifyColumnFamily(NameOrThrow(tableName), family));
}

void Thrift2Handler::modifyTable(const TTableDescriptor& desc) {
  RequireWritable("modifyTable");
  TableDescriptor wanted = ValueOrThrow(thrift2::TableDescriptorFromThrift(desc));
  ThrowIfError(wanted.Validate());
  Admin& admin = context_->admin();
  TableDescriptor current = ValueOrThrow(admin.DescribeTable(wanted.name));
  // The new descriptor replaces the old one: families are added first, then changed, then
  // dropped, so the table never has none. Not atomic across families (each step is).
  for (const ColumnFamilyDescriptor& f : wanted.families) {
    const ColumnFamilyDescriptor* old = current.FindFamily(f.name);
    if (old == nullptr) ThrowIfError(admin.AddColumnFamily(wanted.name, f));
  }
  for (const ColumnFamilyDescriptor& f : wanted.families) {
    const ColumnFamilyDescriptor* old = current.FindFamily(f.name);
    if (old != nullptr && !(*old == f)) ThrowIfError(admin.ModifyColumnFamily(wanted.name, f));
  }
  for (const ColumnFamilyDescriptor& f : current.families) {
    if (wanted.FindFamily(f.name) == nullptr) {
      ThrowIfError(admin.DeleteColumnFamily(wanted.name, f.name));
    }
  }
}

void Thrift2Handler::createNamespace(const TNamespaceDescriptor& namespaceDesc) {
  RequireWritable("createNamespace");
  if (!namespaceDesc.configuration.empty()) {
    ThrowUnsupported("createNamespace with a configuration", "namespaces have no properties");
  }
  ThrowIfError(context_->admin().CreateNamespace(namespaceDesc.name));
}

void Thrift2Handler::modifyNamespace(const TNamespaceDescriptor& namespaceDesc) {
  RequireWritable("modifyNamespace");
  if (!ValueOrThrow(context_->admin().NamespaceExists(namespaceDesc.name))) {
    thrift2::ThrowStatus(
        Status::NotFound("namespace '" + namespaceDesc.name + "' does not exist"));
  }
  if (!namespaceDesc.configuration.empty()) {
    ThrowUnsupported("modifyNamespace with a configuration", "namespaces have no properties");
  }
}

void Thrift2Handler::deleteNamespace(const std::string& name) {
  RequireWritable("deleteNamespace");
  ThrowIfError(context_->admin().DropNamespace(name));
}

void Thrift2Handler::getNamespaceDescriptor(TNamespaceDescriptor& _return,
                                            const std::string& name) {
  if (!ValueOrThrow(context_->admin().NamespaceExists(name))) {
    thrift2::ThrowStatus(Status::NotFound("namespace '" + name + "' does not exist"));
  }
  _return = TNamespaceDescriptor();
  _return.__set_name(name);
}

void Thrift2Handler::listNamespaceDescriptors(std::vector<TNamespaceDescriptor>& _return) {
  _return.clear();
  for (const std::string& ns : ValueOrThrow(context_->admin().ListNamespaces())) {
    TNamespaceDescriptor d;
    d.__set_name(ns);
    _return.push_back(std::move(d));
  }
}

void Thrift2Handler::listNamespaces(std::vector<std::string>& _return) {
  _return = ValueOrThrow(context_->admin().ListNamespaces());
}

Thrift2Handler::TThriftServerType::type Thrift2Handler::getThriftServerType() {
  return TThriftServerType::TWO;
}

void Thrift2Handler::getClusterId(std::string& _return) {
  // An embedded store has no cluster and so no cluster id; a fixed, recognisable answer (the
  // v1 gateway gives the same).
  _return = "cellar";
}

void Thrift2Handler::getSlowLogResponses(std::vector<TOnlineLogRecord>& _return,
                                         const std::set<TServerName>& serverNames,
                                         const TLogQueryFilter& logQueryFilter) {
  ThrowUnsupported("getSlowLogResponses", "there is no slow/large RPC log");
}

void Thrift2Handler::clearSlowLogResponses(std::vector<bool>& _return,
                                           const std::set<TServerName>& serverNames) {
  ThrowUnsupported("clearSlowLogResponses", "there is no slow/large RPC log");
}

bool Thrift2Handler::grant(const TAccessControlEntity& info) {
  ThrowUnsupported("grant", "there are no access control lists (use TLS client certificates)");
}

bool Thrift2Handler::revoke(const TAccessControlEntity& info) {
  ThrowUnsupported("revoke", "there are no access control lists (use TLS client certificates)");
}

}  // namespace cellar::server
