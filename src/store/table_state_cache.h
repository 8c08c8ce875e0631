#pragma once

// TableStateCache: one table's state as Engine::FindEnabledTable last found it, handed out again
// while the engine's catalog version is unchanged (no DDL and no close since), so that a read or
// write of the table skips the catalog's lock and map lookup. A disabled or missing table is
// never cached: each call then asks the engine, which gives the error. Thread-safe.

#include <memory>
#include <shared_mutex>

#include "store/engine.h"

namespace cellar::store {

class TableStateCache {
 public:
  // "engine" is borrowed and must outlive the cache.
  TableStateCache(Engine& engine, TableName name) : engine_(engine), name_(std::move(name)) {}

  const TableName& name() const { return name_; }
  // What Engine::FindEnabledTable(name()) returns now: the state, NotFound, or
  // FailedPrecondition (disabled table, closed store).
  Result<std::shared_ptr<const TableState>> Find();

 private:
  Engine& engine_;
  const TableName name_;
  // Protected by mu_.
  std::shared_mutex mu_;
  std::shared_ptr<const TableState> state_;  // an enabled table's state, or null
  uint64_t version_ = 0;                     // the catalog version state_ was found at
};

}  // namespace cellar::store
