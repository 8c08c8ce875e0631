#pragma once

// StreamKeyOrder: whether the next key of a streamed family follows the greatest one so far, for
// a bulk load (EmbeddedBulkLoader). Not thread-safe.

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "store/bulk_runs.h"
#include "store/byte_ops.h"

namespace cellar::store {

// Whether "a" and "b" hold the same bytes, for the loader's per-cell comparisons of family names
// and qualifiers, a few bytes each, where a call (to memcmp, or to SameBytes, which GCC stopped
// inlining into AddCells once its loop grew: 17 M instructions of calls on the 200k-row publish)
// costs more than the comparison. Always inline; overlapping words as SameBytes.
[[gnu::always_inline]] inline bool SameString(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8) {
    uint64_t x, y;
    for (size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&x, p + i, 8);
      std::memcpy(&y, q + i, 8);
      if (x != y) return false;
    }
    std::memcpy(&x, p + n - 8, 8);  // the last 8 bytes, some compared before
    std::memcpy(&y, q + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    uint32_t u, v, s, t;
    std::memcpy(&u, p, 4);
    std::memcpy(&v, q, 4);
    std::memcpy(&s, p + n - 4, 4);
    std::memcpy(&t, q + n - 4, 4);
    return u == v && s == t;
  }
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != q[i]) return false;
  }
  return true;
}

// Whether "a" sorts after "b", bytewise as unsigned bytes (std::string_view's operator>), a
// word at a time from the front: for the key suffixes of a bulk load's cells (a qualifier, a
// timestamp and a type: 10 to 40 bytes), inline rather than a call to memcmp.
inline bool GreaterBytes(std::string_view a, std::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) {
      if constexpr (std::endian::native == std::endian::little) {
        return __builtin_bswap64(x) > __builtin_bswap64(y);
      } else {
        return x > y;
      }
    }
  }
  for (; i < n; ++i) {
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) > static_cast<unsigned char>(b[i]);
  }
  return a.size() > b.size();
}

// The last key taken, compared with each next one (strictly greater, bytewise, as the store's
// comparator). Made for the cells of one AddCells call, which share one escaped row as their key
// head: while the taken key's pieces are still the caller's (between Take and Settle), a key
// with the same head (the same bytes at the same address) is compared by its tail only, and
// the whole key is copied once, by Settle, instead of once a cell. Nothing is read back from
// the stream's blocks.
class StreamKeyOrder {
 public:
  // Whether the key of "entry" is greater than the last one taken; true before the first.
  // Always inline: called out of line (the compiler's choice in the loader's per-cell path), the
  // caller's entry had to be stored and read back for it.
  [[gnu::always_inline]] bool Follows(const EntryPieces& entry) {
    if (pending_) {
      if (entry.key_head.data() == head_.data() && entry.key_head.size() == head_.size()) {
        return GreaterBytes(entry.key_tail, tail_);
      }
      Settle();
    }
    return !has_last_ || entry.KeyGreaterThan(last_);
  }
  // Takes the key of "entry" as the last one. Its key pieces are borrowed until the next
  // Follows with another head, Settle or Set: the caller must not change or move their bytes
  // before.
  void Take(const EntryPieces& entry) {
    head_ = entry.key_head;
    tail_ = entry.key_tail;
    pending_ = true;
    has_last_ = true;
  }
  // Copies the last key taken, so that the caller may reuse its buffers.
  void Settle() {
    if (!pending_) return;
    // Into last_'s buffer, which keys of about one size reuse: no reallocation, inline copies.
    last_.resize(head_.size() + tail_.size());
    CopyBytes(last_.data(), head_.data(), head_.size());
    CopyBytes(last_.data() + head_.size(), tail_.data(), tail_.size());
    pending_ = false;
  }
  // Makes "key" (copied) the last key.
  void Set(std::string_view key) {
    last_.assign(key);
    pending_ = false;
    has_last_ = true;
  }

 private:
  std::string last_;  // the last key, when not pending_
  bool has_last_ = false;
  bool pending_ = false;   // the last key is head_ + tail_, borrowed from the caller
  std::string_view head_;  // when pending_
  std::string_view tail_;  // when pending_
};

}  // namespace cellar::store
