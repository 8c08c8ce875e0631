#include "replicate/mysql/key_sorted_rows.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace cellar::mysql {
namespace {

PublishedRow MakeRow(std::string key, std::vector<std::optional<std::string_view>> values) {
  return PublishedRow{std::move(key), std::move(values)};
}

// Every row drained, as "key:v1|v2" with NULL as "-" and "" as "''".
std::vector<std::string> DrainAll(KeySortedRows& rows) {
  std::vector<std::string> out;
  Status s = rows.Drain([&](PublishedRow& row) {
    std::string line = row.key + ":";
    for (const auto& v : row.values)
      line += (v ? (v->empty() ? "''" : std::string(*v)) : "-") + "|";
    out.push_back(line);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

TEST(KeySortedRowsTest, DrainsAscendingByKeyWithValuesIntact) {
  KeySortedRows rows(1 << 20);
  std::string nul("a\0b", 3);
  EXPECT_FALSE(rows.Add(MakeRow("c", {"3", std::nullopt})));
  EXPECT_FALSE(rows.Add(MakeRow("a", {"", nul})));
  EXPECT_FALSE(rows.Add(MakeRow("b", {std::nullopt, "x"})));
  EXPECT_EQ(DrainAll(rows), (std::vector<std::string>{"a:''|" + nul + "|", "b:-|x|", "c:3|-|"}));
  EXPECT_TRUE(rows.empty());
}

// Keys that share their first 8 bytes, are shorter than 8, or differ only by a NUL or a byte
// above 0x7f come out in std::string's (bytewise) order.
TEST(KeySortedRowsTest, KeysSortBytewisePastTheirFirstEightBytes) {
  std::vector<std::string> keys = {
      "prefix12b", "prefix12a", "prefix12", "pre", std::string("pre\0", 4),
      "pre\xff",   "pre\x01",   "prefix1",  "z",   "prefix12\xff",
      "0"};
  KeySortedRows rows(1 << 20);
  for (const std::string& k : keys) (void)rows.Add(MakeRow(k, {}));
  std::vector<std::string> drained;
  ASSERT_TRUE(rows.Drain([&](PublishedRow& row) {
                    drained.push_back(row.key);
                    return Status::Ok();
                  })
                  .ok());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(drained, keys);
}

TEST(KeySortedRowsTest, RowsWithOneKeyKeepTheirOrder) {
  KeySortedRows rows(1 << 20);
  for (std::string v : {"1", "2", "3"}) {
    (void)rows.Add(MakeRow("k", {v}));
    (void)rows.Add(MakeRow("j", {v}));
  }
  EXPECT_EQ(DrainAll(rows),
            (std::vector<std::string>{"j:1|", "j:2|", "j:3|", "k:1|", "k:2|", "k:3|"}));
}

// Many rows: hex keys as the row hashes are, keys sharing their first 8 bytes, short keys and
// repeated keys, each repeat with its own value; they come out as std::stable_sort orders them.
TEST(KeySortedRowsTest, ManyRowsComeOutAsAStableSortOrdersThem) {
  std::vector<std::pair<std::string, std::string>> rows;  // (key, value)
  uint64_t x = 88172645463325252u;                          // xorshift64
  auto next = [&] { return x ^= x << 13, x ^= x >> 7, x ^= x << 17; };
  for (int i = 0; i < 20000; ++i) {
    const uint64_t r = next();
    std::string key;
    switch (r % 4) {
      case 0: {  // hex, 16 digits
        static constexpr char kHex[] = "0123456789abcdef";
        for (int d = 0; d < 16; ++d) key += kHex[(r >> (4 * d)) & 15];
        break;
      }
      case 1:  // one 8-byte prefix, then a byte that differs
        key = "samepfx:" + std::string(1, static_cast<char>(r >> 8));
        break;
      case 2:  // short, with NULs and bytes above 0x7f
        key = std::string(1 + (r >> 8) % 3, static_cast<char>(r >> 16));
        break;
      default:  // a few keys seen many times
        key = "dup" + std::to_string((r >> 8) % 5);
    }
    rows.emplace_back(key, std::to_string(i));
  }
  KeySortedRows sorted(64 << 20);
  for (const auto& [key, value] : rows) (void)sorted.Add(MakeRow(key, {value}));
  std::vector<std::string> drained;
  ASSERT_TRUE(sorted
                  .Drain([&](PublishedRow& row) {
                    drained.push_back(row.key + ":" + std::string(*row.values[0]));
                    return Status::Ok();
                  })
                  .ok());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> expected;
  for (const auto& [key, value] : rows) expected.push_back(key + ":" + value);
  EXPECT_EQ(drained, expected);
}

TEST(KeySortedRowsTest, AddSaysWhenTheBudgetIsReachedAndDrainEmpties) {
  KeySortedRows rows(100);
  std::string value(30, 'v');
  int added = 1;
  while (!rows.Add(MakeRow("key" + std::to_string(added), {value}))) ++added;
  EXPECT_GE(added, 2);
  EXPECT_LE(added, 3);  // 30 bytes and a 16-byte piece per row: the third reaches 100
  EXPECT_EQ(DrainAll(rows).size(), static_cast<size_t>(added));
  EXPECT_FALSE(rows.Add(MakeRow("z", {"after"})));
  EXPECT_EQ(DrainAll(rows), std::vector<std::string>{"z:after|"});
}

TEST(KeySortedRowsTest, DrainStopsAtTheFirstErrorAndDropsTheRows) {
  KeySortedRows rows(1 << 20);
  for (std::string k : {"b", "a", "c"}) (void)rows.Add(MakeRow(k, {"v"}));
  std::vector<std::string> seen;
  Status s = rows.Drain([&](PublishedRow& row) {
    seen.push_back(row.key);
    return row.key == "b" ? Status::InvalidArgument("bad row") : Status::Ok();
  });
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(rows.empty());
}

}  // namespace
}  // namespace cellar::mysql
