#pragma once

// `cellar mysql hive-ddl`: the Hive DDL that reads the published tables (publisher.h) through
// the HBase storage handler, and the dump's views where Hive can run their SQL.
//
//   CREATE EXTERNAL TABLE `t` (`row_key` binary, `c1` <hive type>, ...)
//   STORED BY 'org.apache.hadoop.hive.hbase.HBaseStorageHandler'
//   WITH SERDEPROPERTIES ("hbase.columns.mapping" = ":key,f:c1,...")
//   TBLPROPERTIES ("hbase.table.name" = "NS:t");
//
// The row key is the ordered encoding of the primary key (row_codec.h), not a Hive primitive,
// so it is mapped as `row_key binary` (named `_row_key`... when a column has that name); the
// key columns themselves are read, with their real names and types, from their f: cells.
// Types come from type_map.h; with binary numbers those columns are mapped "f:c#b". Views are
// translated when their SELECT uses nothing MySQL-only; the others are listed as comments with
// the reason. Pure functions except HiveDdl; thread-safe.

#include <cstdint>
#include <optional>
#include <string>

#include "cellar/status.h"
#include "cellar/store.h"
#include "replicate/mysql/create_table.h"

namespace cellar::mysql {

// The CREATE EXTERNAL TABLE statement of "schema" published as "hbase_table".
std::string HiveTableDdl(const TableSchema& schema, const std::string& hbase_table,
                         bool binary_numbers);

// "CREATE VIEW `v` AS select ...;" for the dump's view "name" with CREATE VIEW text "sql", or
// InvalidArgument with the reason it is not Hive SQL.
Result<std::string> HiveViewDdl(const std::string& name, const std::string& sql);

// The DDL of every table published in namespace "ns" (each with the schema of its newest
// published dump, or of the dump at "dump_time_ms"), then the views of that dump. NotFound
// when nothing is staged or the dump is unknown; FailedPrecondition when nothing is published.
Result<std::string> HiveDdl(Store& store, const std::string& ns,
                            std::optional<int64_t> dump_time_ms);

}  // namespace cellar::mysql
