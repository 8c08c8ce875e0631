#pragma once

// `cellar shell`: the HBase shell over a Cellar store.
//
//   cellar shell [--data DIR | --hbase HOST:PORT] [-n] [SCRIPT]
//
// With --hbase the shell talks to an HBase Thrift2 gateway (or another `cellar serve`) instead
// of an embedded store.
// Reads commands from SCRIPT, or from standard input when it is not a terminal (or with -n),
// otherwise runs interactively. -n (--noninteractive) stops at the first error with exit code 1,
// as `hbase shell -n` does. The store directory comes from --data, else $CELLAR_DATA, else
// ./cellar-data.

#include <CLI/CLI.hpp>
#include <string>

namespace cellar::shell {

struct ShellFlags {
  std::string data_dir = "./cellar-data";
  std::string hbase;  // HOST:PORT of a Thrift2 gateway; empty = the embedded store
  bool noninteractive = false;
  std::string script;  // empty = standard input
};

// Adds the `shell` subcommand to "app", storing its flags in "flags" (borrowed; must outlive
// the parse).
CLI::App* AddShellSubcommand(CLI::App& app, ShellFlags& flags);

// Runs the shell. Returns the process exit code: 0, or 1 when the store cannot be opened, a
// script cannot be read, or (with -n) a command failed.
int RunShell(const ShellFlags& flags);

}  // namespace cellar::shell
