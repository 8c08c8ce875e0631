#pragma once

// The shell's commands, registered by group. Each function adds its commands to "table".

#include "cli/shell/command_table.h"

namespace cellar::shell {

// help, version, status, whoami, exit, quit and Hive's REPL statements.
void RegisterGeneralCommands(CommandTable& table);
// create, alter, list, describe/desc, disable, enable, is_enabled, is_disabled, exists, drop,
// truncate; tools: major_compact, flush.
void RegisterDdlCommands(CommandTable& table);
// create_namespace, drop_namespace, list_namespace, describe_namespace, list_namespace_tables.
void RegisterNamespaceCommands(CommandTable& table);
// put, delete, deleteall, incr, get_counter, append.
void RegisterDataCommands(CommandTable& table);
// get, scan, count.
void RegisterReadCommands(CommandTable& table);

}  // namespace cellar::shell
