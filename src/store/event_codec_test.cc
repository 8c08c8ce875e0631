#include "store/event_codec.h"

#include <gtest/gtest.h>

namespace cellar::store {
namespace {

TEST(EventCodecTest, DataEventRoundTrips) {
  Event e;
  e.id = 77;
  e.time_ms = 1700000000123;
  e.type = EventType::kData;
  e.table = TableName{"sales", "orders"};
  e.cells = {Cell{std::string("r\0w", 3), "f", "", 5, CellType::kPut, std::string("v\0", 2)},
             Cell{"r", "f", "q", 9, CellType::kDeleteColumn, ""}};
  auto d = DecodeEvent(77, EncodeEventValue(e));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(*d, e);
}

TEST(EventCodecTest, DdlEventCarriesDescriptor) {
  Event e;
  e.id = 3;
  e.type = EventType::kCreateTable;
  e.table = TableName{"default", "t"};
  TableDescriptor desc{e.table, {ColumnFamilyDescriptor{.name = "cf", .max_versions = 3}}};
  e.descriptor = desc;
  auto d = DecodeEvent(3, EncodeEventValue(e));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(*d, e);
}

TEST(EventCodecTest, TruncatedValueIsDataLoss) {
  Event e;
  e.type = EventType::kData;
  e.table = TableName{"ns", "t"};
  e.cells = {Cell{"row", "f", "q", 1, CellType::kPut, "value"}};
  std::string v = EncodeEventValue(e);
  for (size_t n = 0; n < v.size(); ++n) {
    auto d = DecodeEvent(1, v.substr(0, n));
    ASSERT_FALSE(d.ok()) << n;
    EXPECT_EQ(d.status().code(), StatusCode::kDataLoss);
  }
}

TEST(EventCodecTest, KeysSortById) {
  EXPECT_LT(EncodeEventKey(255), EncodeEventKey(256));
  EXPECT_EQ(DecodeEventKey(EncodeEventKey(123456789)), 123456789u);
}

}  // namespace
}  // namespace cellar::store

namespace cellar::store {
namespace {

TEST(EventCodecTest, TimeDecodesWithoutBody) {
  Event e;
  e.time_ms = 123456;
  e.type = EventType::kDropTable;
  e.table = TableName{"ns", "t"};
  auto t = DecodeEventTime(9, EncodeEventValue(e));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, 123456);
  EXPECT_EQ(DecodeEventTime(9, "x").status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace cellar::store
