#include "replicate/pg/trigger_player.h"

#include <charconv>
#include <chrono>
#include <map>
#include <thread>

#include "replicate/pg/change_applier.h"
#include "replicate/pg/pg_connection.h"
#include "replicate/pg/player.h"
#include "replicate/pg/record_text.h"
#include "replicate/pg/source_catalog.h"
#include "replicate/pg/trigger_queue.h"
#include "replicate/position_table.h"

namespace cellar::pg {
namespace {

// Rows per FETCH from the batch's cursor: memory stays bounded however large the batch.
constexpr int kFetchRows = 1000;
// How long play waits after finding no new events.
constexpr auto kIdlePoll = std::chrono::milliseconds(200);

using Fields = std::vector<std::optional<std::string>>;

template <typename T>
Result<T> ParseNumber(const std::optional<std::string>& text, std::string_view what) {
  T v{};
  if (text) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec == std::errc() && end == text->data() + text->size()) return v;
  }
  return Status::DataLoss(std::string(what) + " '" + text.value_or("NULL") + "' is not a number");
}

// Where the job is in its queue.
struct QueuePosition {
  std::string snapshot = kEmptySnapshot;  // every transaction visible in it has been applied
  Lsn batch = 0;                          // batches applied since bootstrap
  int64_t min_ts = 0;                     // played cells lie after the bootstrap copy's
};

Result<QueuePosition> ReadQueuePosition(replicate::PositionTable& positions, const PgJob& job) {
  CELLAR_ASSIGN_OR_RETURN(auto pos, positions.Read(job.PositionKey()));
  QueuePosition p;
  if (!pos.count("snapshot")) {
    if (pos.count("lsn")) {
      return Status::FailedPrecondition(
          "the job's position is an LSN of logical capture; run `cellar pg " + job.config_path +
          " bootstrap` again for capture = trigger");
    }
    LogLine(job, "no bootstrap recorded: playing every queued event (run bootstrap for a full copy)");
    return p;
  }
  p.snapshot = pos["snapshot"];
  if (pos.count("batch")) {
    CELLAR_ASSIGN_OR_RETURN(p.batch, ParseNumber<Lsn>(pos["batch"], "batch"));
  }
  if (pos.count("bootstrap_ts")) {
    CELLAR_ASSIGN_OR_RETURN(int64_t ts, ParseNumber<int64_t>(pos["bootstrap_ts"], "bootstrap_ts"));
    p.min_ts = ts + 1;
  }
  return p;
}

// One connection's worth of batches: from "start" until "stop", an error, or a lost connection.
class QueueSession {
 public:
  QueueSession(Connection& store, const PgJob& job, std::atomic<bool>& stop, QueuePosition start)
      : job_(job), stop_(stop), applier_(store, job, start.batch), durable_(std::move(start)) {}

  Status Run() {
    CELLAR_ASSIGN_OR_RETURN(conn_, PgConnection::Connect(job_.conninfo, PgConnection::Mode::kNormal));
    CELLAR_RETURN_IF_ERROR(CheckTriggerCapture(*conn_, job_));
    CELLAR_ASSIGN_OR_RETURN(PgRows track, conn_->Query("SHOW track_commit_timestamp"));
    commit_timestamps_ = track.rows[0][0] == "on";
    // Events left behind by a crash after their batch became durable (or skipped by bootstrap).
    CELLAR_RETURN_IF_ERROR(conn_->Exec(ConsumeStatement(*conn_, job_, durable_.snapshot, -1)));
    LogLine(job_, "playing queue " + QueueObjectNames(*conn_, job_).table + " after batch " +
                      std::to_string(durable_.batch) + " (snapshot " + durable_.snapshot + ")");
    while (!stop_.load()) {
      CELLAR_ASSIGN_OR_RETURN(int64_t events, PlayBatch());
      if (events == 0) std::this_thread::sleep_for(kIdlePoll);
    }
    LogLine(job_, "stopped after batch " + std::to_string(durable_.batch) + "; " +
                      std::to_string(events_) + " events in " +
                      std::to_string(applier_.applied_transactions()) + " batches this run");
    return Status::Ok();
  }

  const QueuePosition& durable() const { return durable_; }

 private:
  struct Batch {
    std::string snapshot;
    int64_t events = 0;
    int64_t last_ev_id = -1;
    int64_t max_ts = 0;
  };

  // Reads and applies one batch, makes it durable with its position, then deletes its events.
  // Returns the number of events (0: nothing new, nothing written).
  Result<int64_t> PlayBatch() {
    CELLAR_RETURN_IF_ERROR(conn_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    Batch b;
    Status read = ReadBatch(b);
    Status ended = conn_->Exec(read.ok() ? "COMMIT" : "ROLLBACK");  // read only: nothing to keep
    CELLAR_RETURN_IF_ERROR(read);
    CELLAR_RETURN_IF_ERROR(ended);
    if (b.events == 0) return 0;
    QueuePosition next{b.snapshot, durable_.batch + 1, durable_.min_ts};
    CELLAR_RETURN_IF_ERROR(applier_.OnCommit(next.batch, {{"snapshot", next.snapshot},
                                                          {"batch", std::to_string(next.batch)},
                                                          {"commit_ms", std::to_string(b.max_ts)},
                                                          {"state", "streaming"}}));
    CELLAR_RETURN_IF_ERROR(applier_.Flush().status());
    durable_ = std::move(next);
    events_ += b.events;
    // Only now that the batch is durable in the store may its events go.
    CELLAR_RETURN_IF_ERROR(
        conn_->Exec(ConsumeStatement(*conn_, job_, durable_.snapshot, b.last_ev_id)));
    return b.events;
  }

  // In the batch's REPEATABLE READ transaction: takes "cur" and applies the events of
  // (durable_.snapshot, cur] through a cursor.
  Status ReadBatch(Batch& b) {
    // The first statement fixes the transaction's snapshot, which pg_current_snapshot returns:
    // the events read below are exactly those of the transactions visible in it.
    CELLAR_ASSIGN_OR_RETURN(PgRows snap, conn_->Query("SELECT pg_current_snapshot()::text"));
    b.snapshot = snap.rows[0][0].value_or("");
    CELLAR_RETURN_IF_ERROR(conn_->Exec(
        "DECLARE cellar_batch NO SCROLL CURSOR FOR " +
        BatchQuery(*conn_, job_, durable_.snapshot, b.snapshot, commit_timestamps_)));
    for (;;) {
      CELLAR_ASSIGN_OR_RETURN(PgRows rows, conn_->Query("FETCH " + std::to_string(kFetchRows) +
                                                        " FROM cellar_batch"));
      if (rows.rows.empty()) return Status::Ok();
      for (const Fields& event : rows.rows) {
        CELLAR_ASSIGN_OR_RETURN(Lsn ev_id, ParseNumber<Lsn>(event[0], "ev_id"));
        if (b.events == 0) CELLAR_RETURN_IF_ERROR(DescribeTables(ev_id));
        CELLAR_ASSIGN_OR_RETURN(int64_t ts, ParseNumber<int64_t>(event[5], "event time"));
        ts = std::max(ts, durable_.min_ts);
        CELLAR_RETURN_IF_ERROR(Apply(event, ev_id, ts));
        ++b.events;
        b.last_ev_id = static_cast<int64_t>(ev_id);
        b.max_ts = std::max(b.max_ts, ts);
      }
    }
  }

  // Reads the replicated tables' columns as of the batch's snapshot and announces the tables
  // that are new or changed to the applier (which stops at a dropped mapped column).
  Status DescribeTables(Lsn ev_id) {
    for (const TableSpec& spec : job_.tables) {
      auto key = std::make_pair(spec.schema, spec.table);
      auto src = DescribeSourceTable(*conn_, spec.schema, spec.table);
      if (!src.ok()) {
        if (src.status().code() != StatusCode::kNotFound) return src.status();
        if (auto gone = described_.find(key); gone != described_.end()) {
          LogLine(job_, src.status().message() + "; its events are skipped");
          columns_.erase(gone->second.oid);
          described_.erase(gone);
        }
        continue;
      }
      RelationInfo rel{src->oid, src->schema, src->table, src->columns};
      auto it = described_.find(key);
      if (it != described_.end() && SameRelation(it->second, rel)) continue;
      CELLAR_RETURN_IF_ERROR(applier_.OnRelation(rel, ev_id));
      columns_[rel.oid] = rel.columns.size();
      described_[key] = std::move(rel);
    }
    return Status::Ok();
  }

  static bool SameRelation(const RelationInfo& a, const RelationInfo& b) {
    if (a.oid != b.oid || a.columns.size() != b.columns.size()) return false;
    for (size_t i = 0; i < a.columns.size(); ++i) {
      if (a.columns[i].name != b.columns[i].name || a.columns[i].type_oid != b.columns[i].type_oid) {
        return false;
      }
    }
    return true;
  }

  // One event (ev_id, ev_op, ev_relid, ev_old, ev_new, ts_ms) at cell timestamp "ts".
  Status Apply(const Fields& event, Lsn ev_id, int64_t ts) {
    CELLAR_ASSIGN_OR_RETURN(uint32_t relid, ParseNumber<uint32_t>(event[2], "ev_relid"));
    auto columns = columns_.find(relid);
    if (columns == columns_.end()) return Status::Ok();  // not a replicated table
    applier_.OnBegin(ts);
    const char op = event[1] && !event[1]->empty() ? (*event[1])[0] : '?';
    if (op == 'T') return applier_.OnTruncate({relid}, ev_id);
    RowChange change;
    change.relation = relid;
    if (op == 'I' || op == 'U') {
      change.kind = op == 'I' ? RowChange::Kind::kInsert : RowChange::Kind::kUpdate;
      CELLAR_ASSIGN_OR_RETURN(change.row, ToSourceRow(event[4], columns->second, ev_id));
    } else if (op == 'D') {
      change.kind = RowChange::Kind::kDelete;
    } else {
      return Status::DataLoss("queue event " + std::to_string(ev_id) + " has unknown ev_op '" +
                              std::string(1, op) + "'");
    }
    if (op != 'I') {
      CELLAR_ASSIGN_OR_RETURN(change.old, ToSourceRow(event[3], columns->second, ev_id));
    }
    return applier_.OnChange(change, ev_id);
  }

  // The row literal "text" of a table that has "columns" columns now. Columns added after the
  // event are left alone (unchanged); a row with more columns than the table has cannot be
  // matched to the columns any more.
  Result<SourceRow> ToSourceRow(const std::optional<std::string>& text, size_t columns, Lsn ev_id) {
    const std::string where = "queue event " + std::to_string(ev_id);
    if (!text) return Status::DataLoss(where + " lacks its row");
    Status parsed = ParseRecordText(*text, &fields_);
    if (!parsed.ok()) return Status::DataLoss(where + ": " + parsed.message());
    if (fields_.size() > columns) {
      return Status::FailedPrecondition(
          "schema change at " + where + ": its row has " + std::to_string(fields_.size()) +
          " columns but the table has " + std::to_string(columns) +
          " now (a column was dropped while changes were queued); run bootstrap again");
    }
    SourceRow row(columns);
    for (size_t i = 0; i < columns; ++i) {
      if (i < fields_.size()) {
        row[i].text = std::move(fields_[i]);
      } else {
        row[i].unchanged = true;
      }
    }
    return row;
  }

  const PgJob& job_;
  std::atomic<bool>& stop_;
  ChangeApplier applier_;
  QueuePosition durable_;
  std::unique_ptr<PgConnection> conn_;
  bool commit_timestamps_ = false;
  int64_t events_ = 0;
  std::map<std::pair<std::string, std::string>, RelationInfo> described_;  // by schema, table
  std::map<uint32_t, size_t> columns_;  // column count of each replicated relation, by oid
  Fields fields_;                       // reused by ToSourceRow
};

}  // namespace

Status PlayTriggerQueue(Connection& store, const PgJob& job, std::atomic<bool>& stop) {
  replicate::PositionTable positions(store);
  CELLAR_RETURN_IF_ERROR(positions.Ensure());
  CELLAR_RETURN_IF_ERROR(EnsureTargetTables(store, job));
  CELLAR_ASSIGN_OR_RETURN(QueuePosition start, ReadQueuePosition(positions, job));
  return RunSessions(store, job, stop, [&](bool* progressed) {
    QueueSession session(store, job, stop, start);
    Status s = session.Run();
    *progressed = session.durable().batch > start.batch;
    if (*progressed) start = session.durable();
    return s;
  });
}

}  // namespace cellar::pg
