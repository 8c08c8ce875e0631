#pragma once

// The configuration of `cellar pg`: hbrep's ini file (an [HBaseReplic] section and one section
// per replicated table) plus Cellar's optional keys, loaded and checked as far as possible
// without a database. PgConfig and TableMapping are plain values: thread-compatible.
//
// [HBaseReplic] keys (hbrep's first, then Cellar's; all values through ConfigParser
// interpolation, so %(job_name)s works):
//   job_name          required
//   postgresql_db     required; a libpq connection string ("dbname=src user=me" or a URI)
//   logfile, pidfile  default: none (-d needs pidfile)
//   pgq_queue_name    trigger capture's queue table, [schema.]table (schema public if none).
//                     Default: cellar_<job_name>_queue
//   hbase_hostname, hbase_port   the HBase Thrift2 gateway to write to (an Apache HBase
//                     `hbase thrift2` or `cellar serve`), unless `store` is given.
//                     Default: none, 9090
//   max_batch_size    rows per write batch. Default: 10000
//   bootstrap_tmpfile COPY into this file first. Default: none (COPY streams into the store)
//   store             the embedded store's directory. Default: ./cellar-data
//   capture           logical | trigger. Default: logical
//   slot_name         Default: cellar_<job_name>, lowercased, other characters as '_'
//   publication       Default: as slot_name
//   dead_letter_table where poison changes go instead of stopping play. Default: none
// Per table, or in [HBaseReplic] for every table (a table section wins):
//   key_encoding      ordered | text. Default: ordered
//   salt_buckets      0..256. Default: 0 (no salt)
//   value_encoding    text | binary. Default: text
//   versions, keep_deleted_cells, new_version_behavior, compression: the column family options
//                     of target tables Cellar creates. Default: 1, true, true, NONE
// Table sections ([schema.table]):
//   psql_schema, psql_table_name   Default: from the section name "schema.table"
//   psql_key_column   key column(s), comma-separated. Default: the primary key
//   psql_columns      comma- (or space-) separated, or * for every column
//   hbase_table_name  [namespace:]table
//   hbase_column_descriptors  family:qualifier per psql column, in the same order; with * one
//                     family (each column becomes family:<column name>)
//   hbase_row_prefix  Default: none

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cellar/schema.h"
#include "cellar/status.h"
#include "replicate/row_key.h"

namespace cellar::pg {

inline constexpr std::string_view kReplicatorSection = "HBaseReplic";

enum class CaptureMode {
  kLogical,  // a publication and a pgoutput slot (needs wal_level = logical)
  kTrigger,  // row triggers and a queue table
};

// One [schema.table] section: which source columns go to which cells.
struct TableMapping {
  std::string section;  // the section name, for messages
  std::string where;    // "file:line" of the section header, for messages
  std::string schema;
  std::string table;
  // psql_key_column; empty means the table's primary key.
  std::vector<std::string> key_columns;
  // psql_columns is "*": every column of the table, each to all_columns_family:<column name>.
  bool all_columns = false;
  std::string all_columns_family;
  // Otherwise the mapped columns, and for each its (family, qualifier) at the same index.
  std::vector<std::string> columns;
  std::vector<std::pair<std::string, std::string>> descriptors;
  TableName hbase_table;
  std::string row_prefix;
  // Encoding, prefix (== row_prefix) and salt of the row keys.
  replicate::RowKeyFormat key_format;
  // value_encoding = binary: HBase's Bytes encodings for numbers and booleans.
  bool binary_values = false;
  // Options of the families Cellar creates for hbase_table (name left empty).
  ColumnFamilyDescriptor family_options;

  // "schema.table".
  std::string QualifiedName() const { return schema + "." + table; }
  // The distinct families this mapping writes, in first-use order, with family_options.
  std::vector<ColumnFamilyDescriptor> Families() const;
};

struct PgConfig {
  std::string filename;
  // hbrep's [HBaseReplic] keys.
  std::string job_name;
  std::string logfile;
  std::string pidfile;
  std::string postgresql_db;
  std::string pgq_queue_name;
  std::string hbase_hostname;
  int hbase_port = 9090;
  int64_t max_batch_size = 10000;
  std::string bootstrap_tmpfile;
  // Cellar's keys.
  std::string store_dir = "./cellar-data";
  bool store_given = false;  // "store" was set (an explicit choice of the embedded store)
  CaptureMode capture = CaptureMode::kLogical;
  std::string slot_name;
  std::string publication;
  std::optional<TableName> dead_letter_table;
  // The table sections, in file order.
  std::vector<TableMapping> tables;
  // Things worth logging that are not errors (unknown keys, probably typos), with locations.
  std::vector<std::string> warnings;

  // The mapping of "name": "schema.table" or a section name; nullptr if none.
  const TableMapping* FindTable(std::string_view name) const;
};

// Parses and validates the ini "text"; "filename" is used in messages. Returns InvalidArgument
// naming file:line, the section and key, what is wrong and what to write instead.
Result<PgConfig> ParsePgConfig(std::string_view text, std::string_view filename);

// Reads "path" and calls ParsePgConfig. NotFound when the file cannot be read.
Result<PgConfig> LoadPgConfig(const std::string& path);

// "cellar_" + "job_name" as a replication slot name: lowercased, characters other than
// [a-z0-9_] replaced by '_', at most 63 bytes.
std::string DefaultSlotName(std::string_view job_name);

// The CaptureMode named "logical" or "trigger" (any case).
Result<CaptureMode> ParseCaptureMode(std::string_view name);
std::string_view CaptureModeName(CaptureMode mode);

}  // namespace cellar::pg
