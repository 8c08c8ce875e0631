#pragma once

// Connection: where tables live, as HBase's Connection: the embedded Store, or a remote HBase
// (or `cellar serve`) Thrift2 gateway (cellar/remote.h). Everything in Cellar that writes tables
// (the replicators, REPL LOAD, the shell) goes through a Connection, so each works with both.
// Thread-safe: tables and admin may be used from many threads.

#include <memory>
#include <span>

#include "cellar/admin.h"
#include "cellar/mutation.h"
#include "cellar/schema.h"
#include "cellar/status.h"
#include "cellar/table.h"

namespace cellar {

// The mutations of one row of one table, for Connection::MutateAtomically.
struct TableRowMutations {
  TableName table;
  RowMutations mutations;
};

class Connection {
 public:
  virtual ~Connection() = default;

  virtual Admin& admin() = 0;
  // A handle on an existing table. NotFound if it does not exist.
  virtual Result<std::unique_ptr<Table>> OpenTable(const TableName& name) = 0;

  // Applies the mutations of several rows, in one or more tables. The embedded store applies
  // them as one atomic write (after a crash all or none are there; rows are locked in a fixed
  // order, so concurrent calls do not deadlock). A remote backend cannot (HBase has no
  // multi-row transaction): it applies the rows in the order given and the last row only after
  // every other one succeeded, so a replicator that puts its checkpoint last and writes with
  // source timestamps stays correct after a crash (the replay rewrites the same cells).
  // See multi_row_atomic(). Errors as Table::MutateRow; nothing is written if any row is invalid
  // (embedded).
  virtual Status MutateAtomically(std::span<const TableRowMutations> rows,
                                  Durability durability = Durability::kUseDefault) = 0;
  // True when MutateAtomically is atomic across rows.
  virtual bool multi_row_atomic() const = 0;

  // Flushes and closes; after this every call returns FailedPrecondition (or Unavailable).
  virtual Status Close() = 0;
};

}  // namespace cellar
