#include "pg_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace cellar::testing {
namespace {

// A port number no one listens on now. With listen_addresses = '' the server only uses it to
// name its socket file, which lives in our own directory, so a later clash is harmless.
Result<int> FreePortNumber() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Status::Unavailable(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t size = sizeof(addr);
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0;
  close(fd);
  if (!ok) return Status::Unavailable(std::string("bind: ") + std::strerror(errno));
  return static_cast<int>(ntohs(addr.sin_port));
}

// Runs argv with stdout and stderr appended to "log_path"; returns the exit status.
Result<int> Spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return Status::Unavailable("cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) return Status::Internal(std::string("waitpid: ") + std::strerror(errno));
  }
  return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

std::string QuoteConnValue(std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

}  // namespace

void PgServer::ConnDeleter::operator()(pg_conn* conn) const { PQfinish(conn); }

PgServer::PgServer(PgServerOptions options, std::string dir, int port, bool as_postgres)
    : options_(std::move(options)),
      dir_(std::move(dir)),
      data_dir_(dir_ + "/data"),
      port_(port),
      as_postgres_(as_postgres) {}

Result<std::unique_ptr<PgServer>> PgServer::Start(PgServerOptions options) {
  if (!std::filesystem::exists(options.bin_dir + "/initdb")) {
    return Status::FailedPrecondition("PostgreSQL 15 is not installed (no " + options.bin_dir +
                                      "/initdb); run scripts/install-deps.sh");
  }
  bool as_postgres = geteuid() == 0;
  CELLAR_ASSIGN_OR_RETURN(int port, FreePortNumber());
  char dir_template[] = "/tmp/cellar-pg-XXXXXX";  // short: socket paths are limited to 107 bytes
  if (mkdtemp(dir_template) == nullptr) {
    return Status::Unavailable(std::string("mkdtemp: ") + std::strerror(errno));
  }
  std::unique_ptr<PgServer> server(
      new PgServer(std::move(options), dir_template, port, as_postgres));
  if (as_postgres) {
    passwd* pw = getpwnam("postgres");
    if (pw == nullptr || chown(server->dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      return Status::FailedPrecondition("running as root needs a 'postgres' user to own " +
                                        server->dir_);
    }
  }
  CELLAR_RETURN_IF_ERROR(server->Init());
  CELLAR_RETURN_IF_ERROR(server->Launch());
  return server;
}

PgServer::~PgServer() {
  (void)Stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

Status PgServer::Run(const std::string& program, const std::vector<std::string>& args,
                     const std::string& log_name) {
  std::vector<std::string> argv;
  if (as_postgres_) argv = {"runuser", "-u", "postgres", "--"};
  argv.push_back(options_.bin_dir + "/" + program);
  argv.insert(argv.end(), args.begin(), args.end());
  CELLAR_ASSIGN_OR_RETURN(int exit_code, Spawn(argv, dir_ + "/" + log_name));
  if (exit_code == 0) return Status::Ok();
  return Status::Unavailable(program + " exited with " + std::to_string(exit_code) + "; " +
                             log_name + " ends with:\n" + LogTail(log_name));
}

Status PgServer::Init() {
  CELLAR_RETURN_IF_ERROR(Run("initdb",
                             {"-D", data_dir_, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                              "--locale=C", "--no-sync", "--no-instructions"},
                             "initdb.log"));
  // Appending keeps the file's owner (postgres) when we run as root.
  std::ofstream conf(data_dir_ + "/postgresql.conf", std::ios::app);
  conf << "\n# cellar::testing::PgServer\n"
       << "listen_addresses = ''\n"
       << "unix_socket_directories = '" << dir_ << "'\n"
       << "port = " << port_ << "\n"
       << "wal_level = logical\n"
       << "max_replication_slots = 10\n"
       << "max_wal_senders = 10\n"
       << "max_connections = 40\n"
       << "shared_buffers = 32MB\n"
       << "fsync = off\n"
       << "synchronous_commit = off\n"
       << "full_page_writes = off\n";
  for (const std::string& line : options_.settings) conf << line << "\n";
  conf.close();
  if (!conf) return Status::Unavailable("cannot append to " + data_dir_ + "/postgresql.conf");
  return Status::Ok();
}

Status PgServer::Launch() {
  CELLAR_RETURN_IF_ERROR(
      Run("pg_ctl", {"-D", data_dir_, "-l", dir_ + "/server.log", "-W", "start"}, "pg_ctl.log"));
  running_ = true;
  return WaitUntilReady();
}

Status PgServer::WaitUntilReady() {
  auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  std::string info = conninfo();
  while (PQping(info.c_str()) != PQPING_OK) {
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::Unavailable("PostgreSQL did not accept connections within " +
                                 std::to_string(options_.start_timeout.count()) +
                                 " s; server.log ends with:\n" + LogTail("server.log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // poll interval
  }
  return Status::Ok();
}

Status PgServer::Stop() {
  if (!running_) return Status::Ok();
  conn_.reset();
  running_ = false;
  Status stopped = Run("pg_ctl", {"-D", data_dir_, "-m", "fast", "-w", "stop"}, "pg_ctl.log");
  if (stopped.ok()) return stopped;
  // pg_ctl failed: end the postmaster we started, by the pid it recorded.
  std::ifstream pid_file(data_dir_ + "/postmaster.pid");
  long pid = 0;
  if (pid_file >> pid && pid > 0) kill(static_cast<pid_t>(pid), SIGKILL);
  return stopped;
}

std::string PgServer::conninfo(std::string_view dbname) const {
  return "host=" + QuoteConnValue(dir_) + " port=" + std::to_string(port_) +
         " user=postgres dbname=" + QuoteConnValue(dbname);
}

std::string PgServer::replication_conninfo(std::string_view dbname) const {
  return conninfo(dbname) + " replication=database";
}

Result<pg_conn*> PgServer::Connection() {
  if (conn_ != nullptr && PQstatus(conn_.get()) == CONNECTION_OK) return conn_.get();
  conn_.reset(PQconnectdb(conninfo().c_str()));
  if (conn_ == nullptr || PQstatus(conn_.get()) != CONNECTION_OK) {
    std::string error = conn_ != nullptr ? PQerrorMessage(conn_.get()) : "out of memory";
    conn_.reset();
    return Status::Unavailable("cannot connect to the test PostgreSQL: " + error);
  }
  return conn_.get();
}

Result<std::vector<PgServer::Row>> PgServer::Query(std::string_view sql) {
  CELLAR_ASSIGN_OR_RETURN(pg_conn * conn, Connection());
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn, std::string(sql).c_str()),
                                                       &PQclear);
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Status::InvalidArgument("SQL failed: " + std::string(sql) + ": " +
                                   PQresultErrorMessage(result.get()));
  }
  std::vector<Row> rows(static_cast<size_t>(PQntuples(result.get())));
  for (size_t r = 0; r < rows.size(); ++r) {
    for (int c = 0; c < PQnfields(result.get()); ++c) {
      int row = static_cast<int>(r);
      if (PQgetisnull(result.get(), row, c)) {
        rows[r].emplace_back();
      } else {
        rows[r].emplace_back(
            std::string(PQgetvalue(result.get(), row, c), PQgetlength(result.get(), row, c)));
      }
    }
  }
  return rows;
}

Status PgServer::Exec(std::string_view sql) { return Query(sql).status(); }

Result<std::string> PgServer::QueryValue(std::string_view sql) {
  CELLAR_ASSIGN_OR_RETURN(std::vector<Row> rows, Query(sql));
  if (rows.empty() || rows[0].empty()) {
    return Status::NotFound("no rows from: " + std::string(sql));
  }
  if (!rows[0][0].has_value()) {
    return Status::FailedPrecondition("NULL from: " + std::string(sql));
  }
  return *rows[0][0];
}

std::string PgServer::LogTail(const std::string& log_name) const {
  std::ifstream in(dir_ + "/" + log_name);
  std::stringstream contents;
  contents << in.rdbuf();
  std::string text = contents.str();
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

}  // namespace cellar::testing
