// General commands: help, version, status, whoami, exit/quit, and Hive's REPL statements.

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "cli/shell/commands.h"
#include "cli/shell/repl_statement.h"
#include "replicate/repl/repl.h"
#include "cli/shell/session.h"

#ifndef CELLAR_VERSION
#define CELLAR_VERSION "unknown"
#endif

namespace cellar::shell {

namespace {

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

constexpr std::string_view kShellUsage =
    "SHELL USAGE:\n"
    "Quote all names, such as table and column names: 't1', 'cf:q'. Separate arguments with\n"
    "commas. Options are dictionaries, {KEY => value, ...}; the braces may be left out after\n"
    "the last argument. Constants such as VERSIONS or NAME are written without quotes.\n"
    "Double-quoted strings take Ruby's escapes (\"\\x00\", \"\\n\"); single-quoted strings are\n"
    "taken as written. Binary bytes are shown as \\xNN. A command ends at the end of the line\n"
    "or at ';', and continues on the next line after ',' or '=>' or inside [ ] and { }.\n"
    "'#' starts a comment.\n"
    "\n"
    "This shell reads the HBase shell's commands, not Ruby: variables, loops, method calls\n"
    "and string interpolation are not supported.\n"
    "`cellar shell -n < script` runs a script and stops at the first error with exit code 1.\n";

void PrintGeneralHelp(Session& s) {
  std::ostream& out = s.out().stream();
  out << "Cellar " CELLAR_VERSION
         ": an HBase-model store with the HBase shell's commands.\n"
         "Type 'help \"COMMAND\"' (e.g. 'help \"get\"'; the quotes are needed) for help on a "
         "command.\n"
         "Type 'help \"COMMAND_GROUP\"' (e.g. 'help \"general\"') for help on a command group.\n"
         "\nCOMMAND GROUPS:\n";
  for (const std::string& group : CommandTable::Groups()) {
    out << "  Group name: " << group
        << "\n  Commands: " << Join(s.commands().NamesInGroup(group), ", ") << "\n\n";
  }
  out << kShellUsage;
}

Status Help(Session& s, const ArgList& args) {
  s.SuppressFooter();
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(0, 1));
  if (args.size() == 0) {
    PrintGeneralHelp(s);
    return Status::Ok();
  }
  CELLAR_ASSIGN_OR_RETURN(std::string topic, args.Text(0, "command or group"));
  if (const Command* command = s.commands().Find(topic)) {
    s.out().stream() << command->usage;
    return Status::Ok();
  }
  std::vector<std::string> names = s.commands().NamesInGroup(topic);
  if (names.empty()) {
    return Status::NotFound("no command or command group named '" + topic +
                            "'; type 'help' for the list");
  }
  s.out().stream() << "Command group: " << topic << "\n";
  for (const std::string& name : names) {
    s.out().stream() << "\nCommand: " << name << "\n" << s.commands().Find(name)->usage;
  }
  return Status::Ok();
}

Status Version(Session& s, const ArgList& args) {
  s.SuppressFooter();
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(0, 0));
  s.out().Line(CELLAR_VERSION ", cellar (embedded HBase-model store; HBase 2.x shell syntax)");
  return Status::Ok();
}

Status StatusCommand(Session& s, const ArgList& args) {
  s.SuppressFooter();
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(0, 1));
  std::string format = "summary";
  if (args.size() == 1) {
    CELLAR_ASSIGN_OR_RETURN(format, args.Text(0, "format"));
  }
  if (format != "simple" && format != "summary" && format != "detailed") {
    return Status::InvalidArgument("format must be 'simple', 'summary' or 'detailed', got '" +
                                   format + "'");
  }
  CELLAR_ASSIGN_OR_RETURN(std::vector<std::string> namespaces, s.admin().ListNamespaces());
  CELLAR_ASSIGN_OR_RETURN(std::vector<TableName> tables, s.admin().ListTables(".*"));
  if (!s.embedded_store("status").ok()) {  // a remote HBase: what its Admin can tell
    s.out().Line("1 remote HBase Thrift2 gateway at " + s.location() + ", " +
                 std::to_string(namespaces.size()) + " namespaces, " +
                 std::to_string(tables.size()) + " tables");
    return Status::Ok();
  }
  CELLAR_ASSIGN_OR_RETURN(Store * store, s.embedded_store("status"));
  CELLAR_ASSIGN_OR_RETURN(StoreStats stats, store->Stats());
  s.out().Line("1 embedded store, " + std::to_string(namespaces.size()) + " namespaces, " +
               std::to_string(tables.size()) + " tables, last event id " +
               std::to_string(stats.last_event_id));
  if (format == "summary") return Status::Ok();
  s.out().Line("data directory: " + s.location());
  s.out().Line("oldest event id: " + std::to_string(stats.oldest_event_id));
  s.out().Line("live SST bytes: " + std::to_string(stats.live_sst_bytes));
  s.out().Line("memtable bytes: " + std::to_string(stats.memtable_bytes));
  return Status::Ok();
}

Status Whoami(Session& s, const ArgList& args) {
  s.SuppressFooter();
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(0, 0));
  const passwd* pw = getpwuid(geteuid());
  std::string user = pw != nullptr ? pw->pw_name : std::to_string(geteuid());
  std::vector<gid_t> gids(getgroups(0, nullptr));
  gids.resize(std::max(0, getgroups(static_cast<int>(gids.size()), gids.data())));
  std::vector<std::string> groups;
  for (gid_t gid : gids) {
    const group* g = getgrgid(gid);
    groups.push_back(g != nullptr ? g->gr_name : std::to_string(gid));
  }
  s.out().Line(user + " (auth:SIMPLE)");
  s.out().Line("    groups: " + Join(groups, ", "));
  return Status::Ok();
}

Status Exit(Session& s, const ArgList& args) {
  s.SuppressFooter();
  CELLAR_RETURN_IF_ERROR(args.ExpectCount(0, 0));
  s.RequestExit();
  return Status::Ok();
}

Status Repl(Session& s, const ArgList& args) {
  s.SuppressFooter();
  std::vector<Value> words;
  for (size_t i = 0; i < args.size(); ++i) words.push_back(args.at(i));
  CELLAR_ASSIGN_OR_RETURN(ReplStatement st, ParseReplStatement(words));
  std::optional<repl::ReplTarget> target;
  if (!st.name.empty()) {
    CELLAR_ASSIGN_OR_RETURN(target, repl::ReplTarget::Parse(st.name));
  }
  switch (st.kind) {
    case ReplStatement::Kind::kDump: {
      repl::DumpOptions o;
      o.from = st.from_event;
      o.to = st.to_event;
      o.batch = st.batch.value_or(0);
      o.files = st.files;
      CELLAR_ASSIGN_OR_RETURN(Store * store, s.embedded_store("REPL DUMP"));
      CELLAR_ASSIGN_OR_RETURN(repl::DumpResult r, repl::Dump(*store, *target, o));
      for (const auto& w : r.warnings) s.out().Line("WARNING: " + w);
      s.out().Line(r.dir + "\t" + std::to_string(r.last_event_id));
      return Status::Ok();
    }
    case ReplStatement::Kind::kLoad: {
      repl::LoadOptions o{target, false};
      CELLAR_ASSIGN_OR_RETURN(repl::LoadResult r, repl::Load(s.connection(), st.path, o));
      s.out().Line((r.already_loaded ? "already loaded through event " : "loaded through event ") +
                   std::to_string(r.last_event_id));
      return Status::Ok();
    }
    case ReplStatement::Kind::kStatus: {
      CELLAR_ASSIGN_OR_RETURN(std::optional<uint64_t> id, repl::LoadedEventId(s.connection(), *target));
      s.out().Line(id ? std::to_string(*id) : std::string());
      return Status::Ok();
    }
  }
  return Status::Internal("unknown REPL statement");
}

}  // namespace

void RegisterGeneralCommands(CommandTable& table) {
  table.Add({"help", "general",
             "Shows the commands, or the usage of one command or command group.\n"
             "Examples:\n  hbase> help\n  hbase> help 'get'\n  hbase> help 'ddl'\n",
             true, Help});
  table.Add(
      {"version", "general", "Shows the version.\nExample:\n  hbase> version\n", true, Version});
  table.Add({"status", "general",
             "Shows the state of the store: 'summary' (the default) or 'detailed'.\n"
             "Examples:\n  hbase> status\n  hbase> status 'detailed'\n",
             true, StatusCommand});
  table.Add({"whoami", "general", "Shows the current user and groups.\n", true, Whoami});
  table.Add({"exit", "general", "Leaves the shell.\n", true, Exit});
  table.AddAlias("quit", "exit");
  table.Add({"REPL", "replication", std::string(ReplUsage()), false, Repl});
}

}  // namespace cellar::shell
