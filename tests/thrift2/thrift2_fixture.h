#pragma once

// Thrift2Fixture: a Store in a temporary directory served by the Thrift v2 gateway on a free
// loopback port, in-process, and a generated C++ client (TSocket + buffered + binary, as
// node-thrift2-hbase) connected to it, plus builders for the thrift2 structs. The store's clock
// is manual, so server timestamps are known.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cellar/store.h"
#include "server/thrift/thrift2_gateway.h"
#include "store/test_util.h"
#include "../thrift_gateway_fixture.h"
#include "thrift2/THBaseService.h"

namespace cellar::server {

namespace t2 = ::apache::hadoop::hbase::thrift2;

class Thrift2Fixture : public ThriftGatewayFixture<t2::THBaseServiceClient, MakeThrift2Gateway> {
 protected:
  static t2::TTableName Name(const std::string& qualifier, const std::string& ns = "") {
    t2::TTableName n;
    if (!ns.empty()) n.__set_ns(ns);
    n.__set_qualifier(qualifier);
    return n;
  }

  static t2::TColumnFamilyDescriptor Family(const std::string& name, int32_t versions = 3) {
    t2::TColumnFamilyDescriptor f;
    f.__set_name(name);
    f.__set_maxVersions(versions);
    return f;
  }

  // Creates "table" with families "f" (3 versions) and "g" (1 version) through the gateway.
  void CreateTable(const std::string& table = "t", const std::string& ns = "") {
    t2::TTableDescriptor d;
    d.__set_tableName(Name(table, ns));
    d.__set_columns({Family("f"), Family("g", 1)});
    client_->createTable(d, {});
  }

  static t2::TColumnValue Cv(const std::string& family, const std::string& qualifier,
                             const std::string& value, std::optional<int64_t> ts = std::nullopt) {
    t2::TColumnValue cv;
    cv.__set_family(family);
    cv.__set_qualifier(qualifier);
    cv.__set_value(value);
    if (ts) cv.__set_timestamp(*ts);
    return cv;
  }

  static t2::TPut MakePut(const std::string& row, std::vector<t2::TColumnValue> values) {
    t2::TPut p;
    p.__set_row(row);
    p.__set_columnValues(std::move(values));
    return p;
  }

  static t2::TColumn Col(const std::string& family, std::optional<std::string> qualifier = {},
                         std::optional<int64_t> ts = {}) {
    t2::TColumn c;
    c.__set_family(family);
    if (qualifier) c.__set_qualifier(*qualifier);
    if (ts) c.__set_timestamp(*ts);
    return c;
  }

  static t2::TGet MakeGet(const std::string& row) {
    t2::TGet g;
    g.__set_row(row);
    return g;
  }

  static t2::TDelete MakeDelete(const std::string& row, std::vector<t2::TColumn> columns = {},
                                std::optional<t2::TDeleteType::type> type = {}) {
    t2::TDelete d;
    d.__set_row(row);
    if (!columns.empty()) d.__set_columns(std::move(columns));
    if (type) d.__set_deleteType(*type);
    return d;
  }

  void PutCell(const std::string& row, const std::string& family, const std::string& qualifier,
               const std::string& value, std::optional<int64_t> ts = {},
               const std::string& table = "t") {
    client_->put(table, MakePut(row, {Cv(family, qualifier, value, ts)}));
  }

  // "row: f:q=value@ts ..." for one result; "" for an empty one.
  static std::string Flatten(const t2::TResult& r) {
    if (!r.__isset.row && r.columnValues.empty()) return "";
    std::string line = r.row + ":";
    for (const auto& cv : r.columnValues) {
      line += " " + cv.family + ":" + cv.qualifier + "=" + cv.value + "@" +
              std::to_string(cv.timestamp);
    }
    return line;
  }
  static std::vector<std::string> Flatten(const std::vector<t2::TResult>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(Flatten(r));
    return out;
  }

  // The TIOError message of "fn", or "" when it does not throw one.
  template <typename Fn>
  static std::string IOErrorOf(Fn&& fn) {
    try {
      fn();
    } catch (const t2::TIOError& e) {
      return e.message.empty() ? "(empty message)" : e.message;
    }
    return "";
  }

};

}  // namespace cellar::server
