// REPL LOAD of a --files bootstrap killed with SIGKILL in the middle of its import (the `cellar`
// program as a child process), then run again: the replica ends equal to the source and the
// replication record says it is loaded.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "repl_fixture.h"

namespace cellar {
namespace {

namespace fs = std::filesystem;

// Whether the store in "dir" has an import of table files in progress (its scratch directory).
bool ImportInProgress(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir + "/bulk-tmp", ec)) {
    if (e.path().filename().string().rfind("import-", 0) == 0) return true;
  }
  return false;
}

pid_t SpawnLoad(const std::string& dump, const std::string& data) {
  pid_t pid = fork();
  if (pid == 0) {
    execl(CELLAR_PROGRAM, CELLAR_PROGRAM, "repl", "load", "--dir", dump.c_str(), "--data",
          data.c_str(), nullptr);
    _exit(127);
  }
  return pid;
}

TEST_F(ReplTest, AFilesLoadKilledDuringItsImportRerunsToTheSameResult) {
  ASSERT_OK(src_->admin().CreateTable(TableDescriptor{{"sales", "items"}, {Logged("g")}}));
  auto items = std::move(src_->OpenTable({"sales", "items"})).value();
  const std::string value(500, 'v');
  for (int i = 0; i < 40000; ++i) {
    ASSERT_OK(orders_->Put(Put("o" + std::to_string(i), 100).AddColumn("f", "a", value)));
    ASSERT_OK(items->Put(Put("i" + std::to_string(i), 100).AddColumn("g", "b", value)));
  }
  auto boot = Dump(std::nullopt, 0, /*files=*/true);
  dst_.reset();  // the child opens the replica
  TempDir replica;
  pid_t pid = SpawnLoad(boot.dir, replica.path());
  ASSERT_GT(pid, 0);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!ImportInProgress(replica.path()) && waitpid(pid, &status, WNOHANG) == 0) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
    std::this_thread::yield();
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status))
      << "the load ended before it could be killed, exit code " << WEXITSTATUS(status);

  auto store = std::move(Store::Open(replica.path())).value();
  EXPECT_FALSE(repl::LoadedEventId(*store, *repl::ReplTarget::Parse("sales"))->has_value());
  auto again = repl::Load(*store, boot.dir, {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(Contents(*store, "sales"), Contents(*src_, "sales"));
  EXPECT_EQ(*repl::LoadedEventId(*store, *repl::ReplTarget::Parse("sales")), boot.last_event_id);
  EXPECT_FALSE(fs::exists(replica.path() + "/bulk-tmp/import-1"));
}

}  // namespace
}  // namespace cellar
