#pragma once

// `cellar repl dump|load|status`: replication between stores by event id (Hive's REPL DUMP,
// REPL LOAD, REPL STATUS).

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace cellar::cli {

struct ReplFlags {
  std::string data = "./cellar-data";
  std::string command;  // dump | load | status
  std::string target;   // NS or NS.TABLE
  std::optional<uint64_t> from, to;
  size_t batch = 0;
  std::string dir;
  bool force = false;
  // dump (bootstrap): hand over the store's table files instead of records.
  bool files = false;
  // load, status: the replica is this HBase Thrift2 gateway (HOST:PORT), not --data.
  std::string hbase;
  bool verbose = false;
};

CLI::App* AddReplSubcommand(CLI::App& app, ReplFlags& flags);
// Returns the exit code: 0 ok, 1 error.
int RunRepl(ReplFlags flags);

}  // namespace cellar::cli
