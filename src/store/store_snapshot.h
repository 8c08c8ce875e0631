#pragma once

// EmbeddedSnapshot: StoreSnapshot over the embedded store (a RocksDB snapshot plus the tables as
// they were). Not thread-safe.

#include <memory>

#include "cellar/store.h"
#include "store/engine.h"

namespace cellar::store {

class EmbeddedSnapshot final : public StoreSnapshot {
 public:
  // Takes the snapshot. "engine" is borrowed and must outlive this object.
  explicit EmbeddedSnapshot(Engine& engine);
  ~EmbeddedSnapshot() override;

  uint64_t event_id() const override { return snap_.event_id; }
  const std::vector<TableDescriptor>& tables() const override { return descriptors_; }
  Status ForEachRow(const TableName& table,
                    const std::function<Status(const std::string& family, const std::string& row,
                                               const std::vector<Cell>& cells)>& fn) override;

 private:
  Engine& engine_;
  Engine::Snapshot snap_;
  std::vector<TableDescriptor> descriptors_;
};

}  // namespace cellar::store
