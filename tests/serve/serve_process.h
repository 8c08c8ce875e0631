#pragma once

// ServeProcess: `cellar serve` in a child process, as users and scripts run it. Start() spawns it
// with the given flags and reads its stdout until it has printed one `<name>\t<bind>:<port>` line
// per gateway it serves (so tests pass port 0 and learn the ports); Stop() sends SIGTERM (or
// another signal) and returns the exit code. The child's stderr (spdlog) goes to a file, for
// failure messages. Every wait polls with a deadline; nothing sleeps a fixed time.
//
// Not thread-safe: one test thread drives one ServeProcess. The destructor kills (SIGKILL) and
// reaps a child still running, so a failing test leaves no server behind; if the test process
// dies, the child gets SIGKILL too (PR_SET_PDEATHSIG: strictly, when the thread that started it
// exits, so start it from a thread that outlives it).

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cellar/status.h"

namespace cellar::testing {

class ServeProcess {
 public:
  // Spawns `"program" serve "flags"...` with its stderr appended to "stderr_path" and waits up to
  // "timeout" until it has printed a line for each gateway "flags" leave on (thrift, thrift2 and
  // rest less each --no-X). Returns InvalidArgument if it cannot fork, FailedPrecondition
  // naming the exit code (127: "program" cannot be run) and the stderr text if it exits first,
  // Unavailable if the deadline passes (the child is killed).
  static Result<std::unique_ptr<ServeProcess>> Start(
      const std::string& program, const std::vector<std::string>& flags,
      const std::string& stderr_path, std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Spawns `"program" serve "flags"...` and waits up to "timeout" for it to exit without being
  // asked, as it does when a flag, the port or the store is wrong. Returns the exit code (128 +
  // the signal if a signal ended it), or Unavailable if it still runs at the deadline (the child
  // is killed).
  static Result<int> RunToExit(const std::string& program, const std::vector<std::string>& flags,
                               const std::string& stderr_path,
                               std::chrono::milliseconds timeout = std::chrono::seconds(30));

  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // The port gateway "name" (thrift, thrift2, rest) listens on, or -1 if it is not served.
  int port(const std::string& name) const;
  pid_t pid() const { return pid_; }

  // Sends "signal" and waits up to "timeout" for the exit. Returns the exit code (128 + signal if
  // a signal ended it), or Unavailable if the child still runs at the deadline (it is then
  // killed with SIGKILL). REQUIRES: not stopped yet.
  Result<int> Stop(int signal = SIGTERM,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // The child's stderr so far (its spdlog lines).
  std::string StderrText() const;

 private:
  ServeProcess(pid_t pid, int stdout_fd, std::string stderr_path);

  static Result<std::unique_ptr<ServeProcess>> Spawn(const std::string& program,
                                                     const std::vector<std::string>& flags,
                                                     const std::string& stderr_path);
  // Reads stdout lines until "gateways" of them arrived; see Start for the Status codes.
  Status ReadPorts(size_t gateways, std::chrono::steady_clock::time_point deadline);
  // Waits for the child's exit until "deadline"; the exit code, or Unavailable.
  Result<int> WaitForExit(std::chrono::steady_clock::time_point deadline);

  pid_t pid_;
  int stdout_fd_;  // the read end of the child's stdout pipe; -1 once closed
  std::string stderr_path_;
  bool exited_ = false;
  std::string pending_;               // stdout bytes after the last complete line
  std::map<std::string, int> ports_;  // gateway name -> port, from the stdout lines
};

// The whole content of "path" (empty if it cannot be read).
std::string ReadWholeFile(const std::string& path);

}  // namespace cellar::testing
