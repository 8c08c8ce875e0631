#pragma once

// RowLocks: a fixed set of mutexes striped by hash of (table id, row), so that writers of one row
// exclude each other while writers of different rows rarely contend. Thread-safe.

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>
#include <vector>

namespace cellar::store {

class RowLocks {
 public:
  static constexpr size_t kStripes = 1024;

  std::mutex& For(uint64_t table_id, std::string_view row) {
    size_t h = std::hash<std::string_view>{}(row) ^ (table_id * 0x9E3779B97F4A7C15ull);
    return stripes_[h % kStripes].mu;
  }

  // Every stripe, locked in address order (the order MutateAtomically locks in, so the two never
  // deadlock): no row of any table can be written until the locks are released.
  std::vector<std::unique_lock<std::mutex>> LockAll() {
    std::vector<std::unique_lock<std::mutex>> held;
    held.reserve(kStripes);
    for (Stripe& s : stripes_) held.emplace_back(s.mu);
    return held;
  }

 private:
  struct alignas(64) Stripe {
    std::mutex mu;
  };
  std::array<Stripe, kStripes> stripes_;
};

}  // namespace cellar::store
