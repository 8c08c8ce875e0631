#pragma once

// RowMapper: turns rows of one PostgreSQL table (values in text form, in the order of a column
// list: a COPY's select list or a pgoutput Relation) into mutations of the target table, following
// the replication rules: the row key from the key columns (with prefix, salt and encoding), one
// cell per mapped column at the source timestamp, NULL as a deleted cell, '' as a value, an
// unchanged TOAST value left alone, deletes and TRUNCATE touching only this table's columns.
// Immutable after Create; thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/bulk_loader.h"
#include "cellar/mutation.h"
#include "cellar/schema.h"
#include "cellar/status.h"
#include "replicate/row_key.h"

namespace cellar::pg {

// One value of a source row. "unchanged" is pgoutput's 'u' (an unchanged TOASTed value).
struct SourceValue {
  std::optional<std::string> text;
  bool unchanged = false;
};
using SourceRow = std::vector<SourceValue>;
// A source row's text values by view (nullopt: NULL), as bootstrap's binary COPY gives them.
using SourceRowView = std::span<const std::optional<std::string_view>>;

// How cell values are written: PostgreSQL's text output, or HBase's Bytes encodings for
// integers, floats and booleans (other types stay text).
enum class ValueEncoding { kText, kBinary };

// A source column as PostgreSQL describes it.
struct SourceColumn {
  std::string name;
  uint32_t type_oid = 0;
};

// One replicated table as the config describes it (names, not positions).
struct TableSpec {
  std::string section;  // the config section, for messages
  std::string schema;
  std::string table;
  std::vector<std::string> key_columns;
  // Mapped columns and their "family:qualifier" targets, in config order.
  std::vector<std::string> columns;
  std::vector<std::pair<std::string, std::string>> targets;
  TableName target_table;
  replicate::RowKeyFormat key_format;
  ValueEncoding value_encoding = ValueEncoding::kText;
};

// The key type of a PostgreSQL type (by oid) for ordered row keys.
replicate::KeyType KeyTypeForPgType(uint32_t oid);

class RowMapper {
 public:
  // Resolves "spec"'s columns against "columns" (the order rows will arrive in).
  // FailedPrecondition naming the section, table and column when one is missing.
  static Result<RowMapper> Create(const TableSpec& spec, const std::vector<SourceColumn>& columns);

  // The row key of "row". InvalidArgument (a poison change) for a NULL or unchanged key value.
  Result<std::string> RowKey(const SourceRow& row) const;
  // A put of the mapped columns of "row" at "ts" (NULL: the cell deleted; unchanged: skipped).
  Result<RowMutations> Upsert(const SourceRow& row, int64_t ts) const;
  // The same, moving the values out of "row" instead of copying them (bootstrap's hot path).
  Result<RowMutations> Upsert(SourceRow&& row, int64_t ts) const;
  // What Upsert(row, ts) writes, by view, for BulkLoader::AddCells (bootstrap's hot path): the
  // row key into "key", and into "cells" a Put cell per mapped value and a DeleteColumn cell per
  // NULL (values are views into "row", or into "encoded" when the binary value encoding rewrote
  // them). Both outputs are replaced, their storage reused. Errors as Upsert.
  Status UpsertCells(SourceRowView row, std::string* key, std::vector<BulkCell>* cells,
                     std::vector<std::string>* encoded) const;
  // Deletes this table's mapped columns of the row "row_key" at or before "ts".
  RowMutations DeleteRow(const std::string& row_key, int64_t ts) const;

  const TableSpec& spec() const { return spec_; }

 private:
  struct Target {
    size_t index;
    std::string family;
    std::string qualifier;
    uint32_t type_oid;
    std::string column;  // the source column, for messages
    bool last_use = true;  // no later target reads the same source column
  };
  // "owned": the row itself when its values may be moved out, else nullptr.
  Result<RowMutations> UpsertImpl(const SourceRow& row, SourceRow* owned, int64_t ts) const;
  explicit RowMapper(TableSpec spec) : spec_(std::move(spec)) {}
  std::string EncodeValue(const Target& t, const std::string& text) const;
  // Moves "text" when it is written as is; leaves it untouched when encoding throws.
  std::string EncodeValue(const Target& t, std::string&& text) const;

  TableSpec spec_;
  std::vector<size_t> key_indices_;
  std::vector<replicate::KeyType> key_types_;
  std::vector<Target> targets_;
};

}  // namespace cellar::pg
