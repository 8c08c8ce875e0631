#pragma once

// Bootstrapper: the consistent first copy. Creates the job's logical replication slot with an
// exported snapshot, copies every table inside that snapshot (a binary COPY of the key and mapped
// columns, docs/pg-binary-copy.md, streamed straight into the store), flushes, and only then records the slot's consistent point as
// the job's position: every transaction before it is in the copy, every later one comes from the
// slot, with no gap and no duplicate. With capture = trigger the snapshot is taken (and exported)
// after checking that the triggers are installed, and it becomes the position: play skips the
// queued events of the transactions it contains. A crash mid-way leaves no position, so `play`
// refuses until bootstrap is run again. The tables are copied in parallel, up to
// kMaxParallelTables at a time, each on its own connection importing the same snapshot; the first
// error stops the other copies and is the one reported. On a terminal a progress bar shows rows,
// rows/s and the time left from the planner's estimates; otherwise each table logs a line every
// 10 seconds. Not thread-safe.
//
// Into the embedded store, a target table that is empty, logs no events (REPLICATION_SCOPE 0)
// and is the target of no other source table of the job is filled with a BulkLoader
// (cellar/bulk_loader.h) instead of writes: the same cells, several times faster, visible and
// durable only once the table's COPY is complete. Every other table (remote HBase, a table that
// already holds rows, e.g. after a bootstrap that failed half-way, or a scope-1 table) is written
// with MutateAtomically as before. Either way the position is recorded only after every table is
// durable, so a crash mid-way still leaves no position.

#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <string>

#include "cellar/bulk_loader.h"
#include "cellar/connection.h"
#include "replicate/pg/bootstrap_progress.h"
#include "replicate/pg/job.h"
#include "replicate/pg/pg_connection.h"
#include "replicate/pg/row_mapper.h"

namespace cellar::pg {

struct BootstrapStats {
  // The slot's consistent point (an LSN), or with trigger capture the txid snapshot.
  std::string consistent_point;
  int64_t rows = 0;
  double seconds = 0;
};

class Bootstrapper {
 public:
  // Tables copied at once, each by its own thread and PostgreSQL connection.
  static constexpr size_t kMaxParallelTables = 4;
  // Memory of each table's bulk load (BulkLoadOptions::memory_budget_bytes).
  static constexpr size_t kBulkLoadBudgetBytes = 64u << 20;

  // "store" and "job" are borrowed and must outlive this object.
  Bootstrapper(Connection& store, const PgJob& job) : store_(store), job_(job) {}

  Result<BootstrapStats> Run();

 private:
  // The snapshot the tables are copied in and the position it stands for.
  struct SourceSnapshot {
    std::string name;      // for SET TRANSACTION SNAPSHOT
    std::string position;  // the LSN or txid snapshot
    std::map<std::string, std::string> fields;  // the job's position fields
    std::unique_ptr<PgConnection> holder;       // keeps the snapshot alive, if not "conn"
  };
  Result<SourceSnapshot> CreateSlot(PgConnection& conn);
  // REQUIRES: "conn" stays open and idle until the copy is done.
  Result<SourceSnapshot> TakeQueueSnapshot(PgConnection& conn);
  // Copies every table of the job, up to kMaxParallelTables at a time; the total row count.
  Result<int64_t> CopyTables(const std::string& snapshot, int64_t ts);
  // The rows of one table's COPY on their way into the store: straight into its bulk loader
  // (cells by view, no copies), or else in batches of max_batch_rows written by MutateAtomically
  // on a second thread while the next batch is parsed (at most one batch in flight). Counts the
  // rows for the progress bar. Not thread-safe.
  class TableCopy {
   public:
    // Every argument is borrowed and must outlive this object; "loader" may be null.
    TableCopy(Bootstrapper& owner, const TableSpec& spec, const RowMapper& mapper,
              BulkLoader* loader, int64_t ts)
        : owner_(owner), spec_(spec), mapper_(mapper), loader_(loader), ts_(ts) {}
    // Waits for the batch in flight, if any.
    ~TableCopy();

    // Maps "row" (the COPY's values as text) and adds or batches its cells.
    Status Add(SourceRowView row);
    // Writes what is batched and waits until it is written.
    Status Finish();
    int64_t rows() const { return rows_; }

   private:
    // Rows between two progress updates of a bulk load.
    static constexpr int64_t kProgressRows = 4096;
    // Starts writing the batch (after waiting for the one in flight).
    Status Flush();
    void ReportRows(int64_t n);

    Bootstrapper& owner_;
    const TableSpec& spec_;
    const RowMapper& mapper_;
    BulkLoader* const loader_;
    const int64_t ts_;
    int64_t rows_ = 0;
    // Bulk load: reused for every row.
    std::string key_;
    std::vector<BulkCell> cells_;
    std::vector<std::string> encoded_;
    // Writes: the batch being filled and the one being written.
    std::vector<TableRowMutations> batch_;
    std::future<Status> writing_;
  };

  // Stops early (with an error nobody reports) once "cancel" is set.
  Result<int64_t> CopyTable(const TableSpec& spec, const std::string& snapshot, int64_t ts,
                            const std::atomic<bool>& cancel);
  // A bulk loader for "spec"'s target table when it may be bulk loaded (see above); nullptr to
  // copy with writes.
  Result<std::unique_ptr<BulkLoader>> MaybeBulkLoader(const TableSpec& spec);
  // How copied rows are written: without the WAL into the embedded store (flushed before the
  // position is recorded), through the WAL into a remote one, which cannot be flushed over
  // HBase's Thrift2.
  Durability CopyDurability() const;

  // The periodic log line of a table's copy (when no progress bar is drawn).
  void LogRate(const TableSpec& spec, int64_t rows, int64_t estimated_rows, double seconds);
  // LogLine, or above the progress bar while one is drawn.
  void Log(const std::string& line);

  Connection& store_;
  const PgJob& job_;
  // The terminal's progress bar while CopyTables runs on one (else nullptr); owned there.
  BootstrapProgress* progress_ = nullptr;
};

}  // namespace cellar::pg
