// JSON and XML codecs of the REST models, against HBase's own fixtures
// (hbase-rest/src/test/.../model/Test*Model.java) and round trips.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/rest/json_codec.h"
#include "server/rest/xml_codec.h"
#include "server/rest/xml_document.h"

namespace cellar::server::rest {
namespace {

CellSetModel SampleCellSet() {
  CellSetModel m;
  m.rows.push_back(RowModel{"testrow1", {CellModel{"testcolumn1", 1245219839331, "testvalue1"}}});
  m.rows.push_back(RowModel{"testrow2",
                            {CellModel{"testcolumn2", 1245239813319, "testvalue2"},
                             CellModel{"testcolumn3", 1245393318192, "testvalue3"}}});
  return m;
}

void ExpectSameCellSet(const CellSetModel& a, const CellSetModel& b) {
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (size_t i = 0; i < a.rows.size(); ++i) {
    EXPECT_EQ(a.rows[i].key, b.rows[i].key);
    ASSERT_EQ(a.rows[i].cells.size(), b.rows[i].cells.size());
    for (size_t j = 0; j < a.rows[i].cells.size(); ++j) {
      EXPECT_EQ(a.rows[i].cells[j].column, b.rows[i].cells[j].column);
      EXPECT_EQ(a.rows[i].cells[j].timestamp, b.rows[i].cells[j].timestamp);
      EXPECT_EQ(a.rows[i].cells[j].value, b.rows[i].cells[j].value);
    }
  }
}

TEST(JsonCodecTest, ReadsHBaseCellSetFixture) {
  Result<CellSetModel> m =
      CellSetFromJson(R"({"Row":[{"key":"dGVzdHJvdzE=","Cell":[{"column":"dGVzdGNvbHVtbjE=",)"
                      R"("timestamp":1245219839331,"$":"dGVzdHZhbHVlMQ=="}]}]})");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->rows.size(), 1u);
  EXPECT_EQ(m->rows[0].key, "testrow1");
  EXPECT_EQ(m->rows[0].cells[0].column, "testcolumn1");
  EXPECT_EQ(m->rows[0].cells[0].timestamp, 1245219839331);
  EXPECT_EQ(m->rows[0].cells[0].value, "testvalue1");
}

TEST(JsonCodecTest, CellSetRoundTripsAndWritesHBaseShape) {
  std::string json = CellSetToJson(SampleCellSet());
  nlohmann::json j = nlohmann::json::parse(json);
  EXPECT_EQ(j["Row"][0]["key"], "dGVzdHJvdzE=");
  EXPECT_EQ(j["Row"][0]["Cell"][0]["$"], "dGVzdHZhbHVlMQ==");
  EXPECT_EQ(j["Row"][0]["Cell"][0]["timestamp"], 1245219839331);
  Result<CellSetModel> back = CellSetFromJson(json);
  ASSERT_TRUE(back.ok());
  ExpectSameCellSet(*back, SampleCellSet());
}

TEST(JsonCodecTest, AcceptsStringTimestampsAndMissingKeys) {
  Result<CellSetModel> m = CellSetFromJson(R"({"Row":[{"Cell":[{"timestamp":"42","$":"dg=="}]}]})");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->rows[0].key, "");
  EXPECT_EQ(m->rows[0].cells[0].timestamp, 42);
  EXPECT_EQ(m->rows[0].cells[0].value, "v");
}

TEST(JsonCodecTest, RejectsMalformedInputWithClearMessages) {
  Result<CellSetModel> bad = CellSetFromJson(R"({"Row":[{"key":)");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("malformed JSON"), std::string::npos);
  Result<CellSetModel> b64 = CellSetFromJson(R"({"Row":[{"key":"!!"}]})");
  ASSERT_FALSE(b64.ok());
  EXPECT_NE(b64.status().message().find("base64"), std::string::npos);
  EXPECT_FALSE(CellSetFromJson(R"({"Row":{"key":"YQ=="}})").ok());
  EXPECT_FALSE(CellSetFromJson(R"({"Row":[{"Cell":[{"timestamp":"x"}]}]})").ok());
}

TEST(JsonCodecTest, ReadsHBaseScannerFixture) {
  Result<ScannerModel> m = ScannerFromJson(
      R"({"batch":100,"caching":1000,"cacheBlocks":false,"endRow":"enp5eng=",)"
      R"("endTime":1245393318192,"maxVersions":2147483647,"startRow":"YWJyYWNhZGFicmE=",)"
      R"("startTime":1245219839331,"column":["Y29sdW1uMQ==","Y29sdW1uMjpmb28="],)"
      R"("labels":["private","public"]})");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->start_row, "abracadabra");
  EXPECT_EQ(m->end_row, "zzyzx");
  EXPECT_EQ(m->columns, (std::vector<std::string>{"column1", "column2:foo"}));
  EXPECT_EQ(m->batch, 100);
  EXPECT_EQ(m->caching, 1000);
  EXPECT_FALSE(m->cache_blocks);
  EXPECT_EQ(m->start_time, 1245219839331);
  EXPECT_EQ(m->end_time, 1245393318192);
  EXPECT_EQ(m->labels.size(), 2u);
  Result<ScannerModel> back = ScannerFromJson(ScannerToJson(*m));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->columns, m->columns);
  EXPECT_EQ(back->end_time, m->end_time);
}

TEST(JsonCodecTest, ReadsHBaseTableSchemaFixtureAndWritesStrings) {
  Result<TableSchemaModel> m = TableSchemaFromJson(
      R"({"name":"testTable","IS_META":"false","IS_ROOT":"false","READONLY":"false",)"
      R"("ColumnSchema":[{"name":"testcolumn","BLOCKSIZE":"16384","BLOOMFILTER":"NONE",)"
      R"("BLOCKCACHE":"true","COMPRESSION":"GZ","VERSIONS":"1","TTL":"86400","IN_MEMORY":"false"}]})");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->name, "testTable");
  ASSERT_EQ(m->columns.size(), 1u);
  EXPECT_EQ(m->columns[0].name, "testcolumn");
  EXPECT_EQ(m->columns[0].attributes.at("TTL"), "86400");
  EXPECT_EQ(m->attributes.at("IS_META"), "false");
  // Numbers sent as numbers are kept as their text.
  Result<TableSchemaModel> n =
      TableSchemaFromJson(R"({"ColumnSchema":[{"name":"f","VERSIONS":3}]})");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->columns[0].attributes.at("VERSIONS"), "3");
  nlohmann::json out = nlohmann::json::parse(TableSchemaToJson(*m));
  EXPECT_EQ(out["ColumnSchema"][0]["VERSIONS"], "1");
}

TEST(JsonCodecTest, WritesSmallModels) {
  EXPECT_EQ(TableListToJson({"t1", "ns:t2"}), R"({"table":[{"name":"t1"},{"name":"ns:t2"}]})");
  EXPECT_EQ(NamespacesToJson({"default", "hbase"}), R"({"Namespace":["default","hbase"]})");
  EXPECT_EQ(ClusterVersionToJson("2.5.0"), R"({"Version":"2.5.0"})");
  EXPECT_EQ(NamespacePropertiesToJson({{{"K", "V"}}}), R"({"properties":{"K":"V"}})");
}

TEST(XmlCodecTest, ReadsHBaseCellSetFixtureAndRoundTrips) {
  Result<CellSetModel> m = CellSetFromXml(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><CellSet>)"
      R"(<Row key="dGVzdHJvdzE="><Cell timestamp="1245219839331" column="dGVzdGNvbHVtbjE=">)"
      R"(dGVzdHZhbHVlMQ==</Cell></Row></CellSet>)");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->rows[0].key, "testrow1");
  EXPECT_EQ(m->rows[0].cells[0].value, "testvalue1");
  Result<CellSetModel> back = CellSetFromXml(CellSetToXml(SampleCellSet()));
  ASSERT_TRUE(back.ok());
  ExpectSameCellSet(*back, SampleCellSet());
}

TEST(XmlCodecTest, ReadsHBaseScannerAndSchemaFixtures) {
  Result<ScannerModel> s = ScannerFromXml(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Scanner batch="100" )"
      R"(cacheBlocks="false" caching="1000" endRow="enp5eng=" endTime="1245393318192" )"
      R"(maxVersions="2147483647" startRow="YWJyYWNhZGFicmE=" startTime="1245219839331">)"
      R"(<column>Y29sdW1uMQ==</column><column>Y29sdW1uMjpmb28=</column>)"
      R"(<labels>private</labels><labels>public</labels></Scanner>)");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->start_row, "abracadabra");
  EXPECT_EQ(s->columns, (std::vector<std::string>{"column1", "column2:foo"}));
  EXPECT_EQ(s->batch, 100);
  EXPECT_FALSE(s->cache_blocks);
  Result<TableSchemaModel> t = TableSchemaFromXml(
      R"(<TableSchema name="testTable" IS_META="false"><ColumnSchema name="testcolumn" )"
      R"(VERSIONS="1" TTL="86400"/></TableSchema>)");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->name, "testTable");
  EXPECT_EQ(t->columns[0].attributes.at("VERSIONS"), "1");
  EXPECT_EQ(t->columns[0].attributes.count("name"), 0u);
  Result<TableSchemaModel> back = TableSchemaFromXml(TableSchemaToXml(*t));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->columns[0].attributes, t->columns[0].attributes);
}

TEST(XmlCodecTest, NamespacePropertiesRoundTrip) {
  NamespacePropertiesModel m{{{"KEY_1", "VALUE_1"}, {"NAME", "a<b&c"}}};
  Result<NamespacePropertiesModel> back = NamespacePropertiesFromXml(NamespacePropertiesToXml(m));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->properties, m.properties);
}

TEST(XmlCodecTest, RejectsMalformedXmlWithPosition) {
  Result<CellSetModel> bad = CellSetFromXml("<CellSet><Row key=\"YQ==\"></CellSet>");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 1"), std::string::npos);
  EXPECT_FALSE(CellSetFromXml("<Other/>").ok());
  EXPECT_FALSE(CellSetFromXml("<CellSet><Row key=\"%%\"/></CellSet>").ok());
  // No DOCTYPE, so no entity expansion.
  EXPECT_FALSE(ParseXml("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><CellSet>&a;</CellSet>").ok());
}

TEST(XmlDocumentTest, EscapesTextAndAttributes) {
  XmlElement e;
  e.name = "a";
  e.attributes["k"] = "\"<&>";
  e.text = "<&>";
  std::string xml = WriteXml(e);
  EXPECT_NE(xml.find("k=\"&quot;&lt;&amp;&gt;\""), std::string::npos);
  Result<XmlElement> back = ParseXml(xml);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->attributes.at("k"), "\"<&>");
  EXPECT_EQ(back->text, "<&>");
}

}  // namespace
}  // namespace cellar::server::rest
