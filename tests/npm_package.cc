#include "npm_package.h"

#include <stdio.h>
#include <sys/wait.h>

#include <array>
#include <filesystem>

namespace cellar::testing {

namespace fs = std::filesystem;

int RunShell(const std::string& command, std::string& output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ShellQuote(const std::string& path) { return "'" + path + "'"; }

std::string InstallNpmPackage(const std::string& npm, const std::string& source_dir,
                              const std::string& work_dir, const std::vector<std::string>& files,
                              const std::string& installed_marker, const std::string& npm_flags) {
  const fs::path src(source_dir), work(work_dir);
  fs::create_directories(work);
  for (const std::string& f : files) {
    fs::copy_file(src / f, work / f, fs::copy_options::overwrite_existing);
  }
  // npm stamps the files it unpacks with a fixed old date, so the node_modules directory itself
  // (made by the install) tells whether the install is newer than the lock file.
  const fs::path modules = work / "node_modules";
  if (fs::exists(modules / installed_marker) &&
      fs::last_write_time(modules) > fs::last_write_time(src / "package-lock.json")) {
    return "";
  }
  std::string output;
  int rc = RunShell(npm + " ci --prefix " + ShellQuote(work.string()) + " " + npm_flags +
                        " --no-audit --no-fund",
                    output);
  return rc == 0 ? "" : "npm ci failed (exit " + std::to_string(rc) + "):\n" + output;
}

}  // namespace cellar::testing
