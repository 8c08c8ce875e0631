#include "server/rest/base64.h"

#include <gtest/gtest.h>

namespace cellar::server::rest {
namespace {

TEST(Base64Test, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 20; ++i) {
    Result<std::string> back = Base64Decode(Base64Encode(bytes), "test");
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, bytes);
    bytes += static_cast<char>(i * 37 + 200);
  }
}

TEST(Base64Test, MatchesHBaseFixtures) {
  EXPECT_EQ(Base64Encode("testrow1"), "dGVzdHJvdzE=");
  EXPECT_EQ(Base64Encode("abracadabra"), "YWJyYWNhZGFicmE=");
  EXPECT_EQ(*Base64Decode("enp5eng=", "x"), "zzyzx");
}

TEST(Base64Test, AcceptsMissingPadding) { EXPECT_EQ(*Base64Decode("enp5eng", "x"), "zzyzx"); }

TEST(Base64Test, RejectsBadCharactersNamingTheField) {
  Result<std::string> r = Base64Decode("ab$d", "row key");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsInvalidArgument());
  EXPECT_NE(r.status().message().find("row key"), std::string::npos);
  EXPECT_NE(r.status().message().find("byte 2"), std::string::npos);
  EXPECT_FALSE(Base64Decode("abcde", "x").ok());  // truncated
}

}  // namespace
}  // namespace cellar::server::rest
