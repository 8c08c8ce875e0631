#include "server/rest/router.h"

#include <gtest/gtest.h>

#include "server/rest/representation.h"

namespace cellar::server::rest {
namespace {

RestRequest Request(std::string method, std::string target) {
  RestRequest r;
  r.method = std::move(method);
  ParseTarget(target, r);
  return r;
}

TEST(ParseTargetTest, DecodesSegmentsAndParameters) {
  RestRequest r = Request("GET", "/t/r%2F1/cf:q?row=a%20b&row=c+d&v=2");
  EXPECT_EQ(r.segments, (std::vector<std::string>{"t", "r/1", "cf:q"}));
  EXPECT_EQ(r.raw_segments[1], "r%2F1");
  EXPECT_EQ(r.Params("row"), (std::vector<std::string>{"a b", "c d"}));
  EXPECT_EQ(r.Param("v"), "2");
  EXPECT_FALSE(r.Param("x").has_value());
  EXPECT_EQ(Request("GET", "/t/schema/").segments.size(), 2u);
}

TEST(RouterTest, MatchesClusterResources) {
  EXPECT_EQ(MatchRoute(Request("GET", "/")).kind, RouteKind::kTableList);
  EXPECT_EQ(MatchRoute(Request("GET", "/version")).kind, RouteKind::kVersion);
  EXPECT_EQ(MatchRoute(Request("GET", "/version/cluster")).kind, RouteKind::kClusterVersion);
  EXPECT_EQ(MatchRoute(Request("GET", "/status/cluster")).kind, RouteKind::kClusterStatus);
  EXPECT_EQ(MatchRoute(Request("GET", "/namespaces")).kind, RouteKind::kNamespaces);
  Route ns = MatchRoute(Request("GET", "/namespaces/ns1"));
  EXPECT_EQ(ns.kind, RouteKind::kNamespace);
  EXPECT_EQ(ns.name, "ns1");
  EXPECT_EQ(MatchRoute(Request("GET", "/namespaces/ns1/tables")).kind, RouteKind::kNamespaceTables);
}

TEST(RouterTest, MatchesTableResources) {
  EXPECT_EQ(MatchRoute(Request("GET", "/t/schema")).kind, RouteKind::kSchema);
  EXPECT_EQ(MatchRoute(Request("GET", "/ns:t/regions")).table, "ns:t");
  EXPECT_EQ(MatchRoute(Request("GET", "/t/exists")).kind, RouteKind::kExists);
  EXPECT_EQ(MatchRoute(Request("GET", "/t/multiget?row=a")).kind, RouteKind::kMultiGet);
  EXPECT_EQ(MatchRoute(Request("POST", "/t/scanner")).kind, RouteKind::kScanners);
  Route s = MatchRoute(Request("GET", "/t/scanner/12ab"));
  EXPECT_EQ(s.kind, RouteKind::kScanner);
  EXPECT_EQ(s.name, "12ab");
  EXPECT_EQ(MatchRoute(Request("GET", "/t/pre*")).kind, RouteKind::kTableScan);
  EXPECT_EQ(MatchRoute(Request("GET", "/t/*")).kind, RouteKind::kTableScan);
  EXPECT_EQ(MatchRoute(Request("GET", "/t/pre%2A")).kind, RouteKind::kRow);
  EXPECT_EQ(MatchRoute(Request("GET", "/t/row/cf:q/100")).kind, RouteKind::kRow);
}

TEST(RouterTest, ScannersAreReadsAndEverythingElseThatChangesIsAWrite) {
  EXPECT_FALSE(IsWrite(MatchRoute(Request("POST", "/t/scanner")), "POST"));
  EXPECT_FALSE(IsWrite(MatchRoute(Request("DELETE", "/t/scanner/1")), "DELETE"));
  EXPECT_TRUE(IsWrite(MatchRoute(Request("PUT", "/t/row")), "PUT"));
  EXPECT_TRUE(IsWrite(MatchRoute(Request("DELETE", "/t/schema")), "DELETE"));
  EXPECT_TRUE(IsWrite(MatchRoute(Request("POST", "/namespaces/x")), "POST"));
  EXPECT_FALSE(IsWrite(MatchRoute(Request("GET", "/t/row")), "GET"));
}

TEST(RepresentationTest, NegotiatesLikeHBase) {
  RestRequest r;
  EXPECT_EQ(ChooseResponseType(r, {MediaType::kXml, MediaType::kJson}), MediaType::kXml);
  r.accept = "application/json";
  EXPECT_EQ(ChooseResponseType(r, {MediaType::kXml, MediaType::kJson}), MediaType::kJson);
  r.accept = "text/html, application/xml;q=0.9, */*;q=0.8";
  EXPECT_EQ(ChooseResponseType(r, {MediaType::kXml, MediaType::kJson}), MediaType::kXml);
  r.accept = "application/x-protobuf";
  EXPECT_FALSE(ChooseResponseType(r, {MediaType::kXml, MediaType::kJson}).has_value());
  r.content_type = "application/json; charset=utf-8";
  EXPECT_EQ(RequestBodyType(r), MediaType::kJson);
  r.content_type = "";
  r.body = "  {\"Row\":[]}";
  EXPECT_EQ(RequestBodyType(r), MediaType::kJson);
  r.body = "<CellSet/>";
  EXPECT_EQ(RequestBodyType(r), MediaType::kXml);
  r.content_type = "application/protobuf";
  EXPECT_FALSE(RequestBodyType(r).has_value());
}

}  // namespace
}  // namespace cellar::server::rest
