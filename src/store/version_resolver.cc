#include "store/version_resolver.h"

#include <limits>

namespace cellar::store {

VersionResolver::VersionResolver(const ColumnFamilyDescriptor& family, int64_t now_ms,
                                 int64_t read_max_ts)
    : family_(family),
      read_max_ts_(read_max_ts),
      expiry_ts_(ExpiryTimestamp(family, now_ms)),
      max_versions_(family.max_versions),
      min_versions_(family.min_versions) {}

void VersionResolver::AddFamilyMarker(int64_t ts, CellType type, uint64_t sequence) {
  family_markers_.push_back({ts, type, sequence});
}

void VersionResolver::AddColumnMarker(int64_t ts, CellType type, uint64_t sequence) {
  column_markers_.push_back({ts, type, sequence});
}

bool VersionResolver::Masks(const Marker& m, int64_t ts, uint64_t sequence, bool for_read) const {
  // KEEP_DELETED_CELLS: a read whose range ends at or before the marker does not see the delete.
  if (for_read && family_.keep_deleted_cells && m.ts >= read_max_ts_) return false;
  // NEW_VERSION_BEHAVIOR: a marker masks only what was written before it.
  if (family_.new_version_behavior && sequence > m.sequence) return false;
  switch (m.type) {
    case CellType::kDeleteFamily:
    case CellType::kDeleteColumn:
      return ts <= m.ts;
    case CellType::kDelete:
    case CellType::kDeleteFamilyVersion:
      return ts == m.ts;
    case CellType::kPut:
      return false;
  }
  return false;
}

bool VersionResolver::IsMasked(int64_t ts, uint64_t sequence, bool for_read) const {
  for (const Marker& m : family_markers_) {
    if (Masks(m, ts, sequence, for_read)) return true;
  }
  for (const Marker& m : column_markers_) {
    if (Masks(m, ts, sequence, for_read)) return true;
  }
  return false;
}

VersionResolver::Verdict VersionResolver::ClassifyMaskablePut(int64_t ts, uint64_t sequence) {
  const bool masked = IsMasked(ts, sequence, /*for_read=*/false);
  if (masked && !family_.keep_deleted_cells) return Verdict::kGarbage;
  ++retained_in_column_;
  if (retained_in_column_ > max_versions_) return Verdict::kGarbage;
  if (IsExpired(ts) && retained_in_column_ > min_versions_) return Verdict::kGarbage;
  if (masked && IsMasked(ts, sequence, /*for_read=*/true)) return Verdict::kHidden;
  return Verdict::kVisible;
}

bool VersionResolver::IsMarkerGarbage(int64_t ts) const {
  // Without KEEP_DELETED_CELLS a major compaction removes markers with the cells they mask (as
  // HBase does); with it they stay until they pass the TTL.
  return !family_.keep_deleted_cells || IsExpired(ts);
}

}  // namespace cellar::store
