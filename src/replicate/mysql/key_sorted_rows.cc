#include "replicate/mysql/key_sorted_rows.h"

#include <algorithm>
#include <numeric>

namespace cellar::mysql {

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
  std::vector<size_t> order(rows_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return View(rows_[a]) < View(rows_[b]); });
  PublishedRow row;
  Status status = Status::Ok();
  for (size_t i : order) {
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
