#pragma once

// Mutations of one row: Put, Delete, Increment, Append, RowMutations, and CheckAndMutate. Value
// types built by the caller and handed to a Table; thread-compatible.
//
// Timestamps: kLatestTimestamp means "let the store use its clock"; all cells of one mutation that
// ask for it get the same time, as in HBase.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cellar/cell.h"

namespace cellar {

// How durable an acknowledged write is (HBase's Durability).
enum class Durability {
  kUseDefault,  // the store's default (SYNC_WAL)
  kSkipWal,     // no log: lost if the process dies before a flush
  kAsyncWal,    // logged; may be lost on a power failure (here: same as SYNC_WAL, see README)
  kSyncWal,     // logged to the OS before the call returns: survives a crash of the process
  kFsyncWal,    // logged and fsynced: survives a power failure
};

class Put {
 public:
  explicit Put(std::string row, int64_t timestamp = kLatestTimestamp)
      : row_(std::move(row)), timestamp_(timestamp) {}

  // Adds a cell at the Put's timestamp.
  Put& AddColumn(std::string family, std::string qualifier, std::string value);
  // Adds a cell at "timestamp" (kLatestTimestamp = now).
  Put& AddColumn(std::string family, std::string qualifier, int64_t timestamp, std::string value);
  Put& SetDurability(Durability d) { durability_ = d; return *this; }

  const std::string& row() const { return row_; }
  int64_t timestamp() const { return timestamp_; }
  Durability durability() const { return durability_; }
  // Cells in the order added; type kPut.
  const std::vector<Cell>& cells() const { return cells_; }
  bool empty() const { return cells_.empty(); }

 private:
  std::string row_;
  int64_t timestamp_;
  Durability durability_ = Durability::kUseDefault;
  std::vector<Cell> cells_;
};

// A Delete without any Add* call deletes the whole row at or before its timestamp.
class Delete {
 public:
  explicit Delete(std::string row, int64_t timestamp = kLatestTimestamp)
      : row_(std::move(row)), timestamp_(timestamp) {}

  // One version: the one at "timestamp"; without a timestamp, the newest version (HBase's rule).
  Delete& AddColumn(std::string family, std::string qualifier,
                    int64_t timestamp = kLatestTimestamp);
  // Every version of the column at or before "timestamp" (default: the Delete's timestamp).
  Delete& AddColumns(std::string family, std::string qualifier,
                     int64_t timestamp = kLatestTimestamp);
  // Every column of the family at or before "timestamp" (default: the Delete's timestamp).
  Delete& AddFamily(std::string family, int64_t timestamp = kLatestTimestamp);
  // Every column of the family at exactly "timestamp".
  Delete& AddFamilyVersion(std::string family, int64_t timestamp);
  Delete& SetDurability(Durability d) { durability_ = d; return *this; }

  const std::string& row() const { return row_; }
  int64_t timestamp() const { return timestamp_; }
  Durability durability() const { return durability_; }
  // Markers in the order added (value empty). Empty means the whole row.
  const std::vector<Cell>& markers() const { return markers_; }
  bool IsWholeRow() const { return markers_.empty(); }

 private:
  std::string row_;
  int64_t timestamp_;
  Durability durability_ = Durability::kUseDefault;
  std::vector<Cell> markers_;
};

// Adds to 8-byte big-endian signed counters (HBase's Bytes.toLong); a missing cell counts as 0.
class Increment {
 public:
  struct Column {
    std::string family;
    std::string qualifier;
    int64_t amount;
  };
  explicit Increment(std::string row) : row_(std::move(row)) {}
  Increment& AddColumn(std::string family, std::string qualifier, int64_t amount);
  Increment& SetDurability(Durability d) { durability_ = d; return *this; }

  const std::string& row() const { return row_; }
  Durability durability() const { return durability_; }
  const std::vector<Column>& columns() const { return columns_; }

 private:
  std::string row_;
  Durability durability_ = Durability::kUseDefault;
  std::vector<Column> columns_;
};

// Appends bytes to the newest value of each column (a missing cell counts as empty).
class Append {
 public:
  explicit Append(std::string row) : row_(std::move(row)) {}
  Append& AddColumn(std::string family, std::string qualifier, std::string value);
  Append& SetDurability(Durability d) { durability_ = d; return *this; }

  const std::string& row() const { return row_; }
  Durability durability() const { return durability_; }
  // Cells with the bytes to append, in the order added.
  const std::vector<Cell>& cells() const { return cells_; }

 private:
  std::string row_;
  Durability durability_ = Durability::kUseDefault;
  std::vector<Cell> cells_;
};

// Several puts and deletes of one row, applied atomically in order.
class RowMutations {
 public:
  explicit RowMutations(std::string row) : row_(std::move(row)) {}
  // REQUIRES: the mutation's row equals row(); otherwise Table rejects with InvalidArgument.
  RowMutations& Add(Put put) { mutations_.emplace_back(std::move(put)); return *this; }
  RowMutations& Add(Delete del) { mutations_.emplace_back(std::move(del)); return *this; }

  const std::string& row() const { return row_; }
  const std::vector<std::variant<Put, Delete>>& mutations() const { return mutations_; }

 private:
  std::string row_;
  std::vector<std::variant<Put, Delete>> mutations_;
};

// Comparison operators for checks and filters (HBase's CompareOperator).
enum class CompareOperator { kLess, kLessOrEqual, kEqual, kNotEqual, kGreaterOrEqual, kGreater, kNoOp };

// Reads the newest version of one column under the row lock, compares, and applies "action" only
// on a match. HBase's reading: the check passes when `expected OP stored` holds, so kLess passes
// when the expected value is less than the stored one. An unset or empty "expected" means "the
// column must be absent (or hold an empty value)".
struct CheckAndMutate {
  std::string row;
  std::string family;
  std::string qualifier;
  CompareOperator op = CompareOperator::kEqual;
  std::optional<std::string> expected;
  std::variant<Put, Delete, RowMutations> action = Put("");
};

}  // namespace cellar
