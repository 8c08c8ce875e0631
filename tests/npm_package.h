#pragma once

// Test helpers for the real npm clients (node-hbase, node-thrift2-hbase): run a shell command
// and collect its output, and install a committed package.json + package-lock.json into the
// build tree with `npm ci` once (the first run needs the npm registry). Test-only.

#include <string>
#include <vector>

namespace cellar::testing {

// Runs "command" through /bin/sh; returns its exit code (-1 if it did not exit) and appends its
// standard output and error to "output".
int RunShell(const std::string& command, std::string& output);

// "path" in single quotes, for RunShell. REQUIRES: no single quote in "path".
std::string ShellQuote(const std::string& path);

// Copies "files" from "source_dir" into "work_dir" and, unless "installed_marker" (a file under
// work_dir/node_modules) exists and node_modules is newer than the lock file, runs
// `npm ci --prefix work_dir <npm_flags> --no-audit --no-fund`. Returns "" on success, otherwise
// npm's exit code and output.
std::string InstallNpmPackage(const std::string& npm, const std::string& source_dir,
                              const std::string& work_dir, const std::vector<std::string>& files,
                              const std::string& installed_marker, const std::string& npm_flags);

}  // namespace cellar::testing
