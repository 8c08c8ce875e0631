#include "cli/shell/command_table.h"

#include "cli/shell/commands.h"

namespace cellar::shell {

void CommandTable::Add(Command command) {
  std::string name = command.name;
  commands_.insert_or_assign(std::move(name), std::move(command));
}

void CommandTable::AddAlias(std::string alias, std::string_view name) {
  const Command* target = Find(name);
  if (target == nullptr) return;
  Command copy = *target;
  copy.name = alias;
  commands_.insert_or_assign(std::move(alias), std::move(copy));
}

const Command* CommandTable::Find(std::string_view name) const {
  auto it = commands_.find(name);
  return it == commands_.end() ? nullptr : &it->second;
}

std::vector<std::string> CommandTable::Names() const {
  std::vector<std::string> names;
  for (const auto& entry : commands_) names.push_back(entry.first);
  return names;
}

std::vector<std::string> CommandTable::NamesInGroup(std::string_view group) const {
  std::vector<std::string> names;
  for (const auto& [name, command] : commands_) {
    if (command.group == group) names.push_back(name);
  }
  return names;
}

const std::vector<std::string>& CommandTable::Groups() {
  static const std::vector<std::string> groups = {"general", "ddl",   "namespace",
                                                  "dml",     "tools", "replication"};
  return groups;
}

CommandTable BuildCommandTable() {
  CommandTable table;
  RegisterGeneralCommands(table);
  RegisterDdlCommands(table);
  RegisterNamespaceCommands(table);
  RegisterDataCommands(table);
  RegisterReadCommands(table);
  return table;
}

}  // namespace cellar::shell
