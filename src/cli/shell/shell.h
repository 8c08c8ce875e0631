#pragma once

// Shell: runs HBase shell statements against a store and prints what HBase's shell prints:
// results, then "N row(s) in T seconds"; or "ERROR: <what was wrong>" and, for a malformed
// call, the usage of the command. Not thread-safe; one per terminal or script.

#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "cellar/status.h"
#include "cellar/store.h"
#include "cli/shell/command_table.h"
#include "cli/shell/formatter.h"
#include "cli/shell/parser.h"
#include "cli/shell/session.h"

namespace cellar::shell {

class Shell {
 public:
  // "connection", "store", "out" and "err" are borrowed and must outlive the Shell. "store" is
  // the embedded store behind "connection", or nullptr when it is a remote HBase. "width" is the
  // terminal width for the formatter (0 = no padding or wrapping). "location" (the data directory
  // or host:port) is shown by status and in errors.
  Shell(Connection& connection, Store* store, std::string location, std::ostream& out,
        std::ostream& err, int width);
  // A shell over the embedded store in "data_dir".
  Shell(Store& store, std::string data_dir, std::ostream& out, std::ostream& err, int width)
      : Shell(store, &store, std::move(data_dir), out, err, width) {}

  // Runs one statement and prints its output or its error. Returns the error.
  Status Execute(const Statement& statement);
  // Runs the statements of "text", whose first line is line "first_line" of its input. With
  // "stop_on_error" returns the first (syntax or command) error at once; otherwise reports each
  // error and goes on. Stops after exit/quit.
  Status RunText(std::string_view text, bool stop_on_error, int first_line = 1);
  // Reads "in" line by line, running each statement as soon as it is complete (a statement may
  // span lines). Same error rule as RunText.
  Status RunStream(std::istream& in, bool stop_on_error);

  bool exit_requested() const { return session_.exit_requested(); }
  // In script mode errors name the input line of their statement ("ERROR: line 3: ...").
  void set_script_mode(bool on) { script_mode_ = on; }
  const CommandTable& commands() const { return commands_; }

 private:
  // Prints "status"; with the usage of "command" when it is non-null.
  void ReportError(const Status& status, const Command* command, int line);

  CommandTable commands_;
  Formatter formatter_;
  Session session_;
  std::ostream& out_;
  std::ostream& err_;
  bool script_mode_ = false;
};

}  // namespace cellar::shell
