#include "serve/serve_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace cellar::testing {
namespace {

using Clock = std::chrono::steady_clock;

int MillisLeft(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

int ExitCode(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The gateways `cellar serve` starts with "flags": one stdout line each.
size_t GatewaysServed(const std::vector<std::string>& flags) {
  size_t n = 3;
  for (const char* off : {"--no-thrift", "--no-thrift2", "--no-rest"}) {
    if (std::find(flags.begin(), flags.end(), off) != flags.end()) --n;
  }
  return n;
}

}  // namespace

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ServeProcess::ServeProcess(pid_t pid, int stdout_fd, std::string stderr_path)
    : pid_(pid), stdout_fd_(stdout_fd), stderr_path_(std::move(stderr_path)) {}

ServeProcess::~ServeProcess() {
  if (!exited_) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

// Between fork and exec the child (of a threaded test process) calls only async-signal-safe
// functions. PR_SET_PDEATHSIG kills the server if the test process dies first (a crash, an
// uncaught signal), so no orphaned server keeps its ports and its store lock.
Result<std::unique_ptr<ServeProcess>> ServeProcess::Spawn(const std::string& program,
                                                          const std::vector<std::string>& flags,
                                                          const std::string& stderr_path) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    return Status::InvalidArgument(std::string("pipe2: ") + std::strerror(errno));
  }
  std::vector<std::string> args = {program, "serve"};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    close(out[0]);
    close(out[1]);
    return Status::InvalidArgument(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);  // whatever the test's threads block
    int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (err < 0 || dup2(err, STDERR_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0) _exit(126);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  return std::unique_ptr<ServeProcess>(new ServeProcess(pid, out[0], stderr_path));
}

Result<std::unique_ptr<ServeProcess>> ServeProcess::Start(const std::string& program,
                                                          const std::vector<std::string>& flags,
                                                          const std::string& stderr_path,
                                                          std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  CELLAR_ASSIGN_OR_RETURN(std::unique_ptr<ServeProcess> p, Spawn(program, flags, stderr_path));
  CELLAR_RETURN_IF_ERROR(p->ReadPorts(GatewaysServed(flags), deadline));
  return p;
}

Result<int> ServeProcess::RunToExit(const std::string& program,
                                    const std::vector<std::string>& flags,
                                    const std::string& stderr_path,
                                    std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  CELLAR_ASSIGN_OR_RETURN(std::unique_ptr<ServeProcess> p, Spawn(program, flags, stderr_path));
  return p->WaitForExit(deadline);
}

Status ServeProcess::ReadPorts(size_t gateways, Clock::time_point deadline) {
  while (ports_.size() < gateways) {
    size_t eol = pending_.find('\n');
    if (eol != std::string::npos) {
      // <name>\t<bind>:<port>
      std::string line = pending_.substr(0, eol);
      pending_.erase(0, eol + 1);
      size_t tab = line.find('\t');
      size_t colon = line.rfind(':');
      if (tab == std::string::npos || colon == std::string::npos || colon < tab) {
        return Status::Internal("cellar serve printed an unexpected line: " + line);
      }
      ports_[line.substr(0, tab)] = std::stoi(line.substr(colon + 1));
      continue;
    }
    pollfd p{stdout_fd_, POLLIN, 0};
    int ready = poll(&p, 1, MillisLeft(deadline));
    if (ready == 0) {
      return Status::Unavailable("cellar serve printed " + std::to_string(ports_.size()) + " of " +
                                 std::to_string(gateways) +
                                 " gateway lines before the deadline; stderr:\n" + StderrText());
    }
    char buffer[512];
    ssize_t n = ready < 0 ? -1 : read(stdout_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {  // end of file: the child exited (or closed stdout)
      Result<int> code = WaitForExit(deadline);
      return Status::FailedPrecondition(
          "cellar serve exited (" +
          (code.ok() ? "exit code " + std::to_string(*code) : code.status().message()) +
          ") before it served; stderr:\n" + StderrText());
    }
    pending_.append(buffer, static_cast<size_t>(n));
  }
  return Status::Ok();
}

Result<int> ServeProcess::WaitForExit(Clock::time_point deadline) {
  // A pidfd becomes readable when the child exits, so poll() waits for the exit with a deadline.
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
  for (;;) {
    int status = 0;
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      if (pidfd >= 0) close(pidfd);
      exited_ = true;
      return ExitCode(status);
    }
    if (Clock::now() >= deadline) break;
    if (pidfd >= 0) {
      pollfd p{pidfd, POLLIN, 0};
      poll(&p, 1, MillisLeft(deadline));
    } else {
      poll(nullptr, 0, std::min(10, MillisLeft(deadline)));  // no pidfd (old kernel): check often
    }
  }
  if (pidfd >= 0) close(pidfd);
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  exited_ = true;
  return Status::Unavailable("cellar serve (pid " + std::to_string(pid_) +
                             ") was still running at the deadline; killed it; stderr:\n" +
                             StderrText());
}

int ServeProcess::port(const std::string& name) const {
  auto it = ports_.find(name);
  return it == ports_.end() ? -1 : it->second;
}

Result<int> ServeProcess::Stop(int signal, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  if (exited_) return Status::FailedPrecondition("cellar serve has already exited");
  kill(pid_, signal);
  return WaitForExit(deadline);
}

std::string ServeProcess::StderrText() const { return ReadWholeFile(stderr_path_); }

}  // namespace cellar::testing
