#include "replicate/mysql/key_sorted_rows.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

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

void KeySortedRows::SortByPrefix() {
  constexpr int kBytes = sizeof(uint64_t);
  auto digit = [](const RowRef& r, int b) { return (r.prefix >> (8 * b)) & 0xff; };
  std::vector<std::array<size_t, 256>> counts(kBytes);  // [byte][value]: rows
  for (const RowRef& r : rows_) {
    for (int b = 0; b < kBytes; ++b) ++counts[b][digit(r, b)];
  }
  std::vector<RowRef> moved(rows_.size());
  for (int b = 0; b < kBytes; ++b) {
    if (counts[b][digit(rows_.front(), b)] == rows_.size()) continue;  // one value: no change
    size_t at = 0;
    for (size_t& c : counts[b]) at += std::exchange(c, at);  // counts -> first slot of each
    for (const RowRef& r : rows_) moved[counts[b][digit(r, b)]++] = r;
    rows_.swap(moved);
  }
}

Status KeySortedRows::Drain(const std::function<Status(PublishedRow&)>& fn) {
  if (!rows_.empty()) SortByPrefix();
  // Rows whose keys share their first 8 bytes (rare for row hashes) are ordered by the whole
  // key; stable, so equal keys stay in the order of Add.
  for (size_t i = 0, j; i < rows_.size(); i = j) {
    for (j = i + 1; j < rows_.size() && rows_[j].prefix == rows_[i].prefix;) ++j;
    if (j - i < 2) continue;
    std::stable_sort(rows_.begin() + i, rows_.begin() + j,
                     [&](const RowRef& a, const RowRef& b) { return KeyOf(a) < KeyOf(b); });
  }
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
