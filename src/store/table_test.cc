// Put, Get, Delete, Increment, Append, CheckAndMutate, RowMutations and Batch.

#include "store/test_util.h"
#include "util/bytes.h"

namespace cellar {
namespace {

using testing::Family;
using testing::StoreFixture;
using V = std::vector<std::string>;

class TableTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    CreateTable("t", {Family("f", 5), Family("g", 5)});
  }
};

TEST_F(TableTest, PutWithoutTimestampUsesStoreClockForAllCells) {
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "a", "1").AddColumn("g", "b", "2")));
  EXPECT_EQ(GetCells(Get("r")), (V{"f:a@" + std::to_string(kNow) + "=1",
                                  "g:b@" + std::to_string(kNow) + "=2"}));
}

TEST_F(TableTest, PutTimestampAppliesToCellsWithoutTheirOwn) {
  ASSERT_OK(table_->Put(Put("r", 100).AddColumn("f", "a", "1").AddColumn("f", "b", 7, "2")));
  EXPECT_EQ(GetCells(Get("r")), (V{"f:a@100=1", "f:b@7=2"}));
}

TEST_F(TableTest, GetSelectsFamiliesColumnsAndMissingRowsAreEmpty) {
  ASSERT_OK(table_->Put(Put("r", 1).AddColumn("f", "a", "1").AddColumn("f", "b", "2")
                            .AddColumn("g", "c", "3")));
  EXPECT_EQ(GetCells(Get("r").AddFamily("g")), V{"g:c@1=3"});
  EXPECT_EQ(GetCells(Get("r").AddColumn("f", "b")), V{"f:b@1=2"});
  EXPECT_EQ(GetCells(Get("r").AddColumn("f", "b").AddFamily("g")), (V{"f:b@1=2", "g:c@1=3"}));
  EXPECT_TRUE(GetCells(Get("nothing")).empty());
  EXPECT_TRUE(GetCells(Get("r").AddColumn("f", "zzz")).empty());
}

// A one-family Get reads from the family's pooled iterator; other Gets (uncached, several
// families) from new iterators. Both paths give the same cells, on rows that share prefixes and
// hold 0x00 and 0xFF bytes, and the pooled one sees writes made after its iterator was pooled.
TEST_F(TableTest, PooledAndNewIteratorGetsReadTheSameCells) {
  const std::string row("r\0\xff", 3), next_row("r\0\xff\0", 4), prev_row("r", 1);
  ASSERT_OK(table_->Put(Put(prev_row, 1).AddColumn("f", "a", "p").AddColumn("g", "c", "p")));
  ASSERT_OK(table_->Put(Put(next_row, 1).AddColumn("f", "a", "n").AddColumn("g", "c", "n")));
  for (int64_t ts : {1, 2, 3}) {
    const std::string v = std::to_string(ts);
    ASSERT_OK(table_->Put(Put(row, ts).AddColumn("f", "a", "a" + v)
                              .AddColumn("f", std::string("\0q", 2), "z" + v)
                              .AddColumn("g", "c", "c" + v)));
  }
  ASSERT_OK(table_->Delete(Delete(row).AddColumn("f", "a", 3)));
  const V f_cells{std::string("f:\0q@3=z3", 9), "f:a@2=a2"};  // qualifier 0x00 'q' sorts first
  for (int round = 0; round < 2; ++round) {  // the second round reuses the pooled iterator
    EXPECT_EQ(GetCells(Get(row).AddFamily("f")), f_cells);
    EXPECT_EQ(GetCells(Get(row).AddFamily("f").SetCacheBlocks(false)), f_cells);
    EXPECT_EQ(GetCells(Get(row).AddFamily("g")), V{"g:c@3=c3"});
    V both = f_cells;
    both.push_back("g:c@3=c3");
    EXPECT_EQ(GetCells(Get(row)), both);
    EXPECT_EQ(GetCells(Get(next_row).AddFamily("f")), V{"f:a@1=n"});
  }
  ASSERT_OK(table_->Put(Put(row, 4).AddColumn("f", "a", "a4")));
  EXPECT_EQ(GetCells(Get(row).AddFamily("f")), (V{std::string("f:\0q@3=z3", 9), "f:a@4=a4"}));
  ASSERT_OK(store_->admin().Flush(TableName{"default", "t"}));
  EXPECT_EQ(GetCells(Get(row).AddColumn("f", "a")), V{"f:a@4=a4"});
}

TEST_F(TableTest, MultiGetKeepsOrder) {
  ASSERT_OK(table_->Put(Put("a", 1).AddColumn("f", "q", "A")));
  ASSERT_OK(table_->Put(Put("c", 1).AddColumn("f", "q", "C")));
  std::vector<Get> gets = {Get("c"), Get("b"), Get("a")};
  auto r = table_->Get(std::span<const Get>(gets));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].Value("f", "q"), "C");
  EXPECT_TRUE((*r)[1].empty());
  EXPECT_EQ((*r)[2].Value("f", "q"), "A");
}

TEST_F(TableTest, BadArgumentsGiveClearErrors) {
  EXPECT_TRUE(table_->Put(Put("").AddColumn("f", "q", "v")).IsInvalidArgument());
  EXPECT_TRUE(table_->Put(Put("r")).IsInvalidArgument());
  EXPECT_TRUE(table_->Put(Put("r").AddColumn("f", "q", -5, "v")).IsInvalidArgument());
  Status s = table_->Put(Put("r").AddColumn("nope", "q", "v"));
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_NE(s.message().find("nope"), std::string::npos);
  EXPECT_TRUE(table_->Get(Get("r").AddFamily("nope")).status().IsNotFound());
  EXPECT_TRUE(table_->Get(Get("r").SetTimeRange({10, 5})).status().IsInvalidArgument());
  EXPECT_TRUE(table_->Delete(Delete("r").AddFamilyVersion("f", kLatestTimestamp))
                  .IsInvalidArgument());
}

TEST_F(TableTest, DeleteKinds) {
  for (int64_t ts : {1, 2, 3}) {
    ASSERT_OK(table_->Put(Put("r", ts).AddColumn("f", "a", "a" + std::to_string(ts))
                              .AddColumn("f", "b", "b" + std::to_string(ts))
                              .AddColumn("g", "c", "c" + std::to_string(ts))));
  }
  auto all = Get("r").SetMaxVersions(10);
  ASSERT_OK(table_->Delete(Delete("r").AddColumn("f", "a", 2)));  // one version
  EXPECT_EQ(GetCells(Get("r").AddColumn("f", "a").SetMaxVersions(10)), (V{"f:a@3=a3", "f:a@1=a1"}));
  ASSERT_OK(table_->Delete(Delete("r").AddColumns("f", "b", 2)));  // versions <= 2
  EXPECT_EQ(GetCells(Get("r").AddColumn("f", "b").SetMaxVersions(10)), V{"f:b@3=b3"});
  ASSERT_OK(table_->Delete(Delete("r").AddFamilyVersion("g", 3)));  // the family at exactly 3
  EXPECT_EQ(GetCells(Get("r").AddFamily("g").SetMaxVersions(10)), (V{"g:c@2=c2", "g:c@1=c1"}));
  ASSERT_OK(table_->Delete(Delete("r").AddFamily("g", 1)));  // the family <= 1
  EXPECT_EQ(GetCells(Get("r").AddFamily("g").SetMaxVersions(10)), V{"g:c@2=c2"});
  ASSERT_OK(table_->Delete(Delete("r")));  // the whole row, <= now
  EXPECT_TRUE(GetCells(all).empty());
}

TEST_F(TableTest, VersionDeleteWithoutTimestampRemovesNewestVersion) {
  ASSERT_OK(table_->Put(Put("r", 1).AddColumn("f", "a", "old")));
  ASSERT_OK(table_->Put(Put("r", 2).AddColumn("f", "a", "new")));
  ASSERT_OK(table_->Delete(Delete("r").AddColumn("f", "a")));
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(5)), V{"f:a@1=old"});
}

TEST_F(TableTest, IncrementCountsFromZeroAsEightByteLongs) {
  auto r = table_->Increment(Increment("r").AddColumn("f", "n", 5));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Value("f", "n"), EncodeLong(5));
  r = table_->Increment(Increment("r").AddColumn("f", "n", -7).AddColumn("g", "m", 1));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(DecodeLong(*r->Value("f", "n")), -2);
  EXPECT_EQ(DecodeLong(*r->Value("g", "m")), 1);
  EXPECT_EQ(DecodeLong(*table_->Get(Get("r"))->Value("f", "n")), -2);
}

TEST_F(TableTest, IncrementOfNonLongFails) {
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "n", "1")));
  auto r = table_->Increment(Increment("r").AddColumn("f", "n", 1));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Field is not a long, it's 1 bytes wide"),
            std::string::npos);
}

TEST_F(TableTest, IncrementTimestampMovesPastAFutureCell) {
  ASSERT_OK(table_->Put(Put("r", kNow + 1000).AddColumn("f", "n", EncodeLong(1))));
  auto r = table_->Increment(Increment("r").AddColumn("f", "n", 1));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cells()[0].timestamp, kNow + 1001);
  EXPECT_EQ(DecodeLong(*table_->Get(Get("r"))->Value("f", "n")), 2);
}

TEST_F(TableTest, AppendConcatenates) {
  auto r = table_->Append(Append("r").AddColumn("f", "s", "ab"));
  ASSERT_TRUE(r.ok());
  r = table_->Append(Append("r").AddColumn("f", "s", "cd"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Value("f", "s"), "abcd");
  EXPECT_EQ(table_->Get(Get("r"))->Value("f", "s"), "abcd");
}

TEST_F(TableTest, CheckAndMutateComparesLikeHBase) {
  ASSERT_OK(table_->Put(Put("r").AddColumn("f", "q", "m")));
  auto check = [&](CompareOperator op, std::optional<std::string> expected) {
    CheckAndMutate cam{"r", "f", "q", op, std::move(expected),
                       Put("r").AddColumn("g", "hit", "1")};
    auto r = table_->CheckAndMutate(cam);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && *r;
  };
  EXPECT_TRUE(check(CompareOperator::kEqual, "m"));
  EXPECT_FALSE(check(CompareOperator::kEqual, "x"));
  // HBase's reading: LESS passes when the expected value is less than the stored one.
  EXPECT_TRUE(check(CompareOperator::kLess, "a"));
  EXPECT_FALSE(check(CompareOperator::kLess, "z"));
  EXPECT_TRUE(check(CompareOperator::kGreater, "z"));
  EXPECT_TRUE(check(CompareOperator::kNotEqual, "x"));
  // Empty or unset expected: the column must be absent.
  EXPECT_FALSE(check(CompareOperator::kEqual, std::nullopt));
  EXPECT_FALSE(check(CompareOperator::kEqual, ""));
  CheckAndMutate absent{"r", "f", "missing", CompareOperator::kEqual, std::nullopt,
                        Put("r").AddColumn("f", "missing", "now here")};
  EXPECT_TRUE(*table_->CheckAndMutate(absent));
  EXPECT_EQ(table_->Get(Get("r"))->Value("f", "missing"), "now here");
  EXPECT_FALSE(*table_->CheckAndMutate(absent));
}

TEST_F(TableTest, CheckAndMutateAppliesDeletesAndRowMutations) {
  ASSERT_OK(table_->Put(Put("r", 1).AddColumn("f", "q", "v").AddColumn("f", "d", "x")));
  RowMutations rm("r");
  rm.Add(Put("r", 2).AddColumn("f", "n", "new")).Add(Delete("r").AddColumns("f", "d"));
  CheckAndMutate cam{"r", "f", "q", CompareOperator::kEqual, "v", rm};
  ASSERT_TRUE(*table_->CheckAndMutate(cam));
  EXPECT_EQ(GetCells(Get("r")), (V{"f:n@2=new", "f:q@1=v"}));
  CheckAndMutate other_row{"r", "f", "q", CompareOperator::kEqual, "v", Delete("s")};
  EXPECT_TRUE(table_->CheckAndMutate(other_row).status().IsInvalidArgument());
}

TEST_F(TableTest, RowMutationsApplyTogetherAndRejectOtherRows) {
  ASSERT_OK(table_->Put(Put("r", 1).AddColumn("f", "old", "x")));
  RowMutations rm("r");
  rm.Add(Put("r", 2).AddColumn("f", "a", "1")).Add(Delete("r").AddColumns("f", "old", 5));
  ASSERT_OK(table_->MutateRow(rm));
  EXPECT_EQ(GetCells(Get("r")), V{"f:a@2=1"});
  RowMutations bad("r");
  bad.Add(Put("s").AddColumn("f", "a", "1"));
  EXPECT_TRUE(table_->MutateRow(bad).IsInvalidArgument());
}

TEST_F(TableTest, BatchReportsEachActionOnItsOwn) {
  std::vector<BatchAction> actions;
  actions.push_back(Put("a", 1).AddColumn("f", "q", "1"));
  actions.push_back(Put("b", 1).AddColumn("nope", "q", "1"));
  actions.push_back(Increment("c").AddColumn("f", "n", 3));
  actions.push_back(Get("a"));
  actions.push_back(Delete("zz"));
  auto results = table_->Batch(actions);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_OK(results[0].status);
  EXPECT_TRUE(results[1].status.IsNotFound());
  EXPECT_OK(results[2].status);
  EXPECT_EQ(DecodeLong(*results[2].result.Value("f", "n")), 3);
  EXPECT_EQ(results[3].result.Value("f", "q"), "1");
  EXPECT_OK(results[4].status);
}

TEST_F(TableTest, ARunOfPutsIsWrittenInOrderAndABadPutFailsAlone) {
  std::vector<BatchAction> actions;
  actions.push_back(Put("a", 5).AddColumn("f", "q", "first"));
  actions.push_back(Put("b", 5).AddColumn("nope", "q", "1"));
  actions.push_back(Put("a", 5).AddColumn("f", "q", "second"));  // same cell: the later wins
  actions.push_back(Put("", 5).AddColumn("f", "q", "1"));        // empty row: invalid
  actions.push_back(Put("c", 5).AddColumn("f", "q", "3"));
  auto results = table_->Batch(actions);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_OK(results[0].status);
  EXPECT_TRUE(results[1].status.IsNotFound());
  EXPECT_OK(results[2].status);
  EXPECT_TRUE(results[3].status.IsInvalidArgument());
  EXPECT_OK(results[4].status);
  EXPECT_EQ(GetCells(Get("a")), V{"f:q@5=second"});
  EXPECT_EQ(GetCells(Get("c")), V{"f:q@5=3"});
  EXPECT_EQ(GetCells(Get("b")), V{});
}

TEST_F(TableTest, EveryDurabilityWrites) {
  for (Durability d : {Durability::kUseDefault, Durability::kSkipWal, Durability::kAsyncWal,
                       Durability::kSyncWal, Durability::kFsyncWal}) {
    std::string row = "r" + std::to_string(static_cast<int>(d));
    ASSERT_OK(table_->Put(Put(row).AddColumn("f", "q", "v").SetDurability(d)));
    EXPECT_EQ(table_->Get(Get(row))->Value("f", "q"), "v");
  }
}

}  // namespace
}  // namespace cellar
