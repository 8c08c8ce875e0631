// EntryPieces (bulk_runs.h): a key given as head + tail compares and copies as the joined key,
// wherever it is split, with 0x00 and 0xFF bytes and keys that are prefixes of each other.
// StreamKeyOrder (bulk_key_order.h) compares as whole keys; RunStream writes what it is given
// and leaves the order check to RocksDB's table writer; its blocks go back to the pool.

#include "store/bulk_runs.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "store/bulk_key_order.h"
#include "store/test_util.h"

namespace cellar::store {
namespace {

TEST(EntryPiecesTest, KeyComparesAsTheJoinedKeyWhereverItIsSplit) {
  const std::string z(1, '\0');
  const std::string ff(1, '\xff');
  const std::vector<std::string> keys = {"",
                                         "a",
                                         "ab",
                                         "abc",
                                         "abd",
                                         "b",
                                         z,
                                         z + z,
                                         z + ff,
                                         ff,
                                         ff + z,
                                         "ab" + z,
                                         "ab" + ff,
                                         "a" + z + "c",
                                         "a" + ff + "c",
                                         "abc" + z + "x",
                                         "abc" + ff,
                                         "abcd",
                                         "abcc"};
  int compared = 0;
  for (const std::string& key : keys) {
    for (size_t split = 0; split <= key.size(); ++split) {
      const EntryPieces entry{.key_head = std::string_view(key).substr(0, split),
                              .key_tail = std::string_view(key).substr(split)};
      EXPECT_EQ(entry.key_size(), key.size());
      for (const std::string& other : keys) {
        EXPECT_EQ(entry.KeyGreaterThan(other), key > other)
            << "'" << key << "' split at " << split << " against '" << other << "'";
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 1000);
}

TEST(EntryPiecesTest, CopiesPiecesOfEverySize) {
  std::string bytes(40, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>('A' + i);
  const std::string_view all(bytes);
  for (size_t a = 0; a <= 20; ++a) {
    for (size_t b = 0; b <= 20; ++b) {
      const EntryPieces entry{.key_head = all.substr(0, a),
                              .key_tail = all.substr(a, b),
                              .value_head = all.substr(0, b),
                              .value_tail = all.substr(b, a)};
      std::string out(entry.key_size() + entry.value_size() + 8, '-');
      entry.CopyTo(out.data());
      std::string expected(all.substr(0, a + b));  // not operator+: GCC 12 warns (-Wrestrict)
      expected.append(all.substr(0, a + b)).append("--------");
      EXPECT_EQ(out, expected) << a << " + " << b;
    }
  }
}

// The shared pool is one while anyone holds it (a block given back through one holder is taken
// through another), and a new, empty one after its last holder is gone (its blocks with it).
TEST(StreamBlockPoolTest, SharedByItsHoldersAndNewAfterTheLast) {
  std::shared_ptr<StreamBlockPool> first = StreamBlockPool::Shared();
  std::shared_ptr<StreamBlockPool> second = StreamBlockPool::Shared();
  EXPECT_EQ(first, second);
  std::unique_ptr<char[]> block = first->Take();
  const char* const given = block.get();
  first->Give(std::move(block));
  EXPECT_EQ(second->kept(), 1u);
  EXPECT_EQ(second->Take().get(), given);
  second->Give(std::make_unique<char[]>(StreamBlockPool::kBlockSize));
  first.reset();
  EXPECT_EQ(StreamBlockPool::Shared()->kept(), 1u);  // "second" still holds it
  second.reset();
  EXPECT_EQ(StreamBlockPool::Shared()->kept(), 0u);
}

// The loader's inline comparisons (bulk_key_order.h) answer as std::string_view's operators:
// strings of 0 to 40 bytes (so words and the bytes after them are compared), sharing prefixes,
// of bytes that differ as signed and unsigned chars (0x7f, 0x80, 0xff) and of 0x00.
TEST(BulkKeyBytesTest, GreaterBytesAndSameStringCompareAsStringViews) {
  const char alphabet[] = {'\0', '\x01', 'a', '\x7f', '\x80', '\xff'};
  uint64_t state = 42;
  auto next = [&] {
    return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 33;
  };
  std::vector<std::string> strings;
  for (int i = 0; i < 400; ++i) {
    std::string s = i > 0 && next() % 2 ? strings[next() % strings.size()] : std::string();
    s.resize(next() % 41, 'a');
    for (size_t k = s.empty() ? 0 : next() % s.size(); k < s.size(); ++k) {
      if (next() % 3 == 0) s[k] = alphabet[next() % sizeof alphabet];
    }
    strings.push_back(s);
  }
  int greater = 0, same = 0;
  for (const std::string& a : strings) {
    for (const std::string& b : strings) {
      const std::string_view x(a), y(b);
      ASSERT_EQ(GreaterBytes(x, y), x > y)
          << ::testing::PrintToString(a) << " vs " << ::testing::PrintToString(b);
      ASSERT_EQ(SameString(x, y), x == y);
      greater += x > y;
      same += x == y;
    }
  }
  EXPECT_GT(greater, 1000);  // both answers were given many times
  EXPECT_GT(same, 400);
}

// StreamKeyOrder (bulk_key_order.h) answers as a comparison of whole keys, whether the last key
// is still borrowed (same head: only the tails are compared), settled, or set.
TEST(StreamKeyOrderTest, FollowsAsTheWholeKeysCompare) {
  const std::string z(1, '\0');
  // Calls of (row, tails), each row in one buffer reused by every call, as AddCells's key_.
  const std::vector<std::pair<std::string, std::vector<std::string>>> calls = {
      {"r1", {"a", "b", "b" + z, "c"}},  // ascending within the row
      {"r1", {"c", "d"}},                // the same row again: "c" does not follow
      {"r1", {"e", "d", "f"}},           // "d" does not follow "e"
      {"r0", {"z"}},                     // an earlier row
      {"r1" + z, {""}},                  // a longer row that follows
      {"r2", {"a", "a"}},                // the same key twice
      {"r", {"0"}},                      // a prefix of the last row, then a smaller byte
      {"r3", {}}};
  StreamKeyOrder order;
  std::string last;  // the whole last key taken
  bool has_last = false;
  std::string row;
  int compared = 0;
  for (const auto& [call_row, tails] : calls) {
    row = call_row;  // same buffer, new bytes: the order was settled at the end of the last call
    for (const std::string& tail : tails) {
      const EntryPieces entry{.key_head = row, .key_tail = tail};
      const std::string key = std::string(row).append(tail);  // not operator+ (-Wrestrict)
      const bool follows = !has_last || key > last;
      EXPECT_EQ(order.Follows(entry), follows) << "'" << row << "' + '" << tail << "'";
      ++compared;
      if (follows) {
        order.Take(entry);
        last = key;
        has_last = true;
      }
    }
    order.Settle();
  }
  EXPECT_EQ(compared, 14);
  order.Set("r5");
  EXPECT_FALSE(order.Follows(EntryPieces{.key_head = "r4", .key_tail = "z"}));
  EXPECT_FALSE(order.Follows(EntryPieces{.key_head = "r", .key_tail = "5"}));
  EXPECT_TRUE(order.Follows(EntryPieces{.key_head = "r", .key_tail = "50"}));
}

TEST(RunStreamTest, WritesTheAddedEntriesAndReusesThePoolsBlocks) {
  cellar::testing::TempDir dir;
  StreamBlockPool pool;
  const std::string value(100000, 'v');  // about 10 entries a block: 100 entries fill 10 blocks
  for (const char* file : {"/run1.sst", "/run2.sst"}) {
    RunStream stream(rocksdb::Options(), dir.path() + file, /*generation=*/7,
                     /*queue_bytes=*/2 << 20, pool);
    for (int i = 0; i < 100; ++i) {
      ASSERT_OK(stream.Add(
          EntryPieces{.key_head = "k", .key_tail = std::to_string(100 + i), .value_tail = value}));
    }
    ASSERT_OK(stream.Close());
    store::Run run;
    ASSERT_OK(stream.Wait(&run));
    EXPECT_EQ(run.entries, 100);
    EXPECT_EQ(run.smallest, "k100");
    EXPECT_EQ(run.largest, "k199");
    EXPECT_EQ(run.generation, 7u);
    // Every block went back to the pool, and the second stream took the first one's: the pool
    // holds at most what one stream uses at once (a 2-block queue, the block being filled and
    // the one being written), not the 10 blocks each stream filled, nor 20 after two streams.
    EXPECT_GE(pool.kept(), 1u);
    EXPECT_LE(pool.kept(), 4u);
  }
}

TEST(RunStreamTest, EntryLargerThanABlockIsWrittenWhole) {
  cellar::testing::TempDir dir;
  StreamBlockPool pool;
  std::string huge((3 << 20) / 2, '\0');  // 1.5 MiB: a block of its own, not the pool's
  std::mt19937 random(5);
  for (char& c : huge) c = static_cast<char>(random());  // not compressible
  RunStream stream(rocksdb::Options(), dir.path() + "/run.sst", /*generation=*/0, 1 << 20, pool);
  ASSERT_OK(stream.Add(EntryPieces{.key_head = "a", .value_tail = "small"}));
  ASSERT_OK(stream.Add(EntryPieces{.key_head = "b", .value_tail = huge}));
  ASSERT_OK(stream.Add(EntryPieces{.key_head = "c", .value_tail = "small"}));
  ASSERT_OK(stream.Close());
  store::Run run;
  ASSERT_OK(stream.Wait(&run));
  EXPECT_EQ(run.entries, 3);
  EXPECT_GT(run.bytes, 1 << 20);
  EXPECT_EQ(run.largest, "c");
}

TEST(RunStreamTest, KeyNotGreaterThanTheLastFailsTheFileWithInternal) {
  cellar::testing::TempDir dir;
  StreamBlockPool pool;
  RunStream stream(rocksdb::Options(), dir.path() + "/run.sst", /*generation=*/0, 1 << 20, pool);
  for (const char* key : {"a", "c", "b"}) {
    ASSERT_OK(stream.Add(EntryPieces{.key_head = key, .value_head = "v"}));
  }
  Status result = stream.Close();
  store::Run run;
  if (result.ok()) result = stream.Wait(&run);
  EXPECT_EQ(result.code(), StatusCode::kInternal) << result.ToString();
  EXPECT_NE(result.message().find("ascending order"), std::string::npos) << result.ToString();
}

TEST(EntryPiecesTest, CopiesKeyThenValue) {
  const std::string tail("\0q", 2);
  const EntryPieces entry{
      .key_head = "row", .key_tail = tail, .value_head = "12345678", .value_tail = "payload"};
  EXPECT_EQ(entry.value_size(), 15u);
  std::string out(entry.key_size() + entry.value_size(), '-');
  entry.CopyTo(out.data());
  EXPECT_EQ(out, std::string("row\0q12345678payload", 20));
}

}  // namespace
}  // namespace cellar::store
