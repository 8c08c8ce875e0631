#pragma once

// The `cellar pg` commands: resolve a config against the source database, then install,
// bootstrap, play, status, verify and uninstall. Each command checks everything it can before it
// changes anything, and reports errors naming the config section and key.

#include <atomic>
#include <string>
#include <vector>

#include "cellar/connection.h"
#include "replicate/pg/bootstrapper.h"
#include "replicate/pg/config.h"
#include "replicate/pg/job.h"
#include "replicate/pg/pg_connection.h"

namespace cellar::pg {

// Builds the job from "config", checking every named table and column against the database.
// "only" restricts it to some tables ("schema.table" or section names); empty = all.
// FailedPrecondition naming the section and key for an unknown table or column.
Result<PgJob> ResolveJob(const PgConfig& config, PgConnection& conn,
                         const std::vector<std::string>& only);

// Creates the publication (or sets its tables), the slot if missing, and the target tables;
// with capture = trigger, the queue table, the capture function and the tables' triggers.
Status Install(Connection& store, const PgJob& job);
// Drops the slot and the publication (trigger capture: the triggers, function and queue); the
// replicated data stays.
Status Uninstall(Connection& store, const PgJob& job);
// A human-readable report: position, slot, lag in bytes and seconds, WAL retained (trigger
// capture: queue length, oldest event's age, triggers), rows per table, last error.
Result<std::string> StatusReport(Connection& store, const PgJob& job);

// The outcome of comparing source and replica.
struct VerifyReport {
  struct TableResult {
    std::string table;
    int64_t source_rows = 0;
    int64_t replica_rows = 0;
    int64_t differing_rows = 0;               // missing, extra or with other cells
    std::vector<std::string> differing_keys;  // printable; the first 100
  };
  std::vector<TableResult> tables;
  bool ok() const;
  std::string ToString() const;
};
// Compares each table of "job" with its replica: counts and digests per key-hash bucket, then
// row digests in the buckets that differ (memory bounded by the differences, not the table).
// Reads each source table in one REPEATABLE READ snapshot; run it while play is stopped or
// caught up, or changes in flight show as differences.
Result<VerifyReport> Verify(Connection& store, const PgJob& job);

}  // namespace cellar::pg
