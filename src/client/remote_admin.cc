#include "client/remote_admin.h"

#include <algorithm>
#include <regex>

#include "protocol/thrift2/convert.h"

namespace cellar::client {

using Retry = Thrift2Channel::Retry;

Status RemoteAdmin::Run(const std::string& what,
                        const std::function<void(t2::THBaseServiceClient&)>& fn) {
  // DDL is not repeated blindly after a lost connection: creating a table twice would report
  // AlreadyExists for a call that in fact succeeded.
  return channel_.Call(what + " at " + channel_.address(), Retry::kOnlyBeforeSending, fn);
}

Status RemoteAdmin::CreateNamespace(std::string_view ns) {
  t2::TNamespaceDescriptor desc;
  desc.name = std::string(ns);
  return Run("createNamespace " + desc.name,
             [&](t2::THBaseServiceClient& c) { c.createNamespace(desc); });
}

Status RemoteAdmin::DropNamespace(std::string_view ns) {
  std::string name(ns);
  return Run("deleteNamespace " + name,
             [&](t2::THBaseServiceClient& c) { c.deleteNamespace(name); });
}

Result<std::vector<std::string>> RemoteAdmin::ListNamespaces() {
  std::vector<std::string> out;
  CELLAR_RETURN_IF_ERROR(channel_.Call("listNamespaces at " + channel_.address(),
                                       Retry::kRepeatable,
                                       [&](t2::THBaseServiceClient& c) { c.listNamespaces(out); }));
  std::sort(out.begin(), out.end());
  return out;
}

Result<bool> RemoteAdmin::NamespaceExists(std::string_view ns) {
  CELLAR_ASSIGN_OR_RETURN(std::vector<std::string> all, ListNamespaces());
  return std::find(all.begin(), all.end(), ns) != all.end();
}

Status RemoteAdmin::CreateTable(const TableDescriptor& desc) {
  t2::TTableDescriptor tdesc = thrift2::TableDescriptorToThrift(desc);
  return Run("createTable " + desc.name.ToString(), [&](t2::THBaseServiceClient& c) {
    c.createTable(tdesc, std::vector<std::string>());
  });
}

Status RemoteAdmin::CreateTables(std::span<const TableDescriptor> descs) {
  for (size_t i = 0; i < descs.size(); ++i) {
    CELLAR_RETURN_IF_ERROR(descs[i].Validate());
    for (size_t j = 0; j < i; ++j) {
      if (descs[j].name == descs[i].name) {
        return Status::InvalidArgument("table '" + descs[i].name.ToString() +
                                       "' is named twice in one CreateTables");
      }
    }
    CELLAR_ASSIGN_OR_RETURN(bool exists, TableExists(descs[i].name));
    if (exists) {
      return Status::AlreadyExists("table '" + descs[i].name.ToString() + "' already exists");
    }
  }
  for (size_t i = 0; i < descs.size(); ++i) {
    Status s = CreateTable(descs[i]);
    if (s.ok()) continue;
    // All or nothing: the ones created before are removed (HBase drops only disabled tables).
    for (size_t j = 0; j < i; ++j) {
      (void)DisableTable(descs[j].name);
      (void)DropTable(descs[j].name);
    }
    return s;
  }
  return Status::Ok();
}

Status RemoteAdmin::DropTable(const TableName& name) {
  t2::TTableName t = thrift2::TableNameToThrift(name);
  return Run("deleteTable " + name.ToString(), [&](t2::THBaseServiceClient& c) { c.deleteTable(t); });
}

Result<std::vector<TableName>> RemoteAdmin::ListTables(std::string_view regex) {
  // Matched here, not by the server, so that the pattern means what the embedded Admin's does
  // ("ns:table", or "table" in the default namespace, matched fully).
  std::regex pattern;
  try {
    pattern = std::regex(std::string(regex), std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument("bad table name pattern '" + std::string(regex) +
                                   "': " + e.what());
  }
  std::vector<t2::TTableName> names;
  CELLAR_RETURN_IF_ERROR(channel_.Call("getTableNamesByPattern at " + channel_.address(),
                                       Retry::kRepeatable, [&](t2::THBaseServiceClient& c) {
                                         c.getTableNamesByPattern(names, ".*", false);
                                       }));
  std::vector<TableName> out;
  for (const auto& t : names) {
    CELLAR_ASSIGN_OR_RETURN(TableName name, thrift2::TableNameFromThrift(t));
    if (std::regex_match(name.ToString(), pattern)) out.push_back(std::move(name));
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<TableDescriptor> RemoteAdmin::DescribeTable(const TableName& name) {
  t2::TTableName t = thrift2::TableNameToThrift(name);
  t2::TTableDescriptor desc;
  CELLAR_RETURN_IF_ERROR(channel_.Call("getTableDescriptor " + name.ToString(), Retry::kRepeatable,
                                       [&](t2::THBaseServiceClient& c) {
                                         c.getTableDescriptor(desc, t);
                                       }));
  return thrift2::TableDescriptorFromThrift(desc);
}

Result<bool> RemoteAdmin::TableExists(const TableName& name) {
  t2::TTableName t = thrift2::TableNameToThrift(name);
  bool exists = false;
  CELLAR_RETURN_IF_ERROR(channel_.Call("tableExists " + name.ToString(), Retry::kRepeatable,
                                       [&](t2::THBaseServiceClient& c) {
                                         exists = c.tableExists(t);
                                       }));
  return exists;
}

Status RemoteAdmin::DisableTable(const TableName& name) {
  t2::TTableName t = thrift2::TableNameToThrift(name);
  return Run("disableTable " + name.ToString(),
             [&](t2::THBaseServiceClient& c) { c.disableTable(t); });
}

Status RemoteAdmin::EnableTable(const TableName& name) {
  t2::TTableName t = thrift2::TableNameToThrift(name);
  return Run("enableTable " + name.ToString(),
             [&](t2::THBaseServiceClient& c) { c.enableTable(t); });
}

Result<bool> RemoteAdmin::IsTableEnabled(const TableName& name) {
  t2::TTableName t = thrift2::TableNameToThrift(name);
  bool enabled = false;
  CELLAR_RETURN_IF_ERROR(channel_.Call("isTableEnabled " + name.ToString(), Retry::kRepeatable,
                                       [&](t2::THBaseServiceClient& c) {
                                         enabled = c.isTableEnabled(t);
                                       }));
  return enabled;
}

Status RemoteAdmin::AddColumnFamily(const TableName& name, const ColumnFamilyDescriptor& family) {
  t2::TTableName t = thrift2::TableNameToThrift(name);
  t2::TColumnFamilyDescriptor f = thrift2::ColumnFamilyDescriptorToThrift(family);
  return Run("addColumnFamily " + family.name + " to " + name.ToString(),
             [&](t2::THBaseServiceClient& c) { c.addColumnFamily(t, f); });
}

Status RemoteAdmin::ModifyColumnFamily(const TableName& name,
                                       const ColumnFamilyDescriptor& family) {
  t2::TTableName t = thrift2::TableNameToThrift(name);
  t2::TColumnFamilyDescriptor f = thrift2::ColumnFamilyDescriptorToThrift(family);
  return Run("modifyColumnFamily " + family.name + " of " + name.ToString(),
             [&](t2::THBaseServiceClient& c) { c.modifyColumnFamily(t, f); });
}

Status RemoteAdmin::DeleteColumnFamily(const TableName& name, std::string_view family) {
  t2::TTableName t = thrift2::TableNameToThrift(name);
  std::string f(family);
  return Run("deleteColumnFamily " + f + " of " + name.ToString(),
             [&](t2::THBaseServiceClient& c) { c.deleteColumnFamily(t, f); });
}

// HBase's truncateTable wants a disabled table and leaves it enabled; Admin's contract keeps
// the enabled state, so disable first when needed and disable again when it was disabled.
Status RemoteAdmin::TruncateTable(const TableName& name) {
  CELLAR_ASSIGN_OR_RETURN(bool was_enabled, IsTableEnabled(name));
  if (was_enabled) CELLAR_RETURN_IF_ERROR(DisableTable(name));
  t2::TTableName t = thrift2::TableNameToThrift(name);
  CELLAR_RETURN_IF_ERROR(Run("truncateTable " + name.ToString(),
                             [&](t2::THBaseServiceClient& c) { c.truncateTable(t, true); }));
  CELLAR_ASSIGN_OR_RETURN(bool enabled, IsTableEnabled(name));
  if (enabled && !was_enabled) return DisableTable(name);
  if (!enabled && was_enabled) return EnableTable(name);
  return Status::Ok();
}

Status RemoteAdmin::MajorCompact(const TableName& name) {
  return Status::FailedPrecondition("major_compact " + name.ToString() +
                                    ": HBase's Thrift2 protocol has no compaction call; run it "
                                    "in the HBase shell of the cluster at " +
                                    channel_.address());
}

Status RemoteAdmin::Flush(const TableName& name) {
  return Status::FailedPrecondition("flush " + name.ToString() +
                                    ": HBase's Thrift2 protocol has no flush call; run it in the "
                                    "HBase shell of the cluster at " +
                                    channel_.address());
}

}  // namespace cellar::client
