// RemoteTable::Batch: consecutive actions of one kind travel as one multi call (putMultiple,
// deleteMultiple, getMultiple); the others one RPC each. As in HBase, each row is atomic and the
// batch is not; a failed multi call fails each of its actions with the call's Status.

#include <algorithm>

#include "client/remote_table.h"
#include "protocol/thrift2/convert.h"

namespace cellar::client {
namespace {

// Actions that can share a multi call: 0 Put, 1 Delete, 5 Get (BatchAction's indexes); the
// others (Increment, Append, RowMutations) run alone.
bool Groupable(const BatchAction& a) {
  return a.index() == 0 || (a.index() == 1 && std::get<1>(a).IsWholeRow()) || a.index() == 5;
}

}  // namespace

void RemoteTable::BatchRun(std::span<const BatchAction> actions, size_t begin, size_t end,
                           std::vector<BatchResult>& results) {
  Status status;
  switch (actions[begin].index()) {
    case 0: {
      std::vector<cellar::Put> puts;
      for (size_t i = begin; i < end; ++i) puts.push_back(std::get<cellar::Put>(actions[i]));
      status = PutMany(puts);
      break;
    }
    case 1: {
      std::vector<t2::TDelete> deletes;
      for (size_t i = begin; i < end; ++i) {
        for (auto& d : thrift2::DeleteToThrift(std::get<cellar::Delete>(actions[i]))) {
          deletes.push_back(std::move(d));
        }
      }
      std::vector<t2::TDelete> failed;
      status = channel_.Call(What("deleteMultiple from"), Thrift2Channel::Retry::kOnlyBeforeSending,
                             [&](t2::THBaseServiceClient& c) {
                               c.deleteMultiple(failed, wire_name_, deletes);
                             });
      if (status.ok() && !failed.empty()) {
        status = Status::Internal(std::to_string(failed.size()) + " of " +
                                  std::to_string(deletes.size()) + " deletes failed");
      }
      break;
    }
    default: {
      std::vector<cellar::Get> gets;
      for (size_t i = begin; i < end; ++i) gets.push_back(std::get<cellar::Get>(actions[i]));
      auto rows = Get(std::span<const cellar::Get>(gets));
      if (!rows.ok()) {
        status = rows.status();
        break;
      }
      for (size_t i = begin; i < end; ++i) results[i].result = std::move((*rows)[i - begin]);
      break;
    }
  }
  for (size_t i = begin; i < end; ++i) results[i].status = status;
}

std::vector<BatchResult> RemoteTable::Batch(std::span<const BatchAction> actions) {
  std::vector<BatchResult> results(actions.size());
  size_t i = 0;
  while (i < actions.size()) {
    if (Groupable(actions[i])) {
      size_t end = i + 1;
      while (end < actions.size() && Groupable(actions[end]) &&
             actions[end].index() == actions[i].index()) {
        ++end;
      }
      BatchRun(actions, i, end, results);
      i = end;
      continue;
    }
    BatchResult& r = results[i];
    std::visit(
        [&](const auto& a) {
          using A = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<A, cellar::Increment>) {
            auto out = Increment(a);
            r.status = out.status();
            if (out.ok()) r.result = std::move(*out);
          } else if constexpr (std::is_same_v<A, cellar::Append>) {
            auto out = Append(a);
            r.status = out.status();
            if (out.ok()) r.result = std::move(*out);
          } else if constexpr (std::is_same_v<A, RowMutations>) {
            r.status = MutateRow(a);
          } else if constexpr (std::is_same_v<A, cellar::Delete>) {
            r.status = Delete(a);
          } else {
            r.status = Status::Internal("batch action not grouped");
          }
        },
        actions[i]);
    ++i;
  }
  return results;
}

}  // namespace cellar::client
