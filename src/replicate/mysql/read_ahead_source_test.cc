#include "replicate/mysql/read_ahead_source.h"

#include <gtest/gtest.h>

#include <string>

namespace cellar::mysql {
namespace {

// Gives "bytes" a few at a time, then "error" (or the end when it is Ok).
class PieceSource : public ByteSource {
 public:
  PieceSource(std::string bytes, size_t piece, Status error = Status::Ok())
      : bytes_(std::move(bytes)), piece_(piece), error_(std::move(error)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ == bytes_.size() && !error_.ok()) return error_;
    const size_t k = std::min({n, piece_, bytes_.size() - pos_});
    bytes_.copy(buf, k, pos_);
    pos_ += k;
    return k;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string bytes_;
  size_t piece_;
  Status error_;
  size_t pos_ = 0;
  std::string name_ = "pieces.sql";
};

std::string Bytes(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + i * 7 % 26));
  return s;
}

// Reads "source" to its end (or first error) "n" bytes a call.
Result<std::string> ReadAll(ByteSource& source, size_t n) {
  std::string out, buf(n, '\0');
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(size_t got, source.Read(buf.data(), n));
    if (got == 0) return out;
    out.append(buf, 0, got);
  }
}

TEST(ReadAheadSourceTest, GivesAndObservesEveryByteInOrder) {
  const std::string input = Bytes(1000);
  for (size_t read_size : {1, 5, 16, 64, 4096}) {
    PieceSource inner(input, 13);
    std::string observed;
    ReadAheadSource source(inner, [&](std::string_view b) { observed.append(b); }, 16, 2);
    auto got = ReadAll(source, read_size);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, input) << "reads of " << read_size;
    EXPECT_EQ(observed, input) << "reads of " << read_size;
    EXPECT_EQ(source.name(), "pieces.sql");
  }
}

TEST(ReadAheadSourceTest, GivesTheInnerErrorAfterTheBytesBeforeIt) {
  PieceSource inner(Bytes(100), 30, Status::DataLoss("pieces.sql: corrupt gzip data"));
  size_t observed = 0;
  ReadAheadSource source(inner, [&](std::string_view b) { observed += b.size(); }, 64, 3);
  std::string got, buf(40, '\0');
  Result<size_t> r = size_t{0};
  while ((r = source.Read(buf.data(), buf.size())).ok()) {
    ASSERT_GT(*r, 0u) << "the end instead of the error";
    got.append(buf, 0, *r);
  }
  EXPECT_EQ(got, Bytes(100));
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(source.Read(buf.data(), buf.size()).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(observed, 100u);
}

TEST(ReadAheadSourceTest, StopsReadingWhenDestroyedBeforeTheEnd) {
  PieceSource inner(Bytes(1 << 20), 1 << 10);
  size_t observed = 0;
  {
    ReadAheadSource source(inner, [&](std::string_view b) { observed += b.size(); }, 1 << 10, 2);
    std::string buf(10, '\0');
    auto got = source.Read(buf.data(), buf.size());
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(buf.substr(0, *got), Bytes(*got));
  }
  // At most the blocks it may hold ahead, and the one being read when it was told to stop.
  EXPECT_LE(observed, 4u << 10);
}

}  // namespace
}  // namespace cellar::mysql
