#pragma once

// StreamKeyOrder: whether the next key of a streamed family follows the greatest one so far, for
// a bulk load (EmbeddedBulkLoader). Not thread-safe.

#include <string>
#include <string_view>

#include "store/bulk_runs.h"

namespace cellar::store {

// The last key taken, compared with each next one (strictly greater, bytewise, as the store's
// comparator). Made for the cells of one AddCells call, which share one escaped row as their key
// head: while the taken key's pieces are still the caller's (between Take and Settle), a key
// with the same head (the same bytes at the same address) is compared by its tail only, and
// the whole key is copied once, by Settle, instead of once a cell. Nothing is read back from
// the stream's blocks.
class StreamKeyOrder {
 public:
  // Whether the key of "entry" is greater than the last one taken; true before the first.
  bool Follows(const EntryPieces& entry) {
    if (pending_) {
      if (entry.key_head.data() == head_.data() && entry.key_head.size() == head_.size()) {
        return entry.key_tail > tail_;
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
    last_.assign(head_).append(tail_);
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
