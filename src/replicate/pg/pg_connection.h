#pragma once

// PgConnection: one libpq connection to PostgreSQL, normal or in replication mode, with errors as
// Status values that name the server and the statement. Not thread-safe; one thread at a time.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"

typedef struct pg_conn PGconn;

namespace cellar::pg {

// Rows of a query in PostgreSQL's text format; nullopt is SQL NULL.
struct PgRows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

class PgConnection {
 public:
  enum class Mode {
    kNormal,
    kReplication,  // replication=database: accepts replication commands and SQL
  };

  // Unavailable when the server cannot be reached (the message says where and why);
  // InvalidArgument for a malformed connection string.
  static Result<std::unique_ptr<PgConnection>> Connect(const std::string& conninfo, Mode mode);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs "sql" and returns its rows (none for commands).
  Result<PgRows> Query(const std::string& sql);
  Status Exec(const std::string& sql);

  // Runs a `COPY ... TO STDOUT` and hands each data message (one row for text COPY) to
  // "on_row"; an error from "on_row" stops the copy and is returned.
  Status CopyOut(const std::string& sql, const std::function<Status(std::string_view row)>& on_row);

  // Starts a COPY BOTH stream (START_REPLICATION).
  Status StartReplication(const std::string& command);
  // The next CopyData message of the stream, or nullopt when none arrived within "timeout".
  // Unavailable when the stream ended or the connection broke.
  Result<std::optional<std::string>> ReadCopyData(std::chrono::milliseconds timeout);
  Status SendCopyData(std::string_view data);

  std::string QuoteIdentifier(std::string_view name);
  std::string QuoteLiteral(std::string_view value);
  // "host:port/db" for messages, never the password.
  const std::string& where() const { return where_; }

 private:
  explicit PgConnection(PGconn* conn);
  Status Error(std::string_view what) const;

  PGconn* conn_;
  std::string where_;
};

}  // namespace cellar::pg
