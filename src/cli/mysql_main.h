#pragma once

// `cellar mysql stage|list ...`: MySQL dump ingestion (the successor of SqlHBase, issue 5).
//
//   cellar mysql stage --ns NS [--store DIR] [--timestamp T] [--skip-tables a,b] [FILE ... | -]
//   cellar mysql list  --ns NS [--store DIR]

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cellar::cli {

struct MysqlFlags {
  std::string command;
  std::string ns;
  // The store's directory. Default: ./cellar-data, as for `cellar pg`.
  std::string store_dir = "./cellar-data";
  std::string timestamp;
  std::vector<std::string> skip_tables;
  std::vector<std::string> files;
};

CLI::App* AddMysqlSubcommand(CLI::App& app, MysqlFlags& flags);
// Runs the command; returns the process exit code (0 ok, 1 error, 2 usage).
int RunMysql(const MysqlFlags& flags);

}  // namespace cellar::cli
