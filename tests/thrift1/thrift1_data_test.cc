// The reads and writes of service Hbase through the generated C++ client.

#include "thrift1_fixture.h"
#include "util/bytes.h"

namespace cellar::server {
namespace {

using Thrift1DataTest = Thrift1Fixture;
using Strings = std::vector<std::string>;

TEST_F(Thrift1DataTest, GetReadsVersionsAndTsIsExclusive) {
  CreateTable();
  PutCell("r", "f:a", "v1", 10);
  PutCell("r", "f:a", "v2", 20);
  PutCell("r", "f:a", "v3", 30);
  std::vector<h1::TCell> cells;
  client_->get(cells, "t", "r", "f:a", {});
  EXPECT_EQ(Values(cells), Strings{"v3@30"});
  client_->getVer(cells, "t", "r", "f:a", 2, {});
  EXPECT_EQ(Values(cells), (Strings{"v3@30", "v2@20"}));
  // [0, 30): the version at 30 itself is not included, as HBase's setTimeRange(0, ts).
  client_->getVerTs(cells, "t", "r", "f:a", 30, 5, {});
  EXPECT_EQ(Values(cells), (Strings{"v2@20", "v1@10"}));
  client_->get(cells, "t", "r", "f:missing", {});
  EXPECT_TRUE(cells.empty());
  EXPECT_THRIFT_ERROR(client_->getVer(cells, "t", "r", "f:a", 0, {}), h1::IOError,
                      "must be positive");
}

TEST_F(Thrift1DataTest, BareFamilyMeansWholeFamilyAndTrailingColonTheEmptyQualifier) {
  CreateTable();
  PutCell("r", "f:a", "A", 1);
  PutCell("r", "f:", "EMPTY", 1);
  std::vector<h1::TCell> cells;
  client_->get(cells, "t", "r", "f", {});
  EXPECT_EQ(Values(cells), (Strings{"EMPTY@1", "A@1"}));
  client_->get(cells, "t", "r", "f:", {});
  EXPECT_EQ(Values(cells), Strings{"EMPTY@1"});
}

TEST_F(Thrift1DataTest, GetRowVariants) {
  CreateTable();
  PutCell("r", "f:a", "a1", 10);
  PutCell("r", "f:a", "a2", 20);
  PutCell("r", "g:b", "b1", 10);
  std::vector<h1::TRowResult> rows;
  client_->getRow(rows, "t", "r", {});
  EXPECT_EQ(Flatten(rows), Strings{"r: f:a=a2@20 g:b=b1@10"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].__isset.columns);
  EXPECT_FALSE(rows[0].__isset.sortedColumns);
  client_->getRowWithColumns(rows, "t", "r", {"g"}, {});
  EXPECT_EQ(Flatten(rows), Strings{"r: g:b=b1@10"});
  client_->getRowTs(rows, "t", "r", 20, {});
  EXPECT_EQ(Flatten(rows), Strings{"r: f:a=a1@10 g:b=b1@10"});
  client_->getRowWithColumnsTs(rows, "t", "r", {"f:a"}, 11, {});
  EXPECT_EQ(Flatten(rows), Strings{"r: f:a=a1@10"});
  client_->getRowTs(rows, "t", "r", 10, {});
  EXPECT_TRUE(rows.empty());
  client_->getRow(rows, "t", "missing", {});
  EXPECT_TRUE(rows.empty());
}

TEST_F(Thrift1DataTest, GetRowsDropsMissingRows) {
  CreateTable();
  PutCell("r1", "f:a", "1", 10);
  PutCell("r3", "f:a", "3", 10);
  PutCell("r3", "g:b", "3b", 20);
  std::vector<h1::TRowResult> rows;
  client_->getRows(rows, "t", {"r1", "r2", "r3"}, {});
  EXPECT_EQ(Flatten(rows), (Strings{"r1: f:a=1@10", "r3: f:a=3@10 g:b=3b@20"}));
  client_->getRowsWithColumns(rows, "t", {"r3", "r1"}, {"g:b"}, {});
  EXPECT_EQ(Flatten(rows), Strings{"r3: g:b=3b@20"});
  client_->getRowsTs(rows, "t", {"r1", "r3"}, 20, {});
  EXPECT_EQ(Flatten(rows), (Strings{"r1: f:a=1@10", "r3: f:a=3@10"}));
  client_->getRowsWithColumnsTs(rows, "t", {"r1", "r3"}, {"g"}, 21, {});
  EXPECT_EQ(Flatten(rows), Strings{"r3: g:b=3b@20"});
}

TEST_F(Thrift1DataTest, UnknownTableFamilyAndDisabledTableAreIOErrors) {
  CreateTable();
  std::vector<h1::TCell> cells;
  std::vector<h1::TRowResult> rows;
  EXPECT_THRIFT_ERROR(client_->get(cells, "nope", "r", "f:a", {}), h1::IOError, "nope");
  EXPECT_THRIFT_ERROR(client_->getRow(rows, "nope", "r", {}), h1::IOError, "nope");
  EXPECT_THRIFT_ERROR(client_->mutateRow("nope", "r", {Put("f:a", "v")}, {}), h1::IOError,
                      "nope");
  EXPECT_THRIFT_ERROR(client_->get(cells, "t", "r", "nofamily:a", {}), h1::IOError, "nofamily");
  EXPECT_THRIFT_ERROR(client_->mutateRow("t", "r", {Put("nofamily:a", "v")}, {}), h1::IOError,
                      "nofamily");
  client_->disableTable("t");
  EXPECT_THRIFT_ERROR(client_->get(cells, "t", "r", "f:a", {}), h1::IOError, "");
  EXPECT_THRIFT_ERROR(client_->mutateRow("t", "r", {Put("f:a", "v")}, {}), h1::IOError, "");
  EXPECT_THRIFT_ERROR(client_->scannerOpen("t", "", {}, {}), h1::IOError, "");
}

TEST_F(Thrift1DataTest, MutateRowAppliesPutsAndDeletesAtOneTimestamp) {
  CreateTable();
  PutCell("r", "f:old", "x", 5);
  PutCell("r", "g:gone", "x", 5);
  clock_.Set(1000);
  client_->mutateRow("t", "r", {Put("f:a", "1"), Put("f:b", ""), Del("g"), Put("f", "skipped")},
                     {});
  std::vector<h1::TRowResult> rows;
  client_->getRow(rows, "t", "r", {});
  EXPECT_EQ(Flatten(rows), Strings{"r: f:a=1@1000 f:b=@1000 f:old=x@5"});

  // A delete with a timestamp covers every version at or before it.
  PutCell("r", "f:a", "2", 2000);
  client_->mutateRowTs("t", "r", {Del("f:a"), Put("f:c", "c")}, 1500, {});
  client_->getRow(rows, "t", "r", {});
  EXPECT_EQ(Flatten(rows), Strings{"r: f:a=2@2000 f:b=@1000 f:c=c@1500 f:old=x@5"});

  h1::Mutation unlogged = Put("f:d", "d");
  unlogged.writeToWAL = false;
  client_->mutateRow("t", "r", {unlogged}, {});
  std::vector<h1::TCell> cells;
  client_->get(cells, "t", "r", "f:d", {});
  EXPECT_EQ(Values(cells), Strings{"d@1000"});

  EXPECT_THRIFT_ERROR(client_->mutateRow("t", "", {Put("f:a", "v")}, {}), h1::IllegalArgument,
                      "row");
  EXPECT_THRIFT_ERROR(client_->mutateRowTs("t", "r", {Put("f:a", "v")}, -5, {}),
                      h1::IllegalArgument, "negative");
}

TEST_F(Thrift1DataTest, MutateRowsWritesEachRow) {
  CreateTable();
  PutCell("r2", "f:x", "x", 1);
  h1::BatchMutation b1;
  b1.row = "r1";
  b1.mutations = {Put("f:a", "1"), Put("g:b", "2")};
  h1::BatchMutation b2;
  b2.row = "r2";
  b2.mutations = {Del("f:x"), Put("f:y", "y")};
  client_->mutateRowsTs("t", {b1, b2}, 50, {});
  std::vector<h1::TRowResult> rows;
  client_->getRows(rows, "t", {"r1", "r2"}, {});
  EXPECT_EQ(Flatten(rows), (Strings{"r1: f:a=1@50 g:b=2@50", "r2: f:y=y@50"}));

  clock_.Set(100);
  b1.mutations = {Put("f:a", "new")};
  client_->mutateRows("t", {b1}, {});
  std::vector<h1::TCell> cells;
  client_->get(cells, "t", "r1", "f:a", {});
  EXPECT_EQ(Values(cells), Strings{"new@100"});

  // A put to a bare family is an IllegalArgument in mutateRows (mutateRow skips it).
  b1.mutations = {Put("f", "v")};
  EXPECT_THRIFT_ERROR(client_->mutateRows("t", {b1}, {}), h1::IllegalArgument, "qualifier");
}

TEST_F(Thrift1DataTest, DeleteAllVariantsCoverVersionsAtOrBeforeTs) {
  CreateTable();
  for (int64_t ts : {10, 20, 30}) {
    PutCell("r", "f:a", "a" + std::to_string(ts), ts);
    PutCell("r", "f:b", "b" + std::to_string(ts), ts);
  }
  PutCell("r", "g:c", "c", 10);
  client_->deleteAllTs("t", "r", "f:a", 20, {});
  std::vector<h1::TCell> cells;
  client_->getVer(cells, "t", "r", "f:a", 5, {});
  EXPECT_EQ(Values(cells), Strings{"a30@30"});
  client_->deleteAll("t", "r", "f:a", {});
  client_->get(cells, "t", "r", "f:a", {});
  EXPECT_TRUE(cells.empty());
  client_->deleteAll("t", "r", "g", {});  // a bare family deletes the family
  client_->get(cells, "t", "r", "g", {});
  EXPECT_TRUE(cells.empty());

  client_->deleteAllRowTs("t", "r", 20, {});
  client_->getVer(cells, "t", "r", "f:b", 5, {});
  EXPECT_EQ(Values(cells), Strings{"b30@30"});
  client_->deleteAllRow("t", "r", {});
  std::vector<h1::TRowResult> rows;
  client_->getRow(rows, "t", "r", {});
  EXPECT_TRUE(rows.empty());
  EXPECT_THRIFT_ERROR(client_->deleteAll("nope", "r", "f:a", {}), h1::IOError, "nope");
}

TEST_F(Thrift1DataTest, AtomicIncrementAndIncrement) {
  CreateTable();
  EXPECT_EQ(client_->atomicIncrement("t", "r", "f:n", 5), 5);
  EXPECT_EQ(client_->atomicIncrement("t", "r", "f:n", -7), -2);
  EXPECT_EQ(client_->atomicIncrement("t", "r", "f:n", 0), -2);  // happybase's counter_get
  // A bare family increments the empty qualifier.
  EXPECT_EQ(client_->atomicIncrement("t", "r", "g", 3), 3);
  std::vector<h1::TCell> cells;
  client_->get(cells, "t", "r", "g:", {});
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0].value, EncodeLong(3));

  h1::TIncrement inc;
  inc.table = "t";
  inc.row = "r";
  inc.column = "f:n";
  inc.ammount = 10;
  client_->increment(inc);
  h1::TIncrement other = inc;
  other.row = "r2";
  client_->incrementRows({inc, other});
  client_->get(cells, "t", "r", "f:n", {});
  EXPECT_EQ(cells.at(0).value, EncodeLong(18));
  client_->get(cells, "t", "r2", "f:n", {});
  EXPECT_EQ(cells.at(0).value, EncodeLong(10));

  PutCell("r", "f:text", "1", 1);
  EXPECT_THRIFT_ERROR(client_->atomicIncrement("t", "r", "f:text", 1), h1::IllegalArgument,
                      "not a long");
  inc.column = "f";
  EXPECT_THRIFT_ERROR(client_->increment(inc), h1::IOError, "qualifier");
  inc.row = "";
  EXPECT_THRIFT_ERROR(client_->increment(inc), h1::IOError, "row key");
}

TEST_F(Thrift1DataTest, AppendReturnsNewValues) {
  CreateTable();
  PutCell("r", "f:a", "x", 1);
  h1::TAppend app;
  app.table = "t";
  app.row = "r";
  app.columns = {"f:a", "f:b"};
  app.values = {"y", "z"};
  std::vector<h1::TCell> cells;
  client_->append(cells, app);
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[0].value, "xy");
  EXPECT_EQ(cells[1].value, "z");
  app.values = {"only one"};
  EXPECT_THRIFT_ERROR(client_->append(cells, app), h1::IOError, "pair up");
}

TEST_F(Thrift1DataTest, CheckAndPut) {
  CreateTable();
  // No value: the column must not exist.
  EXPECT_TRUE(client_->checkAndPut("t", "r", "f:a", "", Put("f:a", "1"), {}));
  EXPECT_FALSE(client_->checkAndPut("t", "r", "f:a", "", Put("f:a", "2"), {}));
  EXPECT_FALSE(client_->checkAndPut("t", "r", "f:a", "wrong", Put("f:b", "2"), {}));
  EXPECT_TRUE(client_->checkAndPut("t", "r", "f:a", "1", Put("f:b", "2"), {}));
  std::vector<h1::TRowResult> rows;
  client_->getRow(rows, "t", "r", {});
  EXPECT_EQ(Flatten(rows), Strings{"r: f:a=1@1700000000000 f:b=2@1700000000000"});
  EXPECT_THRIFT_ERROR(client_->checkAndPut("t", "r", "f:a", "1", Put("f", "2"), {}),
                      h1::IllegalArgument, "qualifier");
  EXPECT_THRIFT_ERROR(client_->checkAndPut("nope", "r", "f:a", "1", Put("f:a", "2"), {}),
                      h1::IOError, "nope");
}

TEST_F(Thrift1DataTest, GetRowOrBeforeFindsTheRowAtOrBefore) {
  CreateTable();
  PutCell("b", "f:a", "B", 1);
  PutCell("d", "f:a", "D", 1);
  std::vector<h1::TCell> cells;
  client_->getRowOrBefore(cells, "t", "c", "f");
  EXPECT_EQ(Values(cells), Strings{"B@1"});
  client_->getRowOrBefore(cells, "t", "d", "f:");
  EXPECT_EQ(Values(cells), Strings{"D@1"});
  cells.clear();
  client_->getRowOrBefore(cells, "t", "a", "f");
  EXPECT_TRUE(cells.empty());
}

}  // namespace
}  // namespace cellar::server
