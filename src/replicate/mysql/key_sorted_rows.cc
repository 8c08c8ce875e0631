#include "replicate/mysql/key_sorted_rows.h"

#include <algorithm>
#include <cstdint>

namespace cellar::mysql {

namespace {

// The first 8 bytes of "key" as a big-endian number (zeros past its end): comparing these first
// orders most keys without reaching into the row's bytes.
uint64_t KeyPrefix(std::string_view key) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i) {
    prefix = prefix << 8 | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0);
  }
  return prefix;
}

}  // namespace

KeySortedRows::KeySortedRows(size_t budget_bytes) : budget_bytes_(budget_bytes) {}

KeySortedRows::Piece KeySortedRows::Copy(std::string_view text) {
  Piece p{bytes_.size(), text.size()};
  bytes_.append(text);
  return p;
}

bool KeySortedRows::Add(const PublishedRow& row) {
  if (rows_.empty()) width_ = row.values.size();
  rows_.push_back(Copy(row.key));
  for (const auto& v : row.values) values_.push_back(v ? Copy(*v) : Piece{0, kNull});
  return bytes_.size() + values_.size() * sizeof(Piece) >= budget_bytes_;
}

void KeySortedRows::Clear() {
  bytes_.clear();
  rows_.clear();
  values_.clear();
}

Status KeySortedRows::Drain(const std::function<Status(PublishedRow&)>& fn) {
  struct Entry {
    uint64_t prefix;
    size_t row;
  };
  std::vector<Entry> order(rows_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = {KeyPrefix(View(rows_[i])), i};
  // Ties by key fall back on the order of Add: a stable sort.
  std::sort(order.begin(), order.end(), [&](const Entry& a, const Entry& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    int c = View(rows_[a.row]).compare(View(rows_[b.row]));
    return c != 0 ? c < 0 : a.row < b.row;
  });
  PublishedRow row;
  Status status = Status::Ok();
  for (const auto& [prefix, i] : order) {
    row.key.assign(View(rows_[i]));
    row.values.assign(width_, std::nullopt);
    for (size_t c = 0; c < width_; ++c) {
      const Piece& p = values_[i * width_ + c];
      if (p.size != kNull) row.values[c].emplace(View(p));
    }
    status = fn(row);
    if (!status.ok()) break;
  }
  Clear();
  return status;
}

}  // namespace cellar::mysql
