#include "replicate/pg/ini.h"

#include <gtest/gtest.h>

namespace cellar::pg {
namespace {

IniFile MustParse(std::string_view text) {
  Result<IniFile> file = ParseIni(text, "test.ini");
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  return file.ok() ? std::move(file).value() : IniFile();
}

std::string MustGet(const IniFile& file, std::string_view section, std::string_view key) {
  Result<std::string> value = file.Get(section, key);
  EXPECT_TRUE(value.ok()) << value.status().ToString();
  return value.ok() ? *value : "<error>";
}

Status ParseStatus(std::string_view text) { return ParseIni(text, "test.ini").status(); }

TEST(IniTest, ReadsSectionsInFileOrderWithBothSeparators) {
  IniFile file = MustParse(
      "[b]\n"
      "x = 1\n"
      "y: two words \n"
      "[a]\n"
      "z=3\n");
  ASSERT_EQ(file.sections().size(), 2u);
  EXPECT_EQ(file.sections()[0].name, "b");
  EXPECT_EQ(file.sections()[1].name, "a");
  EXPECT_EQ(MustGet(file, "b", "x"), "1");
  EXPECT_EQ(MustGet(file, "b", "y"), "two words");
  EXPECT_EQ(MustGet(file, "a", "z"), "3");
}

TEST(IniTest, NameEndsAtFirstSeparatorSoValuesKeepEqualsSigns) {
  IniFile file = MustParse("[s]\npostgresql_db = dbname=src user=me\nurl: http://h:1/x\n");
  EXPECT_EQ(MustGet(file, "s", "postgresql_db"), "dbname=src user=me");
  EXPECT_EQ(MustGet(file, "s", "url"), "http://h:1/x");
}

TEST(IniTest, OptionNamesAreCaseInsensitiveSectionNamesAreNot) {
  IniFile file = MustParse("[Sect]\nJob_Name = j\n");
  EXPECT_EQ(file.sections()[0].entries[0].key, "job_name");
  EXPECT_EQ(MustGet(file, "Sect", "JOB_NAME"), "j");
  EXPECT_TRUE(file.Has("Sect", "job_name"));
  EXPECT_FALSE(file.HasSection("sect"));
  EXPECT_TRUE(file.Get("sect", "job_name").status().IsNotFound());
}

TEST(IniTest, SkipsFullLineCommentsAndBlankLines) {
  IniFile file = MustParse(
      "# leading comment\n"
      "; another\n"
      "\n"
      "[s]\n"
      "   # indented comment\n"
      "a = 1\n"
      "\r\n");
  EXPECT_EQ(file.Keys("s"), std::vector<std::string>{"a"});
}

TEST(IniTest, SemicolonAfterWhitespaceStartsInlineComment) {
  IniFile file = MustParse("[s]\na = 1 ; one\nb = x;y\nc = \"\"\nd =\n");
  EXPECT_EQ(MustGet(file, "s", "a"), "1");
  EXPECT_EQ(MustGet(file, "s", "b"), "x;y");
  EXPECT_EQ(MustGet(file, "s", "c"), "");
  EXPECT_EQ(MustGet(file, "s", "d"), "");
}

TEST(IniTest, IndentedLinesContinueTheValue) {
  IniFile file = MustParse("[s]\nlist = a,\n   b,\n\n\tc\nnext = 1\n");
  EXPECT_EQ(MustGet(file, "s", "list"), "a,\nb,\nc");
  EXPECT_EQ(MustGet(file, "s", "next"), "1");
}

TEST(IniTest, CrLfLineEndingsAreAccepted) {
  IniFile file = MustParse("[s]\r\na = 1\r\n");
  EXPECT_EQ(MustGet(file, "s", "a"), "1");
}

TEST(IniTest, SectionsInheritDefaults) {
  IniFile file = MustParse(
      "[DEFAULT]\n"
      "versions = 3\n"
      "store = d\n"
      "[t]\n"
      "store = mine\n");
  EXPECT_EQ(MustGet(file, "t", "versions"), "3");
  EXPECT_EQ(MustGet(file, "t", "store"), "mine");
  EXPECT_EQ(MustGet(file, "DEFAULT", "store"), "d");
  EXPECT_EQ(file.Keys("t"), (std::vector<std::string>{"store", "versions"}));
  EXPECT_EQ(file.sections().size(), 1u);
  EXPECT_EQ(file.Where("t", "versions"), "test.ini:2");
  EXPECT_EQ(file.Where("t", "store"), "test.ini:5");
  EXPECT_EQ(file.Where("t", "absent"), "test.ini");
}

TEST(IniTest, InterpolatesFromSectionThenDefaults) {
  IniFile file = MustParse(
      "[DEFAULT]\n"
      "base = /var\n"
      "logfile = %(job_name)s.log\n"
      "[HBaseReplic]\n"
      "job_name = hbase_replic_job\n"
      "pidfile = %(base)s/%(job_name)s.pid\n"
      "[other]\n"
      "job_name = other\n");
  EXPECT_EQ(MustGet(file, "HBaseReplic", "pidfile"), "/var/hbase_replic_job.pid");
  // A default is interpolated in the context of the section that reads it.
  EXPECT_EQ(MustGet(file, "HBaseReplic", "logfile"), "hbase_replic_job.log");
  EXPECT_EQ(MustGet(file, "other", "logfile"), "other.log");
}

TEST(IniTest, ReferenceNamesAreCaseInsensitiveAndNest) {
  IniFile file = MustParse("[s]\na = x\nb = %(A)s-y\nc = %(b)s-z\n");
  EXPECT_EQ(MustGet(file, "s", "c"), "x-y-z");
}

TEST(IniTest, DoublePercentIsALiteralPercent) {
  IniFile file = MustParse("[s]\nratio = 50%%\nref = %(ratio)s done\n");
  EXPECT_EQ(MustGet(file, "s", "ratio"), "50%");
  EXPECT_EQ(MustGet(file, "s", "ref"), "50% done");
}

TEST(IniTest, MissingReferenceIsAnErrorOnlyWhenRead) {
  IniFile file = MustParse("[DEFAULT]\nlogfile = %(job_name)s.log\n[t]\nx = 1\n");
  EXPECT_EQ(MustGet(file, "t", "x"), "1");
  Result<std::string> logfile = file.Get("t", "logfile");
  ASSERT_FALSE(logfile.ok());
  EXPECT_TRUE(logfile.status().IsInvalidArgument());
  EXPECT_NE(logfile.status().message().find("test.ini:2"), std::string::npos);
  EXPECT_NE(logfile.status().message().find("job_name"), std::string::npos);
}

TEST(IniTest, BadInterpolationSyntaxIsAnError) {
  for (const char* value : {"100%", "%d", "%(x)d", "%(x", "%()s"}) {
    IniFile file = MustParse(std::string("[s]\nx = 1\nv = ") + value + "\n");
    Result<std::string> v = file.Get("s", "v");
    EXPECT_TRUE(v.status().IsInvalidArgument()) << value << ": " << v.status().ToString();
    EXPECT_NE(v.status().message().find("test.ini:3"), std::string::npos) << value;
  }
}

TEST(IniTest, ReferenceCycleHitsTheDepthLimit) {
  IniFile file = MustParse("[s]\na = %(b)s\nb = %(a)s\n");
  Result<std::string> a = file.Get("s", "a");
  ASSERT_TRUE(a.status().IsInvalidArgument());
  EXPECT_NE(a.status().message().find("cycle"), std::string::npos);
}

TEST(IniTest, FindDistinguishesAbsentFromBroken) {
  IniFile file = MustParse("[s]\nbad = %(nope)s\n");
  Result<std::optional<std::string>> absent = file.Find("s", "absent");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  EXPECT_FALSE(file.Find("s", "bad").ok());
  EXPECT_FALSE(file.Find("no_such_section", "x").value().has_value());
}

TEST(IniTest, OptionBeforeAnySectionIsAnError) {
  Status s = ParseStatus("# c\nkey = v\n");
  ASSERT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("test.ini:2"), std::string::npos) << s.message();
}

TEST(IniTest, MalformedLinesAreErrorsWithTheirLine) {
  EXPECT_NE(ParseStatus("[s]\nno separator here\n").message().find("test.ini:2"),
            std::string::npos);
  EXPECT_NE(ParseStatus("[s]\n= value\n").message().find("test.ini:2"), std::string::npos);
  EXPECT_NE(ParseStatus("[s\n").message().find("test.ini:1"), std::string::npos);
  EXPECT_NE(ParseStatus("[]\n").message().find("test.ini:1"), std::string::npos);
  EXPECT_NE(ParseStatus("[s] junk\n").message().find("test.ini:1"), std::string::npos);
  EXPECT_TRUE(ParseStatus("[s] # fine\n").ok());
}

TEST(IniTest, DuplicatesAreErrorsNamingBothLines) {
  Status section = ParseStatus("[s]\na = 1\n[s]\n");
  EXPECT_NE(section.message().find("test.ini:3"), std::string::npos);
  EXPECT_NE(section.message().find("line 1"), std::string::npos);
  Status key = ParseStatus("[s]\na = 1\nA = 2\n");
  EXPECT_NE(key.message().find("test.ini:3"), std::string::npos);
  EXPECT_NE(key.message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseStatus("[DEFAULT]\n[DEFAULT]\n").ok());
}

TEST(IniTest, LoadIniReportsUnreadableFiles) {
  EXPECT_TRUE(LoadIni("/nonexistent/cellar.ini").status().IsNotFound());
}

}  // namespace
}  // namespace cellar::pg
