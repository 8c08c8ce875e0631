#include "mariadb_server.h"

#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace cellar::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Tail(const std::string& text) {
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

}  // namespace

Result<std::unique_ptr<MariadbServer>> MariadbServer::Start(std::chrono::seconds timeout) {
  if (access("/usr/sbin/mariadbd", X_OK) != 0 || access("/usr/bin/mariadb-install-db", X_OK) != 0) {
    return Status::FailedPrecondition(
        "MariaDB is not installed (apt-get install mariadb-server mariadb-client)");
  }
  std::unique_ptr<MariadbServer> server(new MariadbServer());
  char tmpl[] = "/tmp/cellar-mariadb-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return Status::Unavailable("mkdtemp failed");
  server->dir_ = tmpl;
  server->socket_ = server->dir_ + "/sock";
  // A server's own temporary files go to a directory of its own: mariadbd deletes every #sql*
  // file in its tmpdir when it starts, which in a shared /tmp are the temporary tables of the
  // servers of other tests running meanwhile (their queries and dumps then fail).
  const std::string tmpdir = server->dir_ + "/tmp";
  if (mkdir(tmpdir.c_str(), 0755) != 0) return Status::Unavailable("mkdir " + tmpdir + " failed");
  chmod(tmpl, 0755);
  std::string user;
  if (geteuid() == 0) {
    struct passwd* pw = getpwnam("mysql");
    if (pw == nullptr) return Status::FailedPrecondition("running as root and no user mysql");
    if (chown(tmpl, pw->pw_uid, pw->pw_gid) != 0 ||
        chown(tmpdir.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      return Status::Unavailable("chown failed");
    }
    user = " --user=mysql";
  }
  std::string data = server->dir_ + "/data";
  std::string log = server->dir_ + "/install.log";
  std::string install = "/usr/bin/mariadb-install-db --no-defaults --datadir=" + data +
                        " --tmpdir=" + tmpdir +
                        " --auth-root-authentication-method=normal --skip-test-db" + user +
                        " > " + log + " 2>&1";
  if (std::system(install.c_str()) != 0) {
    return Status::Unavailable("mariadb-install-db failed: " + Tail(ReadFile(log)));
  }
  std::string server_log = server->dir_ + "/server.log";
  pid_t pid = fork();
  if (pid < 0) return Status::Unavailable("fork failed");
  if (pid == 0) {
    std::string a_data = "--datadir=" + data, a_sock = "--socket=" + server->socket_,
                a_pid = "--pid-file=" + server->dir_ + "/pid", a_log = "--log-error=" + server_log,
                a_tmp = "--tmpdir=" + tmpdir;
    std::vector<const char*> argv = {"/usr/sbin/mariadbd", "--no-defaults", a_data.c_str(),
                                     a_sock.c_str(), "--skip-networking", a_pid.c_str(),
                                     a_log.c_str(), a_tmp.c_str(), "--innodb-buffer-pool-size=32M",
                                     "--skip-log-bin"};
    if (!user.empty()) argv.push_back("--user=mysql");
    argv.push_back(nullptr);
    execv(argv[0], const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  server->pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (server->Sql("SELECT 1").ok()) return server;
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      server->pid_ = -1;
      return Status::Unavailable("mariadbd exited: " + Tail(ReadFile(server_log)));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::Unavailable("mariadbd did not accept connections: " +
                                 Tail(ReadFile(server_log)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // poll interval, not a wait
  }
}

MariadbServer::~MariadbServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status;
    waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

Result<std::string> MariadbServer::Run(const std::string& command) {
  std::string out = dir_ + "/out.txt", err = dir_ + "/err.txt";
  int rc = std::system((command + " > " + out + " 2> " + err).c_str());
  if (rc != 0) return Status::Unavailable(command + ": " + Tail(ReadFile(err)));
  return ReadFile(out);
}

Result<std::string> MariadbServer::Sql(const std::string& sql, const std::string& db) {
  std::string file = dir_ + "/query.sql";
  std::ofstream(file, std::ios::binary) << sql;
  return Run("/usr/bin/mariadb --no-defaults --socket=" + socket_ +
             " -uroot --default-character-set=utf8mb4 --batch --skip-column-names " + db + " < " + file);
}

Result<std::string> MariadbServer::Dump(const std::string& db, const std::string& options) {
  std::string path = dir_ + "/dump" + std::to_string(++dumps_) + ".sql";
  CELLAR_ASSIGN_OR_RETURN(std::string ignored,
                          Run("/usr/bin/mariadb-dump --no-defaults --socket=" + socket_ +
                              " -uroot --default-character-set=utf8mb4 " + options + " " + db + " --result-file=" + path));
  (void)ignored;
  return path;
}

}  // namespace cellar::testing
