#pragma once

// Thrift1Fixture: a Store in a temporary directory served by the Thrift v1 gateway on a free
// loopback port, in-process, and a generated C++ client (TSocket + buffered + binary, as
// happybase) connected to it. The store's clock is manual, so server timestamps are known.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "cellar/store.h"
#include "server/thrift/thrift1_gateway.h"
#include "store/test_util.h"
#include "../thrift_gateway_fixture.h"
#include "thrift1/Hbase.h"

namespace cellar::server {

namespace h1 = ::apache::hadoop::hbase::thrift;

class Thrift1Fixture : public ThriftGatewayFixture<h1::HbaseClient, MakeThrift1Gateway> {
 protected:
  static h1::ColumnDescriptor Family(std::string name, int32_t versions = 3) {
    h1::ColumnDescriptor d;
    d.name = std::move(name);
    d.maxVersions = versions;
    return d;
  }

  // Creates "table" with families "f" (3 versions) and "g" (1 version) through the gateway.
  void CreateTable(const std::string& table = "t") {
    client_->createTable(table, {Family("f:"), Family("g", 1)});
  }

  static h1::Mutation Put(std::string column, std::string value) {
    h1::Mutation m;
    m.column = std::move(column);
    m.value = std::move(value);
    return m;
  }
  static h1::Mutation Del(std::string column) {
    h1::Mutation m;
    m.column = std::move(column);
    m.isDelete = true;
    return m;
  }

  // mutateRowTs with one put.
  void PutCell(const std::string& row, const std::string& column, const std::string& value,
               int64_t ts, const std::string& table = "t") {
    client_->mutateRowTs(table, row, {Put(column, value)}, ts, {});
  }

  // "column=value@ts" for each cell of each row, sorted by the map's key order.
  static std::vector<std::string> Flatten(const std::vector<h1::TRowResult>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) {
      std::string line = r.row + ":";
      for (const auto& [column, cell] : r.columns) {
        line += " " + column + "=" + cell.value + "@" + std::to_string(cell.timestamp);
      }
      for (const auto& c : r.sortedColumns) {
        line += " " + c.columnName + "=" + c.cell.value + "@" + std::to_string(c.cell.timestamp);
      }
      out.push_back(line);
    }
    return out;
  }
  static std::vector<std::string> Values(const std::vector<h1::TCell>& cells) {
    std::vector<std::string> out;
    for (const auto& c : cells) out.push_back(c.value + "@" + std::to_string(c.timestamp));
    return out;
  }

  // Reads a scanner to its end, "n" rows per call, and closes it.
  std::vector<h1::TRowResult> Drain(int32_t id, int32_t n = 2) {
    std::vector<h1::TRowResult> all;
    for (;;) {
      std::vector<h1::TRowResult> batch;
      client_->scannerGetList(batch, id, n);
      if (batch.empty()) break;
      all.insert(all.end(), batch.begin(), batch.end());
    }
    client_->scannerClose(id);
    return all;
  }

};

// Expects "statement" to throw exception type "E" whose message contains "text".
#define EXPECT_THRIFT_ERROR(statement, E, text)                                       \
  do {                                                                                \
    try {                                                                             \
      statement;                                                                      \
      ADD_FAILURE() << #statement << " did not throw " #E;                            \
    } catch (const E& e) {                                                            \
      EXPECT_NE(e.message.find(text), std::string::npos) << e.message;                \
    } catch (const std::exception& e) {                                               \
      ADD_FAILURE() << #statement << " threw " << e.what() << " instead of " #E;      \
    }                                                                                 \
  } while (0)

}  // namespace cellar::server
