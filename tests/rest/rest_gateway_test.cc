// The REST gateway over real HTTP: every resource in JSON and XML, and HBase's status codes.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cellar/table.h"
#include "rest_test_support.h"

namespace cellar::server::rest::testing {
namespace {

using nlohmann::json;

const httplib::Headers kJson = {{"Accept", "application/json"}};
const httplib::Headers kXml = {{"Accept", "text/xml"}};

class RestGatewayTest : public ::testing::Test {
 protected:
  RestServerFixture server_;
  std::unique_ptr<httplib::Client> client_ = server_.Client();

  httplib::Result PutJson(const std::string& path, const json& body) {
    return client_->Put(path.c_str(), kJson, body.dump(), "application/json");
  }
  json GetJson(const std::string& path, int expected = 200) {
    auto r = client_->Get(path.c_str(), kJson);
    EXPECT_TRUE(r) << path;
    if (!r) return json();
    EXPECT_EQ(r->status, expected) << path << ": " << r->body;
    if (r->status != 200) return json();
    return json::parse(r->body);
  }
  // {"Row":[{"key":row,"Cell":[{"column":..,"$":..}]}]} with one cell.
  static json OneCell(const std::string& row, const std::string& column, const std::string& value,
                      std::optional<int64_t> ts = std::nullopt) {
    json cell = {{"column", B64(column)}, {"$", B64(value)}};
    if (ts) cell["timestamp"] = *ts;
    return {{"Row", {{{"key", B64(row)}, {"Cell", {cell}}}}}};
  }
};

TEST_F(RestGatewayTest, ServesVersionStatusAndNamespaces) {
  json v = GetJson("/version");
  EXPECT_EQ(v["REST"], "0.0.3");
  EXPECT_EQ(GetJson("/version/cluster")["Version"], "2.5.0");
  auto xml = client_->Get("/version/cluster", kXml);
  ASSERT_TRUE(xml);
  EXPECT_NE(xml->body.find("<ClusterVersion Version=\"2.5.0\"/>"), std::string::npos);
  server_.CreateTable("t1", {"cf"});
  json status = GetJson("/status/cluster");
  EXPECT_EQ(status["regions"], 1);
  EXPECT_EQ(status["LiveNodes"].size(), 1u);

  EXPECT_EQ(client_->Post("/namespaces/ns1", "", "application/json")->status, 201);
  EXPECT_EQ(client_->Post("/namespaces/ns1", "", "application/json")->status, 403);
  json ns = GetJson("/namespaces");
  EXPECT_NE(std::find(ns["Namespace"].begin(), ns["Namespace"].end(), "ns1"),
            ns["Namespace"].end());
  EXPECT_EQ(GetJson("/namespaces/ns1")["properties"], json::object());
  server_.CreateTable("ns1:t2", {"cf"});
  EXPECT_EQ(GetJson("/namespaces/ns1/tables")["table"][0]["name"], "t2");
  EXPECT_EQ(client_->Delete("/namespaces/ns1")->status, 409);  // still holds a table
  GetJson("/namespaces/nope", 404);
}

TEST_F(RestGatewayTest, CreatesDescribesAltersAndDropsTablesInJsonAndXml) {
  json schema = {{"name", "t"}, {"ColumnSchema", {{{"name", "cf"}, {"VERSIONS", "5"}}}}};
  auto created = PutJson("/t/schema", schema);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  json got = GetJson("/t/schema");
  EXPECT_EQ(got["name"], "t");
  EXPECT_EQ(got["ColumnSchema"][0]["name"], "cf");
  EXPECT_EQ(got["ColumnSchema"][0]["VERSIONS"], "5");
  EXPECT_EQ(client_->Get("/t/exists")->status, 200);
  EXPECT_EQ(client_->Get("/nope/exists")->status, 404);
  EXPECT_EQ(GetJson("/t/regions")["Region"].size(), 1u);
  EXPECT_EQ(GetJson("/")["table"][0]["name"], "t");
  auto text = client_->Get("/", {{"Accept", "text/plain"}});
  EXPECT_EQ(text->body, "t\n");

  // POST adds a family (XML this time), PUT replaces the family list.
  auto posted = client_->Post("/t/schema", kXml,
                              "<TableSchema name=\"t\"><ColumnSchema name=\"cf2\" "
                              "TTL=\"86400\"/></TableSchema>",
                              "text/xml");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 200) << posted->body;
  auto xml = client_->Get("/t/schema", kXml);
  EXPECT_NE(xml->body.find("<ColumnSchema"), std::string::npos);
  EXPECT_NE(xml->body.find("name=\"cf2\""), std::string::npos);
  EXPECT_NE(xml->body.find("TTL=\"86400\""), std::string::npos);
  EXPECT_EQ(PutJson("/t/schema", {{"ColumnSchema", {{{"name", "cf2"}}}}})->status, 201);
  EXPECT_EQ(GetJson("/t/schema")["ColumnSchema"].size(), 1u);

  EXPECT_EQ(client_->Delete("/t/schema")->status, 200);
  GetJson("/t/schema", 404);
  EXPECT_EQ(client_->Delete("/t/schema")->status, 404);
}

TEST_F(RestGatewayTest, PutsAndGetsCellsInJsonXmlAndOctetStream) {
  server_.CreateTable("t", {"cf"});
  EXPECT_EQ(PutJson("/t/r1/cf:a", OneCell("r1", "cf:a", "v1", 100))->status, 200);
  EXPECT_EQ(PutJson("/t/r1/cf:a", OneCell("r1", "cf:a", "v2", 200))->status, 200);
  json row = GetJson("/t/r1");
  ASSERT_EQ(row["Row"][0]["Cell"].size(), 1u);
  EXPECT_EQ(row["Row"][0]["key"], B64("r1"));
  EXPECT_EQ(row["Row"][0]["Cell"][0]["$"], B64("v2"));
  EXPECT_EQ(row["Row"][0]["Cell"][0]["timestamp"], 200);
  // ?v= versions; a single timestamp means [0, ts); start,end is [start, end).
  EXPECT_EQ(GetJson("/t/r1/cf:a?v=5")["Row"][0]["Cell"].size(), 2u);
  EXPECT_EQ(GetJson("/t/r1/cf:a/200")["Row"][0]["Cell"][0]["$"], B64("v1"));
  EXPECT_EQ(GetJson("/t/r1/cf:a/150,250")["Row"][0]["Cell"][0]["$"], B64("v2"));
  GetJson("/t/r1/cf:a/50", 404);

  // XML in and out; the body's row key wins over the URL's.
  std::string body = "<CellSet><Row key=\"" + B64("r2") + "\"><Cell column=\"" + B64("cf:b") +
                     "\">" + B64("x<ml>") + "</Cell></Row></CellSet>";
  auto put = client_->Put("/t/fake-row/cf:b", body, "text/xml");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 200) << put->body;
  auto xml = client_->Get("/t/r2", kXml);
  EXPECT_EQ(xml->get_header_value("Content-Type"), "text/xml");
  EXPECT_NE(xml->body.find(B64("x<ml>")), std::string::npos);

  // A raw value: PUT with the column in the URL, GET with Accept octet-stream.
  auto raw = client_->Put("/t/r3/cf:c/1234", std::string("\0\1bin", 5), "application/octet-stream");
  EXPECT_EQ(raw->status, 200) << raw->body;
  auto back = client_->Get("/t/r3/cf:c", {{"Accept", "application/octet-stream"}});
  EXPECT_EQ(back->status, 200);
  EXPECT_EQ(back->body, std::string("\0\1bin", 5));
  EXPECT_EQ(back->get_header_value("X-Timestamp"), "1234");
  EXPECT_EQ(client_->Get("/t/r3", {{"Accept", "application/octet-stream"}})->status, 400);
}

TEST_F(RestGatewayTest, WritesManyRowsAndReadsThemBackByMultigetRangeAndGlob) {
  server_.CreateTable("t", {"cf"});
  json body = {{"Row", json::array()}};
  for (std::string r : {"a1", "a2", "b1"}) {
    body["Row"].push_back(
        {{"key", B64(r)}, {"Cell", {{{"column", B64("cf:q")}, {"$", B64("v-" + r)}}}}});
  }
  EXPECT_EQ(client_->Post("/t/false-row-key", kJson, body.dump(), "application/json")->status, 200);
  json multi = GetJson("/t/multiget?row=a1&row=b1&row=zz");
  ASSERT_EQ(multi["Row"].size(), 2u);
  EXPECT_EQ(multi["Row"][1]["key"], B64("b1"));
  GetJson("/t/multiget?row=zz", 404);
  EXPECT_EQ(GetJson("/t/a1,b1")["Row"].size(), 2u);  // [a1, b1)
  json glob = GetJson("/t/a*");
  ASSERT_EQ(glob["Row"].size(), 2u);
  EXPECT_EQ(glob["Row"][0]["key"], B64("a1"));
  json all = GetJson("/t/*?limit=2");
  EXPECT_EQ(all["Row"].size(), 2u);
  json filtered = GetJson("/t/*?filter=ValueFilter%28%3D%2C%27binary%3Av-b1%27%29");
  ASSERT_EQ(filtered["Row"].size(), 1u);
  EXPECT_EQ(filtered["Row"][0]["key"], B64("b1"));
}

TEST_F(RestGatewayTest, DeletesRowsColumnsAndVersionsUpToATimestamp) {
  server_.CreateTable("t", {"cf", "cg"});
  PutJson("/t/r/cf:a", OneCell("r", "cf:a", "1", 10));
  PutJson("/t/r/cf:a", OneCell("r", "cf:a", "2", 20));
  PutJson("/t/r/cf:b", OneCell("r", "cf:b", "3", 10));
  PutJson("/t/r/cg:c", OneCell("r", "cg:c", "4", 10));
  EXPECT_EQ(client_->Delete("/t/r/cf:a/10")->status, 200);  // versions <= 10
  json left = GetJson("/t/r/cf:a?v=3");
  ASSERT_EQ(left["Row"][0]["Cell"].size(), 1u);
  EXPECT_EQ(left["Row"][0]["Cell"][0]["timestamp"], 20);
  EXPECT_EQ(client_->Delete("/t/r/cf")->status, 200);  // the whole family
  json row = GetJson("/t/r");
  ASSERT_EQ(row["Row"][0]["Cell"].size(), 1u);
  EXPECT_EQ(row["Row"][0]["Cell"][0]["column"], B64("cg:c"));
  EXPECT_EQ(client_->Delete("/t/r")->status, 200);
  GetJson("/t/r", 404);
  EXPECT_EQ(client_->Delete("/nope/r")->status, 404);
}

TEST_F(RestGatewayTest, CheckAndPutAndCheckAndDeleteAnswer304WhenTheCheckFails) {
  server_.CreateTable("t", {"cf"});
  PutJson("/t/r/cf:a", OneCell("r", "cf:a", "old"));
  auto check_put = [&](const std::string& expected) {
    json body = {{"Row",
                  {{{"key", B64("r")},
                    {"Cell",
                     {{{"column", B64("cf:a")}, {"$", B64("new")}},
                      {{"column", B64("cf:a")}, {"$", B64(expected)}}}}}}}};
    return client_->Put("/t/r?check=put", kJson, body.dump(), "application/json")->status;
  };
  EXPECT_EQ(check_put("wrong"), 304);
  EXPECT_EQ(GetJson("/t/r/cf:a")["Row"][0]["Cell"][0]["$"], B64("old"));
  json mismatched = {{"Row",
                      {{{"key", B64("r")},
                        {"Cell",
                         {{{"column", B64("cf:b")}, {"$", B64("new")}},
                          {{"column", B64("cf:a")}, {"$", B64("old")}}}}}}}};
  EXPECT_EQ(client_->Put("/t/r?check=put", kJson, mismatched.dump(), "application/json")->status,
            400);
  EXPECT_EQ(check_put("old"), 200);
  EXPECT_EQ(GetJson("/t/r/cf:a")["Row"][0]["Cell"][0]["$"], B64("new"));

  auto check_delete = [&](const std::string& expected) {
    return client_
        ->Put("/t/r/cf:a?check=delete", kJson, OneCell("r", "cf:a", expected).dump(),
              "application/json")
        ->status;
  };
  EXPECT_EQ(check_delete("old"), 304);
  EXPECT_EQ(check_delete("new"), 200);
  GetJson("/t/r", 404);

  // check=increment takes decimal text; the stored counter is 8 bytes.
  std::string inc = OneCell("c", "cf:n", "5").dump();
  EXPECT_EQ(client_->Post("/t/c?check=increment", kJson, inc, "application/json")->status, 200);
  auto again =
      client_->Post("/t/c?check=increment&returnResult=true", kJson, inc, "application/json");
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(again->body)["Row"][0]["Cell"][0]["$"],
            B64(std::string("\0\0\0\0\0\0\0\x0a", 8)));
}

TEST_F(RestGatewayTest, AnswersHBaseErrorCodesAndKeepsServing) {
  server_.CreateTable("t", {"cf"});
  auto bad_json = client_->Put("/t/r", kJson, "{\"Row\":[{", "application/json");
  ASSERT_TRUE(bad_json);
  EXPECT_EQ(bad_json->status, 400);
  EXPECT_NE(bad_json->body.find("malformed JSON"), std::string::npos);
  auto bad_xml = client_->Put("/t/r", kXml, "<CellSet><Row>", "text/xml");
  EXPECT_EQ(bad_xml->status, 400);
  EXPECT_NE(bad_xml->body.find("malformed XML"), std::string::npos);
  auto bad_b64 = PutJson("/t/r", {{"Row", {{{"key", "%%%"}}}}});
  EXPECT_EQ(bad_b64->status, 400);
  EXPECT_NE(bad_b64->body.find("base64"), std::string::npos);
  EXPECT_EQ(PutJson("/t/r/cf:a", OneCell("r", "nofamily", "v"))->status, 400);
  EXPECT_EQ(PutJson("/nope/r", OneCell("r", "cf:a", "v"))->status, 404);
  EXPECT_EQ(PutJson("/t/r", OneCell("r", "zz:a", "v"))->status, 404);  // unknown family
  EXPECT_EQ(client_->Get("/nope/r", kJson)->status, 404);
  EXPECT_EQ(client_->Get("/t/r", {{"Accept", "application/x-protobuf"}})->status, 406);
  EXPECT_EQ(client_->Put("/t/r", "x", "application/x-protobuf")->status, 415);
  EXPECT_EQ(client_->Delete("/version")->status, 405);
  // Still serving after all of that.
  EXPECT_EQ(PutJson("/t/r/cf:a", OneCell("r", "cf:a", "fine"))->status, 200);
  EXPECT_EQ(GetJson("/t/r")["Row"][0]["Cell"][0]["$"], B64("fine"));
}

TEST(RestGatewayAuthTest, RequiresBasicAuthWhenConfigured) {
  GatewayOptions options;
  options.basic_auth = "alice:s3cret";
  RestServerFixture server(options);
  auto client = server.Client();
  auto none = client->Get("/version");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Basic realm=\"cellar\"");
  client->set_basic_auth("alice", "wrong");
  EXPECT_EQ(client->Get("/version")->status, 401);
  client->set_basic_auth("alice", "s3cret");
  EXPECT_EQ(client->Get("/version")->status, 200);
}

TEST(RestGatewayReadOnlyTest, RefusesWritesWith403AndServesReads) {
  GatewayOptions options;
  options.read_only = true;
  RestServerFixture server(options);
  server.CreateTable("t", {"cf"});
  {
    auto table = server.store().OpenTable(*TableName::Parse("t"));
    ASSERT_TRUE(table.ok());
    ASSERT_TRUE((*table)->Put(Put("r").AddColumn("cf", "a", "v")).ok());
  }
  auto client = server.Client();
  std::string body = "{\"Row\":[]}";
  auto put = client->Put("/t/r", body, "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 403);
  EXPECT_EQ(put->body, "Forbidden\r\n");
  EXPECT_EQ(client->Delete("/t/r")->status, 403);
  EXPECT_EQ(client->Delete("/t/schema")->status, 403);
  EXPECT_EQ(client->Put("/u/schema", "{}", "application/json")->status, 403);
  EXPECT_EQ(client->Get("/t/r", kJson)->status, 200);
  auto scanner = client->Post("/t/scanner", "{}", "application/json");
  EXPECT_EQ(scanner->status, 201);
}

}  // namespace
}  // namespace cellar::server::rest::testing
