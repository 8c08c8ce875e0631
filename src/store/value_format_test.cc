// The two value forms of docs/key-format.md in a store: which writes store a sequence, how stores
// of format version 1 (every value sequenced) open, read, compact and take new writes, how
// NEW_VERSION_BEHAVIOR turned on and off treats the puts written before, and the sequence
// allocator's limit that keeps the forms apart.

#include <rocksdb/db.h>

#include <functional>

#include "store/catalog_codec.h"
#include "store/engine.h"
#include "store/key_format.h"
#include "store/major_compaction.h"
#include "store/raw_db_test_util.h"
#include "store/sequence.h"
#include "store/test_util.h"

namespace cellar {
namespace {

using store::DecodeCellValue;
using store::EncodeCellKey;
using store::EncodeCellValue;
using store::EncodePlainPutValue;
using testing::Family;
using testing::StoreFixture;
using V = std::vector<std::string>;

const TableName kT{"default", "t"};

class StoreValueFormatTest : public StoreFixture {
 protected:
  // Closes the store, runs "fn" on an engine of its directory (raw access to the families and
  // the catalog), then opens the store and table "t" again if "reopen".
  void WithEngine(const std::function<void(store::Engine&)>& fn, bool reopen = true) {
    table_.reset();
    store_.reset();
    {
      StoreOptions o;
      o.clock = &clock_;
      auto engine = store::Engine::Open(dir_.path(), o);
      ASSERT_TRUE(engine.ok()) << engine.status().ToString();
      fn(**engine);
    }
    if (!reopen) return;
    Reopen();
    auto t = store_->OpenTable(kT);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    table_ = std::move(t).value();
  }

  static rocksdb::ColumnFamilyHandle* FamilyCf(store::Engine& e, const std::string& family) {
    auto t = e.FindTable(kT);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    const store::FamilyHandle* f = (*t)->FindFamily(family);
    EXPECT_NE(f, nullptr) << family;
    return f->cf;
  }
  // The stored value at "key" in "family" of table "t", or "<none>".
  static std::string RawValue(store::Engine& e, const std::string& family, const std::string& key) {
    std::string value;
    rocksdb::Status s = e.db()->Get(rocksdb::ReadOptions(), FamilyCf(e, family), key, &value);
    return s.ok() ? value : "<none>";
  }
  static void PutRaw(store::Engine& e, const std::string& family, const std::string& key,
                     const std::string& value) {
    ASSERT_TRUE(e.db()->Put(rocksdb::WriteOptions(), FamilyCf(e, family), key, value).ok());
  }
  static std::string FormatVersion(store::Engine& e) {
    std::string v;
    EXPECT_TRUE(e.db()->Get(rocksdb::ReadOptions(), store::kFormatVersionKey.data(), &v).ok());
    return v;
  }
  static void SetFormatVersion(store::Engine& e, const std::string& version) {
    ASSERT_TRUE(
        e.db()->Put(rocksdb::WriteOptions(), store::kFormatVersionKey.data(), version).ok());
  }
  void SetNewVersionBehavior(ColumnFamilyDescriptor f, bool on) {
    f.new_version_behavior = on;
    ASSERT_OK(store_->admin().ModifyColumnFamily(kT, f));
  }
};

std::string PutKey(const std::string& row, const std::string& qualifier, int64_t ts) {
  return EncodeCellKey(row, qualifier, ts, CellType::kPut);
}

TEST_F(StoreValueFormatTest, OnlyPutsOfFamiliesWithoutNewVersionBehaviorLeaveOutTheSequence) {
  auto nvb = Family("n");
  nvb.new_version_behavior = true;
  CreateTable("t", {Family("f"), nvb});
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "a").AddColumn("n", "q", "b")));
  ASSERT_OK(table_->Delete(Delete("r").AddColumns("f", "gone", 10)));
  WithEngine([](store::Engine& e) {
    EXPECT_EQ(RawValue(e, "f", PutKey("r", "q", 10)),
              "\x01"
              "a");
    auto put = DecodeCellValue(RawValue(e, "n", PutKey("r", "q", 10)));
    ASSERT_TRUE(put.has_value());
    EXPECT_GT(put->sequence, 0u);
    EXPECT_EQ(put->payload, "b");
    const std::string marker =
        RawValue(e, "f", EncodeCellKey("r", "gone", 10, CellType::kDeleteColumn));
    ASSERT_EQ(marker.size(), 8u);
    EXPECT_GT(DecodeCellValue(marker)->sequence, put->sequence);  // written after the put
  });
  EXPECT_EQ(GetCells(Get("r")), (V{"f:q@10=a", "n:q@10=b"}));
}

TEST_F(StoreValueFormatTest, BulkLoadedPutsLeaveOutTheSequenceAndMarkersKeepIt) {
  CreateTable("t", {Family("f")});
  auto loader = store_->NewBulkLoader(kT, BulkLoadOptions());
  ASSERT_TRUE(loader.ok()) << loader.status().ToString();
  ASSERT_OK((*loader)->Add(Put("r", 10).AddColumn("f", "q", "v")));
  const BulkCell cells[] = {{"f", "q", "w", CellType::kPut},
                            {"f", "x", "", CellType::kDeleteColumn}};
  ASSERT_OK((*loader)->AddCells("s", 20, cells));
  ASSERT_TRUE((*loader)->Finish().ok());
  WithEngine([](store::Engine& e) {
    EXPECT_EQ(RawValue(e, "f", PutKey("r", "q", 10)),
              "\x01"
              "v");
    EXPECT_EQ(RawValue(e, "f", PutKey("s", "q", 20)),
              "\x01"
              "w");
    EXPECT_EQ(RawValue(e, "f", EncodeCellKey("s", "x", 20, CellType::kDeleteColumn)).size(), 8u);
  });
  EXPECT_EQ(GetCells(Get("s")), V{"f:q@20=w"});
}

TEST_F(StoreValueFormatTest, StoreOfFormatOneOpensAsTwoAndLaterFormatsAreRefused) {
  CreateTable("t", {Family("f")});
  WithEngine([](store::Engine& e) {
    EXPECT_EQ(FormatVersion(e), store::kStoreFormatVersion);
    SetFormatVersion(e, "1");
  });
  WithEngine(
      [](store::Engine& e) {
        EXPECT_EQ(FormatVersion(e), "2");  // upgraded when opened
        SetFormatVersion(e, "3");
      },
      /*reopen=*/false);
  StoreOptions o;
  o.clock = &clock_;
  auto refused = Store::Open(dir_.path(), o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("format version '3'"), std::string::npos)
      << refused.status().ToString();
}

TEST_F(StoreValueFormatTest, SequencedPutsOfFormatOneReadCompactAndGiveWayToNewWrites) {
  const auto f = Family("f", 2);
  CreateTable("t", {f});
  WithEngine([](store::Engine& e) {  // a store written by format 1: every put sequenced
    SetFormatVersion(e, "1");
    PutRaw(e, "f", PutKey("r", "q", 10), EncodeCellValue(5, "old10"));
    PutRaw(e, "f", PutKey("r", "q", 20), EncodeCellValue(6, "old20"));
    PutRaw(e, "f", PutKey("s", "q", 10), EncodeCellValue(7, "s-old"));
  });
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(2)), (V{"f:q@20=old20", "f:q@10=old10"}));
  ASSERT_OK(table_->Put(Put("r", 20).AddColumn("f", "q", "new20")));  // the same key
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(2)), (V{"f:q@20=new20", "f:q@10=old10"}));
  ASSERT_OK(table_->Put(Put("r", 30).AddColumn("f", "q", "new30")));
  ASSERT_OK(table_->Delete(Delete("s").AddColumn("f", "q", 10)));
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(2)), (V{"f:q@30=new30", "f:q@20=new20"}));
  EXPECT_TRUE(GetCells(Get("s")).empty());
  ASSERT_OK(store_->admin().MajorCompact(kT));
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(2)), (V{"f:q@30=new30", "f:q@20=new20"}));
  EXPECT_EQ(ScanRows(Scan().SetRaw(true).SetMaxVersions(10)), V{"r: q=new30 q=new20"});
  WithEngine([](store::Engine& e) {
    EXPECT_EQ(RawValue(e, "f", PutKey("r", "q", 20)),
              "\x01"
              "new20");
    EXPECT_EQ(RawValue(e, "f", PutKey("r", "q", 10)), "<none>");  // the excess version
    EXPECT_EQ(RawValue(e, "f", PutKey("s", "q", 10)), "<none>");  // masked, with its marker
  });
}

TEST_F(StoreValueFormatTest,
       NewVersionBehaviorTurnedOnCountsEarlierPutsAsWrittenBeforeEveryMarker) {
  const auto f = Family("f", 5);
  CreateTable("t", {f});
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "plain").AddColumn("f", "p", "kept")));
  ASSERT_OK(table_->Delete(Delete("r").AddColumn("f", "q", 10)));
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "plain-again")));  // masked: no NVB
  EXPECT_EQ(GetCells(Get("r")), V{"f:p@10=kept"});
  SetNewVersionBehavior(f, true);
  EXPECT_EQ(GetCells(Get("r")), V{"f:p@10=kept"});  // as the puts were seen when written
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "after-alter")));  // after the marker
  EXPECT_EQ(GetCells(Get("r")), (V{"f:p@10=kept", "f:q@10=after-alter"}));
  ASSERT_OK(table_->Delete(Delete("r").AddFamily("f", 10)));  // masks everything written before
  ASSERT_OK(table_->Put(Put("r", 5).AddColumn("f", "p", "after-family-delete")));
  EXPECT_EQ(GetCells(Get("r").SetMaxVersions(5)), V{"f:p@5=after-family-delete"});
}

TEST_F(StoreValueFormatTest,
       NewVersionBehaviorOffAndOnAgainKeepsWhatSequencedPutsWereWrittenAfter) {
  auto f = Family("f", 5);
  f.new_version_behavior = true;
  CreateTable("t", {f});
  ASSERT_OK(table_->Delete(Delete("r").AddColumn("f", "q", 10)));
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "q", "re-put")));  // after the marker
  EXPECT_EQ(GetCells(Get("r")), V{"f:q@10=re-put"});
  SetNewVersionBehavior(f, false);
  EXPECT_TRUE(GetCells(Get("r")).empty());  // without NVB the marker masks it, as in HBase
  ASSERT_OK(table_->Delete(Delete("r").AddColumn("f", "o", 10)));
  ASSERT_OK(table_->Put(Put("r", 10).AddColumn("f", "o", "plain")));  // after, but plain
  SetNewVersionBehavior(f, true);
  EXPECT_EQ(GetCells(Get("r")), V{"f:q@10=re-put"});  // its sequence is still there
  ASSERT_OK(store_->admin().MajorCompact(kT));
  EXPECT_EQ(GetCells(Get("r")), V{"f:q@10=re-put"});
}

TEST_F(StoreValueFormatTest, CompactionKeepsAGarbagePutRewrittenWithAnotherValue) {
  CreateTable("t", {Family("f")});
  const std::string key = PutKey("r", "q", 10);
  WithEngine([&](store::Engine& e) {
    auto t = e.FindTable(kT);
    ASSERT_TRUE(t.ok());
    const store::FamilyHandle& f = *(*t)->FindFamily("f");
    PutRaw(e, "f", key, EncodePlainPutValue("seen"));
    PutRaw(e, "f", key, EncodePlainPutValue("rewritten"));  // after the compaction's snapshot
    store::CompactionStats stats;
    ASSERT_OK(store::DropGarbage(e, **t, f, "r", {{key, EncodePlainPutValue("seen")}}, &stats));
    EXPECT_EQ(stats.entries_dropped, 0u);
    EXPECT_EQ(RawValue(e, "f", key), EncodePlainPutValue("rewritten"));
    // An identical rewrite is garbage as the put the snapshot saw: the same key, the same fate.
    ASSERT_OK(
        store::DropGarbage(e, **t, f, "r", {{key, EncodePlainPutValue("rewritten")}}, &stats));
    EXPECT_EQ(stats.entries_dropped, 1u);
    EXPECT_EQ(RawValue(e, "f", key), "<none>");
  });
}

class StoreSequenceAllocatorTest : public store::RawDbTest {
 protected:
  void SetReservation(const std::string& value) {
    ASSERT_TRUE(db_->Put(rocksdb::WriteOptions(), store::kSequenceReservedKey.data(), value).ok());
  }
};

TEST_F(StoreSequenceAllocatorTest, HandsOutNumbersBelowTwoToTheFiftySixThenFails) {
  SetReservation(std::to_string(store::kSequenceLimit - 3));
  store::SequenceAllocator seq(db_.get(), db_->DefaultColumnFamily());
  ASSERT_OK(seq.Init());
  auto too_many = seq.Next(store::kSequenceLimit);  // refused without using any up
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.status().code(), StatusCode::kFailedPrecondition);
  auto two = seq.Next(2);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, store::kSequenceLimit - 3);
  EXPECT_FALSE(seq.Next(2).ok());  // would reach 2^56
  auto spent = seq.Next(1);
  ASSERT_FALSE(spent.ok());
  EXPECT_EQ(spent.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(seq.Next(1).ok());  // and stays used up
  EXPECT_EQ(EncodeCellValue(store::kSequenceLimit - 1, "").front(), '\0');
}

TEST_F(StoreSequenceAllocatorTest, RefusesAReservationThatIsNoNumberBelowTheLimit) {
  for (const std::string& bad :
       std::vector<std::string>{"x12", "12x", "", std::to_string(store::kSequenceLimit)}) {
    SetReservation(bad);
    store::SequenceAllocator seq(db_.get(), db_->DefaultColumnFamily());
    Status s = seq.Init();
    EXPECT_EQ(s.code(), StatusCode::kDataLoss) << "'" << bad << "': " << s.ToString();
  }
}

}  // namespace
}  // namespace cellar
