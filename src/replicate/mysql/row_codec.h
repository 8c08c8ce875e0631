#pragma once

// RowCodec: turns the rows of a staged INSERT chunk into published rows: the row key and the
// values in the table's column order (MySQL's text form; NULL = no value).
//
//   row key := ordered(pk_1) ... ordered(pk_n)        (replicate/row_key.h, types by type_map.h)
//            | hex(sha256(value_1 ... value_n))       tables without a primary key, where
//              value := 0x00 (NULL) | 0x01 length:u32be bytes
//
// Tables without a primary key: identical rows get the same key and collapse into one; a
// changed row is a deleted row plus a new one. Not thread-safe; one per thread.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/status.h"
#include "replicate/mysql/create_table.h"
#include "replicate/row_key.h"

namespace cellar::mysql {

struct PublishedRow {
  std::string key;
  // One per schema column; nullopt for NULL. Views into the statement text or the reader's
  // decoded literals: valid only during the callback that receives the row (copy to keep).
  std::vector<std::optional<std::string_view>> values;
};

class RowCodec {
 public:
  // "schema" of the table whose chunks are decoded.
  explicit RowCodec(TableSchema schema);

  const TableSchema& schema() const { return schema_; }
  bool has_primary_key() const { return !key_columns_.empty(); }

  // Calls "fn" with every row of the INSERT / REPLACE statement "sql", in order. InvalidArgument
  // naming the table and the row for a column list naming unknown columns, a row of the wrong
  // width, or a key value that is not of its column's type; errors of "fn" are returned as is.
  Status ForEachRow(std::string_view sql, const std::function<Status(PublishedRow&)>& fn);

 private:
  Status MakeKey(PublishedRow& row);

  TableSchema schema_;
  std::vector<int> key_columns_;
  std::vector<replicate::KeyType> key_types_;
};

}  // namespace cellar::mysql
