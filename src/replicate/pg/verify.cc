// `cellar pg verify`: compares each replicated table with its source, row by row.

#include <map>
#include <sstream>

#include "replicate/pg/copy_text.h"
#include "replicate/pg/pg_replicator.h"
#include "replicate/pg/source_catalog.h"
#include "util/bytes.h"

namespace cellar::pg {
namespace {

using Cells = std::map<std::string, std::string>;  // "family:qualifier" -> value

// The cells each row of the source should have in the replica, by row key.
Result<std::map<std::string, Cells>> ExpectedRows(PgConnection& conn, const TableSpec& spec) {
  CELLAR_ASSIGN_OR_RETURN(SourceTable src, DescribeSourceTable(conn, spec.schema, spec.table));
  CELLAR_ASSIGN_OR_RETURN(RowMapper mapper, RowMapper::Create(spec, src.columns));
  std::map<std::string, Cells> rows;
  std::vector<std::optional<std::string>> fields;
  SourceRow row;
  CELLAR_RETURN_IF_ERROR(conn.CopyOut("COPY " + conn.QuoteIdentifier(spec.schema) + "." +
                                          conn.QuoteIdentifier(spec.table) + " TO STDOUT",
                                      [&](std::string_view line) -> Status {
                                        CELLAR_RETURN_IF_ERROR(ParseCopyTextRow(line, &fields));
                                        row.resize(fields.size());
                                        for (size_t i = 0; i < fields.size(); ++i)
                                          row[i].text = std::move(fields[i]);
                                        CELLAR_ASSIGN_OR_RETURN(RowMutations m,
                                                                mapper.Upsert(row, 0));
                                        Cells& cells = rows[m.row()];
                                        for (const auto& mut : m.mutations()) {
                                          if (const auto* put = std::get_if<Put>(&mut)) {
                                            for (const Cell& c : put->cells())
                                              cells[c.family + ":" + c.qualifier] = c.value;
                                          }
                                        }
                                        return Status::Ok();
                                      }));
  return rows;
}

Result<std::map<std::string, Cells>> ReplicaRows(Connection& store, const TableSpec& spec) {
  CELLAR_ASSIGN_OR_RETURN(auto table, store.OpenTable(spec.target_table));
  Scan scan;
  for (const auto& [f, q] : spec.targets) scan.AddColumn(f, q);
  if (!spec.key_format.row_prefix.empty() && spec.key_format.salt_buckets == 0) {
    scan.SetRowPrefix(spec.key_format.row_prefix);
  }
  CELLAR_ASSIGN_OR_RETURN(auto scanner, table->GetScanner(scan));
  std::map<std::string, Cells> rows;
  for (;;) {
    CELLAR_ASSIGN_OR_RETURN(auto r, scanner->Next());
    if (!r) break;
    Cells& cells = rows[r->row()];
    for (const Cell& c : r->cells()) cells[c.family + ":" + c.qualifier] = c.value;
  }
  return rows;
}

}  // namespace

bool VerifyReport::ok() const {
  for (const auto& t : tables) {
    if (!t.differing_keys.empty()) return false;
  }
  return true;
}

std::string VerifyReport::ToString() const {
  std::ostringstream out;
  for (const auto& t : tables) {
    out << t.table << ": source " << t.source_rows << " rows, replica " << t.replica_rows
        << " rows, " << t.differing_keys.size() << " differing";
    for (const auto& k : t.differing_keys) out << "\n  differs: " << k;
    out << "\n";
  }
  out << (ok() ? "verify: OK" : "verify: DIFFERENCES FOUND") << "\n";
  return out.str();
}

Result<VerifyReport> Verify(Connection& store, const PgJob& job) {
  CELLAR_ASSIGN_OR_RETURN(auto conn,
                          PgConnection::Connect(job.conninfo, PgConnection::Mode::kNormal));
  VerifyReport report;
  for (const TableSpec& spec : job.tables) {
    CELLAR_RETURN_IF_ERROR(conn->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    auto expected = ExpectedRows(*conn, spec);
    CELLAR_RETURN_IF_ERROR(conn->Exec("COMMIT"));
    if (!expected.ok()) return expected.status();
    CELLAR_ASSIGN_OR_RETURN(auto actual, ReplicaRows(store, spec));
    VerifyReport::TableResult t;
    t.table = spec.schema + "." + spec.table + " -> " + spec.target_table.ToString();
    t.source_rows = static_cast<int64_t>(expected->size());
    t.replica_rows = static_cast<int64_t>(actual.size());
    auto note = [&](const std::string& key) {
      if (t.differing_keys.size() < 100) t.differing_keys.push_back(ToStringBinary(key));
    };
    for (const auto& [key, cells] : *expected) {
      auto it = actual.find(key);
      // A row whose mapped columns are all NULL has no cells in the replica.
      if (it == actual.end() ? !cells.empty() : it->second != cells) note(key);
    }
    for (const auto& [key, cells] : actual) {
      if (!expected->count(key)) note(key);
    }
    report.tables.push_back(std::move(t));
  }
  return report;
}

}  // namespace cellar::pg
