#include "replicate/pg/bootstrapper.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "cellar/store.h"
#include "replicate/pg/copy_binary.h"
#include "replicate/pg/copy_fields.h"
#include "replicate/pg/source_catalog.h"
#include "replicate/pg/trigger_queue.h"
#include "replicate/position_table.h"

namespace cellar::pg {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

Result<BootstrapStats> Bootstrapper::Run() {
  const auto start = Clock::now();
  replicate::PositionTable positions(store_);
  CELLAR_RETURN_IF_ERROR(positions.Ensure());
  CELLAR_RETURN_IF_ERROR(EnsureTargetTables(store_, job_));
  CELLAR_RETURN_IF_ERROR(positions.Clear(job_.PositionKey()));

  CELLAR_ASSIGN_OR_RETURN(auto conn,
                          PgConnection::Connect(job_.conninfo, PgConnection::Mode::kNormal));
  // Cell timestamp of the copy: read before the slot exists, so every change the slot streams
  // later commits at or after it.
  CELLAR_ASSIGN_OR_RETURN(
      PgRows now, conn->Query("SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint"));
  const int64_t ts = std::stoll(*now.rows[0][0]);
  CELLAR_ASSIGN_OR_RETURN(SourceSnapshot source, job_.capture == CaptureMode::kTrigger
                                                     ? TakeQueueSnapshot(*conn)
                                                     : CreateSlot(*conn));
  BootstrapStats stats;
  stats.consistent_point = source.position;
  CELLAR_ASSIGN_OR_RETURN(stats.rows, CopyTables(source.name, ts));
  // Into the embedded store the copy was written without the WAL; make it durable before
  // recording the position. A remote target was written through its WAL (HBase's Thrift2 has no
  // flush call), so it is durable already.
  if (CopyDurability() == Durability::kSkipWal) {
    for (const TableSpec& spec : job_.tables) {
      CELLAR_RETURN_IF_ERROR(store_.admin().Flush(spec.target_table));
    }
  }
  source.fields["bootstrap_ts"] = std::to_string(ts);
  source.fields["state"] = "bootstrapped";
  std::vector<TableRowMutations> pos = {positions.Write(job_.PositionKey(), source.fields)};
  CELLAR_RETURN_IF_ERROR(store_.MutateAtomically(pos, Durability::kFsyncWal));
  stats.seconds = SecondsSince(start);
  LogLine(job_, "bootstrap done: " + std::to_string(stats.rows) + " rows in " +
                    std::to_string(stats.seconds) + " s; changes stream from " +
                    stats.consistent_point);
  return stats;
}

Result<Bootstrapper::SourceSnapshot> Bootstrapper::CreateSlot(PgConnection& conn) {
  CELLAR_ASSIGN_OR_RETURN(PgRows existing,
                          conn.Query("SELECT 1 FROM pg_replication_slots WHERE slot_name = " +
                                     conn.QuoteLiteral(job_.slot_name)));
  if (!existing.rows.empty()) {
    CELLAR_RETURN_IF_ERROR(
        conn.Exec("SELECT pg_drop_replication_slot(" + conn.QuoteLiteral(job_.slot_name) + ")"));
  }
  SourceSnapshot source;
  CELLAR_ASSIGN_OR_RETURN(source.holder,
                          PgConnection::Connect(job_.conninfo, PgConnection::Mode::kReplication));
  CELLAR_ASSIGN_OR_RETURN(
      PgRows slot,
      source.holder->Query("CREATE_REPLICATION_SLOT " +
                           source.holder->QuoteIdentifier(job_.slot_name) +
                           " LOGICAL pgoutput EXPORT_SNAPSHOT"));
  if (slot.rows.empty() || slot.rows[0].size() < 3 || !slot.rows[0][2]) {
    return Status::Internal("CREATE_REPLICATION_SLOT returned no snapshot");
  }
  source.position = *slot.rows[0][1];
  source.name = *slot.rows[0][2];
  source.fields = {{"lsn", source.position}, {"slot", job_.slot_name}};
  LogLine(job_, "slot " + job_.slot_name + " created at " + source.position + "; copying " +
                    std::to_string(job_.tables.size()) + " table(s)");
  return source;
}

Result<Bootstrapper::SourceSnapshot> Bootstrapper::TakeQueueSnapshot(PgConnection& conn) {
  // The triggers were committed before this snapshot is taken, so every transaction it does not
  // see has its events in the queue, and play skips the events of those it does see.
  CELLAR_RETURN_IF_ERROR(CheckTriggerCapture(conn, job_));
  CELLAR_RETURN_IF_ERROR(conn.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  CELLAR_ASSIGN_OR_RETURN(PgRows snap,
                          conn.Query("SELECT pg_current_snapshot()::text, pg_export_snapshot()"));
  SourceSnapshot source;
  source.position = snap.rows[0][0].value_or("");
  source.name = snap.rows[0][1].value_or("");
  source.fields = {{"snapshot", source.position}, {"batch", "0"}};
  LogLine(job_, "snapshot " + source.position + " taken after the triggers; copying " +
                    std::to_string(job_.tables.size()) + " table(s)");
  return source;
}

Result<int64_t> Bootstrapper::CopyTables(const std::string& snapshot, int64_t ts) {
  const size_t n = job_.tables.size();
  std::atomic<size_t> next{0};
  std::atomic<bool> cancel{false};
  std::atomic<int64_t> rows{0};
  std::mutex mu;
  Status first_error;  // guarded by mu; set before "cancel", so a cancelled copy never wins
  auto work = [&] {
    while (!cancel.load(std::memory_order_relaxed)) {
      const size_t i = next.fetch_add(1);
      if (i >= n) return;
      Result<int64_t> copied = CopyTable(job_.tables[i], snapshot, ts, cancel);
      if (copied.ok()) {
        rows += *copied;
        continue;
      }
      std::lock_guard<std::mutex> lock(mu);
      if (first_error.ok()) first_error = copied.status();
      cancel = true;
      return;
    }
  };
  // A progress bar when the log goes to a terminal; periodic log lines otherwise.
  std::optional<BootstrapProgress> bar;
  if (job_.log == stderr && isatty(fileno(stderr))) {
    bar.emplace(stderr, n);
    progress_ = &*bar;
  }
  const size_t workers = std::min(n, kMaxParallelTables);
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  progress_ = nullptr;
  bar.reset();
  CELLAR_RETURN_IF_ERROR(first_error);
  return rows.load();
}

Durability Bootstrapper::CopyDurability() const {
  return dynamic_cast<Store*>(&store_) != nullptr ? Durability::kSkipWal : Durability::kUseDefault;
}

Result<std::unique_ptr<BulkLoader>> Bootstrapper::MaybeBulkLoader(const TableSpec& spec) {
  auto* embedded = dynamic_cast<Store*>(&store_);
  if (embedded == nullptr) return std::unique_ptr<BulkLoader>();
  const auto same_target = [&](const TableSpec& t) { return t.target_table == spec.target_table; };
  if (std::count_if(job_.tables.begin(), job_.tables.end(), same_target) > 1) {
    return std::unique_ptr<BulkLoader>();  // two loads of one table: the second would fail
  }
  // Up to kMaxParallelTables loads at once: 64 MiB each bounds them to 256 MiB, and keeps the
  // last chunk, written after the COPY ends, short.
  BulkLoadOptions options;
  options.memory_budget_bytes = kBulkLoadBudgetBytes;
  Result<std::unique_ptr<BulkLoader>> loader =
      embedded->NewBulkLoader(spec.target_table, options);
  if (loader.ok() || loader.status().code() != StatusCode::kFailedPrecondition) return loader;
  Log(spec.schema + "." + spec.table + ": copying with writes (" + loader.status().message() +
      ")");
  return std::unique_ptr<BulkLoader>();
}

Result<int64_t> Bootstrapper::CopyTable(const TableSpec& spec, const std::string& snapshot,
                                        int64_t ts, const std::atomic<bool>& cancel) {
  const auto start = Clock::now();
  CELLAR_ASSIGN_OR_RETURN(std::unique_ptr<BulkLoader> loader, MaybeBulkLoader(spec));
  CELLAR_ASSIGN_OR_RETURN(auto conn,
                          PgConnection::Connect(job_.conninfo, PgConnection::Mode::kNormal));
  CELLAR_RETURN_IF_ERROR(conn->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  CELLAR_RETURN_IF_ERROR(conn->Exec("SET TRANSACTION SNAPSHOT " + conn->QuoteLiteral(snapshot)));
  auto described = DescribeSourceTable(*conn, spec.schema, spec.table);
  if (!described.ok()) return described.status().WithContext("[" + spec.section + "]");
  CELLAR_ASSIGN_OR_RETURN(BinaryCopyQuery query, PlanBinaryCopy(*conn, spec, described->columns));
  CELLAR_ASSIGN_OR_RETURN(RowMapper mapper, RowMapper::Create(spec, query.columns));
  if (progress_ != nullptr) progress_->AddTable(described->estimated_rows);
  TableCopy copy(*this, spec, mapper, loader.get(), ts);
  BinaryCopyReader reader(query.columns.size());
  CopyFieldDecoder decoder(std::move(query.formats));
  std::vector<std::optional<std::string_view>> text;
  auto last_log = Clock::now();
  // A std::function made once: a lambda given to Feed would become a new one, allocated on the
  // heap, for every CopyData message (one per row).
  const BinaryCopyReader::TupleCallback on_tuple =
      [&](std::span<const CopyField> fields) -> Status {
    if (cancel.load(std::memory_order_relaxed)) {
      return Status::Unavailable("cancelled: another table's copy failed");
    }
    CELLAR_RETURN_IF_ERROR(decoder.Decode(fields, &text));
    CELLAR_RETURN_IF_ERROR(copy.Add(text));
    if (progress_ == nullptr && copy.rows() % 4096 == 0 && SecondsSince(last_log) >= 10) {
      last_log = Clock::now();
      LogRate(spec, copy.rows(), described->estimated_rows, SecondsSince(start));
    }
    return Status::Ok();
  };
  Status copied = conn->CopyOut(
      query.sql, [&](std::string_view data) { return reader.Feed(data, on_tuple); });
  if (copied.ok()) copied = reader.Finish();
  if (copied.ok()) copied = copy.Finish();
  if (!copied.ok()) return copied.WithContext("copying " + spec.schema + "." + spec.table);
  CELLAR_RETURN_IF_ERROR(conn->Exec("COMMIT"));
  std::string how = "copied";
  if (loader) {
    // Visible and durable from here; the position still waits for every table.
    Result<BulkLoadStats> loaded = loader->Finish();
    if (!loaded.ok()) return loaded.status().WithContext("bulk loading " + spec.schema + "." +
                                                         spec.table);
    how = "bulk loaded (" + std::to_string(loaded->files) + " files, " +
          std::to_string(loaded->bytes >> 20) + " MiB)";
  }
  if (progress_ != nullptr) progress_->TableDone();
  Log(spec.schema + "." + spec.table + ": " + std::to_string(copy.rows()) + " rows " + how +
      " in " + std::to_string(SecondsSince(start)) + " s");
  return copy.rows();
}

void Bootstrapper::LogRate(const TableSpec& spec, int64_t rows, int64_t estimated_rows,
                           double seconds) {
  std::string eta;
  if (estimated_rows > rows && rows > 0) {
    eta = ", about " +
          std::to_string(static_cast<int64_t>((estimated_rows - rows) / (rows / seconds))) +
          " s left";
  }
  LogLine(job_, spec.schema + "." + spec.table + ": " + std::to_string(rows) + " rows, " +
                    std::to_string(static_cast<int64_t>(rows / seconds)) + " rows/s" + eta);
}

Bootstrapper::TableCopy::~TableCopy() {
  if (writing_.valid()) (void)writing_.get();
}

Status Bootstrapper::TableCopy::Add(SourceRowView row) {
  ++rows_;
  if (loader_ != nullptr) {
    CELLAR_RETURN_IF_ERROR(mapper_.UpsertCells(row, &key_, &cells_, &encoded_));
    if (!cells_.empty()) CELLAR_RETURN_IF_ERROR(loader_->AddCells(key_, ts_, cells_));
    if (rows_ % kProgressRows == 0) ReportRows(kProgressRows);
    return Status::Ok();
  }
  SourceRow owned(row.size());
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i]) owned[i].text.emplace(*row[i]);
  }
  CELLAR_ASSIGN_OR_RETURN(RowMutations m, mapper_.Upsert(std::move(owned), ts_));
  batch_.push_back(TableRowMutations{spec_.target_table, std::move(m)});
  return batch_.size() >= owner_.job_.max_batch_rows ? Flush() : Status::Ok();
}

Status Bootstrapper::TableCopy::Flush() {
  if (loader_ != nullptr) {
    ReportRows(rows_ % kProgressRows);
    return Status::Ok();
  }
  if (writing_.valid()) CELLAR_RETURN_IF_ERROR(writing_.get());
  if (batch_.empty()) return Status::Ok();
  ReportRows(static_cast<int64_t>(batch_.size()));
  writing_ = std::async(std::launch::async, [&store = owner_.store_,
                                             durability = owner_.CopyDurability(),
                                             b = std::move(batch_)] {
    return store.MutateAtomically(b, durability);
  });
  batch_ = {};
  batch_.reserve(owner_.job_.max_batch_rows);
  return Status::Ok();
}

Status Bootstrapper::TableCopy::Finish() {
  CELLAR_RETURN_IF_ERROR(Flush());
  return writing_.valid() ? writing_.get() : Status::Ok();
}

void Bootstrapper::TableCopy::ReportRows(int64_t n) {
  if (owner_.progress_ != nullptr && n > 0) owner_.progress_->AddRows(n);
}

void Bootstrapper::Log(const std::string& line) {
  if (progress_ != nullptr) {
    progress_->Print(LogText(job_, line));
  } else {
    LogLine(job_, line);
  }
}

}  // namespace cellar::pg
