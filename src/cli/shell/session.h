#pragma once

// Session: what a command handler works with: the store, the output formatter, the command table
// and a few flags the handler can set for the shell. One per shell; not thread-safe.

#include <memory>
#include <string>
#include <string_view>

#include "cellar/admin.h"
#include "cellar/status.h"
#include "cellar/store.h"
#include "cellar/table.h"
#include "cli/shell/command_table.h"
#include "cli/shell/formatter.h"

namespace cellar::shell {

class Session {
 public:
  // All references are borrowed and must outlive the Session.
  Session(Store& store, std::string data_dir, Formatter& out, const CommandTable& commands)
      : store_(store), data_dir_(std::move(data_dir)), out_(out), commands_(commands) {}

  // The store, and so whether the command reached it (see store_touched()).
  Store& store() {
    store_touched_ = true;
    return store_;
  }
  Admin& admin() { return store().admin(); }
  Formatter& out() { return out_; }
  const CommandTable& commands() const { return commands_; }
  const std::string& data_dir() const { return data_dir_; }

  // Parses "name" ("t" or "ns:t"). InvalidArgument for a bad name.
  static Result<TableName> ParseTableName(std::string_view name);
  // Opens table "name". InvalidArgument for a bad name; NotFound "Unknown table t!" if absent.
  Result<std::unique_ptr<Table>> OpenTable(std::string_view name);

  // The current command prints no "N row(s) in T seconds" line (help, version, ...).
  void SuppressFooter() { footer_ = false; }
  bool footer() const { return footer_; }
  // The shell stops after the current command.
  void RequestExit() { exit_requested_ = true; }
  bool exit_requested() const { return exit_requested_; }

  // Whether the current command has used the store. An InvalidArgument error raised before
  // that is a malformed call, which the shell answers with the command's usage.
  bool store_touched() const { return store_touched_; }

  // Called by the shell before each command.
  void BeginCommand() {
    footer_ = true;
    store_touched_ = false;
    out_.ResetRowCount();
  }

 private:
  Store& store_;
  std::string data_dir_;
  Formatter& out_;
  const CommandTable& commands_;
  bool footer_ = true;
  bool exit_requested_ = false;
  bool store_touched_ = false;
};

// Opens the table named by the first argument. REQUIRES: args.size() >= 1.
Result<std::unique_ptr<Table>> OpenTableArg(Session& session, const ArgList& args);

}  // namespace cellar::shell
