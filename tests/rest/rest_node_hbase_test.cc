// node-hbase (npm "hbase" 0.6.1), an HBase REST client Cellar did not write, against the REST
// gateway in this process: create table, put, get, scan with a filter, delete, drop. The npm
// package is installed once into the build tree with `npm ci` (from the committed lock file;
// optional krb5 and install scripts left out), so the first run needs the npm registry.

#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>

#include <array>
#include <filesystem>

#include "rest_test_support.h"

namespace cellar::server::rest::testing {
namespace {

namespace fs = std::filesystem;

// Runs "command" through the shell; returns its exit code and fills "output" (stdout+stderr).
int RunShell(const std::string& command, std::string& output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

class NodeHbaseTest : public ::testing::Test {
 protected:
  // Copies the package and the script into the build tree and installs node-hbase there once.
  static void SetUpTestSuite() {
    fs::path src = CELLAR_NODE_SOURCE_DIR;
    fs::path work = CELLAR_NODE_WORK_DIR;
    fs::create_directories(work);
    for (const char* f : {"package.json", "package-lock.json", "hbase_client.js"}) {
      fs::copy_file(src / f, work / f, fs::copy_options::overwrite_existing);
    }
    if (fs::exists(work / "node_modules" / "hbase" / "package.json")) return;
    std::string output;
    int rc = RunShell(std::string(CELLAR_NPM) + " ci --prefix " + Quote(work) +
                          " --omit=optional --ignore-scripts --no-audit --no-fund",
                      output);
    install_error_ = rc == 0 ? "" : "npm ci failed (exit " + std::to_string(rc) + "):\n" + output;
  }

  static std::string install_error_;
};

std::string NodeHbaseTest::install_error_;

TEST_F(NodeHbaseTest, CreatesPutsGetsScansWithAFilterAndDeletes) {
  ASSERT_TRUE(install_error_.empty()) << install_error_;
  RestServerFixture server;
  std::string output;
  int rc = RunShell(std::string(CELLAR_NODE) + " " +
                        Quote(fs::path(CELLAR_NODE_WORK_DIR) / "hbase_client.js") + " " +
                        std::to_string(server.port()),
                    output);
  EXPECT_EQ(rc, 0) << output;
  EXPECT_NE(output.find("version_cluster {\"Version\":\"2.5.0\"}"), std::string::npos) << output;
  EXPECT_NE(output.find("scan with filter ok"), std::string::npos) << output;
  EXPECT_NE(output.find("ALL OK"), std::string::npos) << output;
}

}  // namespace
}  // namespace cellar::server::rest::testing
