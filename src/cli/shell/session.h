#pragma once

// Session: what a command handler works with: the connection (the embedded store, or a remote
// HBase Thrift2 gateway), the output formatter, the command table and a few flags the handler can
// set for the shell. One per shell; not thread-safe.

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
  // All references are borrowed and must outlive the Session. "store" is the embedded store
  // behind "connection", or nullptr when the connection is remote. "location" names it (the
  // data directory, or host:port).
  Session(Connection& connection, Store* store, std::string location, Formatter& out,
          const CommandTable& commands)
      : connection_(connection),
        store_(store),
        location_(std::move(location)),
        out_(out),
        commands_(commands) {}

  // The connection, and so the command reached the store (see store_touched()).
  Connection& connection() {
    store_touched_ = true;
    return connection_;
  }
  // The embedded store, for what only it has (the event log, REPL DUMP, statistics).
  // FailedPrecondition naming "what" when the shell talks to a remote HBase.
  Result<Store*> embedded_store(std::string_view what) {
    store_touched_ = true;
    if (store_ == nullptr) {
      return Status::FailedPrecondition(std::string(what) +
                                        " needs the embedded store; this shell is connected to " +
                                        location_ + " (start it with --data DIR instead)");
    }
    return store_;
  }
  Admin& admin() { return connection().admin(); }
  Formatter& out() { return out_; }
  const CommandTable& commands() const { return commands_; }
  // The data directory, or host:port of a remote HBase.
  const std::string& location() const { return location_; }

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
  Connection& connection_;
  Store* store_;  // borrowed; nullptr when remote
  std::string location_;
  Formatter& out_;
  const CommandTable& commands_;
  bool footer_ = true;
  bool exit_requested_ = false;
  bool store_touched_ = false;
};

// Opens the table named by the first argument. REQUIRES: args.size() >= 1.
Result<std::unique_ptr<Table>> OpenTableArg(Session& session, const ArgList& args);

}  // namespace cellar::shell
