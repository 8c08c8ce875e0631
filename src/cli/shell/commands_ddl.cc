// Data definition commands: create, alter, list, describe, enable/disable, exists, drop,
// truncate, and the tools major_compact and flush.

#include <optional>
#include <string>

#include "cli/shell/cell_format.h"
#include "cli/shell/commands.h"
#include "cli/shell/family_options.h"
#include "cli/shell/session.h"

namespace cellar::shell {

namespace {

// The table named by the first argument. REQUIRES: args.size() >= 1.
Result<TableName> TableArg(const ArgList& args) {
  CELLAR_ASSIGN_OR_RETURN(std::string name, args.Text(0, "table name"));
  return Session::ParseTableName(name);
}

// A family given as 'cf' or {NAME => 'cf', OPTION => value, ...}. When "existing" (nullable)
// already has the family, options not given keep their current values.
Result<ColumnFamilyDescriptor> FamilyFromSpec(const Value& spec, Options& options,
                                              const TableDescriptor* existing) {
  ColumnFamilyDescriptor family;
  if (!spec.is_hash()) {
    CELLAR_ASSIGN_OR_RETURN(family.name, ToText(spec, "column family"));
    return family;
  }
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> name, options.Text("NAME"));
  if (!name) {
    return Status::InvalidArgument("a column family needs NAME => 'cf'; table-level options (" +
                                   spec.hash().front().key.text() + ") are not supported");
  }
  const ColumnFamilyDescriptor* base = existing ? existing->FindFamily(*name) : nullptr;
  if (base != nullptr) family = *base;
  family.name = *name;
  CELLAR_RETURN_IF_ERROR(ApplyFamilyOptions(options, family));
  return family;
}

Status Create(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(2, SIZE_MAX));
  TableDescriptor desc;
  CELLAR_ASSIGN_OR_RETURN(desc.name, TableArg(args));
  for (size_t i = 1; i < args.size(); ++i) {
    CELLAR_ASSIGN_OR_RETURN(Options options,
                            Options::From(args.at(i).is_hash() ? &args.at(i) : nullptr));
    CELLAR_ASSIGN_OR_RETURN(ColumnFamilyDescriptor family,
                            FamilyFromSpec(args.at(i), options, nullptr));
    CELLAR_RETURN_IF_ERROR(options.CheckAllUsed());
    desc.families.push_back(std::move(family));
  }
  return s.admin().CreateTable(desc);
}

// One alteration: add or change a family, or delete one.
Status AlterOne(Session& s, const TableName& table, const Value& spec) {
  CELLAR_ASSIGN_OR_RETURN(TableDescriptor desc, s.admin().DescribeTable(table));
  CELLAR_ASSIGN_OR_RETURN(Options options, Options::From(spec.is_hash() ? &spec : nullptr));
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> doomed, options.Text("delete"));
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> method, options.Text("METHOD"));
  if (method && *method != "delete") {
    return Status::InvalidArgument("METHOD => '" + *method +
                                   "' is not supported (only 'delete'); table attributes cannot "
                                   "be changed");
  }
  if (method) {
    CELLAR_ASSIGN_OR_RETURN(doomed, options.Text("NAME"));
    if (!doomed) return Status::InvalidArgument("METHOD => 'delete' needs NAME => 'cf'");
  }
  Status status;
  if (doomed) {
    CELLAR_RETURN_IF_ERROR(options.CheckAllUsed());
    status = s.admin().DeleteColumnFamily(table, *doomed);
  } else {
    CELLAR_ASSIGN_OR_RETURN(ColumnFamilyDescriptor family, FamilyFromSpec(spec, options, &desc));
    CELLAR_RETURN_IF_ERROR(options.CheckAllUsed());
    status = desc.FindFamily(family.name) != nullptr ? s.admin().ModifyColumnFamily(table, family)
                                                     : s.admin().AddColumnFamily(table, family);
  }
  CELLAR_RETURN_IF_ERROR(status);
  s.out().Line("Updating all regions with the new schema...");
  s.out().Line("1/1 regions updated.");
  s.out().Line("Done.");
  return Status::Ok();
}

// Checks one alteration without the store, so that a malformed call fails before any change.
Status CheckAlteration(const Value& spec) {
  if (!spec.is_hash()) return ToText(spec, "column family").status();
  CELLAR_ASSIGN_OR_RETURN(Options options, Options::From(&spec));
  if (options.Has("delete") || options.Has("METHOD")) return Status::Ok();
  CELLAR_RETURN_IF_ERROR(FamilyFromSpec(spec, options, nullptr).status());
  return options.CheckAllUsed();
}

Status Alter(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(2, SIZE_MAX));
  CELLAR_ASSIGN_OR_RETURN(TableName table, TableArg(args));
  for (size_t i = 1; i < args.size(); ++i) CELLAR_RETURN_IF_ERROR(CheckAlteration(args.at(i)));
  for (size_t i = 1; i < args.size(); ++i) CELLAR_RETURN_IF_ERROR(AlterOne(s, table, args.at(i)));
  return Status::Ok();
}

Status List(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(0, 1));
  std::string regex = ".*";
  if (args.size() == 1) {
    CELLAR_ASSIGN_OR_RETURN(regex, args.Text(0, "regex"));
  }
  CELLAR_ASSIGN_OR_RETURN(std::vector<TableName> tables, s.admin().ListTables(regex));
  s.out().Header("TABLE");
  for (const TableName& t : tables) s.out().Row(t.ToString());
  return Status::Ok();
}

Status Describe(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(1, 1));
  CELLAR_ASSIGN_OR_RETURN(TableName table, TableArg(args));
  CELLAR_ASSIGN_OR_RETURN(TableDescriptor desc, s.admin().DescribeTable(table));
  CELLAR_ASSIGN_OR_RETURN(bool enabled, s.admin().IsTableEnabled(table));
  s.out().Header("Table " + table.ToString() + " is " + (enabled ? "ENABLED" : "DISABLED"));
  s.out().Row(table.ToString());
  s.out().Header("COLUMN FAMILIES DESCRIPTION");
  for (const ColumnFamilyDescriptor& family : desc.families) s.out().Row(FamilyText(family));
  return Status::Ok();
}

// A command taking one table name and calling "action" on it.
Command::Handler OnTable(Status (*action)(Session&, const TableName&)) {
  return [action](Session& s, const ArgList& args) -> Status {
    CELLAR_RETURN_IF_ERROR(args.ExpectCount(1, 1));
    CELLAR_ASSIGN_OR_RETURN(TableName table, TableArg(args));
    return action(s, table);
  };
}

Status Drop(Session& s, const TableName& table) {
  CELLAR_ASSIGN_OR_RETURN(bool enabled, s.admin().IsTableEnabled(table));
  if (enabled) {
    return Status::FailedPrecondition("Table " + table.ToString() +
                                      " is enabled. Disable it first.");
  }
  return s.admin().DropTable(table);
}

Status Truncate(Session& s, const TableName& table) {
  s.out().Line("Truncating '" + table.ToString() + "' table (it may take a while):");
  CELLAR_RETURN_IF_ERROR(s.admin().TruncateTable(table));
  s.out().Line(" - Truncating table...");
  return Status::Ok();
}

Status IsEnabled(Session& s, const TableName& table) {
  CELLAR_ASSIGN_OR_RETURN(bool enabled, s.admin().IsTableEnabled(table));
  s.out().Line(enabled ? "true" : "false");
  return Status::Ok();
}

Status IsDisabled(Session& s, const TableName& table) {
  CELLAR_ASSIGN_OR_RETURN(bool enabled, s.admin().IsTableEnabled(table));
  s.out().Line(enabled ? "false" : "true");
  return Status::Ok();
}

Status Exists(Session& s, const TableName& table) {
  CELLAR_ASSIGN_OR_RETURN(bool exists, s.admin().TableExists(table));
  s.out().Line("Table " + table.ToString() + (exists ? " does exist" : " does not exist"));
  return Status::Ok();
}

void AddTableCommand(CommandTable& table, std::string name, std::string group, std::string usage,
                     Status (*action)(Session&, const TableName&)) {
  table.Add({std::move(name), std::move(group), std::move(usage), true, OnTable(action)});
}

}  // namespace

void RegisterDdlCommands(CommandTable& table) {
  table.Add({"create", "ddl",
             "Creates a table. Pass a table name ('t1' or 'ns1:t1') and one or more column\n"
             "families, each a name or a dictionary of family options:\n"
             "  NAME, VERSIONS, MIN_VERSIONS, TTL (seconds or 'FOREVER'), KEEP_DELETED_CELLS,\n"
             "  NEW_VERSION_BEHAVIOR, COMPRESSION ('NONE', 'SNAPPY', 'LZ4', 'ZSTD'),\n"
             "  BLOOMFILTER ('NONE', 'ROW', 'ROWCOL'), BLOCKSIZE, BLOCKCACHE, IN_MEMORY,\n"
             "  REPLICATION_SCOPE (1 = changes go to the event log for REPL DUMP).\n"
             "Examples:\n"
             "  hbase> create 't1', 'f1', 'f2', 'f3'\n"
             "  hbase> create 'ns1:t1', {NAME => 'f1', VERSIONS => 5, TTL => 2592000}\n"
             "  hbase> create 't1', {NAME => 'f1', COMPRESSION => 'ZSTD'}, {NAME => 'f2'}\n"
             "Table options (SPLITS, NUMREGIONS, ...) are not supported: there are no regions.\n",
             false, Create});
  table.Add({"alter", "ddl",
             "Adds, changes or deletes column families. A family dictionary changes only the\n"
             "options it names (the family is added if it does not exist yet).\n"
             "Examples:\n"
             "  hbase> alter 't1', NAME => 'f1', VERSIONS => 5\n"
             "  hbase> alter 't1', 'f2'\n"
             "  hbase> alter 't1', 'delete' => 'f1'\n"
             "  hbase> alter 't1', NAME => 'f1', METHOD => 'delete'\n"
             "  hbase> alter 't1', {NAME => 'f1', TTL => 86400}, {NAME => 'f3'}\n",
             false, Alter});
  table.Add({"list", "ddl",
             "Lists the tables; an optional regular expression must match the whole name\n"
             "('t' in the default namespace, 'ns:t' elsewhere).\n"
             "Examples:\n"
             "  hbase> list\n"
             "  hbase> list 'abc.*'\n"
             "  hbase> list 'ns:.*'\n",
             true, List});
  table.Add({"describe", "ddl",
             "Describes a table: whether it is enabled and its column families.\n"
             "Examples:\n"
             "  hbase> describe 't1'\n"
             "  hbase> desc 'ns1:t1'\n",
             true, Describe});
  table.AddAlias("desc", "describe");
  AddTableCommand(table, "disable", "ddl",
                  "Disables a table: reads and writes fail until it is enabled again.\n"
                  "Example:\n  hbase> disable 't1'\n",
                  [](Session& s, const TableName& t) { return s.admin().DisableTable(t); });
  AddTableCommand(table, "enable", "ddl", "Enables a table.\nExample:\n  hbase> enable 't1'\n",
                  [](Session& s, const TableName& t) { return s.admin().EnableTable(t); });
  AddTableCommand(table, "is_enabled", "ddl",
                  "Says whether a table is enabled.\nExample:\n  hbase> is_enabled 't1'\n",
                  IsEnabled);
  AddTableCommand(table, "is_disabled", "ddl",
                  "Says whether a table is disabled.\nExample:\n  hbase> is_disabled 't1'\n",
                  IsDisabled);
  AddTableCommand(table, "exists", "ddl",
                  "Says whether a table exists.\nExample:\n  hbase> exists 't1'\n", Exists);
  AddTableCommand(table, "drop", "ddl",
                  "Drops a table and its data. The table must be disabled first.\n"
                  "Example:\n  hbase> disable 't1'\n  hbase> drop 't1'\n",
                  Drop);
  AddTableCommand(table, "truncate", "ddl",
                  "Removes every row of a table; the schema stays.\n"
                  "Example:\n  hbase> truncate 't1'\n",
                  Truncate);
  AddTableCommand(table, "major_compact", "tools",
                  "Rewrites a table's files, dropping expired, deleted and excess versions.\n"
                  "Example:\n  hbase> major_compact 't1'\n",
                  [](Session& s, const TableName& t) { return s.admin().MajorCompact(t); });
  AddTableCommand(table, "flush", "tools",
                  "Writes a table's in-memory data to files.\nExample:\n  hbase> flush 't1'\n",
                  [](Session& s, const TableName& t) { return s.admin().Flush(t); });
}

}  // namespace cellar::shell
