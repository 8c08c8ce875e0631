// The CopyData wrapper messages ('w', 'k', 'r') and truncated or overlong input for every
// message type.

#include <gtest/gtest.h>

#include <random>

#include "replicate/pg/pgoutput.h"
#include "replicate/pg/wire_builder_test_util.h"

namespace cellar::pg {
namespace {

TEST(ReplicationMessageTest, XLogDataBorrowsItsPayload) {
  std::string bytes = Wire('w').U64(0x10).U64(0x20).U64(12345).Raw("B-payload").str();
  Result<ReplicationMessage> m = ParseReplicationMessage(bytes);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const XLogData& x = std::get<XLogData>(*m);
  EXPECT_EQ(x.wal_start, 0x10u);
  EXPECT_EQ(x.wal_end, 0x20u);
  EXPECT_EQ(x.send_time, 12345);
  EXPECT_EQ(x.data, "B-payload");
  EXPECT_EQ(x.data.data(), bytes.data() + 25);
}

TEST(ReplicationMessageTest, XLogDataMayBeEmpty) {
  Result<ReplicationMessage> m = ParseReplicationMessage(Wire('w').U64(1).U64(2).U64(3).str());
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(std::get<XLogData>(*m).data.empty());
}

TEST(ReplicationMessageTest, PrimaryKeepalive) {
  for (uint8_t flag : {0, 1}) {
    Result<ReplicationMessage> m =
        ParseReplicationMessage(Wire('k').U64(0xABCDEF).U64(-5).U8(flag).str());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    const PrimaryKeepalive& k = std::get<PrimaryKeepalive>(*m);
    EXPECT_EQ(k.wal_end, 0xABCDEFu);
    EXPECT_EQ(k.send_time, -5);
    EXPECT_EQ(k.reply_requested, flag == 1);
  }
}

TEST(ReplicationMessageTest, TruncatedOrUnknownCopyDataIsRejected) {
  std::string xlog = Wire('w').U64(1).U64(2).U64(3).str();
  for (size_t n = 1; n < xlog.size(); ++n) {
    Status s = ParseReplicationMessage(xlog.substr(0, n)).status();
    EXPECT_EQ(s.code(), StatusCode::kDataLoss) << n;
    EXPECT_NE(s.message().find("XLogData"), std::string::npos) << s.message();
  }
  std::string keepalive = Wire('k').U64(1).U64(2).U8(0).str();
  for (size_t n = 1; n < keepalive.size(); ++n) {
    EXPECT_EQ(ParseReplicationMessage(keepalive.substr(0, n)).status().code(),
              StatusCode::kDataLoss)
        << n;
  }
  EXPECT_EQ(ParseReplicationMessage(keepalive + "x").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ParseReplicationMessage("").status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(ParseReplicationMessage("q").status().IsInvalidArgument());
}

TEST(ReplicationMessageTest, StandbyStatusUpdateBytes) {
  StandbyStatusUpdate update{.written = 0x0102030405060708,
                             .flushed = 0x10,
                             .applied = 0x20,
                             .client_time = UnixMicrosToPgTime(kPgEpochUnixMicros + 7),
                             .reply_requested = true};
  std::string expected = Wire('r').U64(0x0102030405060708).U64(0x10).U64(0x20).U64(7).U8(1).str();
  EXPECT_EQ(EncodeStandbyStatusUpdate(update), expected);
  EXPECT_EQ(expected.size(), 34u);
  update.reply_requested = false;
  EXPECT_EQ(EncodeStandbyStatusUpdate(update).back(), '\0');
}

TEST(ReplicationMessageTest, PostgresEpochConversions) {
  EXPECT_EQ(PgTimeToUnixMillis(0), 946'684'800'000);
  EXPECT_EQ(PgTimeToUnixMillis(1'999), 946'684'800'001);
  EXPECT_EQ(PgTimeToUnixMillis(-1), 946'684'799'999);  // rounds down, also before 2000
  EXPECT_EQ(PgTimeToUnixMillis(-kPgEpochUnixMicros - 1), -1);
  EXPECT_EQ(UnixMicrosToPgTime(kPgEpochUnixMicros), 0);
}

struct Sample {
  std::string name;   // as PgoutputMessageName gives it
  std::string bytes;  // a complete, valid message
  bool in_stream;
};

std::vector<Sample> EveryMessageType() {
  return {
      {"Begin", Wire('B').U64(1).U64(2).U32(3).str(), false},
      {"Commit", Wire('C').U8(0).U64(1).U64(2).U64(3).str(), false},
      {"Origin", Wire('O').U64(1).Str("origin").str(), false},
      {"Relation",
       Wire('R')
           .U32(1)
           .Str("s")
           .Str("t")
           .U8('f')
           .U16(2)
           .U8(1)
           .Str("a")
           .U32(23)
           .U32(-1)
           .U8(0)
           .Str("b")
           .U32(25)
           .U32(-1)
           .str(),
       false},
      {"Relation", Wire('R').U32(9).U32(1).Str("s").Str("t").U8('d').U16(0).str(), true},
      {"Type", Wire('Y').U32(1).Str("s").Str("t").str(), false},
      {"Insert", Wire('I').U32(1).U8('N').U16(3).Value('t', "abc").U8('n').Value('b', "xy").str(),
       false},
      {"Insert", Wire('I').U32(9).U32(1).U8('N').U16(1).U8('u').str(), true},
      {"Update", Wire('U').U32(1).U8('N').U16(1).Value('t', "v").str(), false},
      {"Update",
       Wire('U').U32(1).U8('K').U16(1).Value('t', "k").U8('N').U16(1).Value('t', "v").str(), false},
      {"Update", Wire('U').U32(9).U32(1).U8('O').U16(1).U8('n').U8('N').U16(1).U8('u').str(), true},
      {"Delete", Wire('D').U32(1).U8('K').U16(1).Value('t', "k").str(), false},
      {"Delete", Wire('D').U32(9).U32(1).U8('O').U16(2).U8('n').Value('t', "").str(), true},
      {"Truncate", Wire('T').U32(2).U8(1).U32(10).U32(11).str(), false},
      {"Truncate", Wire('T').U32(9).U32(1).U8(0).U32(10).str(), true},
      {"Message", Wire('M').U8(1).U64(5).Str("p").U32(2).Raw("hi").str(), false},
      {"Message", Wire('M').U32(9).U8(0).U64(5).Str("p").U32(0).str(), true},
      {"Stream Start", Wire('S').U32(9).U8(1).str(), false},
      {"Stream Commit", Wire('c').U32(9).U8(0).U64(1).U64(2).U64(3).str(), false},
      {"Stream Abort", Wire('A').U32(9).U32(10).str(), false},
  };
}

TEST(PgoutputTruncationTest, SamplesAreValid) {
  for (const Sample& s : EveryMessageType()) {
    Result<PgoutputMessage> m = ParsePgoutputMessage(s.bytes, s.in_stream);
    EXPECT_TRUE(m.ok()) << s.name << ": " << m.status().ToString();
    EXPECT_EQ(PgoutputMessageName(s.bytes[0]), s.name);
  }
}

TEST(PgoutputTruncationTest, EveryShorterPrefixIsDataLossNamingTypeAndOffset) {
  for (const Sample& s : EveryMessageType()) {
    for (size_t n = 1; n < s.bytes.size(); ++n) {
      Status status = ParsePgoutputMessage(s.bytes.substr(0, n), s.in_stream).status();
      ASSERT_EQ(status.code(), StatusCode::kDataLoss) << s.name << " cut to " << n << " bytes";
      EXPECT_NE(status.message().find("pgoutput " + s.name + " message"), std::string::npos)
          << status.message();
      EXPECT_NE(status.message().find("offset"), std::string::npos) << status.message();
    }
  }
}

TEST(PgoutputTruncationTest, TrailingBytesAreDataLoss) {
  for (const Sample& s : EveryMessageType()) {
    Status status = ParsePgoutputMessage(s.bytes + "x", s.in_stream).status();
    EXPECT_EQ(status.code(), StatusCode::kDataLoss) << s.name;
  }
  EXPECT_EQ(ParsePgoutputMessage(Wire('E').U8(0).str(), true).status().code(),
            StatusCode::kDataLoss);
}

TEST(PgoutputTruncationTest, LengthsBeyondTheMessageAreRejectedBeforeAllocating) {
  // A value length far past the end, a negative one, and counts no message could hold.
  std::string huge_value = Wire('I').U32(1).U8('N').U16(1).U8('t').U32(0x7fffffff).Raw("ab").str();
  std::string negative = Wire('I').U32(1).U8('N').U16(1).U8('t').U32(0xffffffff).str();
  std::string many_columns = Wire('I').U32(1).U8('N').U16(0xffff).U8('n').str();
  std::string many_relations = Wire('T').U32(0xffffffff).U8(0).U32(1).str();
  std::string many_attributes = Wire('R').U32(1).Str("s").Str("t").U8('d').U16(0xffff).str();
  std::string long_message = Wire('M').U8(0).U64(1).Str("p").U32(1000).Raw("short").str();
  for (const std::string& bytes :
       {huge_value, negative, many_columns, many_relations, many_attributes, long_message}) {
    Status status = ParsePgoutputMessage(bytes, false).status();
    EXPECT_EQ(status.code(), StatusCode::kDataLoss) << status.ToString();
  }
  std::string bad_kind = Wire('I').U32(1).U8('N').U16(1).U8('x').str();
  EXPECT_NE(ParsePgoutputMessage(bad_kind, false).status().message().find("'x'"),
            std::string::npos);
  std::string no_nul = Wire('O').U64(1).Raw("unterminated").str();
  EXPECT_EQ(ParsePgoutputMessage(no_nul, false).status().code(), StatusCode::kDataLoss);
}

TEST(PgoutputTruncationTest, RandomBytesNeverReadOutOfBounds) {
  // Run under the asan preset this checks memory safety; here it checks there is no crash and
  // every failure is a DataLoss or InvalidArgument.
  std::mt19937_64 rng(11);
  const std::string types = "BCORYIUDTMSEcA";
  for (int i = 0; i < 5000; ++i) {
    std::string bytes(1, types[rng() % types.size()]);
    for (size_t n = rng() % 40; n > 0; --n) bytes += static_cast<char>(rng() % 4 == 0 ? 0 : rng());
    Result<PgoutputMessage> m = ParsePgoutputMessage(bytes, rng() % 2 == 0);
    if (!m.ok()) {
      EXPECT_TRUE(m.status().code() == StatusCode::kDataLoss || m.status().IsInvalidArgument());
    }
  }
}

}  // namespace
}  // namespace cellar::pg
