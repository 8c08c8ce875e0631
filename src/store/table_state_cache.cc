#include "store/table_state_cache.h"

#include <mutex>

namespace cellar::store {

Result<std::shared_ptr<const TableState>> TableStateCache::Find() {
  // The version is read before the lookup: a DDL that lands in between moves it past what is
  // stored with the state, so the next call looks again.
  const uint64_t version = engine_.catalog_version();
  {
    std::shared_lock lock(mu_);
    if (state_ && version_ == version) return state_;
  }
  CELLAR_ASSIGN_OR_RETURN(std::shared_ptr<const TableState> state, engine_.FindEnabledTable(name_));
  std::unique_lock lock(mu_);
  state_ = state;
  version_ = version;
  return state;
}

}  // namespace cellar::store
