// Namespace commands: create_namespace, drop_namespace, list_namespace, describe_namespace,
// list_namespace_tables.

#include <regex>
#include <string>

#include "cli/shell/commands.h"
#include "cli/shell/session.h"

namespace cellar::shell {

namespace {

Result<std::string> NamespaceArg(const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(1, 1));
  return args.Text(0, "namespace");
}

Status CreateNamespace(Session& s, const ArgList& args) {
  if (args.options() != nullptr) {
    return Status::InvalidArgument("namespace properties are not supported");
  }
  CELLAR_ASSIGN_OR_RETURN(std::string ns, NamespaceArg(args));
  return s.admin().CreateNamespace(ns);
}

Status DropNamespace(Session& s, const ArgList& args) {
  CELLAR_ASSIGN_OR_RETURN(std::string ns, NamespaceArg(args));
  return s.admin().DropNamespace(ns);
}

Status ListNamespace(Session& s, const ArgList& args) {
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(0, 1));
  std::string pattern = ".*";
  if (args.size() == 1) {
    CELLAR_ASSIGN_OR_RETURN(pattern, args.Text(0, "regex"));
  }
  std::regex regex;
  try {
    regex = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument("bad regular expression '" + pattern + "': " + e.what());
  }
  CELLAR_ASSIGN_OR_RETURN(std::vector<std::string> namespaces, s.admin().ListNamespaces());
  s.out().Header("NAMESPACE");
  for (const std::string& ns : namespaces) {
    if (std::regex_match(ns, regex)) s.out().Row(ns);
  }
  return Status::Ok();
}

Status DescribeNamespace(Session& s, const ArgList& args) {
  CELLAR_ASSIGN_OR_RETURN(std::string ns, NamespaceArg(args));
  CELLAR_ASSIGN_OR_RETURN(bool exists, s.admin().NamespaceExists(ns));
  if (!exists) return Status::NotFound("Unknown namespace " + ns + "!");
  s.out().Header("DESCRIPTION");
  s.out().Row("{NAME => '" + ns + "'}");
  return Status::Ok();
}

Status ListNamespaceTables(Session& s, const ArgList& args) {
  CELLAR_ASSIGN_OR_RETURN(std::string ns, NamespaceArg(args));
  CELLAR_ASSIGN_OR_RETURN(bool exists, s.admin().NamespaceExists(ns));
  if (!exists) return Status::NotFound("Unknown namespace " + ns + "!");
  CELLAR_ASSIGN_OR_RETURN(std::vector<TableName> tables, s.admin().ListTables(".*"));
  s.out().Header("TABLE");
  for (const TableName& t : tables) {
    if (t.ns == ns) s.out().Row(t.qualifier);
  }
  return Status::Ok();
}

}  // namespace

void RegisterNamespaceCommands(CommandTable& table) {
  table.Add({"create_namespace", "namespace",
             "Creates a namespace.\nExample:\n  hbase> create_namespace 'ns1'\n", true,
             CreateNamespace});
  table.Add({"drop_namespace", "namespace",
             "Drops a namespace; it must hold no tables. 'default' cannot be dropped.\n"
             "Example:\n  hbase> drop_namespace 'ns1'\n",
             true, DropNamespace});
  table.Add({"list_namespace", "namespace",
             "Lists the namespaces; an optional regular expression must match the whole name.\n"
             "Examples:\n  hbase> list_namespace\n  hbase> list_namespace 'abc.*'\n",
             true, ListNamespace});
  table.Add({"describe_namespace", "namespace",
             "Describes a namespace.\nExample:\n  hbase> describe_namespace 'ns1'\n", true,
             DescribeNamespace});
  table.Add({"list_namespace_tables", "namespace",
             "Lists the tables of a namespace.\nExample:\n  hbase> list_namespace_tables 'ns1'\n",
             true, ListNamespaceTables});
}

}  // namespace cellar::shell
