#include "replicate/pg/source_catalog.h"

namespace cellar::pg {

Result<SourceTable> DescribeSourceTable(PgConnection& conn, const std::string& schema,
                                        const std::string& table) {
  SourceTable t{schema, table};
  std::string rel =
      conn.QuoteLiteral(conn.QuoteIdentifier(schema) + "." + conn.QuoteIdentifier(table));
  CELLAR_ASSIGN_OR_RETURN(
      PgRows info, conn.Query("SELECT c.oid, c.reltuples::bigint FROM pg_class c WHERE c.oid = "
                              "to_regclass(" +
                              rel + ")"));
  if (info.rows.empty()) {
    return Status::NotFound("table " + schema + "." + table + " does not exist in PostgreSQL " +
                            conn.where());
  }
  t.oid = static_cast<uint32_t>(std::stoul(*info.rows[0][0]));
  t.estimated_rows = std::stoll(info.rows[0][1].value_or("-1"));
  CELLAR_ASSIGN_OR_RETURN(
      PgRows cols,
      conn.Query("SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = " +
                 std::to_string(t.oid) + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum"));
  for (const auto& r : cols.rows) {
    t.columns.push_back(SourceColumn{*r[0], static_cast<uint32_t>(std::stoul(*r[1]))});
  }
  CELLAR_ASSIGN_OR_RETURN(
      PgRows pk, conn.Query("SELECT a.attname FROM pg_index i CROSS JOIN LATERAL "
                            "unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
                            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = "
                            "k.attnum WHERE i.indrelid = " +
                            std::to_string(t.oid) + " AND i.indisprimary ORDER BY k.ord"));
  for (const auto& r : pk.rows) t.primary_key.push_back(*r[0]);
  return t;
}

}  // namespace cellar::pg
