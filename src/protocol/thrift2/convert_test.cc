#include "protocol/thrift2/convert.h"

#include <gtest/gtest.h>
#include <thrift/transport/TTransportException.h>

#include "cellar/filter.h"

namespace cellar::thrift2 {
namespace {

t2::TColumn Column(std::string family, std::optional<std::string> qualifier = std::nullopt,
                   std::optional<int64_t> ts = std::nullopt) {
  t2::TColumn c;
  c.__set_family(std::move(family));
  if (qualifier) c.__set_qualifier(*qualifier);
  if (ts) c.__set_timestamp(*ts);
  return c;
}

TEST(Thrift2ConvertTest, GetTimestampWinsOverTimeRange) {
  t2::TGet in;
  in.__set_row("r");
  in.__set_columns({Column("f", "q"), Column("g")});
  in.__set_timestamp(7);
  in.__set_timeRange({});
  in.timeRange.__set_minStamp(1);
  in.timeRange.__set_maxStamp(100);
  in.__set_maxVersions(3);
  Result<Get> get = GetFromThrift(in);
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  EXPECT_EQ(get->row(), "r");
  EXPECT_EQ(get->time_range(), TimeRange::At(7));
  EXPECT_EQ(get->max_versions(), 3);
  EXPECT_TRUE(get->columns().WantsColumn("f", "q"));
  EXPECT_FALSE(get->columns().WantsColumn("f", "other"));
  EXPECT_TRUE(get->columns().WantsColumn("g", "anything"));
}

TEST(Thrift2ConvertTest, GetRoundTripKeepsFilter) {
  t2::TGet in;
  in.__set_row("r");
  in.__set_filterString("PrefixFilter('r')");
  Result<Get> get = GetFromThrift(in);
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  ASSERT_NE(get->filter(), nullptr);
  Result<t2::TGet> back = GetToThrift(*get);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->__isset.filterString);
  EXPECT_TRUE(GetFromThrift(*back).ok());
}

TEST(Thrift2ConvertTest, BadFilterStringIsInvalidArgument) {
  t2::TScan in;
  in.__set_filterString("NoSuchFilter('x')");
  Result<Scan> scan = ScanFromThrift(in);
  ASSERT_FALSE(scan.ok());
  EXPECT_TRUE(scan.status().IsInvalidArgument());
  EXPECT_NE(scan.status().message().find("filterString"), std::string::npos);
}

TEST(Thrift2ConvertTest, ScanDefaultsAndFields) {
  t2::TScan defaults;
  Result<Scan> d = ScanFromThrift(defaults);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->max_versions(), 1);
  EXPECT_EQ(d->limit(), 0);
  EXPECT_EQ(d->batch(), 0);

  t2::TScan in;
  in.__set_startRow("a");
  in.__set_stopRow("z");
  in.__set_caching(7);
  in.__set_maxVersions(5);
  in.__set_batchSize(2);
  in.__set_reversed(true);
  in.__set_limit(9);
  in.__set_attributes({{"ignored", "yes"}});
  Result<Scan> scan = ScanFromThrift(in);
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan->start_row(), "a");
  EXPECT_EQ(scan->stop_row(), "z");
  EXPECT_EQ(scan->caching(), 7);
  EXPECT_EQ(scan->max_versions(), 5);
  EXPECT_EQ(scan->batch(), 2);
  EXPECT_TRUE(scan->reversed());
  EXPECT_EQ(scan->limit(), 9);

  Result<t2::TScan> back = ScanToThrift(*scan);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->startRow, "a");
  EXPECT_EQ(back->stopRow, "z");
  EXPECT_EQ(back->maxVersions, 5);
  EXPECT_EQ(back->batchSize, 2);
  EXPECT_TRUE(back->reversed);
  EXPECT_EQ(back->limit, 9);
}

TEST(Thrift2ConvertTest, ScanRowPrefixBecomesStartAndStop) {
  Result<t2::TScan> fwd = ScanToThrift(Scan().SetRowPrefix("ab\xff"));
  ASSERT_TRUE(fwd.ok());
  EXPECT_EQ(fwd->startRow, "ab\xff");
  EXPECT_EQ(fwd->stopRow, "ac");
  Result<t2::TScan> rev = ScanToThrift(Scan().SetRowPrefix("it's").SetReversed(true));
  ASSERT_TRUE(rev.ok());
  EXPECT_EQ(rev->filterString, "PrefixFilter ('it''s')");
  EXPECT_TRUE(ScanFromThrift(*rev).ok());
  EXPECT_FALSE(ScanToThrift(Scan().SetRaw(true)).ok());
}

TEST(Thrift2ConvertTest, UnsupportedReadFieldsAreRejected) {
  t2::TScan scan;
  scan.__set_filterBytes("java");
  EXPECT_TRUE(ScanFromThrift(scan).status().IsInvalidArgument());
  t2::TGet get;
  get.__set_storeLimit(1);
  EXPECT_TRUE(GetFromThrift(get).status().IsInvalidArgument());
}

TEST(Thrift2ConvertTest, PutTimestampsCellThenPutThenNow) {
  t2::TPut in;
  in.__set_row("r");
  t2::TColumnValue a, b;
  a.__set_family("f");
  a.__set_qualifier("a");
  a.__set_value("1");
  a.__set_timestamp(5);
  b.__set_family("f");
  b.__set_qualifier("b");
  b.__set_value("2");
  in.__set_columnValues({a, b});
  in.__set_timestamp(9);
  in.__set_durability(t2::TDurability::SKIP_WAL);
  Result<Put> put = PutFromThrift(in);
  ASSERT_TRUE(put.ok());
  ASSERT_EQ(put->cells().size(), 2u);
  EXPECT_EQ(put->cells()[0].timestamp, 5);
  EXPECT_EQ(put->cells()[1].timestamp, 9);
  EXPECT_EQ(put->durability(), Durability::kSkipWal);
  t2::TPut back = PutToThrift(*put);
  EXPECT_EQ(back.columnValues[0].timestamp, 5);
  EXPECT_EQ(back.timestamp, 9);
  EXPECT_EQ(back.durability, t2::TDurability::SKIP_WAL);

  in.columnValues.clear();
  EXPECT_TRUE(PutFromThrift(in).status().IsInvalidArgument());
}

TEST(Thrift2ConvertTest, DeleteTypesMapToMarkers) {
  t2::TDelete in;
  in.__set_row("r");
  in.__set_columns({Column("f", "q", 5), Column("g")});
  in.__isset.deleteType = false;  // as C++ clients that never touch it send it
  Result<Delete> del = DeleteFromThrift(in);
  ASSERT_TRUE(del.ok());
  ASSERT_EQ(del->markers().size(), 2u);
  EXPECT_EQ(del->markers()[0].type, CellType::kDeleteColumn);
  EXPECT_EQ(del->markers()[0].timestamp, 5);
  EXPECT_EQ(del->markers()[1].type, CellType::kDeleteFamily);

  in.__set_deleteType(t2::TDeleteType::DELETE_COLUMN);
  in.__set_columns({Column("f", "q")});
  del = DeleteFromThrift(in);
  ASSERT_TRUE(del.ok());
  EXPECT_EQ(del->markers()[0].type, CellType::kDelete);
  EXPECT_EQ(del->markers()[0].timestamp, kLatestTimestamp);

  in.__set_deleteType(t2::TDeleteType::DELETE_FAMILY_VERSION);
  EXPECT_TRUE(DeleteFromThrift(in).status().IsInvalidArgument());
  in.__set_columns({Column("f", std::nullopt, 3)});
  del = DeleteFromThrift(in);
  ASSERT_TRUE(del.ok());
  EXPECT_EQ(del->markers()[0].type, CellType::kDeleteFamilyVersion);
}

TEST(Thrift2ConvertTest, WholeRowDeleteAndSplitByType) {
  t2::TDelete in;
  in.__set_row("r");
  in.__set_timestamp(4);
  Result<Delete> del = DeleteFromThrift(in);
  ASSERT_TRUE(del.ok());
  EXPECT_TRUE(del->IsWholeRow());
  EXPECT_EQ(del->timestamp(), 4);

  Delete mixed("r");
  mixed.AddColumn("f", "a").AddColumn("f", "b", 3).AddFamily("g", 8);
  std::vector<t2::TDelete> out = DeleteToThrift(mixed);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].deleteType, t2::TDeleteType::DELETE_COLUMN);
  ASSERT_EQ(out[0].columns.size(), 2u);
  EXPECT_FALSE(out[0].columns[0].__isset.timestamp);
  EXPECT_EQ(out[0].columns[1].timestamp, 3);
  EXPECT_EQ(out[1].deleteType, t2::TDeleteType::DELETE_FAMILY);
  EXPECT_FALSE(out[1].columns[0].__isset.qualifier);

  RowMutations rm("r");
  rm.Add(Put("r").AddColumn("f", "a", "1")).Add(mixed);
  t2::TRowMutations trm = RowMutationsToThrift(rm);
  EXPECT_EQ(trm.mutations.size(), 3u);
  Result<RowMutations> back = RowMutationsFromThrift(trm);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->mutations().size(), 3u);
}

TEST(Thrift2ConvertTest, EmptyResultHasNoRow) {
  t2::TResult empty = ResultToThrift(RowResult());
  EXPECT_FALSE(empty.__isset.row);
  EXPECT_TRUE(empty.columnValues.empty());

  RowResult rr("r", {Cell{"r", "f", "q", 5, CellType::kPut, "v"}});
  t2::TResult t = ResultToThrift(rr);
  EXPECT_EQ(t.row, "r");
  ASSERT_EQ(t.columnValues.size(), 1u);
  EXPECT_EQ(t.columnValues[0].type, 4);
  EXPECT_EQ(ResultFromThrift(t).cells(), rr.cells());
}

TEST(Thrift2ConvertTest, IncrementAmountDefaultsToOne) {
  t2::TIncrement in;
  in.__set_row("r");
  t2::TColumnIncrement c;
  c.__set_family("f");
  c.__set_qualifier("n");
  c.__isset.amount = false;
  in.__set_columns({c});
  Result<Increment> inc = IncrementFromThrift(in);
  ASSERT_TRUE(inc.ok());
  EXPECT_EQ(inc->columns()[0].amount, 1);
  EXPECT_EQ(IncrementToThrift(*inc).columns[0].amount, 1);
}

TEST(Thrift2ConvertTest, SchemaRoundTrip) {
  TableDescriptor desc;
  desc.name = {"ns", "t"};
  ColumnFamilyDescriptor f;
  f.name = "f";
  f.max_versions = 3;
  f.ttl_seconds = 60;
  f.compression = Compression::kZstd;
  f.new_version_behavior = true;
  desc.families.push_back(f);
  t2::TTableDescriptor t = TableDescriptorToThrift(desc);
  EXPECT_EQ(t.tableName.ns, "ns");
  Result<TableDescriptor> back = TableDescriptorFromThrift(t);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, desc);

  t2::TTableName bare;
  bare.__set_qualifier("t");
  EXPECT_EQ(TableNameFromThrift(bare)->ns, "default");
  bare.__set_qualifier("bad name");
  EXPECT_FALSE(TableNameFromThrift(bare).ok());

  t2::TColumnFamilyDescriptor gz;
  gz.__set_name("f");
  gz.__set_compressionType(t2::TCompressionAlgorithm::GZ);
  EXPECT_TRUE(ColumnFamilyDescriptorFromThrift(gz).status().IsInvalidArgument());
}

TEST(Thrift2ConvertTest, StatusCodesSurviveTheWire) {
  for (Status s : {Status::NotFound("table 'x'"), Status::AlreadyExists("t"),
                   Status::FailedPrecondition("disabled"), Status::InvalidArgument("bad"),
                   Status::Unavailable("busy"), Status::Internal("bug")}) {
    ThriftError e = StatusToThrift(s);
    ASSERT_TRUE(std::holds_alternative<t2::TIOError>(e));
    const t2::TIOError& io = std::get<t2::TIOError>(e);
    EXPECT_EQ(io.canRetry, s.code() == StatusCode::kUnavailable);
    Status back = StatusFromThrift(io);
    EXPECT_EQ(back.code(), s.code());
    EXPECT_EQ(back.message(), s.message());
  }
  ThriftError ia = StatusToThrift(Status::InvalidArgument("Invalid scanner Id"), true);
  ASSERT_TRUE(std::holds_alternative<t2::TIllegalArgument>(ia));
  EXPECT_TRUE(StatusFromThrift(std::get<t2::TIllegalArgument>(ia)).IsInvalidArgument());
  EXPECT_THROW(ThrowStatus(Status::NotFound("x")), t2::TIOError);

  t2::TIOError hbase;
  hbase.__set_message("org.apache.hadoop.hbase.TableNotFoundException: t");
  EXPECT_TRUE(StatusFromThrift(hbase).IsNotFound());
  hbase.__set_message("something odd");
  hbase.__set_canRetry(true);
  EXPECT_EQ(StatusFromThrift(hbase).code(), StatusCode::kUnavailable);
  apache::thrift::transport::TTransportException closed("closed");
  EXPECT_EQ(StatusFromThriftException(closed).code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace cellar::thrift2
