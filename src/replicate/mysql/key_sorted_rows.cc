#include "replicate/mysql/key_sorted_rows.h"

#include <algorithm>
#include <cstring>

namespace cellar::mysql {

namespace {

// The first 8 bytes of "key" as a big-endian number (zeros past its end): comparing these first
// orders most keys without reaching into the rows' records.
uint64_t KeyPrefix(std::string_view key) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i) {
    prefix = prefix << 8 | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0);
  }
  return prefix;
}

// Rows handed to Drain's callback while the record this many rows ahead is fetched into the
// cache: the records are read in key order, scattered over bytes_, and each would otherwise
// wait for memory.
constexpr size_t kPrefetchAhead = 8;

}  // namespace

KeySortedRows::KeySortedRows(size_t budget_bytes) : budget_bytes_(budget_bytes) {}

void KeySortedRows::AppendSize(uint64_t size) {
  char raw[sizeof size];
  std::memcpy(raw, &size, sizeof size);
  bytes_.append(raw, sizeof raw);
}

uint64_t KeySortedRows::SizeAt(size_t offset) const {
  uint64_t size;
  std::memcpy(&size, bytes_.data() + offset, sizeof size);
  return size;
}

std::string_view KeySortedRows::KeyOf(const RowRef& r) const {
  return {bytes_.data() + r.offset + sizeof(uint64_t), SizeAt(r.offset)};
}

bool KeySortedRows::Add(const PublishedRow& row) {
  if (rows_.empty()) {
    width_ = row.values.size();
    // The whole budget at once: growing by doubling would copy the records held each time and
    // touch fresh pages for every copy. Only the pages written are ever backed by memory.
    bytes_.reserve(budget_bytes_);
  }
  rows_.push_back({KeyPrefix(row.key), bytes_.size()});
  AppendSize(row.key.size());
  bytes_.append(row.key);
  for (const auto& v : row.values) {
    AppendSize(v ? v->size() : kNull);
    if (v) bytes_.append(*v);
  }
  return bytes_.size() + rows_.size() * sizeof(RowRef) >= budget_bytes_;
}

void KeySortedRows::Decode(size_t offset, PublishedRow& row) const {
  const uint64_t key_size = SizeAt(offset);
  offset += sizeof(uint64_t);
  row.key.assign(bytes_.data() + offset, key_size);
  offset += key_size;
  row.values.assign(width_, std::nullopt);
  for (size_t c = 0; c < width_; ++c) {
    const uint64_t size = SizeAt(offset);
    offset += sizeof(uint64_t);
    if (size == kNull) continue;
    row.values[c].emplace(bytes_.data() + offset, size);
    offset += size;
  }
}

void KeySortedRows::Clear() {
  bytes_.clear();
  rows_.clear();
}

Status KeySortedRows::Drain(const std::function<Status(PublishedRow&)>& fn) {
  // Ties by key fall back on the order of Add (the records' offsets): a stable sort.
  std::sort(rows_.begin(), rows_.end(), [&](const RowRef& a, const RowRef& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    int c = KeyOf(a).compare(KeyOf(b));
    return c != 0 ? c < 0 : a.offset < b.offset;
  });
  PublishedRow row;
  Status status = Status::Ok();
  for (size_t k = 0; k < rows_.size(); ++k) {
    if (k + kPrefetchAhead < rows_.size()) {
      const char* ahead = bytes_.data() + rows_[k + kPrefetchAhead].offset;
      __builtin_prefetch(ahead);
      __builtin_prefetch(ahead + 64);
    }
    Decode(rows_[k].offset, row);
    status = fn(row);
    if (!status.ok()) break;
  }
  Clear();
  return status;
}

}  // namespace cellar::mysql
