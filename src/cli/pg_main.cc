#include "cli/pg_main.h"

#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cellar/remote.h"
#include "cellar/store.h"
#include "replicate/pg/config.h"
#include "replicate/pg/pg_replicator.h"
#include "replicate/pg/player.h"

namespace cellar::cli {
namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop.store(true); }

int Fail(const Status& s) {
  std::cerr << "cellar pg: " << s.message() << "\n";
  return 1;
}

// Detaches from the terminal (-d), writing the pid file; logs go to the config's logfile.
Status Daemonize(const pg::PgConfig& config) {
  if (config.pidfile.empty()) {
    return Status::InvalidArgument(config.filename + ": [HBaseReplic] pidfile: -d needs a pidfile");
  }
  if (daemon(/*nochdir=*/1, /*noclose=*/0) != 0) return Status::Internal("daemon() failed");
  std::ofstream pid(config.pidfile);
  pid << getpid() << "\n";
  if (!pid) return Status::Unavailable("cannot write pidfile " + config.pidfile);
  return Status::Ok();
}

// Where the tables go: the HBase Thrift2 gateway the ini names (hbrep's hbase_hostname and
// hbase_port), unless `store = DIR` chooses an embedded store.
Result<std::unique_ptr<Connection>> OpenTarget(const pg::PgConfig& config, const std::string& ini) {
  if (!config.hbase_hostname.empty() && !config.store_given) {
    RemoteOptions options;
    options.host = config.hbase_hostname;
    options.port = config.hbase_port;
    auto remote = ConnectRemote(options);
    if (!remote.ok()) {
      return remote.status().WithContext(
          ini + ": [HBaseReplic] hbase_hostname, hbase_port (start a Thrift2 gateway there, e.g. "
                "`cellar serve --thrift2-port " +
          std::to_string(options.port) + "`, or set store = DIR to write to an embedded store)");
    }
    return remote;
  }
  auto store = Store::Open(config.store_dir);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Connection>(std::move(*store));
}

}  // namespace

CLI::App* AddPgSubcommand(CLI::App& app, PgFlags& flags) {
  CLI::App* pg = app.add_subcommand(
      "pg", "Replicate PostgreSQL tables into the store (the successor of hbrep)");
  pg->add_option("config", flags.config, "hbrep-style ini file")->required();
  pg->add_option("command", flags.command,
                 "install | bootstrap | play | status | verify | uninstall")
      ->required()
      ->check(CLI::IsMember({"install", "bootstrap", "play", "status", "verify", "uninstall"}));
  pg->add_option("tables", flags.tables, "schema.table or section names (default: all)");
  pg->add_flag("-d,--daemon", flags.daemonize, "play in the background (needs pidfile)");
  return pg;
}

int RunPg(const PgFlags& flags) {
  auto config = pg::LoadPgConfig(flags.config);
  if (!config.ok()) return Fail(config.status());
  for (const auto& w : config->warnings) std::cerr << "cellar pg: warning: " << w << "\n";
  FILE* log = stderr;
  if (!config->logfile.empty() && (flags.daemonize || flags.command == "play")) {
    log = std::fopen(config->logfile.c_str(), "a");
    if (log == nullptr) return Fail(Status::Unavailable("cannot open logfile " + config->logfile));
  }
  auto conn = pg::PgConnection::Connect(config->postgresql_db, pg::PgConnection::Mode::kNormal);
  if (!conn.ok()) return Fail(conn.status().WithContext(flags.config + ": [HBaseReplic] postgresql_db"));
  auto job = pg::ResolveJob(*config, **conn, flags.tables);
  if (!job.ok()) return Fail(job.status());
  conn->reset();
  job->log = log;
  if (flags.daemonize) {
    if (Status s = Daemonize(*config); !s.ok()) return Fail(s);
  }
  auto store = OpenTarget(*config, flags.config);
  if (!store.ok()) return Fail(store.status());

  const std::string& cmd = flags.command;
  if (cmd == "install") {
    if (Status s = pg::Install(**store, *job); !s.ok()) return Fail(s);
  } else if (cmd == "uninstall") {
    if (Status s = pg::Uninstall(**store, *job); !s.ok()) return Fail(s);
  } else if (cmd == "bootstrap") {
    auto stats = pg::Bootstrapper(**store, *job).Run();
    if (!stats.ok()) return Fail(stats.status());
    std::cout << "bootstrap: " << stats->rows << " rows in " << stats->seconds
              << " s; changes stream from " << stats->consistent_point << "\n";
  } else if (cmd == "play") {
    signal(SIGINT, OnSignal);
    signal(SIGTERM, OnSignal);
    if (Status s = pg::Play(**store, *job, g_stop); !s.ok()) return Fail(s);
  } else if (cmd == "status") {
    auto report = pg::StatusReport(**store, *job);
    if (!report.ok()) return Fail(report.status());
    std::cout << *report;
  } else if (cmd == "verify") {
    auto report = pg::Verify(**store, *job);
    if (!report.ok()) return Fail(report.status());
    std::cout << report->ToString();
    if (!report->ok()) return 1;
  }
  Status closed = (*store)->Close();
  if (!closed.ok()) return Fail(closed);
  return 0;
}

}  // namespace cellar::cli
