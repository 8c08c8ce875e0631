#pragma once

// PgServer: a throwaway PostgreSQL 15 server for integration tests. Start() runs initdb into a
// fresh directory under /tmp (as user postgres when the tests run as root), configures it for
// logical replication (wal_level = logical, 10 replication slots and WAL senders), trust
// authentication for local connections including replication, and a Unix socket in that
// directory only (listen_addresses = ''), starts it and waits until it accepts connections. The
// destructor stops it (pg_ctl stop -m fast) and removes the directory.
//
// Not thread-safe: Exec and Query share one libpq connection. Other threads or processes
// connect with conninfo().

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

struct pg_conn;  // libpq's PGconn

namespace cellar::testing {

struct PgServerOptions {
  // Where the PostgreSQL 15 programs are.
  std::string bin_dir = "/usr/lib/postgresql/15/bin";
  // Extra postgresql.conf lines, e.g. "logical_decoding_work_mem = 64kB".
  std::vector<std::string> settings;
  // How long Start waits for the server to accept connections.
  std::chrono::seconds start_timeout{60};
};

class PgServer {
 public:
  using Row = std::vector<std::optional<std::string>>;  // nullopt for NULL

  // Returns FailedPrecondition when PostgreSQL is not installed or the postgres user is missing
  // (running as root), Unavailable when initdb or the server fails (with its log's tail).
  static Result<std::unique_ptr<PgServer>> Start(PgServerOptions options = {});

  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // libpq connection strings for user postgres over the Unix socket.
  std::string conninfo(std::string_view dbname = "postgres") const;
  // The same with replication=database (walsender mode, for logical replication).
  std::string replication_conninfo(std::string_view dbname = "postgres") const;

  const std::string& socket_dir() const { return dir_; }
  const std::string& data_dir() const { return data_dir_; }
  int port() const { return port_; }

  // Runs "sql" (one or more statements) in database postgres. Unavailable when the server
  // cannot be reached, InvalidArgument with PostgreSQL's message when a statement fails.
  Status Exec(std::string_view sql);
  // The rows of a query, values in text form.
  Result<std::vector<Row>> Query(std::string_view sql);
  // The first column of the first row; NotFound if no row, FailedPrecondition if NULL.
  Result<std::string> QueryValue(std::string_view sql);

  // Stops the server (also done by the destructor). Idempotent.
  Status Stop();

 private:
  struct ConnDeleter {
    void operator()(pg_conn* conn) const;
  };

  PgServer(PgServerOptions options, std::string dir, int port, bool as_postgres);
  Status Init();
  Status Launch();
  Status WaitUntilReady();
  // Runs "program" from bin_dir with "args" (as postgres when needed), output to "log_name".
  Status Run(const std::string& program, const std::vector<std::string>& args,
             const std::string& log_name);
  Result<pg_conn*> Connection();
  std::string LogTail(const std::string& log_name) const;

  PgServerOptions options_;
  std::string dir_;       // socket directory and parent of data_dir_
  std::string data_dir_;  // PGDATA
  int port_;
  bool as_postgres_;  // commands run through runuser -u postgres
  bool running_ = false;
  std::unique_ptr<pg_conn, ConnDeleter> conn_;
};

}  // namespace cellar::testing
