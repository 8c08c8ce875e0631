#pragma once

// KeySortedRows: holds published rows (row_codec.h), copied, up to a byte budget, and gives them
// back in ascending key order. The first publish of a table without a primary key hands its rows
// to a BulkLoader through it: their keys are row hashes, so in dump order they arrive scattered
// and the loader has to buffer, sort and write them at its Finish; in key order it streams them
// into the table file while the rows come (bulk_loader.h). Rows with one key keep their order
// (a stable sort). Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cellar/status.h"
#include "replicate/mysql/row_codec.h"

namespace cellar::mysql {

class KeySortedRows {
 public:
  // Holds up to about "budget_bytes" of keys and values (and 8 bytes more per value, 24 per row,
  // and 16 more per row while Drain sorts). Reserves "budget_bytes" of address space at the
  // first Add (memory only as it is written).
  explicit KeySortedRows(size_t budget_bytes);

  // Copies "row". Returns true when the rows held reach the budget: time to Drain.
  bool Add(const PublishedRow& row);

  // Calls "fn" with every row held, ascending by key (rows with one key in the order they were
  // added), then holds nothing. Stops at the first error of "fn" and returns it (the rows are
  // dropped then too). The row given to "fn" is valid only during the call.
  Status Drain(const std::function<Status(PublishedRow&)>& fn);

  bool empty() const { return rows_.empty(); }

 private:
  // Each row is one record in bytes_, so that giving a row back reads one place in memory (the
  // rows come back in an order unrelated to where they are):
  //   record := key_size:u64 key value*   (one value per column; in memory only, native order)
  //   value  := 0xffffffffffffffff (NULL) | size:u64 bytes
  struct RowRef {
    uint64_t prefix;  // the key's first 8 bytes as a big-endian number (zeros past its end)
    size_t offset;    // of the row's record in bytes_; ascending in the order of Add
  };
  static constexpr uint64_t kNull = ~uint64_t{0};

  // Orders rows_ by prefix, keeping the order of Add among equal prefixes: a least significant
  // byte first radix sort (8 passes at most, a pass skipped when all rows share its byte),
  // cheaper than comparing rows pairwise. REQUIRES: !rows_.empty().
  void SortByPrefix();
  void AppendSize(uint64_t size);
  uint64_t SizeAt(size_t offset) const;
  std::string_view KeyOf(const RowRef& r) const;
  // Fills "row" from the record at "offset".
  void Decode(size_t offset, PublishedRow& row) const;
  void Clear();

  const size_t budget_bytes_;
  std::string bytes_;          // the records of the rows held, back to back
  std::vector<RowRef> rows_;   // one per row, in the order of Add until Drain sorts them
  size_t width_ = 0;           // values per row (the schema's columns)
};

}  // namespace cellar::mysql
