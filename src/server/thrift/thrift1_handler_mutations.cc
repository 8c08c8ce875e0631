// Thrift1Handler: mutateRow*, mutateRows*, deleteAll*, atomicIncrement, increment*, append and
// checkAndPut. Deletes with a timestamp cover every version at or before it (HBase's
// addColumns / addFamily / Delete(row, ts)); every cell of one call gets the same timestamp.

#include "server/thrift/thrift1_convert.h"
#include "server/thrift/thrift1_errors.h"
#include "server/thrift/thrift1_handler.h"

namespace cellar::server {
namespace {

constexpr Thrift1Throws kIO = Thrift1Throws::kIOError;
constexpr Thrift1Throws kIOIA = Thrift1Throws::kIOErrorIllegalArgument;

// Applies each action on its own (HBase's table.put(list) / table.delete(list)); the first
// failure, if any.
Status ApplyBatch(Table& table, const std::vector<BatchAction>& actions) {
  if (actions.empty()) return Status::Ok();
  for (BatchResult& r : table.Batch(actions)) CELLAR_RETURN_IF_ERROR(r.status);
  return Status::Ok();
}

}  // namespace

void Thrift1Handler::MutateRow(const char* method, const Text& table, const Text& row,
                               const std::vector<Mutation>& mutations, int64_t timestamp) {
  RequireWritable(method);
  auto t = OpenTableOrThrow(method, table);
  auto changes = ValueOrThrow(method,
                              thrift1::RowChangesFromMutations(row, mutations, timestamp,
                                                               thrift1::BareFamilyPut::kIgnore),
                              kIOIA);
  // HBase applies the delete, then the put, as two operations; one RowMutations does the same
  // in that order and atomically. (Markers mask puts at or below their timestamp either way.)
  RowMutations both(row);
  if (!changes.del.IsWholeRow()) both.Add(std::move(changes.del));
  if (!changes.put.empty()) both.Add(std::move(changes.put));
  if (both.mutations().empty()) return;
  OkOrThrow(method, t->MutateRow(both), kIOIA);
}

void Thrift1Handler::MutateRows(const char* method, const Text& table,
                                const std::vector<BatchMutation>& rows, int64_t timestamp) {
  RequireWritable(method);
  std::vector<BatchAction> puts;
  std::vector<BatchAction> deletes;
  for (const BatchMutation& batch : rows) {
    auto changes = ValueOrThrow(
        method,
        thrift1::RowChangesFromMutations(batch.row, batch.mutations, timestamp,
                                         thrift1::BareFamilyPut::kReject),
        kIOIA);
    if (!changes.put.empty()) puts.emplace_back(std::move(changes.put));
    if (!changes.del.IsWholeRow()) deletes.emplace_back(std::move(changes.del));
  }
  auto t = OpenTableOrThrow(method, table);
  // As HBase: all puts, then all deletes; each row on its own, not one transaction.
  OkOrThrow(method, ApplyBatch(*t, puts), kIOIA);
  OkOrThrow(method, ApplyBatch(*t, deletes), kIOIA);
}

void Thrift1Handler::DeleteColumn(const char* method, const Text& table, const Text& row,
                                  const Text& column, int64_t timestamp) {
  RequireWritable(method);
  cellar::Delete del(row);
  thrift1::ParsedColumn c = thrift1::ParseColumn(column);
  if (c.qualifier) {
    del.AddColumns(std::move(c.family), std::move(*c.qualifier), timestamp);
  } else {
    del.AddFamily(std::move(c.family), timestamp);
  }
  auto t = OpenTableOrThrow(method, table);
  OkOrThrow(method, t->Delete(del), kIO);
}

void Thrift1Handler::DeleteRow(const char* method, const Text& table, const Text& row,
                               int64_t timestamp) {
  RequireWritable(method);
  auto t = OpenTableOrThrow(method, table);
  OkOrThrow(method, t->Delete(cellar::Delete(row, timestamp)), kIO);
}

void Thrift1Handler::mutateRow(const Text& tableName, const Text& row,
                               const std::vector<Mutation>& mutations, const Attributes&) {
  MutateRow("mutateRow", tableName, row, mutations, kLatestTimestamp);
}

void Thrift1Handler::mutateRowTs(const Text& tableName, const Text& row,
                                 const std::vector<Mutation>& mutations, int64_t timestamp,
                                 const Attributes&) {
  MutateRow("mutateRowTs", tableName, row, mutations, timestamp);
}

void Thrift1Handler::mutateRows(const Text& tableName,
                                const std::vector<BatchMutation>& rowBatches, const Attributes&) {
  MutateRows("mutateRows", tableName, rowBatches, kLatestTimestamp);
}

void Thrift1Handler::mutateRowsTs(const Text& tableName,
                                  const std::vector<BatchMutation>& rowBatches,
                                  int64_t timestamp, const Attributes&) {
  MutateRows("mutateRowsTs", tableName, rowBatches, timestamp);
}

void Thrift1Handler::deleteAll(const Text& tableName, const Text& row, const Text& column,
                               const Attributes&) {
  DeleteColumn("deleteAll", tableName, row, column, kLatestTimestamp);
}

void Thrift1Handler::deleteAllTs(const Text& tableName, const Text& row, const Text& column,
                                 int64_t timestamp, const Attributes&) {
  DeleteColumn("deleteAllTs", tableName, row, column, timestamp);
}

void Thrift1Handler::deleteAllRow(const Text& tableName, const Text& row, const Attributes&) {
  DeleteRow("deleteAllRow", tableName, row, kLatestTimestamp);
}

void Thrift1Handler::deleteAllRowTs(const Text& tableName, const Text& row, int64_t timestamp,
                                    const Attributes&) {
  DeleteRow("deleteAllRowTs", tableName, row, timestamp);
}

int64_t Thrift1Handler::atomicIncrement(const Text& tableName, const Text& row,
                                        const Text& column, int64_t value) {
  RequireWritable("atomicIncrement");
  // A bare family increments its empty qualifier, as HBase.
  thrift1::ParsedColumn c = thrift1::ParseColumn(column);
  cellar::Increment inc(row);
  inc.AddColumn(c.family, c.qualifier.value_or(""), value);
  auto t = OpenTableOrThrow("atomicIncrement", tableName);
  auto result = ValueOrThrow("atomicIncrement", t->Increment(inc), kIOIA);
  const Cell* cell = result.LatestCell(c.family, c.qualifier.value_or(""));
  if (cell == nullptr) {
    ThrowThrift1Error("atomicIncrement",
                      Status::Internal("increment returned no value for the column"), kIOIA);
  }
  return ValueOrThrow("atomicIncrement", thrift1::CounterValue(cell->value), kIOIA);
}

void Thrift1Handler::increment(const TIncrement& increment) {
  RequireWritable("increment");
  auto inc = ValueOrThrow("increment", thrift1::IncrementFromThrift(increment), kIO);
  auto t = OpenTableOrThrow("increment", increment.table);
  ValueOrThrow("increment", t->Increment(inc), kIO);
}

void Thrift1Handler::incrementRows(const std::vector<TIncrement>& increments) {
  // One at a time, as HBase: the ones before a failure stay applied.
  for (const TIncrement& inc : increments) increment(inc);
}

void Thrift1Handler::append(std::vector<TCell>& _return, const TAppend& append) {
  RequireWritable("append");
  auto app = ValueOrThrow("append", thrift1::AppendFromThrift(append), kIO);
  auto t = OpenTableOrThrow("append", append.table);
  _return = thrift1::ToTCells(ValueOrThrow("append", t->Append(app), kIO));
}

bool Thrift1Handler::checkAndPut(const Text& tableName, const Text& row, const Text& column,
                                 const Text& value, const Mutation& mput, const Attributes&) {
  RequireWritable("checkAndPut");
  auto put_column = ValueOrThrow(
      "checkAndPut", thrift1::RequireQualifiedColumn(mput.column, "checkAndPut mput"), kIOIA);
  auto check_column = ValueOrThrow(
      "checkAndPut", thrift1::RequireQualifiedColumn(column, "checkAndPut check"), kIOIA);
  // mput is always a put at "now"; its isDelete is ignored, as HBase.
  cellar::Put put(row);
  put.AddColumn(std::move(put_column.first), std::move(put_column.second), mput.value);
  put.SetDurability(thrift1::DurabilityFromWriteToWal(mput.writeToWAL));
  CheckAndMutate cam;
  cam.row = row;
  cam.family = std::move(check_column.first);
  cam.qualifier = std::move(check_column.second);
  cam.op = CompareOperator::kEqual;
  // An unset value arrives as empty; HBase treats null and empty alike ("must not exist").
  cam.expected = value;
  cam.action = std::move(put);
  auto t = OpenTableOrThrow("checkAndPut", tableName);
  return ValueOrThrow("checkAndPut", t->CheckAndMutate(cam), kIOIA);
}

}  // namespace cellar::server
