#include "replicate/pg/trigger_queue.h"

#include <set>
#include <sstream>

#include "replicate/pg/source_catalog.h"

namespace cellar::pg {
namespace {

constexpr size_t kMaxIdentifier = 63;  // PostgreSQL's NAMEDATALEN - 1

std::string QualifiedTable(PgConnection& conn, const TableSpec& t) {
  return conn.QuoteIdentifier(t.schema) + "." + conn.QuoteIdentifier(t.table);
}

// The job's tables, each once (several sections may read one table).
std::vector<const TableSpec*> DistinctTables(const PgJob& job) {
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<const TableSpec*> out;
  for (const TableSpec& t : job.tables) {
    if (seen.insert({t.schema, t.table}).second) out.push_back(&t);
  }
  return out;
}

// The function body: one queue row per changed row (or per TRUNCATE statement), holding whole
// rows as row literals; NEW::text is record_out, which uses each column's output function.
std::string FunctionBody(const std::string& queue) {
  return "BEGIN\n"
         "  IF TG_OP = 'INSERT' THEN\n"
         "    INSERT INTO " + queue + " (ev_relid, ev_op, ev_new) VALUES (TG_RELID, 'I', NEW::text);\n"
         "  ELSIF TG_OP = 'UPDATE' THEN\n"
         "    INSERT INTO " + queue + " (ev_relid, ev_op, ev_old, ev_new)\n"
         "      VALUES (TG_RELID, 'U', OLD::text, NEW::text);\n"
         "  ELSIF TG_OP = 'DELETE' THEN\n"
         "    INSERT INTO " + queue + " (ev_relid, ev_op, ev_old) VALUES (TG_RELID, 'D', OLD::text);\n"
         "  ELSE\n"
         "    INSERT INTO " + queue + " (ev_relid, ev_op) VALUES (TG_RELID, 'T');\n"
         "  END IF;\n"
         "  RETURN NULL;\n"
         "END";
}

// "enabled", "disabled" or "missing" for trigger "name" on table "t".
Result<std::string> TriggerState(PgConnection& conn, const TableSpec& t, const std::string& name) {
  CELLAR_ASSIGN_OR_RETURN(
      PgRows rows, conn.Query("SELECT tgenabled FROM pg_trigger WHERE tgrelid = to_regclass(" +
                              conn.QuoteLiteral(QualifiedTable(conn, t)) + ") AND tgname = " +
                              conn.QuoteLiteral(name)));
  if (rows.rows.empty()) return std::string("missing");
  return std::string(rows.rows[0][0] == "D" ? "disabled" : "enabled");
}

Result<bool> QueueExists(PgConnection& conn, const QueueObjects& names) {
  CELLAR_ASSIGN_OR_RETURN(PgRows rows, conn.Query("SELECT to_regclass(" +
                                                  conn.QuoteLiteral(names.table) + ") IS NOT NULL"));
  return rows.rows[0][0] == "t";
}

}  // namespace

QueueObjects QueueObjectNames(PgConnection& conn, const PgJob& job) {
  std::string schema = "public";
  std::string table = job.queue_name;
  if (size_t dot = table.find('.'); dot != std::string::npos) {
    schema = table.substr(0, dot);
    table = table.substr(dot + 1);
  }
  const std::string base = DefaultSlotName(job.job_name);  // cellar_<job>, an identifier
  QueueObjects names;
  names.table = conn.QuoteIdentifier(schema) + "." + conn.QuoteIdentifier(table);
  names.function = conn.QuoteIdentifier(schema) + "." +
                   conn.QuoteIdentifier(base.substr(0, kMaxIdentifier - 8) + "_capture");
  names.row_trigger = base;
  names.truncate_trigger = base.substr(0, kMaxIdentifier - 9) + "_truncate";
  return names;
}

Status InstallTriggerCapture(PgConnection& conn, const PgJob& job) {
  CELLAR_ASSIGN_OR_RETURN(PgRows version, conn.Query("SHOW server_version_num"));
  if (std::stoi(version.rows[0][0].value_or("0")) < 130000) {
    return Status::FailedPrecondition("PostgreSQL " + conn.where() +
                                      " is older than 13; trigger capture needs xid8 and "
                                      "pg_visible_in_snapshot (PostgreSQL 13 or later)");
  }
  const QueueObjects q = QueueObjectNames(conn, job);
  std::string sql =
      "BEGIN;\n"
      "SET LOCAL client_min_messages = warning;\n"
      "CREATE TABLE IF NOT EXISTS " + q.table + " (\n"
      "  ev_id bigserial PRIMARY KEY,\n"
      "  ev_txid xid8 NOT NULL DEFAULT pg_current_xact_id(),\n"
      "  ev_time timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
      "  ev_relid oid NOT NULL,\n"
      "  ev_op \"char\" NOT NULL,\n"
      "  ev_old text,\n"
      "  ev_new text);\n"
      "CREATE OR REPLACE FUNCTION " + q.function + "() RETURNS trigger LANGUAGE plpgsql\n"
      "  SECURITY DEFINER SET DateStyle FROM CURRENT SET IntervalStyle FROM CURRENT\n"
      "  SET TimeZone FROM CURRENT SET extra_float_digits FROM CURRENT\n"
      "  SET bytea_output FROM CURRENT SET lc_monetary FROM CURRENT SET search_path FROM CURRENT\n"
      "AS $cellar$\n" + FunctionBody(q.table) + "\n$cellar$;\n";
  const std::string row_trigger = conn.QuoteIdentifier(q.row_trigger);
  const std::string truncate_trigger = conn.QuoteIdentifier(q.truncate_trigger);
  for (const TableSpec* t : DistinctTables(job)) {
    const std::string name = QualifiedTable(conn, *t);
    sql += "DROP TRIGGER IF EXISTS " + row_trigger + " ON " + name + ";\n" +
           "CREATE TRIGGER " + row_trigger + " AFTER INSERT OR UPDATE OR DELETE ON " + name +
           " FOR EACH ROW EXECUTE FUNCTION " + q.function + "();\n" +
           "DROP TRIGGER IF EXISTS " + truncate_trigger + " ON " + name + ";\n" +
           "CREATE TRIGGER " + truncate_trigger + " AFTER TRUNCATE ON " + name +
           " FOR EACH STATEMENT EXECUTE FUNCTION " + q.function + "();\n";
  }
  Status s = conn.Exec(sql + "COMMIT");
  if (!s.ok()) {
    (void)conn.Exec("ROLLBACK");
    return s.WithContext("installing trigger capture (queue " + q.table + ")");
  }
  return Status::Ok();
}

Status UninstallTriggerCapture(PgConnection& conn, const PgJob& job) {
  const QueueObjects q = QueueObjectNames(conn, job);
  // CASCADE drops the triggers on every table, also those no longer in the config.
  Status s = conn.Exec("BEGIN; SET LOCAL client_min_messages = warning; DROP FUNCTION IF EXISTS " +
                       q.function + "() CASCADE; DROP TABLE IF EXISTS " + q.table + "; COMMIT");
  if (!s.ok()) (void)conn.Exec("ROLLBACK");
  return s;
}

Status CheckTriggerCapture(PgConnection& conn, const PgJob& job) {
  const QueueObjects q = QueueObjectNames(conn, job);
  CELLAR_ASSIGN_OR_RETURN(bool exists, QueueExists(conn, q));
  if (!exists) {
    return Status::FailedPrecondition("the trigger queue " + q.table + " does not exist in " +
                                      conn.where() + "; run `cellar pg " + job.config_path +
                                      " install` first");
  }
  for (const TableSpec* t : DistinctTables(job)) {
    for (const std::string& trigger : {q.row_trigger, q.truncate_trigger}) {
      CELLAR_ASSIGN_OR_RETURN(std::string state, TriggerState(conn, *t, trigger));
      if (state != "enabled") {
        return Status::FailedPrecondition("[" + t->section + "] trigger " + trigger + " on " +
                                          t->schema + "." + t->table + " is " + state +
                                          "; run `cellar pg " + job.config_path + " install`");
      }
    }
  }
  return Status::Ok();
}

Result<std::string> TriggerCaptureReport(PgConnection& conn, const PgJob& job) {
  const QueueObjects q = QueueObjectNames(conn, job);
  std::ostringstream out;
  CELLAR_ASSIGN_OR_RETURN(bool exists, QueueExists(conn, q));
  if (!exists) {
    out << "queue:          " << q.table << " does not exist (run install)\n";
    return out.str();
  }
  CELLAR_ASSIGN_OR_RETURN(
      PgRows rows,
      conn.Query("SELECT count(*), round(extract(epoch FROM clock_timestamp() - min(ev_time)), 3) "
                 "FROM " + q.table));
  out << "queue:          " << q.table << ": " << rows.rows[0][0].value_or("0") << " events";
  if (rows.rows[0][1]) out << ", oldest " << *rows.rows[0][1] << " s old";
  out << "\n";
  for (const TableSpec* t : DistinctTables(job)) {
    CELLAR_ASSIGN_OR_RETURN(std::string row_state, TriggerState(conn, *t, q.row_trigger));
    CELLAR_ASSIGN_OR_RETURN(std::string truncate_state,
                            TriggerState(conn, *t, q.truncate_trigger));
    out << "triggers:       " << t->schema << "." << t->table << ": rows " << row_state
        << ", truncate " << truncate_state << "\n";
  }
  return out.str();
}

std::string BatchQuery(PgConnection& conn, const PgJob& job, const std::string& prev,
                       const std::string& cur, bool commit_timestamps) {
  const QueueObjects q = QueueObjectNames(conn, job);
  std::string last_event = "max(ev_time) OVER (PARTITION BY ev_txid)";
  std::string ts = commit_timestamps
                       ? "coalesce(pg_xact_commit_timestamp(ev_txid::xid), " + last_event + ")"
                       : last_event;
  return "SELECT ev_id, ev_op, ev_relid, ev_old, ev_new, floor(extract(epoch FROM " + ts +
         ") * 1000)::bigint FROM " + q.table + " WHERE pg_visible_in_snapshot(ev_txid, " +
         conn.QuoteLiteral(cur) + "::pg_snapshot) AND NOT pg_visible_in_snapshot(ev_txid, " +
         conn.QuoteLiteral(prev) + "::pg_snapshot) ORDER BY ev_id";
}

std::string ConsumeStatement(PgConnection& conn, const PgJob& job, const std::string& snapshot,
                             int64_t last_ev_id) {
  std::string sql = "DELETE FROM " + QueueObjectNames(conn, job).table +
                    " WHERE pg_visible_in_snapshot(ev_txid, " + conn.QuoteLiteral(snapshot) +
                    "::pg_snapshot)";
  if (last_ev_id >= 0) sql += " AND ev_id <= " + std::to_string(last_ev_id);
  return sql;
}

}  // namespace cellar::pg
