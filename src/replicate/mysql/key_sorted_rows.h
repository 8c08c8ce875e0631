#pragma once

// KeySortedRows: holds published rows (row_codec.h), copied, up to a byte budget, and gives them
// back in ascending key order. The first publish of a table without a primary key hands its rows
// to a BulkLoader through it: their keys are row hashes, so in dump order they arrive scattered
// and the loader has to buffer, sort and write them at its Finish; in key order it streams them
// into the table file while the rows come (bulk_loader.h). Rows with one key keep their order
// (a stable sort). Not thread-safe.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "cellar/status.h"
#include "replicate/mysql/row_codec.h"

namespace cellar::mysql {

class KeySortedRows {
 public:
  // Holds up to about "budget_bytes" of keys and values (and 16 bytes more per value).
  explicit KeySortedRows(size_t budget_bytes);

  // Copies "row". Returns true when the rows held reach the budget: time to Drain.
  bool Add(const PublishedRow& row);

  // Calls "fn" with every row held, ascending by key (rows with one key in the order they were
  // added), then holds nothing. Stops at the first error of "fn" and returns it (the rows are
  // dropped then too). The row given to "fn" is valid only during the call.
  Status Drain(const std::function<Status(PublishedRow&)>& fn);

  bool empty() const { return rows_.empty(); }

 private:
  // Bytes [offset, offset + size) of bytes_; size kNull for a NULL value.
  struct Piece {
    size_t offset = 0;
    size_t size = 0;
  };
  static constexpr size_t kNull = static_cast<size_t>(-1);

  std::string_view View(const Piece& p) const { return {bytes_.data() + p.offset, p.size}; }
  Piece Copy(std::string_view text);
  void Clear();

  const size_t budget_bytes_;
  std::string bytes_;          // every key and value held, back to back
  std::vector<Piece> rows_;    // each row's key
  std::vector<Piece> values_;  // each row's values, width_ per row
  size_t width_ = 0;           // values per row (the schema's columns)
};

}  // namespace cellar::mysql
