// The remote Connection: a Thrift2Channel, an Admin and Tables over it.

#include <charconv>
#include <map>

#include "cellar/remote.h"
#include "client/remote_admin.h"
#include "client/remote_table.h"
#include "client/thrift2_channel.h"

namespace cellar {
namespace {

using client::RemoteAdmin;
using client::RemoteTable;
using client::Thrift2Channel;

// "rm" with "durability" applied to each of its puts and deletes (unless it is kUseDefault).
RowMutations WithDurability(const RowMutations& rm, Durability durability) {
  if (durability == Durability::kUseDefault) return rm;
  RowMutations out(rm.row());
  for (const auto& m : rm.mutations()) {
    std::visit(
        [&](auto copy) {
          copy.SetDurability(durability);
          out.Add(std::move(copy));
        },
        m);
  }
  return out;
}

bool OnlyPuts(const RowMutations& rm) {
  for (const auto& m : rm.mutations()) {
    if (!std::holds_alternative<Put>(m)) return false;
  }
  return true;
}

class RemoteConnection final : public Connection {
 public:
  explicit RemoteConnection(RemoteOptions options)
      : channel_(std::move(options)), admin_(channel_) {}

  Admin& admin() override { return admin_; }

  Result<std::unique_ptr<Table>> OpenTable(const TableName& name) override {
    CELLAR_ASSIGN_OR_RETURN(bool exists, admin_.TableExists(name));
    if (!exists) {
      return Status::NotFound("table " + name.ToString() + " does not exist at " +
                              channel_.address());
    }
    return std::unique_ptr<Table>(new RemoteTable(channel_, name));
  }

  // Every row but the last is written first, in order: runs of puts-only rows are batched per
  // table with putMultiple, a row with deletes goes alone (mutateRow) after the run before it, so
  // a delete and a re-put of one row keep their order (NEW_VERSION_BEHAVIOR depends on it). The
  // last row (a replicator's checkpoint) is written only after all of them succeeded.
  Status MutateAtomically(std::span<const TableRowMutations> rows,
                          Durability durability) override {
    if (rows.empty()) return Status::Ok();
    std::map<TableName, std::vector<Put>> run;
    auto flush_run = [&]() -> Status {
      for (auto& [table, puts] : run) {
        CELLAR_RETURN_IF_ERROR(RemoteTable(channel_, table).PutMany(puts));
      }
      run.clear();
      return Status::Ok();
    };
    for (size_t i = 0; i + 1 < rows.size(); ++i) {
      if (rows[i].mutations.mutations().empty()) continue;
      RowMutations row = WithDurability(rows[i].mutations, durability);
      if (OnlyPuts(row)) {
        for (const auto& m : row.mutations()) run[rows[i].table].push_back(std::get<Put>(m));
        continue;
      }
      CELLAR_RETURN_IF_ERROR(flush_run());
      CELLAR_RETURN_IF_ERROR(RemoteTable(channel_, rows[i].table).MutateRow(row));
    }
    CELLAR_RETURN_IF_ERROR(flush_run());
    const TableRowMutations& last = rows.back();
    if (last.mutations.mutations().empty()) return Status::Ok();
    return RemoteTable(channel_, last.table).MutateRow(WithDurability(last.mutations, durability));
  }

  bool multi_row_atomic() const override { return false; }

  Status Close() override {
    channel_.CloseIdle();
    return Status::Ok();
  }

  // Fails unless the peer serves Thrift2.
  Status Handshake() {
    client::t2::TThriftServerType::type type{};
    CELLAR_RETURN_IF_ERROR(channel_.Call(
        "the first call", Thrift2Channel::Retry::kRepeatable,
        [&](client::t2::THBaseServiceClient& c) { type = c.getThriftServerType(); }));
    if (type != client::t2::TThriftServerType::TWO) {
      return Status::FailedPrecondition(channel_.address() +
                                        " serves Thrift v1; Cellar writes through Thrift2 (with "
                                        "HBase: `hbase thrift2 start`; with cellar serve: its "
                                        "--thrift2-port, 9091 by default)");
    }
    return Status::Ok();
  }

 private:
  Thrift2Channel channel_;
  RemoteAdmin admin_;
};

}  // namespace

Result<RemoteOptions> ParseRemoteAddress(std::string_view address) {
  RemoteOptions options;
  std::string_view host = address;
  if (size_t colon = address.rfind(':'); colon != std::string_view::npos) {
    host = address.substr(0, colon);
    std::string_view port = address.substr(colon + 1);
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
      return Status::InvalidArgument("'" + std::string(address) +
                                     "' is not host:port (the port must be 1..65535)");
    }
    options.port = value;
  }
  if (host.empty()) {
    return Status::InvalidArgument("'" + std::string(address) + "' names no host; use host:port");
  }
  options.host = std::string(host);
  return options;
}

Result<std::unique_ptr<Connection>> ConnectRemote(const RemoteOptions& options) {
  auto connection = std::make_unique<RemoteConnection>(options);
  CELLAR_RETURN_IF_ERROR(connection->Handshake());
  return std::unique_ptr<Connection>(std::move(connection));
}

Result<std::unique_ptr<Connection>> ConnectRemote(std::string_view address) {
  CELLAR_ASSIGN_OR_RETURN(RemoteOptions options, ParseRemoteAddress(address));
  return ConnectRemote(options);
}

}  // namespace cellar
