// The data methods of Thrift2Handler: gets, puts, deletes, check-and-mutate, counters, appends
// and row mutations, each as HBase's ThriftHBaseServiceHandler does it.

#include <span>
#include <string>

#include "protocol/thrift2/convert.h"
#include "server/thrift/thrift2_errors.h"
#include "server/thrift/thrift2_handler.h"

namespace cellar::server {
namespace {

using namespace thrift2_errors;  // NOLINT: ThrowIfError, ValueOrThrow
using thrift2::t2::TColumnValue;

std::vector<Get> GetsFromThrift(const std::vector<Thrift2Handler::TGet>& tgets) {
  std::vector<Get> gets;
  gets.reserve(tgets.size());
  for (const Thrift2Handler::TGet& g : tgets) gets.push_back(ValueOrThrow(thrift2::GetFromThrift(g)));
  return gets;
}

// The outcome of a batch: OK, or the first failure and how many failed.
Status BatchStatus(const std::vector<BatchResult>& results, const char* what) {
  size_t failed = 0;
  const Status* first = nullptr;
  size_t first_index = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].status.ok()) continue;
    if (first == nullptr) {
      first = &results[i].status;
      first_index = i;
    }
    ++failed;
  }
  if (first == nullptr) return Status::Ok();
  return first->WithContext(std::to_string(failed) + " of " + std::to_string(results.size()) +
                            " " + what + " failed; the first, #" + std::to_string(first_index));
}

// HBase's checkAndMutate reading of "value": unset or empty means "the column must be absent".
std::optional<std::string> Expected(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

void RequireSameRow(const std::string& check_row, const std::string& action_row) {
  if (check_row != action_row) {
    thrift2::ThrowStatus(Status::InvalidArgument(
        "the mutation's row differs from the checked row (HBase: Action's getRow must match)"));
  }
}

}  // namespace

std::unique_ptr<Table> Thrift2Handler::OpenOrThrow(const std::string& table) const {
  return ValueOrThrow(context_->OpenTable(table));
}

void Thrift2Handler::RequireWritable(const char* method) const {
  ThrowIfError(context_->RequireWritable(method));
}

bool Thrift2Handler::exists(const std::string& table, const TGet& tget) {
  Get get = ValueOrThrow(thrift2::GetFromThrift(tget));
  return !ValueOrThrow(OpenOrThrow(table)->Get(get)).empty();
}

void Thrift2Handler::existsAll(std::vector<bool>& _return, const std::string& table,
                               const std::vector<TGet>& tgets) {
  std::vector<Get> gets = GetsFromThrift(tgets);
  std::vector<RowResult> results = ValueOrThrow(OpenOrThrow(table)->Get(std::span<const Get>(gets)));
  _return.clear();
  for (const RowResult& r : results) _return.push_back(!r.empty());
}

void Thrift2Handler::get(TResult& _return, const std::string& table, const TGet& tget) {
  Get get = ValueOrThrow(thrift2::GetFromThrift(tget));
  _return = thrift2::ResultToThrift(ValueOrThrow(OpenOrThrow(table)->Get(get)));
}

void Thrift2Handler::getMultiple(std::vector<TResult>& _return, const std::string& table,
                                 const std::vector<TGet>& tgets) {
  std::vector<Get> gets = GetsFromThrift(tgets);
  std::vector<RowResult> results = ValueOrThrow(OpenOrThrow(table)->Get(std::span<const Get>(gets)));
  _return.clear();
  _return.reserve(results.size());
  // A miss stays in place as an empty TResult, so that results line up with the gets.
  for (const RowResult& r : results) _return.push_back(thrift2::ResultToThrift(r));
}

void Thrift2Handler::put(const std::string& table, const TPut& tput) {
  RequireWritable("put");
  Put put = ValueOrThrow(thrift2::PutFromThrift(tput));
  ThrowIfError(OpenOrThrow(table)->Put(put));
}

void Thrift2Handler::putMultiple(const std::string& table, const std::vector<TPut>& tputs) {
  RequireWritable("putMultiple");
  std::vector<BatchAction> actions;
  actions.reserve(tputs.size());
  for (const TPut& p : tputs) actions.emplace_back(ValueOrThrow(thrift2::PutFromThrift(p)));
  // As HBase's Table.put(List): each row on its own; the others are applied even if one fails.
  ThrowIfError(BatchStatus(OpenOrThrow(table)->Batch(actions), "puts"));
}

void Thrift2Handler::deleteSingle(const std::string& table, const TDelete& tdelete) {
  RequireWritable("deleteSingle");
  Delete del = ValueOrThrow(thrift2::DeleteFromThrift(tdelete));
  ThrowIfError(OpenOrThrow(table)->Delete(del));
}

void Thrift2Handler::deleteMultiple(std::vector<TDelete>& _return, const std::string& table,
                                    const std::vector<TDelete>& tdeletes) {
  RequireWritable("deleteMultiple");
  std::vector<BatchAction> actions;
  actions.reserve(tdeletes.size());
  for (const TDelete& d : tdeletes) actions.emplace_back(ValueOrThrow(thrift2::DeleteFromThrift(d)));
  // As HBase: every delete is tried; any failure is a TIOError, success an empty list.
  ThrowIfError(BatchStatus(OpenOrThrow(table)->Batch(actions), "deletes"));
  _return.clear();
}

bool Thrift2Handler::checkAndPut(const std::string& table, const std::string& row,
                                 const std::string& family, const std::string& qualifier,
                                 const std::string& value, const TPut& tput) {
  RequireWritable("checkAndPut");
  Put put = ValueOrThrow(thrift2::PutFromThrift(tput));
  RequireSameRow(row, put.row());
  CheckAndMutate cam{row, family, qualifier, CompareOperator::kEqual, Expected(value), put};
  return ValueOrThrow(OpenOrThrow(table)->CheckAndMutate(cam));
}

bool Thrift2Handler::checkAndDelete(const std::string& table, const std::string& row,
                                    const std::string& family, const std::string& qualifier,
                                    const std::string& value, const TDelete& tdelete) {
  RequireWritable("checkAndDelete");
  Delete del = ValueOrThrow(thrift2::DeleteFromThrift(tdelete));
  RequireSameRow(row, del.row());
  CheckAndMutate cam{row, family, qualifier, CompareOperator::kEqual, Expected(value), del};
  return ValueOrThrow(OpenOrThrow(table)->CheckAndMutate(cam));
}

bool Thrift2Handler::checkAndMutate(const std::string& table, const std::string& row,
                                    const std::string& family, const std::string& qualifier,
                                    TCompareOperator::type compareOperator,
                                    const std::string& value, const TRowMutations& rowMutations) {
  RequireWritable("checkAndMutate");
  CompareOperator op = ValueOrThrow(thrift2::CompareOperatorFromThrift(compareOperator));
  RowMutations mutations = ValueOrThrow(thrift2::RowMutationsFromThrift(rowMutations));
  RequireSameRow(row, mutations.row());
  CheckAndMutate cam{row, family, qualifier, op, Expected(value), std::move(mutations)};
  return ValueOrThrow(OpenOrThrow(table)->CheckAndMutate(cam));
}

void Thrift2Handler::increment(TResult& _return, const std::string& table,
                               const TIncrement& tincrement) {
  RequireWritable("increment");
  Increment inc = ValueOrThrow(thrift2::IncrementFromThrift(tincrement));
  RowResult result = ValueOrThrow(OpenOrThrow(table)->Increment(inc));
  // returnResults=false asks for an empty answer (HBase's Increment.setReturnResults).
  const bool want = !tincrement.__isset.returnResults || tincrement.returnResults;
  _return = thrift2::ResultToThrift(want ? result : RowResult());
}

void Thrift2Handler::append(TResult& _return, const std::string& table, const TAppend& tappend) {
  RequireWritable("append");
  Append app = ValueOrThrow(thrift2::AppendFromThrift(tappend));
  RowResult result = ValueOrThrow(OpenOrThrow(table)->Append(app));
  const bool want = !tappend.__isset.returnResults || tappend.returnResults;
  _return = thrift2::ResultToThrift(want ? result : RowResult());
}

void Thrift2Handler::mutateRow(const std::string& table, const TRowMutations& trowMutations) {
  RequireWritable("mutateRow");
  RowMutations mutations = ValueOrThrow(thrift2::RowMutationsFromThrift(trowMutations));
  ThrowIfError(OpenOrThrow(table)->MutateRow(mutations));
}

}  // namespace cellar::server
