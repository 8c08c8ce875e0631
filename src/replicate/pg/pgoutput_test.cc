#include "replicate/pg/pgoutput.h"

#include <gtest/gtest.h>

#include "replicate/pg/wire_builder_test_util.h"

namespace cellar::pg {
namespace {

template <typename T>
T MustParse(const std::string& payload, bool in_stream = false) {
  Result<PgoutputMessage> m = ParsePgoutputMessage(payload, in_stream);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  if (!m.ok()) return T();
  EXPECT_TRUE(std::holds_alternative<T>(*m)) << "variant index " << m->index();
  return std::holds_alternative<T>(*m) ? std::get<T>(*m) : T();
}

constexpr uint64_t kLsn = 0x0000'0001'6B37'4D48;  // 1/6B374D48
constexpr int64_t kTime = 757'382'400'123'456;    // 2024-01-01 00:00:00.123456 UTC

TEST(PgoutputTest, Begin) {
  auto m = MustParse<BeginMessage>(Wire('B').U64(kLsn).U64(kTime).U32(742).str());
  EXPECT_EQ(m.final_lsn, kLsn);
  EXPECT_EQ(m.commit_time, kTime);
  EXPECT_EQ(m.xid, 742u);
  EXPECT_EQ(PgTimeToUnixMillis(m.commit_time), 1'704'067'200'123);
}

TEST(PgoutputTest, Commit) {
  auto m = MustParse<CommitMessage>(Wire('C').U8(0).U64(kLsn).U64(kLsn + 40).U64(kTime).str());
  EXPECT_EQ(m.flags, 0);
  EXPECT_EQ(m.commit_lsn, kLsn);
  EXPECT_EQ(m.end_lsn, kLsn + 40);
  EXPECT_EQ(m.commit_time, kTime);
}

TEST(PgoutputTest, Origin) {
  auto m = MustParse<OriginMessage>(Wire('O').U64(kLsn).Str("node_a").str());
  EXPECT_EQ(m.commit_lsn, kLsn);
  EXPECT_EQ(m.name, "node_a");
}

std::string RelationBytes(bool streamed) {
  Wire w('R');
  if (streamed) w.U32(900);
  return w.U32(16384)
      .Str("public")
      .Str("users")
      .U8('d')
      .U16(3)
      .U8(1)
      .Str("id")
      .U32(23)
      .U32(0xffffffff)
      .U8(0)
      .Str("name")
      .U32(1043)
      .U32(68)
      .U8(0)
      .Str("dob")
      .U32(1082)
      .U32(0xffffffff)
      .str();
}

TEST(PgoutputTest, RelationWithKeyFlagsAndTypes) {
  auto m = MustParse<RelationMessage>(RelationBytes(false));
  EXPECT_FALSE(m.xid.has_value());
  EXPECT_EQ(m.relation_oid, 16384u);
  EXPECT_EQ(m.nspname, "public");
  EXPECT_EQ(m.relname, "users");
  EXPECT_EQ(m.replica_identity, ReplicaIdentity::kDefault);
  ASSERT_EQ(m.columns.size(), 3u);
  EXPECT_TRUE(m.columns[0].is_key);
  EXPECT_EQ(m.columns[0].name, "id");
  EXPECT_EQ(m.columns[0].type_oid, 23u);
  EXPECT_EQ(m.columns[0].type_modifier, -1);
  EXPECT_FALSE(m.columns[1].is_key);
  EXPECT_EQ(m.columns[1].type_modifier, 68);  // varchar(64)
  EXPECT_EQ(m.columns[2].type_oid, 1082u);
}

TEST(PgoutputTest, RelationInsideAStreamCarriesTheXid) {
  auto m = MustParse<RelationMessage>(RelationBytes(true), /*in_stream=*/true);
  EXPECT_EQ(m.xid, 900u);
  EXPECT_EQ(m.relname, "users");
}

TEST(PgoutputTest, RelationWithBadReplicaIdentityIsDataLoss) {
  std::string bytes = Wire('R').U32(1).Str("s").Str("t").U8('x').U16(0).str();
  Result<PgoutputMessage> m = ParsePgoutputMessage(bytes, false);
  EXPECT_EQ(m.status().code(), StatusCode::kDataLoss);
}

TEST(PgoutputTest, Type) {
  auto m = MustParse<TypeMessage>(Wire('Y').U32(16500).Str("public").Str("mood").str());
  EXPECT_EQ(m.type_oid, 16500u);
  EXPECT_EQ(m.nspname, "public");
  EXPECT_EQ(m.typname, "mood");
}

std::string InsertBytes() {
  return Wire('I')
      .U32(16384)
      .U8('N')
      .U16(5)
      .Value('t', "42")
      .U8('n')
      .U8('u')
      .Value('t', "")
      .Value('b', std::string("\0\x01\xff", 3))
      .str();
}

TEST(PgoutputTest, InsertWithEveryValueKind) {
  auto m = MustParse<InsertMessage>(InsertBytes());
  EXPECT_EQ(m.relation_oid, 16384u);
  ASSERT_EQ(m.new_tuple.size(), 5u);
  EXPECT_EQ(m.new_tuple[0], (TupleValue{TupleValueKind::kText, "42"}));
  EXPECT_EQ(m.new_tuple[1].kind, TupleValueKind::kNull);
  EXPECT_EQ(m.new_tuple[2].kind, TupleValueKind::kUnchangedToast);
  EXPECT_EQ(m.new_tuple[3], (TupleValue{TupleValueKind::kText, ""}));
  EXPECT_EQ(m.new_tuple[4], (TupleValue{TupleValueKind::kBinary, std::string("\0\x01\xff", 3)}));
}

TEST(PgoutputTest, InsertInsideAStreamCarriesTheXid) {
  std::string bytes = Wire('I').U32(901).U32(16384).U8('N').U16(1).Value('t', "1").str();
  auto m = MustParse<InsertMessage>(bytes, /*in_stream=*/true);
  EXPECT_EQ(m.xid, 901u);
  EXPECT_EQ(m.relation_oid, 16384u);
}

TEST(PgoutputTest, UpdateWithoutOldTuple) {
  auto m = MustParse<UpdateMessage>(Wire('U').U32(7).U8('N').U16(1).Value('t', "x").str());
  EXPECT_EQ(m.old_kind, OldTuple::kNone);
  EXPECT_TRUE(m.old_tuple.empty());
  ASSERT_EQ(m.new_tuple.size(), 1u);
  EXPECT_EQ(m.new_tuple[0].data, "x");
}

TEST(PgoutputTest, UpdateWithOldKeyAndWithOldRow) {
  for (char kind : {'K', 'O'}) {
    std::string bytes = Wire('U')
                            .U32(7)
                            .U8(kind)
                            .U16(2)
                            .Value('t', "1")
                            .U8('n')
                            .U8('N')
                            .U16(2)
                            .Value('t', "2")
                            .U8('u')
                            .str();
    auto m = MustParse<UpdateMessage>(bytes);
    EXPECT_EQ(m.old_kind, kind == 'K' ? OldTuple::kKey : OldTuple::kFull);
    ASSERT_EQ(m.old_tuple.size(), 2u);
    EXPECT_EQ(m.old_tuple[0].data, "1");
    ASSERT_EQ(m.new_tuple.size(), 2u);
    EXPECT_EQ(m.new_tuple[0].data, "2");
    EXPECT_EQ(m.new_tuple[1].kind, TupleValueKind::kUnchangedToast);
  }
}

TEST(PgoutputTest, DeleteWithKeyOrFullRow) {
  auto key = MustParse<DeleteMessage>(Wire('D').U32(7).U8('K').U16(1).Value('t', "9").str());
  EXPECT_EQ(key.old_kind, OldTuple::kKey);
  EXPECT_EQ(key.old_tuple[0].data, "9");
  auto full =
      MustParse<DeleteMessage>(Wire('D').U32(7).U8('O').U16(2).Value('t', "9").U8('n').str());
  EXPECT_EQ(full.old_kind, OldTuple::kFull);
  EXPECT_EQ(full.old_tuple.size(), 2u);
  Result<PgoutputMessage> bad = ParsePgoutputMessage(Wire('D').U32(7).U8('N').U16(0).str(), false);
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss);
}

TEST(PgoutputTest, TruncateOptionsAndRelations) {
  auto plain = MustParse<TruncateMessage>(Wire('T').U32(1).U8(0).U32(16384).str());
  EXPECT_FALSE(plain.cascade);
  EXPECT_FALSE(plain.restart_identity);
  EXPECT_EQ(plain.relation_oids, std::vector<uint32_t>{16384});
  auto both = MustParse<TruncateMessage>(Wire('T').U32(2).U8(3).U32(1).U32(2).str());
  EXPECT_TRUE(both.cascade);
  EXPECT_TRUE(both.restart_identity);
  EXPECT_EQ(both.relation_oids, (std::vector<uint32_t>{1, 2}));
  auto restart = MustParse<TruncateMessage>(Wire('T').U32(0).U8(2).str());
  EXPECT_FALSE(restart.cascade);
  EXPECT_TRUE(restart.restart_identity);
}

TEST(PgoutputTest, LogicalMessage) {
  std::string content("a\0b", 3);
  auto m =
      MustParse<LogicalMessage>(Wire('M').U8(1).U64(kLsn).Str("cellar").U32(3).Raw(content).str());
  EXPECT_TRUE(m.transactional);
  EXPECT_EQ(m.lsn, kLsn);
  EXPECT_EQ(m.prefix, "cellar");
  EXPECT_EQ(m.content, content);
  auto streamed = MustParse<LogicalMessage>(Wire('M').U32(5).U8(0).U64(kLsn).Str("p").U32(0).str(),
                                            /*in_stream=*/true);
  EXPECT_EQ(streamed.xid, 5u);
  EXPECT_FALSE(streamed.transactional);
}

TEST(PgoutputTest, StreamMessages) {
  auto start = MustParse<StreamStartMessage>(Wire('S').U32(900).U8(1).str());
  EXPECT_EQ(start.xid, 900u);
  EXPECT_TRUE(start.first_segment);
  EXPECT_FALSE(MustParse<StreamStartMessage>(Wire('S').U32(900).U8(0).str()).first_segment);
  MustParse<StreamStopMessage>(Wire('E').str());
  auto commit = MustParse<StreamCommitMessage>(
      Wire('c').U32(900).U8(0).U64(kLsn).U64(kLsn + 8).U64(kTime).str());
  EXPECT_EQ(commit.xid, 900u);
  EXPECT_EQ(commit.commit_lsn, kLsn);
  EXPECT_EQ(commit.end_lsn, kLsn + 8);
  EXPECT_EQ(commit.commit_time, kTime);
  auto abort = MustParse<StreamAbortMessage>(Wire('A').U32(900).U32(901).str());
  EXPECT_EQ(abort.xid, 900u);
  EXPECT_EQ(abort.subtransaction_xid, 901u);
  EXPECT_FALSE(abort.abort_lsn.has_value());
  auto parallel =
      MustParse<StreamAbortMessage>(Wire('A').U32(900).U32(900).U64(kLsn).U64(kTime).str());
  EXPECT_EQ(parallel.abort_lsn, kLsn);
  EXPECT_EQ(parallel.abort_time, kTime);
}

TEST(PgoutputTest, UnknownAndTwoPhaseTypesAreInvalidArgument) {
  EXPECT_TRUE(ParsePgoutputMessage("Z", false).status().IsInvalidArgument());
  EXPECT_TRUE(ParsePgoutputMessage(std::string(1, '\x01'), false).status().IsInvalidArgument());
  Status two_phase = ParsePgoutputMessage(Wire('P').U8(0).str(), false).status();
  EXPECT_TRUE(two_phase.IsInvalidArgument());
  EXPECT_NE(two_phase.message().find("two-phase"), std::string::npos);
  EXPECT_EQ(ParsePgoutputMessage("", false).status().code(), StatusCode::kDataLoss);
}

TEST(PgoutputDecoderTest, TracksStreamBlocksForXidPrefixes) {
  PgoutputDecoder decoder(2);
  ASSERT_TRUE(decoder.Decode(Wire('S').U32(900).U8(1).str()).ok());
  EXPECT_TRUE(decoder.in_stream());
  Result<PgoutputMessage> insert =
      decoder.Decode(Wire('I').U32(900).U32(16384).U8('N').U16(1).Value('t', "1").str());
  ASSERT_TRUE(insert.ok()) << insert.status().ToString();
  EXPECT_EQ(std::get<InsertMessage>(*insert).xid, 900u);
  EXPECT_EQ(std::get<InsertMessage>(*insert).relation_oid, 16384u);
  ASSERT_TRUE(decoder.Decode(Wire('E').str()).ok());
  EXPECT_FALSE(decoder.in_stream());
  // Outside a stream the same message has no xid.
  insert = decoder.Decode(Wire('I').U32(16384).U8('N').U16(1).Value('t', "1").str());
  ASSERT_TRUE(insert.ok());
  EXPECT_FALSE(std::get<InsertMessage>(*insert).xid.has_value());
  EXPECT_TRUE(decoder.Decode(Wire('c').U32(900).U8(0).U64(1).U64(2).U64(3).str()).ok());
}

TEST(PgoutputDecoderTest, RejectsBrokenStreamSequences) {
  PgoutputDecoder v2(2);
  EXPECT_EQ(v2.Decode(Wire('E').str()).status().code(), StatusCode::kDataLoss);
  ASSERT_TRUE(v2.Decode(Wire('S').U32(1).U8(1).str()).ok());
  EXPECT_EQ(v2.Decode(Wire('S').U32(2).U8(1).str()).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(v2.Decode(Wire('A').U32(1).U32(1).str()).status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(v2.in_stream());  // a rejected message changes nothing
  PgoutputDecoder v1(1);
  EXPECT_EQ(v1.Decode(Wire('S').U32(1).U8(1).str()).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace cellar::pg
