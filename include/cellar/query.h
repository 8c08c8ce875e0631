#pragma once

// Reads: TimeRange, Get, Scan and RowResult (HBase's Result). Value types; thread-compatible.
// A Get or Scan carrying a Filter must not be used by two reads at once (filters keep state).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/cell.h"

namespace cellar {

class Filter;

// Timestamps in [min, max), as in HBase.
struct TimeRange {
  int64_t min = 0;
  int64_t max = kLatestTimestamp;

  static TimeRange All() { return {}; }
  // Exactly "ts": [ts, ts+1), HBase's setTimestamp.
  static TimeRange At(int64_t ts) { return {ts, ts == kLatestTimestamp ? ts : ts + 1}; }
  bool Contains(int64_t ts) const { return ts >= min && ts < max; }
  bool IsAll() const { return min == 0 && max == kLatestTimestamp; }
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// Which families and columns a read wants. Empty = every family. A family mapped to an empty set
// = the whole family.
class ColumnSelection {
 public:
  void AddFamily(std::string family);
  void AddColumn(std::string family, std::string qualifier);
  bool empty() const { return families_.empty(); }
  // The selected families in order; empty means all.
  const std::map<std::string, std::set<std::string>, std::less<>>& families() const {
    return families_;
  }
  bool WantsFamily(std::string_view family) const;
  bool WantsColumn(std::string_view family, std::string_view qualifier) const;

 private:
  std::map<std::string, std::set<std::string>, std::less<>> families_;
};

class Get {
 public:
  explicit Get(std::string row) : row_(std::move(row)) {}

  Get& AddFamily(std::string family) { columns_.AddFamily(std::move(family)); return *this; }
  Get& AddColumn(std::string family, std::string qualifier) {
    columns_.AddColumn(std::move(family), std::move(qualifier));
    return *this;
  }
  Get& SetTimeRange(TimeRange range) { time_range_ = range; return *this; }
  Get& SetTimestamp(int64_t ts) { time_range_ = TimeRange::At(ts); return *this; }
  // Return at most this many versions of each column. Default: 1, as in HBase.
  Get& SetMaxVersions(int32_t n) { max_versions_ = n; return *this; }
  Get& SetFilter(std::shared_ptr<Filter> f) { filter_ = std::move(f); return *this; }
  // Whether the read fills the block cache. Default: true, as in HBase.
  Get& SetCacheBlocks(bool b) { cache_blocks_ = b; return *this; }

  const std::string& row() const { return row_; }
  const ColumnSelection& columns() const { return columns_; }
  const TimeRange& time_range() const { return time_range_; }
  int32_t max_versions() const { return max_versions_; }
  const std::shared_ptr<Filter>& filter() const { return filter_; }
  bool cache_blocks() const { return cache_blocks_; }

 private:
  std::string row_;
  ColumnSelection columns_;
  TimeRange time_range_;
  int32_t max_versions_ = 1;
  std::shared_ptr<Filter> filter_;
  bool cache_blocks_ = true;
};

class Scan {
 public:
  Scan() = default;

  // First row, inclusive. Empty = from the first row (the last row when reversed).
  Scan& SetStartRow(std::string row) { start_row_ = std::move(row); return *this; }
  // Row to stop before, exclusive. Empty = to the end.
  Scan& SetStopRow(std::string row) { stop_row_ = std::move(row); return *this; }
  // Only rows starting with "prefix"; clears the start and stop rows (HBase's
  // setRowPrefixFilter). Works in both directions.
  Scan& SetRowPrefix(std::string prefix);
  Scan& AddFamily(std::string family) { columns_.AddFamily(std::move(family)); return *this; }
  Scan& AddColumn(std::string family, std::string qualifier) {
    columns_.AddColumn(std::move(family), std::move(qualifier));
    return *this;
  }
  Scan& SetTimeRange(TimeRange range) { time_range_ = range; return *this; }
  Scan& SetTimestamp(int64_t ts) { time_range_ = TimeRange::At(ts); return *this; }
  // At most this many versions of each column. Default: 1, as in HBase.
  Scan& SetMaxVersions(int32_t n) { max_versions_ = n; return *this; }
  // At most this many rows in all. Default: 0 = no limit.
  Scan& SetLimit(int64_t n) { limit_ = n; return *this; }
  // Rows fetched per round trip; never changes results. Default: 100.
  Scan& SetCaching(int32_t n) { caching_ = n; return *this; }
  // At most this many cells per RowResult; wide rows come back as several partial results.
  // Default: 0 = whole rows.
  Scan& SetBatch(int32_t n) { batch_ = n; return *this; }
  // Rows in descending order; the start row is then the highest. Default: false.
  Scan& SetReversed(bool r) { reversed_ = r; return *this; }
  // Return delete markers and masked cells too. Default: false.
  Scan& SetRaw(bool r) { raw_ = r; return *this; }
  Scan& SetFilter(std::shared_ptr<Filter> f) { filter_ = std::move(f); return *this; }
  Scan& SetCacheBlocks(bool b) { cache_blocks_ = b; return *this; }

  const std::string& start_row() const { return start_row_; }
  const std::string& stop_row() const { return stop_row_; }
  const std::string& row_prefix() const { return row_prefix_; }
  const ColumnSelection& columns() const { return columns_; }
  const TimeRange& time_range() const { return time_range_; }
  int32_t max_versions() const { return max_versions_; }
  int64_t limit() const { return limit_; }
  int32_t caching() const { return caching_; }
  int32_t batch() const { return batch_; }
  bool reversed() const { return reversed_; }
  bool raw() const { return raw_; }
  const std::shared_ptr<Filter>& filter() const { return filter_; }
  bool cache_blocks() const { return cache_blocks_; }

 private:
  std::string start_row_;
  std::string stop_row_;
  std::string row_prefix_;
  ColumnSelection columns_;
  TimeRange time_range_;
  int32_t max_versions_ = 1;
  int64_t limit_ = 0;
  int32_t caching_ = 100;
  int32_t batch_ = 0;
  bool reversed_ = false;
  bool raw_ = false;
  std::shared_ptr<Filter> filter_;
  bool cache_blocks_ = true;
};

// What a read returns for one row (HBase's Result): cells sorted by family, qualifier, then
// newest timestamp first. Empty when the row has no visible cells.
class RowResult {
 public:
  RowResult() = default;
  RowResult(std::string row, std::vector<Cell> cells, bool partial = false)
      : row_(std::move(row)), cells_(std::move(cells)), partial_(partial) {}

  const std::string& row() const { return row_; }
  std::string& mutable_row() { return row_; }
  const std::vector<Cell>& cells() const { return cells_; }
  std::vector<Cell>& mutable_cells() { return cells_; }
  void set_partial(bool partial) { partial_ = partial; }
  bool empty() const { return cells_.empty(); }
  size_t size() const { return cells_.size(); }
  // True for a piece of a row split by Scan::SetBatch.
  bool partial() const { return partial_; }

  // The newest value of family:qualifier, or nullopt.
  std::optional<std::string_view> Value(std::string_view family, std::string_view qualifier) const;
  // The newest cell of family:qualifier, or nullptr.
  const Cell* LatestCell(std::string_view family, std::string_view qualifier) const;

 private:
  std::string row_;
  std::vector<Cell> cells_;
  bool partial_ = false;
};

// What ResultScanner::NextView returns for one row: its cells as CellViews, in RowResult's order
// (family, qualifier, newest first). The views point into memory the scanner owns, or into this
// object for scanners that build owned rows: they are valid until the next call on that scanner
// or its destruction, whichever comes first. ToRowResult copies what must live longer.
// Neither copyable nor movable (the views may point into it). Thread-compatible.
class RowView {
 public:
  RowView() = default;
  RowView(const RowView&) = delete;
  RowView& operator=(const RowView&) = delete;

  // The row key; empty before the first row and after the last.
  std::string_view row() const { return row_; }
  std::span<const CellView> cells() const { return cells_; }
  bool empty() const { return cells_.empty(); }
  size_t size() const { return cells_.size(); }
  // True for a piece of a row split by Scan::SetBatch.
  bool partial() const { return partial_; }
  // An owned copy of the row.
  RowResult ToRowResult() const;

  // For ResultScanner implementations: views "cells" of "row" without copying them; the scanner
  // keeps their bytes valid until its next call.
  void Assign(std::string_view row, std::span<const CellView> cells, bool partial);
  // For ResultScanner implementations that build owned rows: keeps "row" here and views it.
  void Own(RowResult row);

 private:
  std::string_view row_;
  std::span<const CellView> cells_;
  bool partial_ = false;
  // What Own keeps, and the views of it.
  RowResult owned_;
  std::vector<CellView> owned_views_;
};

}  // namespace cellar
