#include "cli/repl_main.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cellar/remote.h"
#include "cellar/store.h"
#include "replicate/repl/repl.h"

namespace cellar::cli {
namespace {

int Fail(const Status& s) {
  std::cerr << "cellar repl: " << s.message() << "\n";
  return 1;
}

// `cellar repl retention [SECONDS]`: shows or sets the store's event-log retention.
int RunRetention(const ReplFlags& f) {
  auto store = Store::Open(f.data, StoreOptions{.create_if_missing = false});
  if (!store.ok()) return Fail(store.status());
  if (!f.target.empty()) {
    char* end = nullptr;
    long long seconds = std::strtoll(f.target.c_str(), &end, 10);
    if (end == f.target.c_str() || *end != '\0') {
      return Fail(Status::InvalidArgument("retention wants a number of seconds, not '" +
                                          f.target + "'"));
    }
    if (Status s = (*store)->SetEventRetention(seconds); !s.ok()) return Fail(s);
  }
  auto stats = (*store)->Stats();
  if (!stats.ok()) return Fail(stats.status());
  std::cout << stats->event_retention_seconds << "\n";
  Status closed = (*store)->Close();
  return closed.ok() ? 0 : Fail(closed);
}

// load and status: the replica is an embedded store or a remote Thrift2 gateway.
int RunOnReplica(Connection& replica, const std::optional<repl::ReplTarget>& target,
                 const ReplFlags& f) {
  if (f.command == "load") {
    repl::LoadOptions o{target, f.force};
    auto r = repl::Load(replica, f.dir, o);
    if (!r.ok()) return Fail(r.status());
    std::cerr << "cellar repl: "
              << (r->already_loaded ? "already loaded through event " : "loaded through event ")
              << r->last_event_id << "\n";
    return 0;
  }
  auto id = repl::LoadedEventId(replica, *target);
  if (!id.ok()) return Fail(id.status());
  if (*id) std::cout << **id << "\n";
  if (f.verbose) {
    auto text = repl::DescribeReplication(replica, *target);
    if (!text.ok()) return Fail(text.status());
    std::cerr << *text;
  }
  return 0;
}

}  // namespace

CLI::App* AddReplSubcommand(CLI::App& app, ReplFlags& f) {
  CLI::App* repl = app.add_subcommand(
      "repl", "Replicate a namespace or table to another store by event id (REPL DUMP/LOAD/STATUS)");
  repl->add_option("--data", f.data, "the store directory (default ./cellar-data or $CELLAR_DATA)");
  repl->add_option("command", f.command,
                   "dump | load | status | retention (show or set how long the event log keeps "
                   "events, in seconds)")
      ->required()
      ->check(CLI::IsMember({"dump", "load", "status", "retention"}));
  repl->add_option("target", f.target,
                   "NS or NS.TABLE (dump, status; load: the name to load under)");
  repl->add_option("--from", f.from, "dump: the events after this id (incremental)");
  repl->add_option("--to", f.to, "dump: up to this event id (default: the newest)");
  repl->add_option("--batch", f.batch, "dump: at most this many events");
  repl->add_option("--dir", f.dir, "dump: where to write; load: the dump to read");
  repl->add_option("--hbase", f.hbase,
                   "load, status: the replica is this HBase Thrift2 gateway (HOST:PORT)");
  repl->add_flag("--files", f.files,
                 "dump (bootstrap): hand over the store's table files (hard links on the same "
                 "file system) instead of re-encoding every cell; only an embedded store loads "
                 "such a dump");
  repl->add_flag("--force", f.force, "load: into a target that has no replication record");
  repl->add_flag("-v,--verbose", f.verbose,
                 "status: also how close the copy is to falling off the source's event log");
  return repl;
}

int RunRepl(ReplFlags f) {
  if (const char* env = std::getenv("CELLAR_DATA"); env && f.data == "./cellar-data") f.data = env;
  if (f.command == "retention") return RunRetention(f);
  std::optional<repl::ReplTarget> target;
  if (!f.target.empty()) {
    auto t = repl::ReplTarget::Parse(f.target);
    if (!t.ok()) return Fail(t.status());
    target = *t;
  }
  if (!target && f.command != "load") {
    return Fail(Status::InvalidArgument(f.command + " needs NS or NS.TABLE"));
  }
  if (f.command == "load" && f.dir.empty()) {
    return Fail(Status::InvalidArgument("load needs --dir PATH (a dump directory)"));
  }
  if (!f.hbase.empty()) {
    if (f.command == "dump") {
      return Fail(Status::InvalidArgument(
          "--hbase names a replica; dump reads the event log of an embedded store (--data)"));
    }
    auto remote = ConnectRemote(f.hbase);
    if (!remote.ok()) return Fail(remote.status().WithContext("--hbase " + f.hbase));
    return RunOnReplica(**remote, target, f);
  }
  StoreOptions options;
  options.create_if_missing = f.command == "load";
  auto store = Store::Open(f.data, options);
  if (!store.ok()) return Fail(store.status());
  if (f.command == "dump") {
    repl::DumpOptions o{f.from, f.to, f.batch, f.files, f.dir};
    auto r = repl::Dump(**store, *target, o);
    if (!r.ok()) return Fail(r.status());
    for (const auto& w : r->warnings) std::cerr << "cellar repl: warning: " << w << "\n";
    std::cout << r->dir << "\t" << r->last_event_id << "\n";
  } else {
    if (int code = RunOnReplica(**store, target, f); code != 0) return code;
  }
  Status closed = (*store)->Close();
  return closed.ok() ? 0 : Fail(closed);
}

}  // namespace cellar::cli
