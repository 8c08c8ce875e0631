// Process-level tests of the embedded store: acknowledged SYNC_WAL writes survive kill -9 of the
// writing process, a bulk load killed before Finish leaves nothing and one killed after Finish
// keeps everything, and a second process cannot open a directory that is in use.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "store/test_util.h"

namespace cellar {
namespace {

using testing::Family;
using testing::TempDir;

// A running build/tests/store_child: its pid, the read end of its stdout, the write end of its
// stdin. The child is a fresh process (fork + exec), so no RocksDB thread state is inherited.
struct Child {
  pid_t pid = -1;
  int out = -1;
  int in = -1;
};

Child Spawn(const std::string& mode, const std::string& dir) {
  int out[2], in[2];
  Child c;
  if (pipe(out) != 0 || pipe(in) != 0) return c;
  c.pid = fork();
  if (c.pid == 0) {
    dup2(out[1], 1);
    dup2(in[0], 0);
    close(out[0]);
    close(in[1]);
    execl(CELLAR_STORE_CHILD, CELLAR_STORE_CHILD, mode.c_str(), dir.c_str(), nullptr);
    _exit(127);
  }
  close(out[1]);
  close(in[0]);
  c.out = out[0];
  c.in = in[1];
  return c;
}

bool ReadInt(int fd, int32_t* v) { return read(fd, v, sizeof(*v)) == sizeof(*v); }

TEST(DurabilityTest, AcknowledgedSyncWalWritesSurviveKillNine) {
  TempDir dir;
  Child child = Spawn("write", dir.path());
  pid_t pid = child.pid;
  int fd = child.out;
  ASSERT_GT(pid, 0);
  int32_t last = -1, v;
  while (last < 3000 && ReadInt(fd, &v)) last = v;
  kill(pid, SIGKILL);
  while (ReadInt(fd, &v)) last = v;  // acknowledgements already in the pipe count too
  close(fd);
  close(child.in);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  ASSERT_GE(last, 3000);

  auto store = Store::Open(dir.path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto table = (*store)->OpenTable(TableName{"default", "t"});
  ASSERT_TRUE(table.ok());
  for (int32_t i = 0; i <= last; ++i) {
    auto r = (*table)->Get(Get("row" + std::to_string(i)));
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->Value("f", "q"), std::string(100, 'x') + std::to_string(i)) << "row " << i;
  }
}

// Runs `store_child MODE DIR` until it prints "expect", then kills it with SIGKILL.
void RunAndKill(const std::string& mode, const std::string& dir, int32_t expect) {
  Child child = Spawn(mode, dir);
  ASSERT_GT(child.pid, 0);
  int32_t v = 0;
  bool got = ReadInt(child.out, &v);
  kill(child.pid, SIGKILL);
  int status = 0;
  waitpid(child.pid, &status, 0);
  close(child.out);
  close(child.in);
  ASSERT_TRUE(got) << "child exited with " << WEXITSTATUS(status) << " before reporting";
  ASSERT_EQ(v, expect);
  ASSERT_TRUE(WIFSIGNALED(status));
}

int CountRows(Table& table) {
  auto sc = table.GetScanner(Scan());
  int rows = 0;
  for (;;) {
    auto r = (*sc)->Next();
    EXPECT_TRUE(r.ok());
    if (!r.ok() || !r->has_value()) break;
    ++rows;
  }
  return rows;
}

// After a bulk load killed before Finish: the scratch files are gone once the store opens, the
// table is empty, and a new load may start.
void ExpectNothingLoaded(const std::string& dir) {
  auto store = Store::Open(dir);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(dir) / "bulk-tmp"));  // removed on open
  auto table = (*store)->OpenTable(TableName{"default", "t"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(CountRows(**table), 0);
  auto again = (*store)->NewBulkLoader(TableName{"default", "t"});  // still empty
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

// After a bulk load killed once Finish returned: all 1000 rows are there, row i named by
// "row_name(i)" with the value "value_size" x's followed by i. Then a Put replaces a loaded cell.
void ExpectAllLoaded(const std::string& dir, std::string (*row_name)(int32_t), size_t value_size) {
  auto store = Store::Open(dir);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto table = (*store)->OpenTable(TableName{"default", "t"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(CountRows(**table), 1000);
  for (int32_t i = 0; i < 1000; i += 37) {
    auto r = (*table)->Get(Get(row_name(i)));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->Value("f", "q"), std::string(value_size, 'x') + std::to_string(i)) << row_name(i);
  }
  // A later Put of a loaded cell replaces it, as over a Put.
  ASSERT_TRUE((*table)->Put(Put(row_name(1), 10).AddColumn("f", "q", "rewritten")).ok());
  EXPECT_EQ((*table)->Get(Get(row_name(1)))->Value("f", "q"), "rewritten");
}

std::string PlainRowName(int32_t i) { return "row" + std::to_string(i); }

std::string PaddedRowName(int32_t i) {
  char row[16];
  std::snprintf(row, sizeof(row), "row%04d", i);
  return row;
}

TEST(DurabilityTest, BulkLoadKilledBeforeFinishLeavesNothing) {
  TempDir dir;
  RunAndKill("bulk", dir.path(), 1);
  EXPECT_FALSE(std::filesystem::is_empty(std::filesystem::path(dir.path()) / "bulk-tmp"))
      << "spilled runs were there at the kill";
  ExpectNothingLoaded(dir.path());
}

TEST(DurabilityTest, BulkLoadKilledAfterFinishKeepsEverything) {
  TempDir dir;
  RunAndKill("bulk-finish", dir.path(), 2);
  ExpectAllLoaded(dir.path(), PlainRowName, 100);
}

TEST(DurabilityTest, StreamedBulkLoadKilledBeforeFinishLeavesNothing) {
  TempDir dir;
  RunAndKill("bulk-stream", dir.path(), 1);  // killed while the stream's file is open
  ExpectNothingLoaded(dir.path());
}

TEST(DurabilityTest, StreamedBulkLoadKilledAfterFinishKeepsEverything) {
  TempDir dir;
  RunAndKill("bulk-stream-finish", dir.path(), 2);
  ExpectAllLoaded(dir.path(), PaddedRowName, 2000);
}

TEST(DurabilityTest, SecondProcessGetsClearLockError) {
  TempDir dir;
  Child child = Spawn("hold", dir.path());
  ASSERT_GT(child.pid, 0);
  int fd = child.out;
  int32_t opened = 0;
  ASSERT_TRUE(ReadInt(fd, &opened));
  ASSERT_EQ(opened, 1);
  auto second = Store::Open(dir.path());
  EXPECT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("another cellar process"), std::string::npos)
      << second.status().message();
  close(child.in);
  int status = 0;
  waitpid(child.pid, &status, 0);
  close(fd);
  auto third = Store::Open(dir.path());  // free again once the first process is gone
  EXPECT_TRUE(third.ok()) << third.status().ToString();
}

TEST(DurabilityTest, CleanCloseLosesNothingWrittenWithoutWal) {
  TempDir dir;
  {
    auto store = Store::Open(dir.path());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->admin().CreateTable(TableDescriptor{{"default", "t"}, {Family("f")}}).ok());
    auto table = (*store)->OpenTable(TableName{"default", "t"});
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE((*table)->Put(Put("r" + std::to_string(i)).AddColumn("f", "q", "v")
                                    .SetDurability(Durability::kSkipWal)).ok());
    }
    table->reset();
    ASSERT_TRUE((*store)->Close().ok());
  }
  auto store = Store::Open(dir.path());
  ASSERT_TRUE(store.ok());
  auto table = (*store)->OpenTable(TableName{"default", "t"});
  auto sc = (*table)->GetScanner(Scan());
  int rows = 0;
  for (;;) {
    auto r = (*sc)->Next();
    ASSERT_TRUE(r.ok());
    if (!r->has_value()) break;
    ++rows;
  }
  EXPECT_EQ(rows, 100);
}

}  // namespace
}  // namespace cellar
