#include "replicate/pg/copy_binary.h"

#include <gtest/gtest.h>

namespace cellar::pg {
namespace {

using Row = std::vector<std::optional<std::string>>;

std::string Be16(int16_t v) {
  const auto u = static_cast<uint16_t>(v);
  return {static_cast<char>(u >> 8), static_cast<char>(u & 0xff)};
}

std::string Be32(int32_t v) {
  const auto u = static_cast<uint32_t>(v);
  return {static_cast<char>(u >> 24), static_cast<char>((u >> 16) & 0xff),
          static_cast<char>((u >> 8) & 0xff), static_cast<char>(u & 0xff)};
}

std::string Header(int32_t flags = 0, std::string extension = "") {
  return std::string("PGCOPY\n\377\r\n\0", 11) + Be32(flags) +
         Be32(static_cast<int32_t>(extension.size())) + extension;
}

std::string Tuple(const Row& row) {
  std::string out = Be16(static_cast<int16_t>(row.size()));
  for (const auto& field : row) {
    if (!field) {
      out += Be32(-1);
    } else {
      out += Be32(static_cast<int32_t>(field->size())) + *field;
    }
  }
  return out;
}

const std::string kTrailer = Be16(-1);

// Feeds "pieces" in turn to a reader of "fields" columns, collecting the tuples; the first error
// (of a Feed, else of Finish).
Status Read(const std::vector<std::string>& pieces, size_t fields, std::vector<Row>* rows) {
  BinaryCopyReader reader(fields);
  for (const std::string& piece : pieces) {
    Status s = reader.Feed(piece, [&](std::span<const CopyField> tuple) {
      Row row;
      for (const CopyField& f : tuple) {
        row.push_back(f ? std::optional<std::string>(std::string(*f)) : std::nullopt);
      }
      rows->push_back(std::move(row));
      return Status::Ok();
    });
    if (!s.ok()) return s;
  }
  return reader.Finish();
}

TEST(BinaryCopyReaderTest, ReadsTuplesWithNullsEmptyValuesAndBinaryBytes) {
  const Row a = {"1", std::nullopt, "", std::string("\0\xff\n", 3)};
  const Row b = {"22", "Zoë", std::nullopt, "x"};
  std::vector<Row> rows;
  ASSERT_TRUE(Read({Header() + Tuple(a), Tuple(b), kTrailer}, 4, &rows).ok());
  EXPECT_EQ(rows, (std::vector<Row>{a, b}));
}

TEST(BinaryCopyReaderTest, ReadsTheStreamSplitAtEveryByte) {
  const Row a = {"1", std::nullopt, "abc"};
  const Row b = {"", "x", std::nullopt};
  const std::string stream = Header(0, "ext") + Tuple(a) + Tuple(b) + kTrailer;
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    std::vector<Row> rows;
    Status s = Read({stream.substr(0, cut), stream.substr(cut)}, 3, &rows);
    ASSERT_TRUE(s.ok()) << "cut at " << cut << ": " << s.ToString();
    EXPECT_EQ(rows, (std::vector<Row>{a, b})) << "cut at " << cut;
  }
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  std::vector<Row> rows;
  ASSERT_TRUE(Read(bytes, 3, &rows).ok());
  EXPECT_EQ(rows, (std::vector<Row>{a, b}));
}

TEST(BinaryCopyReaderTest, EmptyTableIsHeaderAndTrailer) {
  std::vector<Row> rows;
  ASSERT_TRUE(Read({Header() + kTrailer}, 2, &rows).ok());
  EXPECT_TRUE(rows.empty());
}

TEST(BinaryCopyReaderTest, IgnoresNonCriticalFlagsAndSkipsTheExtension) {
  std::vector<Row> rows;
  ASSERT_TRUE(Read({Header(1 << 20, "extension"), Tuple({"v"}), kTrailer}, 1, &rows).ok());
  EXPECT_EQ(rows, (std::vector<Row>{{"v"}}));
}

// Each malformed stream gives DataLoss with a message naming what is wrong.
void ExpectMalformed(const std::vector<std::string>& pieces, size_t fields,
                     const std::string& message_part) {
  std::vector<Row> rows;
  Status s = Read(pieces, fields, &rows);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  EXPECT_NE(s.message().find(message_part), std::string::npos) << s.ToString();
}

TEST(BinaryCopyReaderTest, RejectsMalformedStreams) {
  ExpectMalformed({"1\tabc\n"}, 2, "signature");  // a text COPY
  ExpectMalformed({"PGCOPY\n\377\r\n\1" + Be32(0) + Be32(0)}, 2, "signature");
  ExpectMalformed({Header(1) + kTrailer}, 1, "critical header flags");
  ExpectMalformed({Header(1 << 16) + kTrailer}, 1, "OIDs");
  ExpectMalformed({std::string("PGCOPY\n\377\r\n\0", 11) + Be32(0) + Be32(-5)}, 1,
                  "extension length");
  ExpectMalformed({Header() + Tuple({"a", "b", "c"}) + kTrailer}, 2, "has 3 fields");
  ExpectMalformed({Header() + Be16(-2)}, 2, "has -2 fields");
  ExpectMalformed({Header() + Be16(1) + Be32(-7) + kTrailer}, 1, "length -7");
  ExpectMalformed({Header() + kTrailer + Tuple({"late"})}, 1, "after the trailer");
}

TEST(BinaryCopyReaderTest, RejectsTruncatedStreams) {
  const std::string stream = Header() + Tuple({"abc", "de"}) + kTrailer;
  for (size_t cut = 0; cut < stream.size(); ++cut) {
    std::vector<Row> rows;
    Status s = Read({stream.substr(0, cut)}, 2, &rows);
    EXPECT_EQ(s.code(), StatusCode::kDataLoss) << "cut at " << cut << ": " << s.ToString();
    EXPECT_NE(s.message().find("truncated"), std::string::npos) << s.ToString();
  }
}

TEST(BinaryCopyReaderTest, CallbackErrorStopsTheParseAndSticks) {
  BinaryCopyReader reader(1);
  int seen = 0;
  auto fail_second = [&](std::span<const CopyField>) {
    return ++seen == 2 ? Status::InvalidArgument("poison row") : Status::Ok();
  };
  Status s = reader.Feed(Header() + Tuple({"a"}) + Tuple({"b"}) + Tuple({"c"}), fail_second);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(reader.Feed(kTrailer, fail_second).code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(reader.Finish().ok());
}

}  // namespace
}  // namespace cellar::pg
