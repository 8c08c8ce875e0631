// The data methods of the Thrift v2 gateway through the generated C++ client: gets, puts,
// deletes (every TDeleteType), check-and-mutate, counters, appends, row mutations, and the
// errors HBase gives (unknown table or family, disabled table, bad filter string).

#include "thrift2_fixture.h"

namespace cellar::server {
namespace {

using V = std::vector<std::string>;

class Thrift2DataTest : public Thrift2Fixture {
 protected:
  void SetUp() override {
    Thrift2Fixture::SetUp();
    CreateTable();
  }
  t2::TResult Get(const std::string& row) {
    t2::TResult r;
    client_->get(r, "t", MakeGet(row));
    return r;
  }
};

TEST_F(Thrift2DataTest, PutThenGetUsesServerTimeOrGivenTimestamps) {
  PutCell("r1", "f", "a", "1");
  client_->put("t", MakePut("r1", {Cv("f", "b", "2", 5), Cv("g", "c", "3")}));
  EXPECT_EQ(Flatten(Get("r1")), "r1: f:a=1@" + std::to_string(kNow) + " f:b=2@5 g:c=3@" +
                                    std::to_string(kNow));
  // A TPut timestamp applies to cells without their own.
  t2::TPut p = MakePut("r2", {Cv("f", "a", "x")});
  p.__set_timestamp(42);
  client_->put("t", p);
  EXPECT_EQ(Flatten(Get("r2")), "r2: f:a=x@42");
}

TEST_F(Thrift2DataTest, MissingRowIsEmptyResultWithoutRow) {
  t2::TResult r = Get("nope");
  EXPECT_FALSE(r.__isset.row);
  EXPECT_TRUE(r.columnValues.empty());
}

TEST_F(Thrift2DataTest, GetSelectsColumnsVersionsAndTime) {
  for (int ts = 1; ts <= 3; ++ts) PutCell("r", "f", "a", "v" + std::to_string(ts), ts);
  PutCell("r", "f", "b", "b", 1);
  t2::TGet g = MakeGet("r");
  g.__set_columns({Col("f", "a")});
  g.__set_maxVersions(2);
  t2::TResult r;
  client_->get(r, "t", g);
  EXPECT_EQ(Flatten(r), "r: f:a=v3@3 f:a=v2@2");
  g.__set_timestamp(1);  // wins over timeRange
  t2::TTimeRange range;
  range.__set_minStamp(2);
  range.__set_maxStamp(4);
  g.__set_timeRange(range);
  client_->get(r, "t", g);
  EXPECT_EQ(Flatten(r), "r: f:a=v1@1");
}

TEST_F(Thrift2DataTest, GetWithFilterStringAndBadFilterIsIOError) {
  PutCell("r", "f", "a", "1", 1);
  PutCell("r", "f", "b", "2", 1);
  t2::TGet g = MakeGet("r");
  g.__set_filterString("QualifierFilter(=, 'binary:b')");
  t2::TResult r;
  client_->get(r, "t", g);
  EXPECT_EQ(Flatten(r), "r: f:b=2@1");
  g.__set_filterString("NoSuchFilter('x')");
  std::string error = IOErrorOf([&] { client_->get(r, "t", g); });
  EXPECT_NE(error.find("InvalidArgument: bad filterString"), std::string::npos) << error;
}

TEST_F(Thrift2DataTest, ExistsAndGetMultipleKeepPositions) {
  PutCell("a", "f", "q", "1", 1);
  PutCell("c", "f", "q", "3", 1);
  EXPECT_TRUE(client_->exists("t", MakeGet("a")));
  EXPECT_FALSE(client_->exists("t", MakeGet("b")));
  std::vector<bool> all;
  client_->existsAll(all, "t", {MakeGet("a"), MakeGet("b"), MakeGet("c")});
  EXPECT_EQ(all, (std::vector<bool>{true, false, true}));
  std::vector<t2::TResult> rows;
  client_->getMultiple(rows, "t", {MakeGet("a"), MakeGet("b"), MakeGet("c")});
  EXPECT_EQ(Flatten(rows), (V{"a: f:q=1@1", "", "c: f:q=3@1"}));
}

TEST_F(Thrift2DataTest, PutMultipleAndDeleteMultiple) {
  client_->putMultiple("t", {MakePut("a", {Cv("f", "q", "1", 1)}),
                             MakePut("b", {Cv("f", "q", "2", 1)})});
  std::vector<t2::TResult> rows;
  client_->getMultiple(rows, "t", {MakeGet("a"), MakeGet("b")});
  EXPECT_EQ(Flatten(rows), (V{"a: f:q=1@1", "b: f:q=2@1"}));
  std::vector<t2::TDelete> failed;
  client_->deleteMultiple(failed, "t", {MakeDelete("a"), MakeDelete("b")});
  EXPECT_TRUE(failed.empty());
  EXPECT_FALSE(client_->exists("t", MakeGet("a")));
  EXPECT_FALSE(client_->exists("t", MakeGet("b")));
  // One bad delete (unknown family): a TIOError, as HBase; the good one is applied.
  PutCell("c", "f", "q", "3", 1);
  std::string error = IOErrorOf([&] {
    client_->deleteMultiple(failed, "t",
                            {MakeDelete("c", {Col("nofam", "q")}), MakeDelete("c")});
  });
  EXPECT_NE(error.find("1 of 2 deletes failed"), std::string::npos) << error;
  EXPECT_FALSE(client_->exists("t", MakeGet("c")));
}

TEST_F(Thrift2DataTest, DeleteTypes) {
  for (int ts = 1; ts <= 3; ++ts) PutCell("r", "f", "a", "v" + std::to_string(ts), ts);
  PutCell("r", "f", "b", "b", 2);
  PutCell("r", "g", "c", "c", 2);
  t2::TGet all = MakeGet("r");
  all.__set_maxVersions(10);
  auto get_all = [&] {
    t2::TResult r;
    client_->get(r, "t", all);
    return Flatten(r);
  };
  // DELETE_COLUMN with a timestamp: exactly that version.
  client_->deleteSingle("t", MakeDelete("r", {Col("f", "a", 2)}, t2::TDeleteType::DELETE_COLUMN));
  EXPECT_EQ(get_all(), "r: f:a=v3@3 f:a=v1@1 f:b=b@2 g:c=c@2");
  // DELETE_FAMILY_VERSION: every column of the family at that timestamp.
  client_->deleteSingle("t", MakeDelete("r", {Col("f", {}, 2)},
                                        t2::TDeleteType::DELETE_FAMILY_VERSION));
  EXPECT_EQ(get_all(), "r: f:a=v3@3 f:a=v1@1 g:c=c@2");
  // Unset deleteType is DELETE_COLUMNS (the IDL default): every version <= ts.
  t2::TDelete cols = MakeDelete("r", {Col("f", "a", 1)});
  cols.__isset.deleteType = false;
  client_->deleteSingle("t", cols);
  EXPECT_EQ(get_all(), "r: f:a=v3@3 g:c=c@2");
  // DELETE_FAMILY, then a whole-row delete.
  client_->deleteSingle("t", MakeDelete("r", {Col("f")}, t2::TDeleteType::DELETE_FAMILY));
  EXPECT_EQ(get_all(), "r: g:c=c@2");
  client_->deleteSingle("t", MakeDelete("r"));
  EXPECT_EQ(get_all(), "");
  // DELETE_FAMILY_VERSION without a timestamp is refused.
  std::string error = IOErrorOf([&] {
    client_->deleteSingle("t", MakeDelete("r", {Col("f")}, t2::TDeleteType::DELETE_FAMILY_VERSION));
  });
  EXPECT_NE(error.find("InvalidArgument"), std::string::npos) << error;
}

TEST_F(Thrift2DataTest, CheckAndPutAndCheckAndDelete) {
  // Unset (empty) value: the column must be absent.
  EXPECT_TRUE(client_->checkAndPut("t", "r", "f", "q", "", MakePut("r", {Cv("f", "q", "1")})));
  EXPECT_FALSE(client_->checkAndPut("t", "r", "f", "q", "", MakePut("r", {Cv("f", "q", "2")})));
  EXPECT_FALSE(client_->checkAndPut("t", "r", "f", "q", "x", MakePut("r", {Cv("f", "q", "2")})));
  EXPECT_TRUE(client_->checkAndPut("t", "r", "f", "q", "1", MakePut("r", {Cv("f", "q", "2")})));
  EXPECT_EQ(Get("r").columnValues.at(0).value, "2");
  EXPECT_FALSE(client_->checkAndDelete("t", "r", "f", "q", "1", MakeDelete("r")));
  EXPECT_TRUE(client_->checkAndDelete("t", "r", "f", "q", "2", MakeDelete("r")));
  EXPECT_EQ(Flatten(Get("r")), "");
  // The put's row must be the checked row.
  std::string error = IOErrorOf([&] {
    client_->checkAndPut("t", "r", "f", "q", "", MakePut("other", {Cv("f", "q", "1")}));
  });
  EXPECT_NE(error.find("InvalidArgument"), std::string::npos) << error;
}

TEST_F(Thrift2DataTest, CheckAndMutateComparesLikeHBase) {
  PutCell("r", "f", "q", "5", 1);
  t2::TRowMutations rm;
  rm.__set_row("r");
  t2::TMutation put, del;
  put.__set_put(MakePut("r", {Cv("f", "new", "yes", 2)}));
  del.__set_deleteSingle(MakeDelete("r", {Col("g", "c")}));
  rm.__set_mutations({put, del});
  // HBase's reading: LESS passes when expected < stored ("3" < "5").
  EXPECT_FALSE(client_->checkAndMutate("t", "r", "f", "q", t2::TCompareOperator::GREATER, "3", rm));
  EXPECT_TRUE(client_->checkAndMutate("t", "r", "f", "q", t2::TCompareOperator::LESS, "3", rm));
  EXPECT_EQ(Flatten(Get("r")), "r: f:new=yes@2 f:q=5@1");
}

TEST_F(Thrift2DataTest, IncrementAndAppend) {
  t2::TIncrement inc;
  inc.__set_row("r");
  t2::TColumnIncrement c;
  c.__set_family("f");
  c.__set_qualifier("n");
  c.__set_amount(5);
  inc.__set_columns({c});
  t2::TResult r;
  client_->increment(r, "t", inc);
  ASSERT_EQ(r.columnValues.size(), 1u);
  EXPECT_EQ(r.columnValues[0].value, std::string("\0\0\0\0\0\0\0\x05", 8));
  inc.__set_returnResults(false);
  client_->increment(r, "t", inc);
  EXPECT_TRUE(r.columnValues.empty());
  client_->get(r, "t", MakeGet("r"));
  EXPECT_EQ(r.columnValues.at(0).value, std::string("\0\0\0\0\0\0\0\x0a", 8));
  // A value that is not 8 bytes wide is an error.
  PutCell("r", "f", "text", "1");
  c.__set_qualifier("text");
  inc.__set_columns({c});
  EXPECT_NE(IOErrorOf([&] { client_->increment(r, "t", inc); }), "");

  t2::TAppend app;
  app.__set_row("r");
  app.__set_columns({Cv("f", "s", "ab")});
  client_->append(r, "t", app);
  client_->append(r, "t", app);
  EXPECT_EQ(r.columnValues.at(0).value, "abab");
}

TEST_F(Thrift2DataTest, MutateRowIsAtomic) {
  PutCell("r", "f", "old", "1", 1);
  t2::TRowMutations rm;
  rm.__set_row("r");
  t2::TMutation put, del, bad;
  put.__set_put(MakePut("r", {Cv("f", "new", "2", 2)}));
  del.__set_deleteSingle(MakeDelete("r", {Col("f", "old")}));
  rm.__set_mutations({put, del});
  client_->mutateRow("t", rm);
  EXPECT_EQ(Flatten(Get("r")), "r: f:new=2@2");
  // A mutation on an unknown family fails the whole row.
  bad.__set_put(MakePut("r", {Cv("nofam", "x", "3")}));
  rm.__set_mutations({put, bad});
  EXPECT_NE(IOErrorOf([&] { client_->mutateRow("t", rm); }), "");
}

TEST_F(Thrift2DataTest, ErrorsForUnknownTableFamilyAndDisabledTable) {
  t2::TResult r;
  EXPECT_EQ(IOErrorOf([&] { client_->get(r, "nope", MakeGet("r")); }).rfind("NotFound: ", 0), 0u);
  EXPECT_EQ(IOErrorOf([&] { PutCell("r", "nofam", "q", "v"); }).rfind("NotFound: ", 0), 0u);
  EXPECT_EQ(IOErrorOf([&] { client_->get(r, "bad name!", MakeGet("r")); })
                .rfind("InvalidArgument: ", 0), 0u);
  client_->disableTable(Name("t"));
  EXPECT_EQ(IOErrorOf([&] { client_->get(r, "t", MakeGet("r")); }).rfind("FailedPrecondition", 0),
            0u);
  EXPECT_EQ(IOErrorOf([&] { PutCell("r", "f", "q", "v"); }).rfind("FailedPrecondition", 0), 0u);
}

TEST_F(Thrift2DataTest, EmptyPutIsIOError) {
  EXPECT_NE(IOErrorOf([&] { client_->put("t", MakePut("r", {})); }), "");
}

}  // namespace
}  // namespace cellar::server
