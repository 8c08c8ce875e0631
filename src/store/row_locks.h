#pragma once

// RowLocks: a fixed set of mutexes striped by hash of (table id, row), so that writers of one row
// exclude each other while writers of different rows rarely contend. Thread-safe.

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>

namespace cellar::store {

class RowLocks {
 public:
  static constexpr size_t kStripes = 1024;

  std::mutex& For(uint64_t table_id, std::string_view row) {
    size_t h = std::hash<std::string_view>{}(row) ^ (table_id * 0x9E3779B97F4A7C15ull);
    return stripes_[h % kStripes].mu;
  }

 private:
  struct alignas(64) Stripe {
    std::mutex mu;
  };
  std::array<Stripe, kStripes> stripes_;
};

}  // namespace cellar::store
