#pragma once

// CommandTable: the shell's commands by name. Each command has a group (as in HBase's `help`),
// a usage text shown by `help 'name'` and after a bad call, and a handler. Built once at start-up,
// then read-only; reading is thread-compatible.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "cli/shell/args.h"

namespace cellar::shell {

class Session;

struct Command {
  // Runs the command. Prints through session.out(); returns an error Status to report.
  using Handler = std::function<Status(Session& session, const ArgList& args)>;

  std::string name;
  // "general", "ddl", "namespace", "dml", "tools" or "replication".
  std::string group;
  // Usage and examples, several lines, each ending with '\n'.
  std::string usage;
  // Whether a final hash argument holds KEY => value options (see ArgList).
  bool takes_options = true;
  Handler handler;
};

class CommandTable {
 public:
  // Adds "command"; a later command of the same name replaces the earlier one.
  void Add(Command command);
  // Makes "alias" another name for the existing command "name" (`desc` for `describe`).
  void AddAlias(std::string alias, std::string_view name);
  // nullptr if there is no such command.
  const Command* Find(std::string_view name) const;
  // Every command name (aliases included), sorted.
  std::vector<std::string> Names() const;
  // The names of a group's commands (aliases included), sorted.
  std::vector<std::string> NamesInGroup(std::string_view group) const;
  // The groups in the order help shows them.
  static const std::vector<std::string>& Groups();

 private:
  std::map<std::string, Command, std::less<>> commands_;
};

// Registers every shell command (see commands.h for the groups).
CommandTable BuildCommandTable();

}  // namespace cellar::shell
