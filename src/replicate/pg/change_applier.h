#pragma once

// ChangeApplier: applies decoded logical changes to the store by the replication rules, in commit
// order, grouping transactions into large atomic writes that also carry the job's position (the
// commit's end LSN), so a crash at any moment resumes exactly after the last write. A transaction
// too large for one write is applied in pieces without a position: a crash replays it whole,
// which rewrites the same cells at the same timestamps. With trigger capture a whole queue batch
// plays the part of a transaction, its batch number that of the LSN, and the queue's event ids
// that of the LSNs in messages. Not thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cellar/connection.h"
#include "replicate/pg/job.h"
#include "replicate/pg/lsn.h"
#include "replicate/pg/row_mapper.h"
#include "replicate/position_table.h"

namespace cellar::pg {

// A relation as pgoutput announces it.
struct RelationInfo {
  uint32_t oid = 0;
  std::string schema;
  std::string table;
  std::vector<SourceColumn> columns;
};

struct RowChange {
  enum class Kind { kInsert, kUpdate, kDelete };
  Kind kind = Kind::kInsert;
  uint32_t relation = 0;
  SourceRow row;                 // insert, update: the new row
  std::optional<SourceRow> old;  // update with a changed key, delete: the old key or row
};

class ChangeApplier {
 public:
  // "store" and "job" are borrowed and must outlive this object. "start" is the durable position
  // streaming starts from.
  ChangeApplier(Connection& store, const PgJob& job, Lsn start);

  // A Relation message: (re)builds the mappers of the job's tables for this relation.
  // FailedPrecondition (naming table, column and "lsn") when a mapped column is gone.
  Status OnRelation(const RelationInfo& rel, Lsn lsn);
  void OnBegin(int64_t commit_time_ms) { commit_ms_ = commit_time_ms; }
  // InvalidArgument for a poison change (a NULL key), naming the table, the key and "lsn".
  Status OnChange(const RowChange& change, Lsn lsn);
  Status OnTruncate(const std::vector<uint32_t>& relations, Lsn lsn);
  // The transaction ending at "end_lsn" committed; writes if the batch is full.
  Status OnCommit(Lsn end_lsn);
  // Trigger capture: the queue batch numbered "batch" (increasing) ends; "position" are the
  // fields written as the job's position with it (instead of the LSN).
  Status OnCommit(Lsn batch, std::map<std::string, std::string> position);
  // Writes everything committed so far with its position. Returns the durable position.
  Result<Lsn> Flush();

  Lsn durable_lsn() const { return durable_lsn_; }
  int64_t applied_transactions() const { return applied_txns_; }
  int64_t applied_rows() const { return applied_rows_; }

 private:
  Status Add(const TableSpec& spec, RowMutations m);
  // A change that cannot be applied: stops play with "error" (naming the table and LSN), or,
  // with a dead-letter table, records it there and lets play go on.
  Status Poison(const RowChange& change, Lsn lsn, const Status& error);
  Status WriteWithoutPosition();
  // "LSN 0/16B3748", or "queue event 42" with trigger capture, for messages.
  std::string Where(Lsn lsn) const;

  Connection& store_;
  const PgJob& job_;
  replicate::PositionTable positions_;
  std::map<uint32_t, std::vector<RowMapper>> mappers_;  // by relation oid
  std::map<uint32_t, std::string> relation_names_;
  int64_t commit_ms_ = 0;
  std::vector<TableRowMutations> pending_;
  size_t committed_rows_ = 0;  // pending_[0, committed_rows_) belong to committed transactions
  Lsn pending_lsn_ = 0;        // end LSN of the last committed transaction in pending_
  int64_t pending_commit_ms_ = 0;
  std::map<std::string, std::string> pending_position_;  // empty: the LSN fields
  Lsn durable_lsn_ = 0;
  int64_t pending_txns_ = 0;
  int64_t applied_txns_ = 0;
  int64_t applied_rows_ = 0;
  int64_t dead_letters_ = 0;
};

// pgoutput's timestamps (microseconds since 2000-01-01) in milliseconds since the Unix epoch.
inline int64_t PgTimestampToUnixMillis(int64_t pg_us) { return pg_us / 1000 + 946'684'800'000; }

}  // namespace cellar::pg
