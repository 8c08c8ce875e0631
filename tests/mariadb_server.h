#pragma once

// MariadbServer: a throwaway MariaDB (10.11, Debian 12's) server for integration tests. Start()
// runs mariadb-install-db into a fresh directory under /tmp (owned by user mysql when the tests
// run as root), starts mariadbd on a Unix socket in that directory only (--skip-networking),
// with its temporary files in that directory too (so that servers of tests running at once do
// not delete each other's), and polls until it accepts connections. SQL runs through the `mariadb` client; dumps through
// `mariadb-dump`. The destructor stops the server (SIGTERM, then waits) and removes the
// directory. Not thread-safe.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>

#include "cellar/status.h"

namespace cellar::testing {

class MariadbServer {
 public:
  // FailedPrecondition when MariaDB is not installed; Unavailable (with the log's tail) when
  // install-db or the server fails or does not accept connections within "timeout".
  static Result<std::unique_ptr<MariadbServer>> Start(
      std::chrono::seconds timeout = std::chrono::seconds(60));
  ~MariadbServer();
  MariadbServer(const MariadbServer&) = delete;
  MariadbServer& operator=(const MariadbServer&) = delete;

  // Runs "sql" (any number of statements) as root in database "db" (empty: none); returns the
  // client's --batch output (tab-separated, no column names; \t \n \\ \0 escaped by the client).
  // Unavailable with the client's error output when it fails.
  Result<std::string> Sql(const std::string& sql, const std::string& db = "");

  // Runs `mariadb-dump <options> <db>` and returns the path of the dump file it wrote (under
  // the server's directory).
  Result<std::string> Dump(const std::string& db, const std::string& options);

  const std::string& dir() const { return dir_; }
  const std::string& socket() const { return socket_; }

 private:
  MariadbServer() = default;
  Result<std::string> Run(const std::string& command);

  std::string dir_;
  std::string socket_;
  pid_t pid_ = -1;
  int dumps_ = 0;
};

}  // namespace cellar::testing
