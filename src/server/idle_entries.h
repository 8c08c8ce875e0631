#pragma once

// DropIdleEntries: the expiry rule shared by the gateways' scanner registries (Thrift v2 and
// REST). An entry is dropped when it has been idle for at least "timeout" and no request holds
// it (its mutex is free): a scanner being read is in use, whatever its stamp says.

#include <chrono>
#include <mutex>

namespace cellar::server {

// "entries" maps ids to std::shared_ptr<Entry>, where Entry has `std::mutex mu` and
// `std::chrono::steady_clock::time_point last_used`. REQUIRES: the registry's lock is held.
template <typename Map>
void DropIdleEntries(Map& entries, std::chrono::steady_clock::time_point now,
                     std::chrono::steady_clock::duration timeout) {
  for (auto it = entries.begin(); it != entries.end();) {
    std::unique_lock busy(it->second->mu, std::try_to_lock);
    if (busy.owns_lock() && now - it->second->last_used >= timeout) {
      busy.unlock();
      it = entries.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace cellar::server
