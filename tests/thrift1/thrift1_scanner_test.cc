// The scanner methods of service Hbase through the generated C++ client.

#include "server/thrift/thrift1_scanner_registry.h"
#include "thrift1_fixture.h"

namespace cellar::server {
namespace {

using Strings = std::vector<std::string>;

class Thrift1ScannerTest : public Thrift1Fixture {
 protected:
  void SetUp() override {
    Thrift1Fixture::SetUp();
    if (HasFatalFailure()) return;
    CreateTable();
    for (int i = 1; i <= 4; ++i) {
      const std::string n = std::to_string(i);
      PutCell("r" + n, "f:a", "a" + n, 10 * i);
      PutCell("r" + n, "g:b", "b" + n, 10 * i);
    }
    PutCell("s1", "f:a", "s", 5);
  }
};

TEST_F(Thrift1ScannerTest, ScannerOpenVariants) {
  EXPECT_EQ(Flatten(Drain(client_->scannerOpen("t", "r3", {"f"}, {}))),
            (Strings{"r3: f:a=a3@30", "r4: f:a=a4@40", "s1: f:a=s@5"}));
  EXPECT_EQ(Flatten(Drain(client_->scannerOpenWithStop("t", "r2", "r4", {"g:b"}, {}))),
            (Strings{"r2: g:b=b2@20", "r3: g:b=b3@30"}));
  EXPECT_EQ(Flatten(Drain(client_->scannerOpenWithPrefix("t", "s", {}, {}))),
            Strings{"s1: f:a=s@5"});
  // Ts variants read versions strictly older than the timestamp.
  EXPECT_EQ(Flatten(Drain(client_->scannerOpenTs("t", "r2", {"f"}, 30, {}))),
            (Strings{"r2: f:a=a2@20", "s1: f:a=s@5"}));
  EXPECT_EQ(Flatten(Drain(client_->scannerOpenWithStopTs("t", "", "r3", {}, 20, {}))),
            Strings{"r1: f:a=a1@10 g:b=b1@10"});
}

TEST_F(Thrift1ScannerTest, ScannerOpenWithScanHonoursEveryTScanField) {
  h1::TScan scan;
  scan.__set_startRow("r2");
  scan.__set_stopRow("s");
  scan.__set_columns({"f:a"});
  scan.__set_caching(1);
  EXPECT_EQ(Flatten(Drain(client_->scannerOpenWithScan("t", scan, {}))),
            (Strings{"r2: f:a=a2@20", "r3: f:a=a3@30", "r4: f:a=a4@40"}));

  scan.__set_timestamp(40);
  scan.__set_reversed(true);
  scan.__set_startRow("r4");
  scan.__set_stopRow("r1");
  EXPECT_EQ(Flatten(Drain(client_->scannerOpenWithScan("t", scan, {}))),
            (Strings{"r3: f:a=a3@30", "r2: f:a=a2@20"}));

  h1::TScan filtered;
  filtered.__set_filterString("ValueFilter(=, 'binary:b2') OR PrefixFilter('s')");
  EXPECT_EQ(Flatten(Drain(client_->scannerOpenWithScan("t", filtered, {}))),
            (Strings{"r2: g:b=b2@20", "s1: f:a=s@5"}));

  h1::TScan sorted;
  sorted.__set_stopRow("r2");
  sorted.__set_sortColumns(true);
  std::vector<h1::TRowResult> rows = Drain(client_->scannerOpenWithScan("t", sorted, {}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_FALSE(rows[0].__isset.columns);
  ASSERT_EQ(rows[0].sortedColumns.size(), 2u);
  EXPECT_EQ(rows[0].sortedColumns[0].columnName, "f:a");
  EXPECT_EQ(rows[0].sortedColumns[1].columnName, "g:b");

  // batchSize splits a row into results of at most that many cells, same row key.
  h1::TScan batched;
  batched.__set_stopRow("r2");
  batched.__set_batchSize(1);
  EXPECT_EQ(Flatten(Drain(client_->scannerOpenWithScan("t", batched, {}))),
            (Strings{"r1: f:a=a1@10", "r1: g:b=b1@10"}));
}

TEST_F(Thrift1ScannerTest, BadFilterStringIsIOError) {
  h1::TScan scan;
  scan.__set_filterString("NoSuchFilter('x')");
  EXPECT_THRIFT_ERROR(client_->scannerOpenWithScan("t", scan, {}), h1::IOError, "filterString");
  scan.__set_filterString("PrefixFilter('x'");
  EXPECT_THRIFT_ERROR(client_->scannerOpenWithScan("t", scan, {}), h1::IOError, "filterString");
  EXPECT_THRIFT_ERROR(client_->scannerOpen("nope", "", {}, {}), h1::IOError, "nope");
  EXPECT_THRIFT_ERROR(client_->scannerOpen("t", "", {"nofamily"}, {}), h1::IOError, "nofamily");
}

TEST_F(Thrift1ScannerTest, ScannerStaysOpenAfterTheEndUntilClosed) {
  const int32_t id = client_->scannerOpenWithStop("t", "r1", "r3", {"f"}, {});
  std::vector<h1::TRowResult> rows;
  client_->scannerGet(rows, id);
  EXPECT_EQ(Flatten(rows), Strings{"r1: f:a=a1@10"});
  client_->scannerGetList(rows, id, 10);
  EXPECT_EQ(Flatten(rows), Strings{"r2: f:a=a2@20"});
  client_->scannerGetList(rows, id, 10);
  EXPECT_TRUE(rows.empty());
  client_->scannerGet(rows, id);  // still valid: happybase reads the empty list, then closes
  EXPECT_TRUE(rows.empty());
  client_->scannerClose(id);
  EXPECT_THRIFT_ERROR(client_->scannerClose(id), h1::IllegalArgument, "scanner ID is invalid");
  EXPECT_THRIFT_ERROR(client_->scannerGetList(rows, id, 1), h1::IllegalArgument,
                      "scanner ID is invalid");
  EXPECT_THRIFT_ERROR(client_->scannerGet(rows, 12345), h1::IllegalArgument,
                      "scanner ID is invalid");
}

TEST_F(Thrift1ScannerTest, ScannersBelongToTheirConnection) {
  const int32_t id = client_->scannerOpen("t", "", {}, {});
  auto other = Connect();
  std::vector<h1::TRowResult> rows;
  EXPECT_THRIFT_ERROR(other->scannerGetList(rows, id + 1000, 1), h1::IllegalArgument, "");
  const int32_t other_id = other->scannerOpen("t", "s", {}, {});
  other->scannerGetList(rows, other_id, 5);
  EXPECT_EQ(Flatten(rows), Strings{"s1: f:a=s@5"});
  client_->scannerGetList(rows, id, 1);
  EXPECT_EQ(Flatten(rows), Strings{"r1: f:a=a1@10 g:b=b1@10"});
}

TEST_F(Thrift1ScannerTest, OpenScannersPerConnectionAreCapped) {
  for (size_t i = 0; i < Thrift1ScannerRegistry::kDefaultCapacity; ++i) {
    client_->scannerOpen("t", "", {}, {});
  }
  EXPECT_THRIFT_ERROR(client_->scannerOpen("t", "", {}, {}), h1::IOError, "open scanners");
  client_->scannerClose(0);
  EXPECT_EQ(client_->scannerOpen("t", "", {}, {}),
            static_cast<int32_t>(Thrift1ScannerRegistry::kDefaultCapacity));
}

}  // namespace
}  // namespace cellar::server
