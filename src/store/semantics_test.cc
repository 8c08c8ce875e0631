// The semantics the HBase reference guide pins: versions, overwrites, delete markers (default and
// NEW_VERSION_BEHAVIOR), KEEP_DELETED_CELLS, TTL and MIN_VERSIONS against an injected clock, major
// compaction, and row atomicity under concurrency.

#include <atomic>
#include <thread>

#include "store/test_util.h"
#include "util/bytes.h"

namespace cellar {
namespace {

using testing::Family;
using testing::StoreFixture;
using V = std::vector<std::string>;

class SemanticsTest : public StoreFixture {
 protected:
  // Raw cells of the row (markers included) as "type@ts=value".
  V RawCells(const std::string& row) {
    auto sc = table_->GetScanner(Scan().SetRowPrefix(row).SetRaw(true).SetMaxVersions(100));
    V out;
    for (;;) {
      auto r = (*sc)->Next();
      if (!r.ok() || !r->has_value()) break;
      for (const auto& c : (*r)->cells()) {
        out.push_back(std::string(CellTypeName(c.type)) + "@" + std::to_string(c.timestamp) +
                      "=" + c.value);
      }
    }
    return out;
  }
};

TEST_F(SemanticsTest, VersionsNewestFirstAndCappedByFamily) {
  CreateTable("t", {Family("f", 2)});
  for (int64_t ts : {1, 3, 2}) {
    ASSERT_OK(table_->Put(Put("r", ts).AddColumn("f", "q", "v" + std::to_string(ts))));
  }
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(10)), (V{"f:q@3=v3", "f:q@2=v2"}));
  EXPECT_EQ(GetCells(Get("r")), V{"f:q@3=v3"});
  // Behaves as if compacted: the excess version is not visible to time-range reads either.
  EXPECT_TRUE(GetCells(Get("r").SetTimeRange({0, 2})).empty());
}

TEST_F(SemanticsTest, PutAtSameTimestampOverwrites) {
  CreateTable("t", {Family("f", 5)});
  ASSERT_OK(table_->Put(Put("r", 7).AddColumn("f", "q", "first")));
  ASSERT_OK(table_->Put(Put("r", 7).AddColumn("f", "q", "second")));
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(5)), V{"f:q@7=second"});
}

TEST_F(SemanticsTest, DeleteMasksLaterPutsWithOlderTimestampsByDefault) {
  CreateTable("t", {Family("f", 5)});
  ASSERT_OK(table_->Delete(Delete("r").AddColumns("f", "q", 10)));
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "same ms")));
  ASSERT_OK(table_->Put(Put("r", 5).AddColumn("f", "q", "older")));
  EXPECT_TRUE(GetCells(Get("r")).empty());
  ASSERT_OK(table_->Put(Put("r", 11).AddColumn("f", "q", "newer")));
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(5)), V{"f:q@11=newer"});
}

TEST_F(SemanticsTest, NewVersionBehaviorLetsRePutAfterDeleteShow) {
  auto f = Family("f", 5);
  f.new_version_behavior = true;
  CreateTable("t", {f});
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "before")));
  ASSERT_OK(table_->Delete(Delete("r", 10)));
  EXPECT_TRUE(GetCells(Get("r")).empty());
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "after")));
  EXPECT_EQ(GetCells(Get("r")), V{"f:q@10=after"});
  // Survives reopen and major compaction.
  ASSERT_OK(store_->admin().MajorCompact(TableName{"default", "t"}));
  Reopen();
  table_ = std::move(store_->OpenTable(TableName{"default", "t"})).value();
  EXPECT_EQ(GetCells(Get("r")), V{"f:q@10=after"});
}

TEST_F(SemanticsTest, KeepDeletedCellsAnswersReadsAsOfBeforeTheDelete) {
  auto f = Family("f", 5);
  f.keep_deleted_cells = true;
  CreateTable("t", {f});
  ASSERT_OK(table_->Put(Put("r", 100).AddColumn("f", "q", "v100")));
  ASSERT_OK(table_->Put(Put("r", 200).AddColumn("f", "q", "v200")));
  ASSERT_OK(table_->Delete(Delete("r", 300)));
  EXPECT_TRUE(GetCells(Get("r")).empty());
  EXPECT_EQ(GetCells(Get("r").SetTimeRange({0, 300})), V{"f:q@200=v200"});
  EXPECT_EQ(GetCells(Get("r").SetTimeRange({0, 150})), V{"f:q@100=v100"});
  EXPECT_TRUE(GetCells(Get("r").SetTimeRange({0, 301})).empty());
  ASSERT_OK(store_->admin().MajorCompact(TableName{"default", "t"}));
  EXPECT_EQ(GetCells(Get("r").SetTimeRange({0, 300})), V{"f:q@200=v200"});
}

TEST_F(SemanticsTest, WithoutKeepDeletedCellsTimeRangeReadsDoNotSeeDeletedCells) {
  CreateTable("t", {Family("f", 5)});
  ASSERT_OK(table_->Put(Put("r", 100).AddColumn("f", "q", "v100")));
  ASSERT_OK(table_->Delete(Delete("r", 300)));
  EXPECT_TRUE(GetCells(Get("r").SetTimeRange({0, 200})).empty());
}

TEST_F(SemanticsTest, TtlExpiresAtReadTimeAndCompactionRemovesIt) {
  auto f = Family("f", 5);
  f.ttl_seconds = 60;
  CreateTable("t", {f});
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "q", "fresh")));
  ASSERT_OK(table_->Put(Put("old", kNow - 61'000).AddColumn("f", "q", "born expired")));
  EXPECT_TRUE(GetCells(Get("old")).empty());
  EXPECT_EQ(GetCells(Get("r")).size(), 1u);
  clock_.Advance(59'999);
  EXPECT_EQ(GetCells(Get("r")).size(), 1u);
  clock_.Advance(2);
  EXPECT_TRUE(GetCells(Get("r")).empty());
  EXPECT_EQ(RawCells("r").size(), 1u);  // still on disk
  ASSERT_OK(store_->admin().MajorCompact(TableName{"default", "t"}));
  EXPECT_TRUE(RawCells("r").empty());
  EXPECT_TRUE(RawCells("old").empty());
}

TEST_F(SemanticsTest, MinVersionsKeepsNewestPastTtl) {
  auto f = Family("f", 5);
  f.ttl_seconds = 10;
  f.min_versions = 2;
  CreateTable("t", {f});
  for (int64_t i = 1; i <= 4; ++i) {
    ASSERT_OK(table_->Put(Put("r", kNow + i).AddColumn("f", "q", "v" + std::to_string(i))));
  }
  clock_.Advance(3600'000);
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(10)),
            (V{"f:q@" + std::to_string(kNow + 4) + "=v4", "f:q@" + std::to_string(kNow + 3) + "=v3"}));
  ASSERT_OK(store_->admin().MajorCompact(TableName{"default", "t"}));
  EXPECT_EQ(RawCells("r").size(), 2u);
}

TEST_F(SemanticsTest, MajorCompactionDropsMaskedExcessAndMarkers) {
  CreateTable("t", {Family("f", 2)});
  for (int64_t ts = 1; ts <= 4; ++ts) {
    ASSERT_OK(table_->Put(Put("r", ts).AddColumn("f", "q", "v").AddColumn("f", "d", "x")));
  }
  ASSERT_OK(table_->Delete(Delete("r").AddColumns("f", "d", 10)));
  ASSERT_OK(store_->admin().Flush(TableName{"default", "t"}));
  EXPECT_EQ(RawCells("r").size(), 9u);
  V before = GetCells(Get("r").SetMaxVersions(5));
  ASSERT_OK(store_->admin().MajorCompact(TableName{"default", "t"}));
  EXPECT_EQ(RawCells("r"), (V{"Put@4=v", "Put@3=v"}));
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(5)), before);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_GT(stats->live_sst_bytes, 0u);
}

TEST_F(SemanticsTest, ReadersNeverSeeHalfARowMutation) {
  CreateTable("t", {Family("f"), Family("g")});
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; i < 2000 && !stop; ++i) {
      std::string v = std::to_string(i);
      Status s = table_->Put(Put("r").AddColumn("f", "a", v).AddColumn("f", "b", v)
                                 .AddColumn("g", "c", v));
      if (!s.ok()) ADD_FAILURE() << s.ToString();
    }
    stop = true;
  });
  int torn = 0, reads = 0;
  while (!stop) {
    auto r = table_->Get(Get("r"));
    ASSERT_TRUE(r.ok());
    if (r->empty()) continue;
    ++reads;
    auto a = r->Value("f", "a"), b = r->Value("f", "b"), c = r->Value("g", "c");
    if (!a || !b || !c || *a != *b || *a != *c) ++torn;
  }
  writer.join();
  EXPECT_EQ(torn, 0) << "of " << reads << " reads";
}

TEST_F(SemanticsTest, ConcurrentIncrementsSumExactly) {
  CreateTable("t", {Family("f")});
  constexpr int kThreads = 4, kTimes = 250;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kTimes; ++i) {
        auto r = table_->Increment(Increment("counter").AddColumn("f", "n", 1));
        if (!r.ok()) ADD_FAILURE() << r.status().ToString();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(DecodeLong(*table_->Get(Get("counter"))->Value("f", "n")), kThreads * kTimes);
}

TEST_F(SemanticsTest, CheckAndMutateRaceHasExactlyOneWinner) {
  CreateTable("t", {Family("f")});
  for (int round = 0; round < 50; ++round) {
    std::string row = "race" + std::to_string(round);
    std::atomic<int> wins{0};
    auto contender = [&](std::string who) {
      CheckAndMutate cam{row, "f", "owner", CompareOperator::kEqual, std::nullopt,
                         Put(row).AddColumn("f", "owner", who)};
      auto r = table_->CheckAndMutate(cam);
      if (r.ok() && *r) ++wins;
    };
    std::thread a(contender, "a"), b(contender, "b");
    a.join();
    b.join();
    EXPECT_EQ(wins.load(), 1) << row;
  }
}

TEST_F(SemanticsTest, ScanSeesOneSnapshotWhileWritersRun) {
  CreateTable("t", {Family("f")});
  for (int i = 0; i < 200; ++i) {
    ASSERT_OK(table_->Put(Put("row" + std::to_string(1000 + i)).AddColumn("f", "q", "0")));
  }
  auto sc = table_->GetScanner(Scan());
  ASSERT_TRUE(sc.ok());
  std::thread writer([&] {
    for (int i = 0; i < 200; ++i) {
      (void)table_->Put(Put("row" + std::to_string(1000 + i)).AddColumn("f", "q", "1"));
      (void)table_->Put(Put("new" + std::to_string(i)).AddColumn("f", "q", "1"));
    }
  });
  int rows = 0, changed = 0;
  for (;;) {
    auto r = (*sc)->Next();
    ASSERT_TRUE(r.ok());
    if (!r->has_value()) break;
    ++rows;
    if ((*r)->Value("f", "q") != "0") ++changed;
  }
  writer.join();
  EXPECT_EQ(rows, 200);
  EXPECT_EQ(changed, 0);
}

}  // namespace
}  // namespace cellar

namespace cellar {
namespace {

class WriteOrderTest : public testing::StoreFixture {};

// Found by the PostgreSQL crash test: a delete and a re-insert of one row in the same millisecond,
// committed in one atomic write, must keep their order under NEW_VERSION_BEHAVIOR.
TEST_F(WriteOrderTest, LaterMutationsInOneAtomicWriteWinUnderNewVersionBehavior) {
  auto f = testing::Family("f");
  f.new_version_behavior = true;
  CreateTable("t", {f});
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "old")));
  RowMutations del("r"), put("r"), del_again("s"), put_first("s");
  del.Add(Delete("r").AddColumns("f", "q", 20));
  put.Add(Put("r", 20).AddColumn("f", "q", "reinserted"));
  put_first.Add(Put("s", 20).AddColumn("f", "q", "gone"));
  del_again.Add(Delete("s").AddColumns("f", "q", 20));
  std::vector<TableRowMutations> rows = {{TableName{"default", "t"}, del},
                                         {TableName{"default", "t"}, put},
                                         {TableName{"default", "t"}, put_first},
                                         {TableName{"default", "t"}, del_again}};
  ASSERT_OK(store_->MutateAtomically(rows));
  EXPECT_EQ(table_->Get(Get("r"))->Value("f", "q"), "reinserted");
  EXPECT_TRUE(table_->Get(Get("s"))->empty());
  // Within one RowMutations too.
  RowMutations both("u");
  both.Add(Delete("u").AddColumns("f", "q", 30)).Add(Put("u", 30).AddColumn("f", "q", "back"));
  ASSERT_OK(table_->MutateRow(both));
  EXPECT_EQ(table_->Get(Get("u"))->Value("f", "q"), "back");
}

}  // namespace
}  // namespace cellar
