#pragma once

// PgJob: everything a PostgreSQL replication job needs, resolved from its config file, plus the
// helpers shared by its commands (target tables, positions, logging). Value type.

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cellar/schema.h"
#include "cellar/connection.h"
#include "replicate/pg/config.h"
#include "replicate/pg/row_mapper.h"

namespace cellar::pg {

struct PgJob {
  std::string config_path;  // for messages
  std::string job_name;
  std::string conninfo;
  std::string slot_name;
  std::string publication;
  CaptureMode capture = CaptureMode::kLogical;
  // Trigger capture's queue table, "table" or "schema.table" (default schema: public).
  std::string queue_name;
  // Rows per atomic write while applying changes or copying. Default: 10000.
  size_t max_batch_rows = 10000;
  // Options of the families the job creates (the name is filled per family).
  ColumnFamilyDescriptor family_template;
  std::vector<TableSpec> tables;
  // Where poison changes go instead of stopping play (family "d"). Default: none.
  std::optional<TableName> dead_letter_table;
  FILE* log = stderr;  // borrowed

  // The key under which the job keeps its position in cellar:replication.
  std::string PositionKey() const { return "pg:" + job_name; }
};

// The family of dead-letter tables: d:table, d:lsn, d:error, d:values.
inline constexpr char kDeadLetterFamily[] = "d";

// "line" with the time and the job's name in front, as LogLine writes it (no newline).
std::string LogText(const PgJob& job, const std::string& line);
// Writes one timestamped log line to job.log.
void LogLine(const PgJob& job, const std::string& line);

// Creates each target table (and namespace) that is missing, and adds missing families.
Status EnsureTargetTables(Connection& store, const PgJob& job);

}  // namespace cellar::pg
