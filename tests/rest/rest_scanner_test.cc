// Stateful REST scanners over real HTTP: creation, paging by cells and rows, filters, 204 at
// the end, deletion, and unknown ids.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cellar/table.h"
#include "rest_test_support.h"

namespace cellar::server::rest::testing {
namespace {

using nlohmann::json;

const httplib::Headers kJson = {{"Accept", "application/json"}};

class RestScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.CreateTable("t", {"cf"});
    auto table = server_.store().OpenTable(*TableName::Parse("t"));
    ASSERT_TRUE(table.ok());
    for (std::string row : {"r1", "r2", "r3", "s1"}) {
      ASSERT_TRUE(
          (*table)
              ->Put(Put(row).AddColumn("cf", "a", "a-" + row).AddColumn("cf", "b", "b-" + row))
              .ok());
    }
  }

  // Creates a scanner from "body" (JSON) and returns the path of its Location.
  std::string Open(const json& body) {
    auto r = client_->Post("/t/scanner", kJson, body.dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return "";
    EXPECT_EQ(r->status, 201) << r->body;
    std::string location = r->get_header_value("Location");
    size_t at = location.find("/t/scanner/");
    EXPECT_NE(at, std::string::npos) << location;
    return at == std::string::npos ? "" : location.substr(at);
  }

  // Reads every page; returns "row/column=value" per cell and the number of pages.
  std::vector<std::string> Drain(const std::string& path, int* pages = nullptr) {
    std::vector<std::string> cells;
    for (int i = 0; i < 100; ++i) {
      auto r = client_->Get(path.c_str(), kJson);
      EXPECT_TRUE(r);
      if (!r || r->status == 204) break;
      EXPECT_EQ(r->status, 200) << r->body;
      if (pages) ++*pages;
      json page = json::parse(r->body);
      for (const json& row : page["Row"]) {
        for (const json& c : row["Cell"]) {
          cells.push_back(Decode(row["key"]) + "/" + Decode(c["column"]) + "=" + Decode(c["$"]));
        }
      }
    }
    return cells;
  }

  static std::string Decode(const json& b64) {
    std::string text = b64.get<std::string>();
    // Only the test's own ASCII values; the gateway's decoder is tested elsewhere.
    static const std::string kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    int bits = 0;
    uint32_t acc = 0;
    for (char ch : text) {
      if (ch == '=') break;
      acc = (acc << 6) | static_cast<uint32_t>(kAlphabet.find(ch));
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += static_cast<char>((acc >> bits) & 0xFF);
      }
    }
    return out;
  }

  RestServerFixture server_;
  std::unique_ptr<httplib::Client> client_ = server_.Client();
};

TEST_F(RestScannerTest, PagesByBatchOfCellsThenAnswers204) {
  std::string path = Open({{"batch", 3}});
  int pages = 0;
  std::vector<std::string> cells = Drain(path, &pages);
  EXPECT_EQ(cells.size(), 8u);
  EXPECT_EQ(pages, 3);  // 3 + 3 + 2 cells
  EXPECT_EQ(cells.front(), "r1/cf:a=a-r1");
  EXPECT_EQ(cells.back(), "s1/cf:b=b-s1");
  // Exhausted scanners stay until deleted, and keep answering 204.
  EXPECT_EQ(client_->Get(path.c_str(), kJson)->status, 204);
  EXPECT_EQ(client_->Delete(path.c_str())->status, 200);
  EXPECT_EQ(client_->Get(path.c_str(), kJson)->status, 404);
  EXPECT_EQ(client_->Delete(path.c_str())->status, 404);
}

TEST_F(RestScannerTest, HonoursRowsColumnsRangeAndLimit) {
  std::string path =
      Open({{"startRow", B64("r2")}, {"endRow", B64("s")}, {"column", {B64("cf:b")}}});
  EXPECT_EQ(Drain(path), (std::vector<std::string>{"r2/cf:b=b-r2", "r3/cf:b=b-r3"}));
  std::string limited = Open({{"limit", 1}});
  EXPECT_EQ(Drain(limited).size(), 2u);
  // ?n= caps the rows of one page.
  std::string by_rows = Open(json::object());
  auto page = client_->Get((by_rows + "?n=1").c_str(), kJson);
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(json::parse(page->body)["Row"].size(), 1u);
}

TEST_F(RestScannerTest, AppliesHBaseJsonFiltersAndFilterStrings) {
  json filter = {{"type", "FilterList"},
                 {"op", "MUST_PASS_ALL"},
                 {"filters",
                  {{{"type", "PrefixFilter"}, {"value", B64("r")}},
                   {{"type", "QualifierFilter"},
                    {"op", "EQUAL"},
                    {"comparator", {{"type", "BinaryComparator"}, {"value", B64("a")}}}}}}};
  std::string path = Open({{"filter", filter.dump()}});
  EXPECT_EQ(Drain(path),
            (std::vector<std::string>{"r1/cf:a=a-r1", "r2/cf:a=a-r2", "r3/cf:a=a-r3"}));
  std::string language = Open({{"filter", "RowFilter (=, 'binary:s1')"}});
  EXPECT_EQ(Drain(language), (std::vector<std::string>{"s1/cf:a=a-s1", "s1/cf:b=b-s1"}));
  auto bad = client_->Post("/t/scanner", kJson, json{{"filter", "{\"type\":\"Nope\"}"}}.dump(),
                           "application/json");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("Nope"), std::string::npos);
}

TEST_F(RestScannerTest, AcceptsXmlScannerModelsAndAnswersXml) {
  std::string body = "<Scanner batch=\"10\" startRow=\"" + B64("s") + "\"/>";
  auto r = client_->Post("/t/scanner", body, "text/xml");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  std::string location = r->get_header_value("Location");
  std::string path = location.substr(location.find("/t/scanner/"));
  auto page = client_->Get(path.c_str(), {{"Accept", "text/xml"}});
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<CellSet><Row key=\"" + B64("s1") + "\">"), std::string::npos);
  // One raw cell per GET with application/octet-stream.
  std::string raw_path = Open(json::object());
  auto raw = client_->Get(raw_path.c_str(), {{"Accept", "application/octet-stream"}});
  ASSERT_EQ(raw->status, 200);
  EXPECT_EQ(raw->body, "a-r1");
  EXPECT_EQ(raw->get_header_value("X-Row"), B64("r1"));
}

TEST_F(RestScannerTest, UnknownTablesAndScannersAre404) {
  EXPECT_EQ(client_->Post("/nope/scanner", "{}", "application/json")->status, 404);
  EXPECT_EQ(client_->Get("/t/scanner/12345", kJson)->status, 404);
  std::string path = Open(json::object());
  std::string other = "/u" + path.substr(2);  // the same id under another table
  EXPECT_EQ(client_->Get(other.c_str(), kJson)->status, 404);
  EXPECT_EQ(client_->Post("/t/scanner", "{\"batch\":", "application/json")->status, 400);
}

}  // namespace
}  // namespace cellar::server::rest::testing
