#include "replicate/pg/pg_replicator.h"

#include <chrono>
#include <map>
#include <set>
#include <sstream>

#include "replicate/pg/source_catalog.h"
#include "replicate/pg/trigger_queue.h"
#include "replicate/position_table.h"
#include "util/bytes.h"

namespace cellar::pg {
namespace {

Result<TableSpec> ResolveTable(const TableMapping& m, PgConnection& conn) {
  auto src = DescribeSourceTable(conn, m.schema, m.table);
  if (!src.ok()) {
    return Status::FailedPrecondition(m.where + ": [" + m.section +
                                      "] psql_table_name: " + src.status().message());
  }
  TableSpec spec;
  spec.section = m.section;
  spec.schema = m.schema;
  spec.table = m.table;
  spec.key_columns = m.key_columns.empty() ? src->primary_key : m.key_columns;
  if (spec.key_columns.empty()) {
    return Status::FailedPrecondition(m.where + ": [" + m.section +
                                      "] psql_key_column: " + m.QualifiedName() +
                                      " has no primary key; name its key column(s)");
  }
  if (m.all_columns) {
    for (const auto& c : src->columns) {
      spec.columns.push_back(c.name);
      spec.targets.emplace_back(m.all_columns_family, c.name);
    }
  } else {
    spec.columns = m.columns;
    spec.targets = m.descriptors;
  }
  spec.target_table = m.hbase_table;
  spec.key_format = m.key_format;
  spec.value_encoding = m.binary_values ? ValueEncoding::kBinary : ValueEncoding::kText;
  auto mapper = RowMapper::Create(spec, src->columns);
  if (!mapper.ok()) return mapper.status().WithContext(m.where);
  return spec;
}

bool Selected(const TableMapping& m, const std::vector<std::string>& only) {
  if (only.empty()) return true;
  for (const auto& o : only) {
    if (o == m.section || o == m.QualifiedName()) return true;
  }
  return false;
}

}  // namespace

Result<PgJob> ResolveJob(const PgConfig& config, PgConnection& conn,
                         const std::vector<std::string>& only) {
  PgJob job;
  job.config_path = config.filename;
  job.job_name = config.job_name;
  job.conninfo = config.postgresql_db;
  job.slot_name = config.slot_name;
  job.publication = config.publication;
  job.capture = config.capture;
  job.queue_name = config.pgq_queue_name;
  job.max_batch_rows = static_cast<size_t>(config.max_batch_size);
  job.dead_letter_table = config.dead_letter_table;
  for (const auto& o : only) {
    if (config.FindTable(o) == nullptr) {
      return Status::InvalidArgument("table '" + o + "' is not in " + config.filename);
    }
  }
  for (const TableMapping& m : config.tables) {
    if (!Selected(m, only)) continue;
    CELLAR_ASSIGN_OR_RETURN(TableSpec spec, ResolveTable(m, conn));
    job.tables.push_back(std::move(spec));
    job.family_template = m.family_options;
  }
  return job;
}

Status Install(Connection& store, const PgJob& job) {
  CELLAR_ASSIGN_OR_RETURN(auto conn,
                          PgConnection::Connect(job.conninfo, PgConnection::Mode::kNormal));
  if (job.capture == CaptureMode::kTrigger) {
    CELLAR_RETURN_IF_ERROR(InstallTriggerCapture(*conn, job));
    replicate::PositionTable positions(store);
    CELLAR_RETURN_IF_ERROR(positions.Ensure());
    CELLAR_RETURN_IF_ERROR(EnsureTargetTables(store, job));
    LogLine(job, "installed: queue " + QueueObjectNames(*conn, job).table + " and triggers on " +
                     std::to_string(job.tables.size()) + " table(s)");
    return Status::Ok();
  }
  CELLAR_ASSIGN_OR_RETURN(PgRows level, conn->Query("SHOW wal_level"));
  if (*level.rows[0][0] != "logical") {
    return Status::FailedPrecondition("PostgreSQL " + conn->where() +
                                      " has wal_level = " + *level.rows[0][0] +
                                      "; logical capture needs "
                                      "wal_level = logical (or set capture = trigger)");
  }
  std::string list;
  for (const auto& t : job.tables) {
    std::string name = conn->QuoteIdentifier(t.schema) + "." + conn->QuoteIdentifier(t.table);
    if (list.find(name) != std::string::npos) continue;
    if (!list.empty()) list += ", ";
    list += name;
    // Without a primary key, updates and deletes carry the old row only with REPLICA IDENTITY
    // FULL.
    auto src = DescribeSourceTable(*conn, t.schema, t.table);
    if (src.ok() && src->primary_key.empty()) {
      CELLAR_RETURN_IF_ERROR(conn->Exec("ALTER TABLE " + name + " REPLICA IDENTITY FULL"));
      LogLine(job, name + " has no primary key: set REPLICA IDENTITY FULL");
    }
  }
  std::string pub = conn->QuoteIdentifier(job.publication);
  CELLAR_ASSIGN_OR_RETURN(PgRows pubs, conn->Query("SELECT 1 FROM pg_publication WHERE pubname = " +
                                                   conn->QuoteLiteral(job.publication)));
  CELLAR_RETURN_IF_ERROR(conn->Exec(pubs.rows.empty()
                                        ? "CREATE PUBLICATION " + pub + " FOR TABLE " + list
                                        : "ALTER PUBLICATION " + pub + " SET TABLE " + list));
  CELLAR_ASSIGN_OR_RETURN(PgRows slots,
                          conn->Query("SELECT 1 FROM pg_replication_slots WHERE slot_name = " +
                                      conn->QuoteLiteral(job.slot_name)));
  if (slots.rows.empty()) {
    CELLAR_RETURN_IF_ERROR(conn->Exec("SELECT pg_create_logical_replication_slot(" +
                                      conn->QuoteLiteral(job.slot_name) + ", 'pgoutput')"));
  }
  replicate::PositionTable positions(store);
  CELLAR_RETURN_IF_ERROR(positions.Ensure());
  CELLAR_RETURN_IF_ERROR(EnsureTargetTables(store, job));
  LogLine(job, "installed: publication " + job.publication + ", slot " + job.slot_name);
  return Status::Ok();
}

Status Uninstall(Connection& store, const PgJob& job) {
  CELLAR_ASSIGN_OR_RETURN(auto conn,
                          PgConnection::Connect(job.conninfo, PgConnection::Mode::kNormal));
  if (job.capture == CaptureMode::kTrigger) {
    CELLAR_RETURN_IF_ERROR(UninstallTriggerCapture(*conn, job));
    CELLAR_RETURN_IF_ERROR(replicate::PositionTable(store).Clear(job.PositionKey()));
    LogLine(job, "uninstalled: dropped the triggers, their function and queue " +
                     QueueObjectNames(*conn, job).table + "; the replicated tables stay");
    return Status::Ok();
  }
  CELLAR_RETURN_IF_ERROR(conn->Exec(
      "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = " +
      conn->QuoteLiteral(job.slot_name)));
  CELLAR_RETURN_IF_ERROR(
      conn->Exec("DROP PUBLICATION IF EXISTS " + conn->QuoteIdentifier(job.publication)));
  CELLAR_RETURN_IF_ERROR(replicate::PositionTable(store).Clear(job.PositionKey()));
  LogLine(job, "uninstalled: dropped slot " + job.slot_name + " and publication " +
                   job.publication + "; the replicated tables stay");
  return Status::Ok();
}

Result<std::string> StatusReport(Connection& store, const PgJob& job) {
  std::ostringstream out;
  CELLAR_ASSIGN_OR_RETURN(auto pos, replicate::PositionTable(store).Read(job.PositionKey()));
  auto field = [&](const char* k) { return pos.count(k) ? pos[k] : std::string("-"); };
  const bool trigger = job.capture == CaptureMode::kTrigger;
  out << "job:            " << job.job_name << "\n"
      << "capture:        " << CaptureModeName(job.capture) << "\n"
      << "state:          " << field("state") << "\n"
      << "position:       " << field(trigger ? "snapshot" : "lsn");
  if (trigger && pos.count("batch")) out << " (batch " << pos["batch"] << ")";
  out << "\n";
  if (pos.count("commit_ms")) {
    int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    out << "last commit:    " << (now - std::stoll(pos["commit_ms"])) / 1000.0 << " s ago\n";
  }
  out << "last error:     " << field("last_error") << "\n";
  auto conn = PgConnection::Connect(job.conninfo, PgConnection::Mode::kNormal);
  if (!conn.ok()) {
    out << "source:         unreachable (" << conn.status().message() << ")\n";
  } else if (trigger) {
    CELLAR_ASSIGN_OR_RETURN(std::string queue, TriggerCaptureReport(**conn, job));
    out << queue;
  } else {
    CELLAR_ASSIGN_OR_RETURN(
        PgRows slot,
        (*conn)->Query("SELECT active, confirmed_flush_lsn, "
                       "pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint, "
                       "pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint "
                       "FROM pg_replication_slots WHERE slot_name = " +
                       (*conn)->QuoteLiteral(job.slot_name)));
    if (slot.rows.empty()) {
      out << "slot:           " << job.slot_name << " does not exist (run install)\n";
    } else {
      const auto& r = slot.rows[0];
      out << "slot:           " << job.slot_name << (r[0] == "t" ? " (active)" : " (idle)")
          << ", confirmed " << r[1].value_or("-") << "\n"
          << "lag:            " << r[2].value_or("-") << " bytes\n"
          << "WAL retained:   " << r[3].value_or("-") << " bytes\n";
    }
  }
  std::set<TableName> targets;
  for (const auto& t : job.tables) targets.insert(t.target_table);
  for (const auto& name : targets) {
    auto table = store.OpenTable(name);
    if (!table.ok()) {
      out << "rows in " << name.ToString() << ": table missing\n";
      continue;
    }
    CELLAR_ASSIGN_OR_RETURN(auto scanner, (*table)->GetScanner(Scan().SetMaxVersions(1)));
    int64_t rows = 0;
    for (;;) {
      CELLAR_ASSIGN_OR_RETURN(auto r, scanner->Next());
      if (!r) break;
      ++rows;
    }
    out << "rows in " << name.ToString() << ": " << rows << "\n";
  }
  return out.str();
}

}  // namespace cellar::pg
