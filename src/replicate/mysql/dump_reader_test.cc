#include "replicate/mysql/dump_reader.h"
#include "replicate/mysql/dump_split_all.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <fstream>

namespace cellar::mysql {
namespace {

constexpr std::string_view kDump = R"(/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: shop
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40103 SET TIME_ZONE='+00:00' */;

--
-- Table structure for table `items`
--

DROP TABLE IF EXISTS `items`;
CREATE TABLE `items` (
  `id` int(11) NOT NULL,
  `name` varchar(20) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `items` WRITE;
/*!40000 ALTER TABLE `items` DISABLE KEYS */;
INSERT INTO `items` VALUES (1,'semi;colon'),(2,'-- not a comment'),(3,'it\'s /* no */ \\'),
(4,'# nor this');
/*!40000 ALTER TABLE `items` ENABLE KEYS */;
UNLOCK TABLES;
USE `shop`;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */
/*!50001 VIEW `v` AS select `items`.`id` AS `id` from `items` where `name` <> ';' */;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t_bi BEFORE INSERT ON items FOR EACH ROW BEGIN SET NEW.name = 'x'; SET NEW.id = NEW.id + 1; END */;;
DELIMITER ;
REPLACE INTO `items` (`id`, `name`) VALUES (5,"dq""x");

-- Dump completed on 2024-03-01 12:34:56
)";

// A source that returns at most one byte per read, to cross every buffer boundary.
class TrickleSource : public ByteSource {
 public:
  explicit TrickleSource(std::string_view bytes) : bytes_(bytes) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ >= bytes_.size() || n == 0) return size_t{0};
    buf[0] = bytes_[pos_++];
    return size_t{1};
  }
  const std::string& name() const override { return name_; }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  std::string name_ = "trickle.sql";
};

struct Read {
  std::vector<StatementKind> kinds;
  std::vector<std::string> texts;
  std::vector<uint64_t> lines;
};

Result<Read> ReadAll(ByteSource& source, std::optional<std::string>* completed = nullptr) {
  DumpReader reader(source);
  Read out;
  Statement st;
  while (true) {
    CELLAR_ASSIGN_OR_RETURN(bool more, reader.Next(st));
    if (!more) break;
    out.kinds.push_back(st.kind);
    out.texts.emplace_back(st.text);
    out.lines.push_back(st.line);
  }
  if (completed != nullptr) *completed = reader.dump_completed();
  return out;
}

TEST(DumpReaderTest, SplitsAndClassifiesADump) {
  auto source = MemoryByteSource(std::string(kDump), "shop.sql");
  std::optional<std::string> completed;
  auto got = ReadAll(*source, &completed);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  using K = StatementKind;
  std::vector<K> want = {K::kOther,       K::kOther,      K::kOther,  K::kCreateTable,
                         K::kLockTables,  K::kOther,      K::kInsert, K::kOther,
                         K::kUnlockTables, K::kUse,       K::kCreateView, K::kCreateRoutine,
                         K::kReplace};
  EXPECT_EQ(got->kinds, want);
  EXPECT_EQ(got->texts[6],
            "INSERT INTO `items` VALUES (1,'semi;colon'),(2,'-- not a comment'),(3,'it\\'s /* no */ "
            "\\\\'),\n(4,'# nor this')");
  EXPECT_EQ(got->lines[3], 13u);  // CREATE TABLE
  EXPECT_EQ(got->lines[6], 21u);  // INSERT
  EXPECT_NE(got->texts[11].find("SET NEW.id = NEW.id + 1; END */"), std::string::npos);
  ASSERT_TRUE(completed.has_value());
  EXPECT_EQ(*completed, "2024-03-01 12:34:56");
}

TEST(DumpReaderTest, SameStatementsWhenBytesArriveOneAtATime) {
  auto whole = MemoryByteSource(std::string(kDump));
  TrickleSource trickle(kDump);
  auto a = ReadAll(*whole);
  auto b = ReadAll(trickle);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(a->texts, b->texts);
  EXPECT_EQ(a->lines, b->lines);
}

TEST(DumpReaderTest, StatementLargerThanTheBuffer) {
  std::string big = "INSERT INTO t VALUES ";
  for (int i = 0; i < 200000; ++i) big += "(" + std::to_string(i) + ",'abcdefgh;'),";
  big.back() = ';';
  auto source = MemoryByteSource(big + "\n");
  auto got = ReadAll(*source);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->texts.size(), 1u);
  EXPECT_EQ(got->texts[0].size(), big.size() - 1);
}

Status ErrorOf(std::string text) {
  auto source = MemoryByteSource(std::move(text), "bad.sql");
  return ReadAll(*source).status();
}

// Where a string ends depends on the backslashes before each quote: an odd run escapes it. The
// delimiters inside must not count, read at once or a byte at a time.
TEST(DumpReaderTest, BackslashesBeforeQuotesDecideWhereStringsEnd) {
  const std::vector<std::string> want = {
      R"(INSERT INTO t VALUES ('a\\'))", R"(INSERT INTO t VALUES ('b\';c'))",
      R"(INSERT INTO t VALUES ('\\\\\';x\\'))", R"(INSERT INTO t VALUES ("d\""";e",'\\\\'))",
      R"(INSERT INTO t VALUES ('0123456789abcdef\\',';\\\';'))"};
  std::string dump;
  for (const std::string& s : want) dump += s + ";\n";
  auto whole = MemoryByteSource(dump);
  TrickleSource trickle(dump);
  for (ByteSource* source :
       {static_cast<ByteSource*>(whole.get()), static_cast<ByteSource*>(&trickle)}) {
    auto got = ReadAll(*source);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->texts, want);
  }
  EXPECT_TRUE(ErrorOf("INSERT INTO t VALUES ('x\\');\n").IsInvalidArgument());
}

// Everything the splitter gives for a source, with a 1 MiB buffer.
SplitStatements SplitWith(ByteSource& source, bool fast_path) {
  return SplitAll(source, size_t{1} << 20, fast_path);
}

// Nasty rows long enough for the 64-byte steps: "tricky" placed at every offset of a step
// inside a string, between values and in the last bytes, each dump read with the fast path and
// with the state machine alone, at once and a byte at a time: the same statements, lines,
// offsets, and the same error text.
TEST(DumpReaderTest, FastPathGivesTheStateMachinesStatementsOnNastyInput) {
  const std::string tricky[] = {
      "\\'", "''", "\\\\", "\\\\\\'", "\\\\\\\\'", "\\;", std::string("a\0b", 3), "-- x",
      "--", "-1", "\"q'\"", "`b'`", "#", "/* ' */", "/*!40000 ';' */", "\n", "\\\n"};
  const std::string values[] = {
      "_binary 'a\\0b'", "0x0aff", "X'0aff'", "b'101'", "NULL", "-1.5e-3", "'x''y'", "\"dq\""};
  size_t checked = 0;
  for (const std::string& t : tricky) {
    for (size_t at = 0; at < 70; ++at) {
      const std::string pad(at, 'p');
      const std::string in_string = "INSERT INTO `t` VALUES (1,'" + pad + t + "'),(2,'" +
                                    std::string(80, 'z') + "'," + values[at % 8] + ");\n";
      const std::string between = "INSERT INTO t VALUES (1,'" + pad + "')," + t + "(2,'z');\n";
      const std::string unterminated = "SET a=1;\nINSERT INTO t VALUES (1,'" + pad + t +
                                       std::string(100, 'u') + ");\nSET b=2;\n";
      for (const std::string& dump :
           {in_string + in_string, between + in_string, in_string + unterminated,
            "DELIMITER ;;\n" + in_string.substr(0, in_string.size() - 2) + ";;\nDELIMITER ;\n"}) {
        auto a = MemoryByteSource(dump, "nasty.sql");
        auto b = MemoryByteSource(dump, "nasty.sql");
        TrickleSource c(dump), d(dump);
        const SplitStatements fast = SplitWith(*a, true);
        ASSERT_EQ(fast, SplitWith(*b, false)) << dump;
        ASSERT_EQ(SplitWith(c, true), SplitWith(d, false)) << dump;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 17u * 70u * 4u);
}

// An unterminated string long enough for the 64-byte steps, after a closed one in the same
// step: the error names its first quote, as the state machine does, also when the string holds
// doubled and escaped quotes.
TEST(DumpReaderTest, FastPathNamesTheFirstQuoteOfALongUnbalancedString) {
  const std::string body = std::string(70, 'a') + "''" + std::string(70, 'b') + "\\'" +
                           std::string(70, 'c');
  Status s = ErrorOf("SET a=1;\n\nINSERT INTO t VALUES (0,'ok'),(1,'" + body + ");\nSET b=2;\n");
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("bad.sql:3 (byte offset 43): unbalanced quote"), std::string::npos)
      << s.message();
}

TEST(DumpReaderTest, TruncatedInputNamesFileLineOffsetAndSnippet) {
  Status s = ErrorOf("SET a=1;\nINSERT INTO t VALUES (1,'a'),(2,'b')");
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("bad.sql:2 (byte offset 9)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("truncated"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("INSERT INTO t"), std::string::npos) << s.message();
}

TEST(DumpReaderTest, UnbalancedQuoteNamesWhereTheStringStarts) {
  Status s = ErrorOf("SET a=1;\n\nINSERT INTO t VALUES (1,'never closed);\nSET b=2;\n");
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("bad.sql:3 (byte offset 34)"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("unbalanced quote"), std::string::npos) << s.message();
  // A doubled quote and an escaped one continue the string: the error names its first quote.
  s = ErrorOf("SET a=1;\n\nINSERT INTO t VALUES (1,'it''s \\' never closed);\nSET b=2;\n");
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("bad.sql:3 (byte offset 34)"), std::string::npos) << s.message();
}

TEST(DumpReaderTest, UnknownStatementInsideData) {
  Status s = ErrorOf("INSERT INTO t VALUES (1);\nBOGUS (2);\nINSERT INTO t VALUES (3);\n");
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("bad.sql:2"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("unknown statement 'BOGUS'"), std::string::npos) << s.message();
}

TEST(DumpReaderTest, LastStatementMayEndRightAfterAConditionalComment) {
  // Lookahead for '-' and '/' waits on more bytes; at the end of the input it must not.
  auto source = MemoryByteSource("SET a=1;\n/*!50001 CREATE VIEW `v` AS select 1 */;");
  auto got = ReadAll(*source);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->texts.size(), 2u);
}

TEST(DumpReaderTest, UnterminatedCommentIsAnError) {
  EXPECT_TRUE(ErrorOf("SET a=1;\n/* open").IsInvalidArgument());
  EXPECT_TRUE(ErrorOf("SET a=1 /* open;").IsInvalidArgument());
}

// Found by mysql_dump_fuzz: "DELIMITER " with only spaces after it threw std::out_of_range.
TEST(DumpReaderTest, DelimiterCommandWithoutADelimiterIsAnError) {
  for (std::string text : {"DELIMITER \n", "DELIMITER ", "DELIMITER \t \r\nSET a=1;"}) {
    Status s = ErrorOf(text);
    EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
    EXPECT_NE(s.message().find("DELIMITER without a delimiter"), std::string::npos) << s.ToString();
  }
}

TEST(DumpReaderTest, EmptyAndCommentOnlyInputsHaveNoStatements) {
  for (std::string text : {"", "\n\n", "-- just a comment\n", "/* c */\n-- x"}) {
    auto source = MemoryByteSource(text);
    auto got = ReadAll(*source);
    ASSERT_TRUE(got.ok()) << text;
    EXPECT_TRUE(got->texts.empty()) << text;
  }
}

std::string TempPath(const char* suffix) {
  return ::testing::TempDir() + "dump_reader_test_" + std::to_string(getpid()) + suffix;
}

TEST(DumpReaderTest, ReadsPlainAndGzipFiles) {
  std::string plain = TempPath(".sql"), gz = TempPath(".sql.gz");
  std::ofstream(plain) << kDump;
  gzFile f = gzopen(gz.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, kDump.data(), kDump.size()), static_cast<int>(kDump.size()));
  gzclose(f);
  auto a = OpenByteSource(plain);
  auto b = OpenByteSource(gz);
  ASSERT_TRUE(a.ok() && b.ok());
  auto ra = ReadAll(**a);
  auto rb = ReadAll(**b);
  ASSERT_TRUE(ra.ok() && rb.ok()) << rb.status().ToString();
  EXPECT_EQ(ra->texts.size(), 13u);
  EXPECT_EQ(ra->texts, rb->texts);
  EXPECT_TRUE(OpenByteSource(TempPath(".missing")).status().IsNotFound());
  unlink(plain.c_str());
  unlink(gz.c_str());
}

TEST(DumpReaderTest, TruncatedGzipIsAnError) {
  std::string gz = TempPath(".trunc.gz");
  gzFile f = gzopen(gz.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::string big(100000, 'x');
  std::string text = "INSERT INTO t VALUES ('" + big + "');\n";
  ASSERT_GT(gzwrite(f, text.data(), text.size()), 0);
  gzclose(f);
  ASSERT_EQ(truncate(gz.c_str(), 60), 0);
  auto source = OpenByteSource(gz);
  ASSERT_TRUE(source.ok());
  EXPECT_FALSE(ReadAll(**source).ok());
  unlink(gz.c_str());
}

}  // namespace
}  // namespace cellar::mysql
