#include "client/remote_table.h"

#include <algorithm>

#include "client/remote_scanner.h"
#include "protocol/thrift2/convert.h"

namespace cellar::client {
namespace {

using Retry = Thrift2Channel::Retry;

// A put whose every cell carries its own timestamp writes the same versions when repeated.
Retry RetryOf(const Put& put) {
  bool explicit_ts = std::all_of(put.cells().begin(), put.cells().end(), [&](const Cell& c) {
    return c.timestamp != kLatestTimestamp || put.timestamp() != kLatestTimestamp;
  });
  return explicit_ts ? Retry::kRepeatable : Retry::kOnlyBeforeSending;
}

// Delete markers at explicit timestamps mask the same cells when repeated; a marker at "now"
// repeated later could mask a put written in between.
Retry RetryOf(const Delete& del) {
  if (del.timestamp() != kLatestTimestamp) return Retry::kRepeatable;
  bool explicit_ts = !del.markers().empty() &&
                     std::all_of(del.markers().begin(), del.markers().end(),
                                 [](const Cell& c) { return c.timestamp != kLatestTimestamp; });
  return explicit_ts ? Retry::kRepeatable : Retry::kOnlyBeforeSending;
}

Retry RetryOf(const RowMutations& rm) {
  for (const auto& m : rm.mutations()) {
    Retry r = std::visit([](const auto& x) { return RetryOf(x); }, m);
    if (r != Retry::kRepeatable) return r;
  }
  return Retry::kRepeatable;
}

// A Delete that needs several TDeletes (mixed marker kinds) goes as one TRowMutations.
t2::TRowMutations DeletesAsRowMutations(const std::string& row,
                                        const std::vector<t2::TDelete>& deletes) {
  t2::TRowMutations out;
  out.row = row;
  for (const auto& d : deletes) {
    t2::TMutation m;
    m.__set_deleteSingle(d);
    out.mutations.push_back(std::move(m));
  }
  return out;
}

}  // namespace

RemoteTable::RemoteTable(Thrift2Channel& channel, TableName name)
    : channel_(channel), name_(std::move(name)), wire_name_(name_.ToString()) {}

std::string RemoteTable::What(const char* operation) const {
  return std::string(operation) + " " + wire_name_ + " at " + channel_.address();
}

Status RemoteTable::Put(const cellar::Put& put) {
  if (put.empty()) return Status::InvalidArgument("a Put needs at least one cell");
  t2::TPut tput = thrift2::PutToThrift(put);
  return channel_.Call(What("put into"), RetryOf(put),
                       [&](t2::THBaseServiceClient& c) { c.put(wire_name_, tput); });
}

Status RemoteTable::PutMany(std::span<const cellar::Put> puts) {
  const size_t chunk = static_cast<size_t>(std::max(1, channel_.options().write_batch_rows));
  for (size_t begin = 0; begin < puts.size(); begin += chunk) {
    std::vector<t2::TPut> tputs;
    Retry retry = Retry::kRepeatable;
    for (size_t i = begin; i < std::min(puts.size(), begin + chunk); ++i) {
      tputs.push_back(thrift2::PutToThrift(puts[i]));
      if (RetryOf(puts[i]) != Retry::kRepeatable) retry = Retry::kOnlyBeforeSending;
    }
    CELLAR_RETURN_IF_ERROR(channel_.Call(
        What("putMultiple into"), retry,
        [&](t2::THBaseServiceClient& c) { c.putMultiple(wire_name_, tputs); }));
  }
  return Status::Ok();
}

Result<RowResult> RemoteTable::Get(const cellar::Get& get) {
  CELLAR_ASSIGN_OR_RETURN(t2::TGet tget, thrift2::GetToThrift(get));
  t2::TResult result;
  CELLAR_RETURN_IF_ERROR(channel_.Call(What("get from"), Retry::kRepeatable,
                                       [&](t2::THBaseServiceClient& c) {
                                         c.get(result, wire_name_, tget);
                                       }));
  return thrift2::ResultFromThrift(result);
}

Result<std::vector<RowResult>> RemoteTable::Get(std::span<const cellar::Get> gets) {
  std::vector<t2::TGet> tgets;
  tgets.reserve(gets.size());
  for (const auto& g : gets) {
    CELLAR_ASSIGN_OR_RETURN(t2::TGet tget, thrift2::GetToThrift(g));
    tgets.push_back(std::move(tget));
  }
  std::vector<t2::TResult> results;
  CELLAR_RETURN_IF_ERROR(channel_.Call(What("getMultiple from"), Retry::kRepeatable,
                                       [&](t2::THBaseServiceClient& c) {
                                         c.getMultiple(results, wire_name_, tgets);
                                       }));
  std::vector<RowResult> out;
  out.reserve(results.size());
  for (const auto& r : results) out.push_back(thrift2::ResultFromThrift(r));
  return out;
}

Status RemoteTable::Delete(const cellar::Delete& del) {
  std::vector<t2::TDelete> deletes = thrift2::DeleteToThrift(del);
  if (deletes.size() == 1) {
    return channel_.Call(What("delete from"), RetryOf(del), [&](t2::THBaseServiceClient& c) {
      c.deleteSingle(wire_name_, deletes.front());
    });
  }
  t2::TRowMutations rm = DeletesAsRowMutations(del.row(), deletes);
  return channel_.Call(What("delete from"), RetryOf(del),
                       [&](t2::THBaseServiceClient& c) { c.mutateRow(wire_name_, rm); });
}

Result<std::unique_ptr<ResultScanner>> RemoteTable::GetScanner(const cellar::Scan& scan) {
  return RemoteScanner::Open(channel_, wire_name_, scan);
}

Result<RowResult> RemoteTable::Increment(const cellar::Increment& inc) {
  t2::TIncrement tinc = thrift2::IncrementToThrift(inc);
  tinc.__set_returnResults(true);
  t2::TResult result;
  CELLAR_RETURN_IF_ERROR(channel_.Call(
      What("increment in"), Retry::kOnlyBeforeSending,
      [&](t2::THBaseServiceClient& c) { c.increment(result, wire_name_, tinc); }));
  return thrift2::ResultFromThrift(result);
}

Result<RowResult> RemoteTable::Append(const cellar::Append& append) {
  t2::TAppend tappend = thrift2::AppendToThrift(append);
  tappend.__set_returnResults(true);
  t2::TResult result;
  CELLAR_RETURN_IF_ERROR(channel_.Call(
      What("append in"), Retry::kOnlyBeforeSending,
      [&](t2::THBaseServiceClient& c) { c.append(result, wire_name_, tappend); }));
  return thrift2::ResultFromThrift(result);
}

Result<bool> RemoteTable::CheckAndMutate(const cellar::CheckAndMutate& cam) {
  // Thrift2's checkAndMutate takes the action as TRowMutations; an absent "value" checks that
  // the column does not exist, as HBase's CheckAndMutate with a null value.
  RowMutations rm(cam.row);
  std::visit(
      [&](const auto& action) {
        using A = std::decay_t<decltype(action)>;
        if constexpr (std::is_same_v<A, RowMutations>) {
          rm = action;
        } else {
          rm.Add(action);
        }
      },
      cam.action);
  t2::TRowMutations trm = thrift2::RowMutationsToThrift(rm);
  t2::TCompareOperator::type op = thrift2::CompareOperatorToThrift(cam.op);
  bool matched = false;
  CELLAR_RETURN_IF_ERROR(channel_.Call(
      What("checkAndMutate in"), Retry::kOnlyBeforeSending, [&](t2::THBaseServiceClient& c) {
        matched = c.checkAndMutate(wire_name_, cam.row, cam.family, cam.qualifier, op,
                                   cam.expected.value_or(std::string()), trm);
      }));
  return matched;
}

Status RemoteTable::MutateRow(const RowMutations& mutations) {
  t2::TRowMutations trm = thrift2::RowMutationsToThrift(mutations);
  return channel_.Call(What("mutateRow in"), RetryOf(mutations),
                       [&](t2::THBaseServiceClient& c) { c.mutateRow(wire_name_, trm); });
}

}  // namespace cellar::client
