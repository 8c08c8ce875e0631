#include "cli/shell/shell_main.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "cellar/remote.h"
#include "cellar/store.h"
#include "cli/shell/interactive.h"
#include "cli/shell/shell.h"

namespace cellar::shell {

namespace {

int TerminalWidth() {
  if (!isatty(STDOUT_FILENO)) return 0;  // as HBase: no padding when output is not a terminal
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0) return 100;
  return ws.ws_col;
}

}  // namespace

CLI::App* AddShellSubcommand(CLI::App& app, ShellFlags& flags) {
  CLI::App* shell = app.add_subcommand("shell", "HBase shell over a Cellar store");
  shell->add_option("--data", flags.data_dir, "Store directory")
      ->envname("CELLAR_DATA")
      ->capture_default_str();
  shell->add_option("--hbase", flags.hbase,
                    "Talk to this HBase Thrift2 gateway (HOST:PORT) instead of a store directory");
  shell->add_flag("-n,--noninteractive", flags.noninteractive,
                  "Stop at the first error with exit code 1 (for scripts)");
  shell->add_option("script", flags.script, "Script of shell commands (default: standard input)");
  return shell;
}

int RunShell(const ShellFlags& flags) {
  std::ifstream script;
  if (!flags.script.empty()) {
    script.open(flags.script);
    if (!script) {
      std::cerr << "cellar shell: cannot read the script '" << flags.script << "'\n";
      return 1;
    }
  }
  // The shell works over a Connection: the embedded store, or a remote Thrift2 gateway.
  std::unique_ptr<Store> store;
  std::unique_ptr<Connection> remote;
  std::string location = flags.data_dir;
  if (!flags.hbase.empty()) {
    Result<std::unique_ptr<Connection>> connected = ConnectRemote(flags.hbase);
    if (!connected.ok()) {
      std::cerr << "cellar shell: cannot connect to --hbase " << flags.hbase << ": "
                << connected.status().ToString() << "\n";
      return 1;
    }
    remote = std::move(*connected);
    location = flags.hbase;
  } else {
    Result<std::unique_ptr<Store>> opened = Store::Open(flags.data_dir);
    if (!opened.ok()) {
      std::cerr << "cellar shell: cannot open the store in '" << flags.data_dir
                << "': " << opened.status().ToString() << "\n";
      return 1;
    }
    store = std::move(*opened);
  }
  Connection& connection = remote ? *remote : static_cast<Connection&>(*store);
  int exit_code = 0;
  {
    Shell shell(connection, store.get(), location, std::cout, std::cerr, TerminalWidth());
    const bool from_terminal = flags.script.empty() && !flags.noninteractive && isatty(0);
    if (from_terminal) {
      exit_code = RunInteractive(shell);
    } else {
      shell.set_script_mode(true);
      std::istream& in = flags.script.empty() ? std::cin : script;
      Status status = shell.RunStream(in, /*stop_on_error=*/flags.noninteractive);
      if (!status.ok()) exit_code = 1;
    }
  }
  Status closed = connection.Close();
  if (!closed.ok()) {
    std::cerr << "cellar shell: closing " << location << " failed: " << closed.ToString() << "\n";
    return 1;
  }
  return exit_code;
}

}  // namespace cellar::shell
