#pragma once

// Table: the data operations on one HBase-model table. Two backends implement it: the embedded
// store (EmbeddedTable, from Store::OpenTable) and, later, a remote HBase Thrift2 client. Everything
// that writes in Cellar goes through this interface.
//
// Implementations are thread-safe: many threads may share one Table. Every mutation of one row is
// atomic and isolated; a Batch is atomic per row, not across rows (as in HBase).
//
// Common errors: NotFound (unknown table or family), FailedPrecondition (table disabled),
// InvalidArgument (malformed request), Unavailable (backend unreachable).

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "cellar/mutation.h"
#include "cellar/query.h"
#include "cellar/schema.h"
#include "cellar/status.h"

namespace cellar {

// Iterates the rows of a Scan. Not thread-safe; one reader at a time.
class ResultScanner {
 public:
  virtual ~ResultScanner() = default;
  // The next row (or the next partial row when batching), or nullopt at the end.
  virtual Result<std::optional<RowResult>> Next() = 0;
  // As Next, but fills "row", reusing its storage (the cells' buffers) rather than building a
  // new RowResult: the fast way through a long scan. Returns false at the end.
  virtual Result<bool> NextInto(RowResult* row) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<RowResult> next, Next());
    if (!next) return false;
    *row = std::move(*next);
    return true;
  }
  // As NextInto, without copying cells out: "row" views the next row's (or partial row's) cells
  // in memory the scanner owns, valid until the next call on this scanner (RowView). The fastest
  // way through a long scan. Returns false at the end. Next, NextInto and NextView may be mixed
  // on one scanner: each continues where the last stopped, even inside a batched row.
  virtual Result<bool> NextView(RowView* row) {
    RowResult next;
    CELLAR_ASSIGN_OR_RETURN(bool found, NextInto(&next));
    if (!found) {
      row->Assign({}, {}, false);
      return false;
    }
    row->Own(std::move(next));
    return true;
  }
};

// One action of a Batch and its outcome.
using BatchAction = std::variant<Put, Delete, Increment, Append, RowMutations, Get>;
struct BatchResult {
  Status status;
  // Filled for Get, Increment and Append.
  RowResult result;
};

class Table {
 public:
  virtual ~Table() = default;

  virtual const TableName& name() const = 0;

  // Writes the cells of one row atomically. NotFound for an unknown family; InvalidArgument for
  // an empty Put, an empty row or a negative timestamp.
  virtual Status Put(const cellar::Put& put) = 0;
  // The visible cells of one row (empty RowResult if none).
  virtual Result<RowResult> Get(const cellar::Get& get) = 0;
  // As Get, but fills "row", reusing its storage (the row's and the cells' buffers) rather than
  // building a new RowResult: the fast way through many point reads. "row" is left empty if the
  // row has no visible cells, and unspecified on error.
  virtual Status GetInto(const cellar::Get& get, RowResult* row) {
    CELLAR_ASSIGN_OR_RETURN(*row, Get(get));
    return Status::Ok();
  }
  // Several Gets at once; results in the same order.
  virtual Result<std::vector<RowResult>> Get(std::span<const cellar::Get> gets) = 0;
  virtual Status Delete(const cellar::Delete& del) = 0;
  virtual Result<std::unique_ptr<ResultScanner>> GetScanner(const cellar::Scan& scan) = 0;
  // Returns the new values, as 8-byte big-endian longs. InvalidArgument if a stored value is not
  // 8 bytes wide ("Field is not a long").
  virtual Result<RowResult> Increment(const cellar::Increment& inc) = 0;
  // Returns the new values.
  virtual Result<RowResult> Append(const cellar::Append& append) = 0;
  // Returns whether the check matched (and so the action was applied).
  virtual Result<bool> CheckAndMutate(const cellar::CheckAndMutate& cam) = 0;
  virtual Status MutateRow(const RowMutations& mutations) = 0;
  // Applies each action on its own (each row atomic); one BatchResult per action, in order.
  virtual std::vector<BatchResult> Batch(std::span<const BatchAction> actions) = 0;
};

}  // namespace cellar
