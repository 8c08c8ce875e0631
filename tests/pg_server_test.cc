// The PostgreSQL test harness itself: a real server that takes SQL and is ready for logical
// replication.

#include "pg_server.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>

namespace cellar::testing {
namespace {

class PgServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<PgServer>> started = PgServer::Start();
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    server_ = std::move(started).value();
  }

  std::unique_ptr<PgServer> server_;
};

TEST_F(PgServerTest, CreatesInsertsAndReadsBack) {
  ASSERT_TRUE(server_
                  ->Exec("CREATE TABLE users (id int PRIMARY KEY, name text, dob date);"
                         "INSERT INTO users VALUES (1, 'Ada', '1815-12-10'), (2, NULL, NULL)")
                  .ok());
  Result<std::vector<PgServer::Row>> rows =
      server_->Query("SELECT id, name FROM users ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0][0], "1");
  EXPECT_EQ((*rows)[0][1], "Ada");
  EXPECT_FALSE((*rows)[1][1].has_value());
  EXPECT_EQ(*server_->QueryValue("SELECT dob FROM users WHERE id = 1"), "1815-12-10");
  EXPECT_TRUE(
      server_->QueryValue("SELECT name FROM users WHERE id = 2").status().IsFailedPrecondition());
  EXPECT_TRUE(server_->QueryValue("SELECT 1 WHERE false").status().IsNotFound());
  EXPECT_TRUE(server_->Exec("SELECT * FROM no_such_table").IsInvalidArgument());
}

TEST_F(PgServerTest, IsConfiguredForLogicalReplication) {
  EXPECT_EQ(*server_->QueryValue("SHOW wal_level"), "logical");
  EXPECT_GE(std::stoi(*server_->QueryValue("SHOW max_replication_slots")), 10);
  EXPECT_GE(std::stoi(*server_->QueryValue("SHOW max_wal_senders")), 10);
  EXPECT_EQ(*server_->QueryValue("SHOW listen_addresses"), "");
  EXPECT_EQ(*server_->QueryValue("SHOW port"), std::to_string(server_->port()));
  EXPECT_TRUE(server_->Exec("SELECT pg_create_logical_replication_slot('s', 'pgoutput')").ok());
  EXPECT_EQ(*server_->QueryValue("SELECT plugin FROM pg_replication_slots"), "pgoutput");
}

TEST_F(PgServerTest, AcceptsReplicationConnections) {
  PGconn* conn = PQconnectdb(server_->replication_conninfo().c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* result = PQexec(conn, "IDENTIFY_SYSTEM");
  EXPECT_EQ(PQresultStatus(result), PGRES_TUPLES_OK) << PQresultErrorMessage(result);
  EXPECT_EQ(PQntuples(result), 1);
  PQclear(result);
  PQfinish(conn);
}

TEST_F(PgServerTest, StopIsIdempotentAndTheDestructorRemovesTheDirectory) {
  std::string dir = server_->socket_dir();
  EXPECT_TRUE(std::filesystem::exists(dir));
  EXPECT_TRUE(server_->Stop().ok());
  EXPECT_TRUE(server_->Stop().ok());
  EXPECT_FALSE(server_->Exec("SELECT 1").ok());
  server_.reset();
  EXPECT_FALSE(std::filesystem::exists(dir));
}

}  // namespace
}  // namespace cellar::testing
