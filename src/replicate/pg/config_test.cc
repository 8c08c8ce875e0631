#include "replicate/pg/config.h"

#include <gtest/gtest.h>

namespace cellar::pg {
namespace {

constexpr char kReplicator[] =
    "[HBaseReplic]\n"
    "job_name = job\n"
    "postgresql_db = dbname=src\n";

constexpr char kUsers[] =
    "[public.users]\n"
    "psql_key_column = id\n"
    "psql_columns = name, email\n"
    "hbase_table_name = stuff\n"
    "hbase_column_descriptors = users:name, users:email\n";

PgConfig MustParse(const std::string& text) {
  Result<PgConfig> config = ParsePgConfig(text, "job.ini");
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? std::move(config).value() : PgConfig();
}

// The error of "text", which must fail to load; checks that the message names "where".
std::string ErrorOf(const std::string& text, std::string_view where) {
  Result<PgConfig> config = ParsePgConfig(text, "job.ini");
  EXPECT_FALSE(config.ok());
  if (config.ok()) return "";
  EXPECT_TRUE(config.status().IsInvalidArgument()) << config.status().ToString();
  EXPECT_NE(config.status().message().find(where), std::string::npos)
      << "'" << where << "' not in: " << config.status().message();
  return config.status().message();
}

TEST(PgConfigTest, HbrepReadmeExampleLoadsAsWritten) {
  Result<PgConfig> loaded = LoadPgConfig(CELLAR_PG_TESTDATA_DIR "/hbrep.ini");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const PgConfig& c = *loaded;
  EXPECT_EQ(c.job_name, "hbase_replic_job");
  EXPECT_EQ(c.logfile, "hbase_replic_job.log");
  EXPECT_EQ(c.pidfile, "hbase_replic_job.pid");
  EXPECT_EQ(c.postgresql_db, "dbname=source_database user=dbuser");
  EXPECT_EQ(c.pgq_queue_name, "hbase_replic_queue");
  EXPECT_EQ(c.hbase_hostname, "localhost");
  EXPECT_EQ(c.hbase_port, 9090);
  EXPECT_EQ(c.max_batch_size, 10000);
  EXPECT_EQ(c.bootstrap_tmpfile, "tabledump.dat");
  EXPECT_EQ(c.store_dir, "./cellar-data");
  EXPECT_FALSE(c.store_given);
  EXPECT_EQ(c.capture, CaptureMode::kLogical);
  EXPECT_EQ(c.slot_name, "cellar_hbase_replic_job");
  EXPECT_EQ(c.publication, "cellar_hbase_replic_job");
  EXPECT_FALSE(c.dead_letter_table.has_value());
  EXPECT_TRUE(c.warnings.empty());
  ASSERT_EQ(c.tables.size(), 1u);
  const TableMapping& t = c.tables[0];
  EXPECT_EQ(t.section, "public.users");
  EXPECT_EQ(t.QualifiedName(), "public.users");
  EXPECT_EQ(t.key_columns, std::vector<std::string>{"user_id"});
  EXPECT_FALSE(t.all_columns);
  EXPECT_EQ(t.columns, std::vector<std::string>{"dob"});
  ASSERT_EQ(t.descriptors.size(), 1u);
  EXPECT_EQ(t.descriptors[0], (std::pair<std::string, std::string>{"users", "dob"}));
  EXPECT_EQ(t.hbase_table.ToString(), "stuff");
  EXPECT_EQ(t.row_prefix, "user_id:");
  EXPECT_EQ(t.key_format.row_prefix, "user_id:");
  EXPECT_EQ(t.key_format.encoding, replicate::KeyEncoding::kOrdered);
  EXPECT_EQ(t.key_format.salt_buckets, 0);
  EXPECT_FALSE(t.binary_values);
  EXPECT_EQ(t.family_options.max_versions, 1);
  EXPECT_TRUE(t.family_options.keep_deleted_cells);
  EXPECT_TRUE(t.family_options.new_version_behavior);
  EXPECT_EQ(t.family_options.compression, Compression::kNone);
  ASSERT_EQ(t.Families().size(), 1u);
  EXPECT_EQ(t.Families()[0].name, "users");
  EXPECT_TRUE(t.Families()[0].keep_deleted_cells);
  EXPECT_EQ(c.FindTable("public.users"), &t);
  EXPECT_EQ(c.FindTable("public.other"), nullptr);
}

TEST(PgConfigTest, NewKeysOverrideDefaultsAndTablesOverrideTheJob) {
  PgConfig c = MustParse(std::string(kReplicator) +
                         "store = /var/lib/cellar\n"
                         "capture = Trigger\n"
                         "slot_name = my_slot\n"
                         "publication = My Pub\n"
                         "dead_letter_table = ops:dead\n"
                         "key_encoding = text\n"
                         "versions = 5\n"
                         "compression = zstd\n" +
                         kUsers +
                         "salt_buckets = 16\n"
                         "value_encoding = binary\n"
                         "key_encoding = ordered\n"
                         "keep_deleted_cells = no\n"
                         "new_version_behavior = off\n");
  EXPECT_EQ(c.store_dir, "/var/lib/cellar");
  EXPECT_TRUE(c.store_given);
  EXPECT_EQ(c.capture, CaptureMode::kTrigger);
  EXPECT_EQ(c.slot_name, "my_slot");
  EXPECT_EQ(c.publication, "My Pub");
  EXPECT_EQ(c.pgq_queue_name, "cellar_job_queue");
  ASSERT_TRUE(c.dead_letter_table.has_value());
  EXPECT_EQ(c.dead_letter_table->ToString(), "ops:dead");
  const TableMapping& t = c.tables[0];
  EXPECT_EQ(t.key_format.encoding, replicate::KeyEncoding::kOrdered);
  EXPECT_EQ(t.key_format.salt_buckets, 16);
  EXPECT_TRUE(t.binary_values);
  EXPECT_EQ(t.family_options.max_versions, 5);
  EXPECT_EQ(t.family_options.compression, Compression::kZstd);
  EXPECT_FALSE(t.family_options.keep_deleted_cells);
  EXPECT_FALSE(t.family_options.new_version_behavior);
  EXPECT_EQ(t.key_columns, std::vector<std::string>{"id"});
}

TEST(PgConfigTest, SourceTableDefaultsFromSectionNameAndKeyDefaultsToPrimaryKey) {
  PgConfig c = MustParse(std::string(kReplicator) +
                         "[sales.orders]\n"
                         "psql_columns = a b\tc\n"
                         "hbase_table_name = ns:orders\n"
                         "hbase_column_descriptors = f:a,f:b, g:c:with:colons\n");
  const TableMapping& t = c.tables[0];
  EXPECT_EQ(t.schema, "sales");
  EXPECT_EQ(t.table, "orders");
  EXPECT_TRUE(t.key_columns.empty());
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(t.descriptors[2], (std::pair<std::string, std::string>{"g", "c:with:colons"}));
  EXPECT_EQ(t.hbase_table.ns, "ns");
  ASSERT_EQ(t.Families().size(), 2u);
  EXPECT_EQ(t.Families()[1].name, "g");
}

TEST(PgConfigTest, CompositeKeysAndAllColumns) {
  PgConfig c = MustParse(std::string(kReplicator) +
                         "[public.lines]\n"
                         "psql_key_column = order_id, line_no\n"
                         "psql_columns = *\n"
                         "hbase_table_name = lines\n"
                         "hbase_column_descriptors = cf:\n");
  const TableMapping& t = c.tables[0];
  EXPECT_EQ(t.key_columns, (std::vector<std::string>{"order_id", "line_no"}));
  EXPECT_TRUE(t.all_columns);
  EXPECT_EQ(t.all_columns_family, "cf");
  EXPECT_TRUE(t.columns.empty());
  ASSERT_EQ(t.Families().size(), 1u);
  EXPECT_EQ(t.Families()[0].name, "cf");
  ErrorOf(std::string(kReplicator) +
              "[public.lines]\npsql_columns = *\nhbase_table_name = lines\n"
              "hbase_column_descriptors = a:x, b:y\n",
          "job.ini:7: [public.lines] hbase_column_descriptors");
}

TEST(PgConfigTest, InterpolationAndDefaultSectionApply) {
  PgConfig c = MustParse(
      "[DEFAULT]\n"
      "family = users\n"
      "[HBaseReplic]\n"
      "job_name = Job-1\n"
      "postgresql_db = dbname=%(job_name)s\n"
      "logfile = /var/log/%(job_name)s.log\n"
      "[public.users]\n"
      "psql_columns = dob\n"
      "hbase_table_name = stuff\n"
      "hbase_column_descriptors = %(family)s:dob\n");
  EXPECT_EQ(c.postgresql_db, "dbname=Job-1");
  EXPECT_EQ(c.logfile, "/var/log/Job-1.log");
  EXPECT_EQ(c.slot_name, "cellar_job_1");
  EXPECT_EQ(c.tables[0].descriptors[0].first, "users");
}

TEST(PgConfigTest, MissingKeysNameSectionAndKey) {
  ErrorOf("[public.users]\nx = 1\n", "no [HBaseReplic] section");
  ErrorOf("[HBaseReplic]\npostgresql_db = dbname=x\n" + std::string(kUsers),
          "job.ini:1: [HBaseReplic] has no 'job_name'");
  ErrorOf("[HBaseReplic]\njob_name = j\n" + std::string(kUsers), "has no 'postgresql_db'");
  ErrorOf("[HBaseReplic]\njob_name =\npostgresql_db = dbname=x\n" + std::string(kUsers),
          "has an empty 'job_name'");
  ErrorOf(kReplicator, "no table sections");
  ErrorOf(
      std::string(kReplicator) + "[public.t]\npsql_columns = a\nhbase_column_descriptors = f:a\n",
      "job.ini:4: [public.t] has no 'hbase_table_name'");
  ErrorOf(std::string(kReplicator) +
              "[public.t]\nhbase_table_name = t\nhbase_column_descriptors = f:a\n",
          "[public.t] has no 'psql_columns'");
  ErrorOf(std::string(kReplicator) +
              "[t]\npsql_columns = a\nhbase_table_name = t\n"
              "hbase_column_descriptors = f:a\n",
          "[t] names no source table");
}

TEST(PgConfigTest, MismatchedColumnsAndDescriptorsAreCounted) {
  std::string message = ErrorOf(std::string(kReplicator) +
                                    "[public.t]\n"
                                    "psql_columns = a, b, c\n"
                                    "hbase_table_name = t\n"
                                    "hbase_column_descriptors = f:a, f:b\n",
                                "job.ini:7: [public.t] hbase_column_descriptors");
  EXPECT_NE(message.find("2 descriptors for 3 psql_columns"), std::string::npos) << message;
}

TEST(PgConfigTest, MalformedValuesNameFileLineSectionAndKey) {
  auto with_table_option = [](const std::string& line) {
    return std::string(kReplicator) + kUsers + line + "\n";
  };
  ErrorOf(with_table_option("key_encoding = binary"), "job.ini:9: [public.users] key_encoding");
  ErrorOf(with_table_option("salt_buckets = 300"), "job.ini:9: [public.users] salt_buckets");
  ErrorOf(with_table_option("salt_buckets = x"), "salt_buckets: 'x' is not a whole number");
  ErrorOf(with_table_option("value_encoding = json"), "[public.users] value_encoding");
  ErrorOf(with_table_option("versions = 0"), "[public.users] versions");
  ErrorOf(with_table_option("keep_deleted_cells = maybe"), "keep_deleted_cells: 'maybe'");
  ErrorOf(with_table_option("compression = brotli"), "[public.users] compression");
  auto with_job_option = [](const std::string& line) {
    return std::string(kReplicator) + line + "\n" + kUsers;
  };
  ErrorOf(with_job_option("capture = cdc"), "job.ini:4: [HBaseReplic] capture");
  ErrorOf(with_job_option("hbase_port = 70000"), "[HBaseReplic] hbase_port");
  ErrorOf(with_job_option("max_batch_size = -1"), "[HBaseReplic] max_batch_size");
  ErrorOf(with_job_option("slot_name = Bad-Slot"), "[HBaseReplic] slot_name");
  ErrorOf(with_job_option("dead_letter_table = a:b:c"), "[HBaseReplic] dead_letter_table");
  ErrorOf(with_job_option("store ="), "[HBaseReplic] store");
  // A job-wide option that a table inherits is reported where it is written.
  ErrorOf(with_job_option("versions = many"), "job.ini:4: [HBaseReplic] versions");
}

TEST(PgConfigTest, BadDescriptorsAndTableNamesAreRejected) {
  auto table = [](const std::string& columns, const std::string& descriptors,
                  const std::string& target = "t") {
    return std::string(kReplicator) + "[public.t]\npsql_columns = " + columns +
           "\nhbase_table_name = " + target + "\nhbase_column_descriptors = " + descriptors + "\n";
  };
  ErrorOf(table("a", "nocolon"), "'nocolon' is not family:qualifier");
  ErrorOf(table("a", ":q"), "':q' is not family:qualifier");
  ErrorOf(table("a, b", "f:x, f:x"), "'f:x' is used twice");
  ErrorOf(table("a, a", "f:x, f:y"), "column 'a' is listed twice");
  ErrorOf(table("a", "f:a", "-bad"), "[public.t] hbase_table_name");
}

TEST(PgConfigTest, BadConnectionStringIsReportedBeforeConnecting) {
  std::string message =
      ErrorOf("[HBaseReplic]\njob_name = j\npostgresql_db = dbname=x bogus_keyword=1\n" +
                  std::string(kUsers),
              "job.ini:3: [HBaseReplic] postgresql_db");
  EXPECT_NE(message.find("bogus_keyword"), std::string::npos) << message;
  ErrorOf(
      "[HBaseReplic]\njob_name = j\npostgresql_db = dbname='unterminated\n" + std::string(kUsers),
      "postgresql_db: bad connection string");
  MustParse("[HBaseReplic]\njob_name = j\npostgresql_db = postgresql://me@localhost/src\n" +
            std::string(kUsers));
}

TEST(PgConfigTest, TablesSharingATargetMustAgree) {
  std::string user_info =
      "[public.user_info]\n"
      "psql_key_column = user\n"
      "psql_columns = sex, dob\n"
      "hbase_table_name = stuff\n"
      "hbase_column_descriptors = users:sex, users:dob\n";
  std::string users =
      "[public.users]\npsql_columns = name\nhbase_table_name = stuff\n"
      "hbase_column_descriptors = users:name\n";
  PgConfig c = MustParse(std::string(kReplicator) + users + user_info);
  EXPECT_EQ(c.tables.size(), 2u);
  ErrorOf(std::string(kReplicator) + users + "salt_buckets = 4\n" + user_info,
          "different key_encoding or salt_buckets");
  ErrorOf(std::string(kReplicator) + users + "versions = 3\n" + user_info,
          "different family options");
  ErrorOf(std::string(kReplicator) + kUsers + user_info +
              "[other.users]\npsql_schema = public\n"
              "psql_table_name = users\n"
              "psql_columns = x\n"
              "hbase_table_name = t2\n"
              "hbase_column_descriptors = f:x\n",
          "maps public.users again");
  std::string clash =
      "[public.more]\npsql_columns = dob\nhbase_table_name = stuff\n"
      "hbase_column_descriptors = users:dob\n";
  ErrorOf(std::string(kReplicator) + user_info + clash, "both map a column to users:dob");
}

TEST(PgConfigTest, UnknownKeysAreWarningsWithLocations) {
  PgConfig c = MustParse(std::string(kReplicator) + "loop_delay = 1\nfrobnicate = 1\n" + kUsers +
                         "psql_colums = typo\n");
  ASSERT_EQ(c.warnings.size(), 2u);
  EXPECT_NE(c.warnings[0].find("job.ini:5: [HBaseReplic] unknown option 'frobnicate'"),
            std::string::npos)
      << c.warnings[0];
  EXPECT_NE(c.warnings[1].find("job.ini:11: [public.users] unknown option 'psql_colums'"),
            std::string::npos)
      << c.warnings[1];
}

TEST(PgConfigTest, DefaultSlotNameIsSanitisedAndBounded) {
  EXPECT_EQ(DefaultSlotName("HBase Replic-Job"), "cellar_hbase_replic_job");
  EXPECT_EQ(DefaultSlotName(std::string(100, 'x')).size(), 63u);
  EXPECT_TRUE(LoadPgConfig("/nonexistent/job.ini").status().IsNotFound());
}

}  // namespace
}  // namespace cellar::pg
