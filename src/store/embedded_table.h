#pragma once

// EmbeddedTable: the Table interface over the embedded store. Each row mutation takes the row's
// lock, resolves its timestamps and families into concrete cells (MutationPlanner), and commits
// them in one atomic write through the Engine. Thread-safe.

#include <functional>
#include <memory>

#include "cellar/table.h"
#include "store/engine.h"
#include "store/row_reader.h"
#include "store/table_state_cache.h"

namespace cellar::store {

class EmbeddedTable final : public Table {
 public:
  // "engine" is borrowed and must outlive this table.
  EmbeddedTable(Engine& engine, TableName name) : engine_(engine), state_(engine, std::move(name)) {}

  const TableName& name() const override { return state_.name(); }
  Status Put(const cellar::Put& put) override;
  Result<RowResult> Get(const cellar::Get& get) override;
  Status GetInto(const cellar::Get& get, RowResult* row) override;
  Result<std::vector<RowResult>> Get(std::span<const cellar::Get> gets) override;
  Status Delete(const cellar::Delete& del) override;
  Result<std::unique_ptr<ResultScanner>> GetScanner(const cellar::Scan& scan) override;
  Result<RowResult> Increment(const cellar::Increment& inc) override;
  Result<RowResult> Append(const cellar::Append& append) override;
  Result<bool> CheckAndMutate(const cellar::CheckAndMutate& cam) override;
  Status MutateRow(const RowMutations& mutations) override;
  std::vector<BatchResult> Batch(std::span<const BatchAction> actions) override;

  // The cells that "mutations" writes, appended to "out"; raises "durability" to the strongest
  // asked for. InvalidArgument for a mutation of another row. REQUIRES: the row lock is held.
  Status PlanRowMutations(const TableState& t, const RowMutations& mutations, int64_t now,
                          std::vector<Cell>* out, Durability* durability);
  // The cells (timestamps resolved) that "put" writes, appended to "out". Errors as Put.
  Status PlanPut(const TableState& t, const cellar::Put& put, int64_t now,
                 std::vector<Cell>* out);
  // InvalidArgument or NotFound for a Put that cannot be written.
  Status ValidatePut(const TableState& t, const cellar::Put& put);
  // InvalidArgument for a row key that is empty or longer than HBase's limit.
  static Status CheckRow(std::string_view row);

 private:
  // The cells (puts and markers, timestamps resolved) that a mutation of one row writes.
  // REQUIRES: the row lock is held (a version delete reads the newest version).
  Status PlanDelete(const TableState& t, const cellar::Delete& del, int64_t now,
                    std::vector<Cell>* out);
  // Writes "cells" atomically (cells at kLatestTimestamp at "now"; scope-1 families logged),
  // and trims the event log now and then.
  Status Commit(const TableState& t, std::span<const Cell> cells, int64_t now,
                Durability durability);
  // Batch's run of consecutive Puts of one durability, written as one commit; fills "results".
  void BatchPuts(std::span<const BatchAction> actions, std::span<BatchResult> results);
  // Get of table state "t" into "out", reusing its buffers (GetInto).
  Status GetFrom(const TableState& t, const cellar::Get& get, RowResult* out);
  // The one family "get" reads when its cursor comes from the family's pool (one family, cached
  // reads), else nullptr.
  static const FamilyHandle* PooledFamily(const TableState& t, const cellar::Get& get);
  // New iterators over the families "get" reads, created together (one consistent view).
  Result<std::vector<FamilyCursor>> RowCursors(const TableState& t, const cellar::Get& get);
  // Reads the row of "get", whose row key is "row_key", from "cursors" (one per family read, in
  // family order, each at the row's first entry or past the row) into "cells".
  Status ReadGet(const cellar::Get& get, const std::string& row_key,
                 std::span<FamilyCursor* const> cursors, std::vector<Cell>* cells);
  // Increment and Append: under the row lock, reads the newest value of each column, asks
  // "new_value"(index, old cell or nullptr) for the new value, writes all new cells atomically
  // (each newer than the cell it replaces) and returns them sorted.
  using NewValueFn = std::function<Result<std::string>(size_t index, const Cell* old)>;
  Result<RowResult> ReadModifyWrite(const std::string& row,
                                    const std::vector<std::pair<std::string, std::string>>& columns,
                                    Durability durability, const NewValueFn& new_value);
  // The newest visible cell of each (family, qualifier); REQUIRES: the row lock is held.
  Result<RowResult> ReadLatest(const TableState& t, const std::string& row,
                               const std::vector<std::pair<std::string, std::string>>& columns);

  Engine& engine_;
  TableStateCache state_;  // the table's current state, without a catalog lookup per call
};

}  // namespace cellar::store
