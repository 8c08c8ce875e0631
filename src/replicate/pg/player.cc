#include "replicate/pg/player.h"

#include <chrono>
#include <thread>

#include "replicate/pg/change_applier.h"
#include "replicate/pg/lsn.h"
#include "replicate/pg/pg_connection.h"
#include "replicate/pg/pgoutput.h"
#include "replicate/pg/trigger_player.h"
#include "replicate/position_table.h"

namespace cellar::pg {
namespace {

using SteadyClock = std::chrono::steady_clock;

SourceRow ToSourceRow(const TupleData& tuple) {
  SourceRow row(tuple.size());
  for (size_t i = 0; i < tuple.size(); ++i) {
    const TupleValue& c = tuple[i];
    row[i].unchanged = c.kind == TupleValueKind::kUnchangedToast;
    if (c.kind == TupleValueKind::kText || c.kind == TupleValueKind::kBinary) row[i].text = c.data;
  }
  return row;
}

// One streaming session: from "start" until "stop", an error, or a lost connection.
class Session {
 public:
  Session(Connection& store, const PgJob& job, std::atomic<bool>& stop, Lsn start)
      : job_(job), stop_(stop), applier_(store, job, start), durable_(start) {}

  Status Run() {
    const Lsn start = durable_;
    CELLAR_ASSIGN_OR_RETURN(conn_,
                            PgConnection::Connect(job_.conninfo, PgConnection::Mode::kReplication));
    CELLAR_RETURN_IF_ERROR(conn_->StartReplication(
        "START_REPLICATION SLOT " + conn_->QuoteIdentifier(job_.slot_name) + " LOGICAL " +
        FormatLsn(start) + " (proto_version '1', publication_names " +
        conn_->QuoteLiteral(conn_->QuoteIdentifier(job_.publication)) + ")"));
    LogLine(job_, "streaming " + job_.slot_name + " from " + FormatLsn(start));
    auto last_flush = SteadyClock::now();
    while (true) {
      // On a stop request, finish the transaction in hand first.
      if (stop_.load() && !in_transaction_) break;
      CELLAR_ASSIGN_OR_RETURN(auto data, conn_->ReadCopyData(std::chrono::milliseconds(200)));
      if (data) CELLAR_RETURN_IF_ERROR(Handle(*data));
      bool idle = !data.has_value();
      if (!in_transaction_ && (idle || SteadyClock::now() - last_flush > std::chrono::seconds(1))) {
        CELLAR_RETURN_IF_ERROR(FlushAndReport());
        last_flush = SteadyClock::now();
      }
    }
    CELLAR_RETURN_IF_ERROR(FlushAndReport());
    LogLine(job_, "stopped at " + FormatLsn(durable_) + " after " +
                      std::to_string(applier_.applied_transactions()) + " transactions");
    return Status::Ok();
  }

  Lsn durable() const { return durable_; }

 private:
  Status FlushAndReport() {
    CELLAR_ASSIGN_OR_RETURN(durable_, applier_.Flush());
    StandbyStatusUpdate update;
    update.written = update.flushed = update.applied = durable_;
    update.client_time = UnixMicrosToPgTime(std::chrono::duration_cast<std::chrono::microseconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count());
    return conn_->SendCopyData(EncodeStandbyStatusUpdate(update));
  }

  Status Handle(const std::string& data) {
    CELLAR_ASSIGN_OR_RETURN(ReplicationMessage msg, ParseReplicationMessage(data));
    if (const auto* k = std::get_if<PrimaryKeepalive>(&msg)) {
      // Mid-transaction the durable position is still the last commit's: safe to report.
      if (k->reply_requested) return FlushAndReport();
      return Status::Ok();
    }
    const auto& x = std::get<XLogData>(msg);
    CELLAR_ASSIGN_OR_RETURN(PgoutputMessage m, decoder_.Decode(x.data));
    return Apply(m, x.wal_start);
  }

  Status Apply(const PgoutputMessage& m, Lsn lsn) {
    if (const auto* b = std::get_if<BeginMessage>(&m)) {
      in_transaction_ = true;
      applier_.OnBegin(PgTimeToUnixMillis(b->commit_time));
      return Status::Ok();
    }
    if (const auto* c = std::get_if<CommitMessage>(&m)) {
      in_transaction_ = false;
      return applier_.OnCommit(c->end_lsn);
    }
    if (const auto* r = std::get_if<RelationMessage>(&m)) {
      RelationInfo rel{
          r->relation_oid, r->nspname.empty() ? "pg_catalog" : r->nspname, r->relname, {}};
      for (const auto& c : r->columns) rel.columns.push_back(SourceColumn{c.name, c.type_oid});
      return applier_.OnRelation(rel, lsn);
    }
    if (const auto* i = std::get_if<InsertMessage>(&m)) {
      return applier_.OnChange(
          RowChange{RowChange::Kind::kInsert, i->relation_oid, ToSourceRow(i->new_tuple), {}}, lsn);
    }
    if (const auto* u = std::get_if<UpdateMessage>(&m)) {
      RowChange ch{RowChange::Kind::kUpdate, u->relation_oid, ToSourceRow(u->new_tuple), {}};
      if (u->old_kind != OldTuple::kNone) ch.old = ToSourceRow(u->old_tuple);
      return applier_.OnChange(ch, lsn);
    }
    if (const auto* d = std::get_if<DeleteMessage>(&m)) {
      return applier_.OnChange(
          RowChange{RowChange::Kind::kDelete, d->relation_oid, {}, ToSourceRow(d->old_tuple)}, lsn);
    }
    if (const auto* t = std::get_if<TruncateMessage>(&m)) {
      return applier_.OnTruncate(t->relation_oids, lsn);
    }
    return Status::Ok();  // origin, type, message: nothing to apply
  }

  const PgJob& job_;
  std::atomic<bool>& stop_;
  ChangeApplier applier_;
  std::unique_ptr<PgConnection> conn_;
  PgoutputDecoder decoder_{1};
  bool in_transaction_ = false;
  Lsn durable_ = 0;
};

}  // namespace

// Sleeps up to "seconds", waking early on "stop".
static void Backoff(int seconds, std::atomic<bool>& stop) {
  auto until = SteadyClock::now() + std::chrono::seconds(seconds);
  while (!stop.load() && SteadyClock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Status RunSessions(Connection& store, const PgJob& job, std::atomic<bool>& stop,
                   const std::function<Status(bool* progressed)>& session) {
  replicate::PositionTable positions(store);
  int backoff = 1;
  while (!stop.load()) {
    bool progressed = false;
    Status s = session(&progressed);
    if (s.ok()) return s;
    if (progressed) backoff = 1;
    if (s.code() != StatusCode::kUnavailable) {
      std::vector<TableRowMutations> err = {
          positions.Write(job.PositionKey(), {{"last_error", s.message()}})};
      (void)store.MutateAtomically(err);
      return s;
    }
    LogLine(job, s.message() + "; retrying in " + std::to_string(backoff) + " s");
    Backoff(backoff, stop);
    backoff = std::min(backoff * 2, 30);
  }
  return Status::Ok();
}

Status Play(Connection& store, const PgJob& job, std::atomic<bool>& stop) {
  if (job.capture == CaptureMode::kTrigger) return PlayTriggerQueue(store, job, stop);
  replicate::PositionTable positions(store);
  CELLAR_RETURN_IF_ERROR(positions.Ensure());
  CELLAR_RETURN_IF_ERROR(EnsureTargetTables(store, job));
  CELLAR_ASSIGN_OR_RETURN(auto pos, positions.Read(job.PositionKey()));
  Lsn start = 0;
  if (pos.count("lsn")) {
    auto parsed = ParseLsn(pos["lsn"]);
    if (!parsed) return Status::DataLoss("stored position '" + pos["lsn"] + "' is not an LSN");
    start = *parsed;
  } else {
    LogLine(job,
            "no bootstrap recorded: streaming from the slot's confirmed position (run "
            "bootstrap for a full copy)");
  }
  return RunSessions(store, job, stop, [&](bool* progressed) {
    Session session(store, job, stop, start);
    Status s = session.Run();
    *progressed = session.durable() > start;
    if (*progressed) start = session.durable();
    return s;
  });
}

}  // namespace cellar::pg
