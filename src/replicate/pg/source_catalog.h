#pragma once

// What PostgreSQL's catalog says about a replicated table: its oid, columns (in attnum order, as
// pgoutput and `SELECT *` list them), primary key and size estimate.

#include <cstdint>
#include <string>
#include <vector>

#include "replicate/pg/pg_connection.h"
#include "replicate/pg/row_mapper.h"

namespace cellar::pg {

struct SourceTable {
  std::string schema;
  std::string table;
  uint32_t oid = 0;
  std::vector<SourceColumn> columns{};
  std::vector<std::string> primary_key{};  // in key order; empty if none
  int64_t estimated_rows = 0;            // the planner's reltuples; -1 if never analysed
};

// NotFound naming the table when it does not exist.
Result<SourceTable> DescribeSourceTable(PgConnection& conn, const std::string& schema,
                                        const std::string& table);

}  // namespace cellar::pg
