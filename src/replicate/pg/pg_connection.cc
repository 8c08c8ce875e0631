#include "replicate/pg/pg_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <cstring>

#include <memory>

namespace cellar::pg {
namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string Shorten(const std::string& sql) {
  return sql.size() <= 120 ? sql : sql.substr(0, 117) + "...";
}

}  // namespace

PgConnection::PgConnection(PGconn* conn) : conn_(conn) {
  const char* host = PQhost(conn_);
  where_ = std::string(host ? host : "?") + ":" + (PQport(conn_) ? PQport(conn_) : "?") + "/" +
           (PQdb(conn_) ? PQdb(conn_) : "?");
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& conninfo,
                                                            Mode mode) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (opts == nullptr) {
    std::string msg = err ? Trim(err) : "unparseable";
    PQfreemem(err);
    return Status::InvalidArgument("bad PostgreSQL connection string '" + conninfo + "': " + msg);
  }
  PQconninfoFree(opts);
  std::vector<const char*> keys = {"dbname", "fallback_application_name"};
  std::vector<const char*> values = {conninfo.c_str(), "cellar"};
  if (mode == Mode::kReplication) {
    keys.push_back("replication");
    values.push_back("database");
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr) return Status::Internal("libpq could not allocate a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = Trim(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::Unavailable("cannot connect to PostgreSQL with '" + conninfo + "': " + msg +
                               " (is the server running and the connection string right?)");
  }
  auto c = std::unique_ptr<PgConnection>(new PgConnection(conn));
  // Text output exactly as PostgreSQL prints it by default, whatever the server's settings.
  if (mode == Mode::kNormal) {
    CELLAR_RETURN_IF_ERROR(
        c->Exec("SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'; "
                "SET extra_float_digits = 3; SET client_encoding = 'UTF8'"));
  }
  return c;
}

Status PgConnection::Error(std::string_view what) const {
  std::string msg = Trim(PQerrorMessage(conn_));
  bool broken = PQstatus(conn_) != CONNECTION_OK;
  std::string text = "PostgreSQL " + where_ + ": " + std::string(what) + ": " + msg;
  return broken ? Status::Unavailable(text) : Status::FailedPrecondition(text);
}

Result<PgRows> PgConnection::Query(const std::string& sql) {
  ResultPtr r(PQexec(conn_, sql.c_str()));
  ExecStatusType st = PQresultStatus(r.get());
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    std::string msg = Trim(PQresultErrorMessage(r.get()));
    std::string text = "PostgreSQL " + where_ + ": '" + Shorten(sql) + "' failed: " + msg;
    if (PQstatus(conn_) != CONNECTION_OK) return Status::Unavailable(text);
    return Status::FailedPrecondition(text);
  }
  PgRows rows;
  int nf = PQnfields(r.get()), nt = PQntuples(r.get());
  for (int f = 0; f < nf; ++f) rows.columns.emplace_back(PQfname(r.get(), f));
  rows.rows.reserve(nt);
  for (int t = 0; t < nt; ++t) {
    std::vector<std::optional<std::string>> row(nf);
    for (int f = 0; f < nf; ++f) {
      if (!PQgetisnull(r.get(), t, f)) {
        row[f] = std::string(PQgetvalue(r.get(), t, f), PQgetlength(r.get(), t, f));
      }
    }
    rows.rows.push_back(std::move(row));
  }
  return rows;
}

Status PgConnection::Exec(const std::string& sql) { return Query(sql).status(); }

Status PgConnection::CopyOut(const std::string& sql,
                             const std::function<Status(std::string_view)>& on_row) {
  ResultPtr r(PQexec(conn_, sql.c_str()));
  if (PQresultStatus(r.get()) != PGRES_COPY_OUT) {
    return Error("'" + Shorten(sql) + "' did not start a COPY");
  }
  Status failed;
  for (;;) {
    char* buf = nullptr;
    int n = PQgetCopyData(conn_, &buf, /*async=*/0);
    if (n == -1) break;
    if (n == -2) {
      if (!failed.ok()) break;  // after our cancel request
      return Error("COPY broke off");
    }
    if (failed.ok()) {
      failed = on_row(std::string_view(buf, n));
      if (!failed.ok()) {
        // Ask the server to stop sending rather than reading the rest of a large table.
        if (PGcancel* cancel = PQgetCancel(conn_)) {
          char err[256];
          (void)PQcancel(cancel, err, sizeof(err));
          PQfreeCancel(cancel);
        }
      }
    }
    PQfreemem(buf);
  }
  ResultPtr end(PQgetResult(conn_));
  while (ResultPtr more{PQgetResult(conn_)}) {
  }
  if (!failed.ok()) return failed;
  if (PQresultStatus(end.get()) != PGRES_COMMAND_OK) {
    return Error("'" + Shorten(sql) + "' failed");
  }
  return Status::Ok();
}

Status PgConnection::StartReplication(const std::string& command) {
  ResultPtr r(PQexec(conn_, command.c_str()));
  if (PQresultStatus(r.get()) != PGRES_COPY_BOTH) {
    std::string msg = Trim(PQresultErrorMessage(r.get()));
    return Status::FailedPrecondition("PostgreSQL " + where_ + ": '" + Shorten(command) +
                                      "' failed: " + msg);
  }
  return Status::Ok();
}

Result<std::optional<std::string>> PgConnection::ReadCopyData(std::chrono::milliseconds timeout) {
  for (int round = 0; round < 2; ++round) {
    char* buf = nullptr;
    int n = PQgetCopyData(conn_, &buf, /*async=*/1);
    if (n > 0) {
      std::string data(buf, n);
      PQfreemem(buf);
      return std::optional<std::string>(std::move(data));
    }
    if (n == -1) return Error("the replication stream ended");
    if (n == -2) return Error("reading the replication stream");
    if (round == 1) break;
    pollfd p{PQsocket(conn_), POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno == EINTR) return std::optional<std::string>();  // a signal: let the
                                                                           // caller look at it
    if (ready < 0) return Status::Internal(std::string("waiting for PostgreSQL: ") + strerror(errno));
    if (ready == 0) return std::optional<std::string>();
    if (PQconsumeInput(conn_) == 0) return Error("reading the replication stream");
  }
  return std::optional<std::string>();
}

Status PgConnection::SendCopyData(std::string_view data) {
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1 ||
      PQflush(conn_) != 0) {
    return Error("sending to the replication stream");
  }
  return Status::Ok();
}

std::string PgConnection::QuoteIdentifier(std::string_view name) {
  char* q = PQescapeIdentifier(conn_, name.data(), name.size());
  std::string out = q ? q : "\"\"";
  PQfreemem(q);
  return out;
}

std::string PgConnection::QuoteLiteral(std::string_view value) {
  char* q = PQescapeLiteral(conn_, value.data(), value.size());
  std::string out = q ? q : "''";
  PQfreemem(q);
  return out;
}

}  // namespace cellar::pg
