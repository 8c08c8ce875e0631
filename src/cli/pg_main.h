#pragma once

// `cellar pg CONFIG.ini COMMAND [schema.table ...]`: PostgreSQL replication (hbrep's commands).

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cellar::cli {

struct PgFlags {
  std::string config;
  std::string command;
  std::vector<std::string> tables;
  bool daemonize = false;
};

CLI::App* AddPgSubcommand(CLI::App& app, PgFlags& flags);
// Runs the command; returns the process exit code (0 ok, 1 error, 2 usage).
int RunPg(const PgFlags& flags);

}  // namespace cellar::cli
