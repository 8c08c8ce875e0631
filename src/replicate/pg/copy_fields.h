#pragma once

// How bootstrap's binary COPY carries each column, so that every value arrives as, or becomes,
// exactly the column type's text output (what text COPY and pgoutput give, so replicas do not
// depend on the path): integers and booleans travel in their native binary form (cheap for the
// server) and are printed here; text, varchar and char(n) are sent as their text; every other
// type is turned into its text output by the server. Thread-compatible.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "replicate/pg/copy_binary.h"
#include "replicate/pg/pg_connection.h"
#include "replicate/pg/row_mapper.h"

namespace cellar::pg {

enum class CopyFieldFormat {
  kText,    // text, varchar, char(n): the binary form is the text output
  kInt2,    // int2send: 2 bytes, big-endian
  kInt4,    // int4send
  kInt8,    // int8send
  kBool,    // boolsend: 1 byte, 0 or 1
  kCast,    // `col::text`: the cast is the type's output function
  kFormat,  // `format('%s', col)` (NULL kept): the output function where ::text is not one
            // (inet, name, a domain)
};

// The format for a column of type "type_oid". "cast_is_output": whether `::text` of the type
// calls its output function (false for types with their own cast function to text, e.g. inet,
// whose ::text adds the netmask, and for domains, which take their base type's cast).
CopyFieldFormat CopyFieldFormatFor(uint32_t type_oid, bool cast_is_output);

// The select-list item for "quoted_column" (already an SQL identifier) in "format".
std::string CopySelectItem(CopyFieldFormat format, const std::string& quoted_column);

// The binary COPY of one table for bootstrap: its key and mapped columns, each once.
struct BinaryCopyQuery {
  std::string sql;                       // COPY (SELECT ...) TO STDOUT (FORMAT binary)
  std::vector<SourceColumn> columns;     // the select list, for RowMapper::Create
  std::vector<CopyFieldFormat> formats;  // parallel to "columns"
};

// Plans the COPY of "spec"'s table, whose columns are "table_columns", asking "conn" (inside the
// snapshot's transaction) which of their types need format() (see CopyFieldFormatFor). A column
// the spec names but the table lacks is left out, for RowMapper::Create to report (before the
// COPY runs).
Result<BinaryCopyQuery> PlanBinaryCopy(PgConnection& conn, const TableSpec& spec,
                                       const std::vector<SourceColumn>& table_columns);

class CopyFieldDecoder {
 public:
  // "formats": the select list's, in order.
  explicit CopyFieldDecoder(std::vector<CopyFieldFormat> formats);

  // The text output of each of "fields" into "out" (nullopt for NULL): views into the fields or
  // into this decoder's buffers, valid until the next call. DataLoss naming the column position
  // for a native field of the wrong size.
  Status Decode(std::span<const CopyField> fields,
                std::vector<std::optional<std::string_view>>* out);

 private:
  std::vector<CopyFieldFormat> formats_;
  std::vector<std::array<char, 24>> digits_;  // per column: a printed integer
};

}  // namespace cellar::pg
