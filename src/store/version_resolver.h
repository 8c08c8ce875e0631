#pragma once

// VersionResolver: decides, for the entries of one row of one family read in key order (family
// markers, then per column its markers and puts, newest first), which puts are retained (would
// survive a major compaction) and which of those a read sees. Reads and major compaction share it,
// so what a read returns never changes when the store compacts ("behave as if compacted").
//
// The model (README "Versions, deletes and TTL"):
//  - a put is masked by DeleteFamily/DeleteColumn markers with ts >= its ts, and by Delete /
//    DeleteFamilyVersion markers with exactly its ts; with NEW_VERSION_BEHAVIOR only by markers
//    written after it (higher sequence);
//  - retained = the newest max_versions unmasked puts (with KEEP_DELETED_CELLS masked puts are
//    retained and count as versions), minus those past the TTL beyond the newest min_versions;
//  - visible to a read = retained and not masked; with KEEP_DELETED_CELLS a marker masks only
//    reads whose time range ends after the marker (marker ts < range max), so a read as of a
//    past time sees the cells deleted later.
// Not thread-safe; one instance per row being read.

#include <cstdint>
#include <limits>
#include <vector>

#include "cellar/cell.h"
#include "cellar/schema.h"

namespace cellar::store {

class VersionResolver {
 public:
  enum class Verdict {
    kGarbage,  // not retained: a major compaction drops it; never visible
    kHidden,   // retained (KEEP_DELETED_CELLS) but masked for this read
    kVisible,  // retained and visible to this read
  };

  // "family" is borrowed and must outlive this object. "now_ms" is the read's clock;
  // "read_max_ts" the exclusive end of the read's time range (kLatestTimestamp for compaction).
  VersionResolver(const ColumnFamilyDescriptor& family, int64_t now_ms, int64_t read_max_ts);

  void StartRow() {
    family_markers_.clear();
    StartColumn();
  }
  void AddFamilyMarker(int64_t ts, CellType type, uint64_t sequence);
  void StartColumn() {
    column_markers_.clear();
    retained_in_column_ = 0;
  }
  void AddColumnMarker(int64_t ts, CellType type, uint64_t sequence);
  // Classifies the next put of the current column (calls come newest first). Inline for the
  // common case of a column without delete markers: every put of a read goes through here.
  Verdict ClassifyPut(int64_t ts, uint64_t sequence) {
    if (!family_markers_.empty() || !column_markers_.empty()) [[unlikely]] {
      return ClassifyMaskablePut(ts, sequence);
    }
    ++retained_in_column_;
    if (retained_in_column_ > max_versions_) return Verdict::kGarbage;
    if (IsExpired(ts) && retained_in_column_ > min_versions_) return Verdict::kGarbage;
    return Verdict::kVisible;
  }
  // The oldest timestamp at which the newest put of a column is visible when no delete marker
  // masks it: the TTL's bound, or INT64_MIN when the family has no TTL or keeps MIN_VERSIONS past
  // it. ClassifyPut decides that put the same way. REQUIRES: family.max_versions >= 1.
  static int64_t OldestVisibleNewest(const ColumnFamilyDescriptor& family, int64_t now_ms) {
    return family.min_versions >= 1 ? std::numeric_limits<int64_t>::min()
                                    : ExpiryTimestamp(family, now_ms);
  }
  // Whether a major compaction may drop a marker with this timestamp.
  bool IsMarkerGarbage(int64_t ts) const;

 private:
  struct Marker {
    int64_t ts;
    CellType type;
    uint64_t sequence;
  };
  bool Masks(const Marker& m, int64_t ts, uint64_t sequence, bool for_read) const;
  bool IsMasked(int64_t ts, uint64_t sequence, bool for_read) const;
  // Cells with timestamps below this are past the family's TTL (INT64_MIN when it has none).
  static int64_t ExpiryTimestamp(const ColumnFamilyDescriptor& family, int64_t now_ms) {
    if (family.ttl_seconds == kForever || family.ttl_seconds <= 0) {
      return std::numeric_limits<int64_t>::min();
    }
    return now_ms - int64_t{family.ttl_seconds} * 1000;
  }
  bool IsExpired(int64_t ts) const { return ts < expiry_ts_; }
  // ClassifyPut when delete markers may mask the put.
  Verdict ClassifyMaskablePut(int64_t ts, uint64_t sequence);

  const ColumnFamilyDescriptor& family_;
  const int64_t read_max_ts_;
  // Cells with ts below this are past the TTL (INT64_MIN when the TTL is FOREVER).
  const int64_t expiry_ts_;
  // The family's MAX_VERSIONS and MIN_VERSIONS, copied for the inline path.
  const int32_t max_versions_;
  const int32_t min_versions_;
  std::vector<Marker> family_markers_;
  std::vector<Marker> column_markers_;
  int32_t retained_in_column_ = 0;
};

}  // namespace cellar::store
