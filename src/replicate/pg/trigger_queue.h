#pragma once

// The source side of `capture = trigger`, for databases without wal_level = logical: a queue
// table, one capture function and row triggers, all our own SQL (no skytools, no ticker).
//
// Queue table (pgq_queue_name; default schema public):
//   ev_id     bigserial primary key   order of the events
//   ev_txid   xid8                    the writing (top-level) transaction: pg_current_xact_id()
//   ev_time   timestamptz             clock_timestamp() when the row changed
//   ev_relid  oid                     the changed table
//   ev_op     "char"                  'I' insert, 'U' update, 'D' delete, 'T' truncate
//   ev_old    text                    the row before (U, D) as a row literal (record_text.h)
//   ev_new    text                    the row after (I, U)
// The function runs as its owner (SECURITY DEFINER, so writers need no rights on the queue) and
// with the installer's DateStyle, IntervalStyle, TimeZone, extra_float_digits, bytea_output,
// lc_monetary and search_path, so values are the same text a COPY by `cellar pg` would read.
//
// Batches: a batch is every event whose transaction is visible in a snapshot "cur" and was not
// in the previous batch's snapshot "prev" (pgq's rule), so each transaction lands in exactly one
// batch, a long one in the first batch cut after it commits. Thread-compatible functions.

#include <string>

#include "replicate/pg/job.h"
#include "replicate/pg/pg_connection.h"

namespace cellar::pg {

// The names of a job's capture objects.
struct QueueObjects {
  std::string table;     // the queue table, quoted and schema-qualified
  std::string function;  // the trigger function, quoted and schema-qualified
  // On every replicated table: the row trigger and the statement trigger for TRUNCATE, both
  // unquoted (cellar_<job> and cellar_<job>_truncate).
  std::string row_trigger;
  std::string truncate_trigger;
};
QueueObjects QueueObjectNames(PgConnection& conn, const PgJob& job);

// A position before every event: nothing is visible in it.
inline constexpr char kEmptySnapshot[] = "1:1:";

// Creates the queue table and the function if missing and (re)creates both triggers on each of
// the job's tables, in one transaction. FailedPrecondition before PostgreSQL 13 (no xid8).
Status InstallTriggerCapture(PgConnection& conn, const PgJob& job);
// Drops the triggers (on any table), the function and the queue table.
Status UninstallTriggerCapture(PgConnection& conn, const PgJob& job);
// FailedPrecondition naming the table when the queue or a table's triggers are missing or
// disabled ("run install").
Status CheckTriggerCapture(PgConnection& conn, const PgJob& job);
// Status lines: queue table, events queued and the oldest one's age, triggers per table.
Result<std::string> TriggerCaptureReport(PgConnection& conn, const PgJob& job);

// The events of the batch ("prev", "cur"], in ev_id order, as a query with the columns ev_id,
// ev_op, ev_relid, ev_old, ev_new, ts_ms: the cell timestamp of the event's transaction in
// milliseconds, its commit time when "commit_timestamps" (track_commit_timestamp = on), else
// the time of its last event. Both are the same for all events of one transaction.
std::string BatchQuery(PgConnection& conn, const PgJob& job, const std::string& prev,
                       const std::string& cur, bool commit_timestamps);
// Removes the events of transactions visible in "snapshot", up to "last_ev_id" (-1: all).
std::string ConsumeStatement(PgConnection& conn, const PgJob& job, const std::string& snapshot,
                             int64_t last_ev_id);

}  // namespace cellar::pg
