#pragma once

// The event log: every committed write batch that touches a family with REPLICATION_SCOPE 1, and
// every DDL, gets a monotonically increasing event id, stored in the same atomic write as the data.
// REPL DUMP reads it. Event ids have gaps (ids are shared with writes that are not logged) but
// never go backwards, also across restarts.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cellar/cell.h"
#include "cellar/schema.h"

namespace cellar {

enum class EventType : uint8_t {
  kData = 1,             // cells (puts and delete markers) written to scope-1 families
  kCreateTable = 2,      // descriptor = the new table
  kAlterTable = 3,       // descriptor = the table after the change
  kTruncateTable = 4,
  kDropTable = 5,
  kCreateNamespace = 6,
  kDropNamespace = 7,
  kEnableTable = 8,
  kDisableTable = 9,
};

std::string_view EventTypeName(EventType type);

struct Event {
  uint64_t id = 0;
  // The store's clock when the event was committed.
  int64_t time_ms = 0;
  EventType type = EventType::kData;
  // For table events; for namespace events only ns is set.
  TableName table;
  // kData: the cells as applied, timestamps resolved, markers with their types.
  std::vector<Cell> cells;
  // kCreateTable and kAlterTable.
  std::optional<TableDescriptor> descriptor;

  friend bool operator==(const Event&, const Event&) = default;
};

// Which events to read.
struct EventQuery {
  // Events with id > after_id.
  uint64_t after_id = 0;
  // Only events with id <= up_to_id. Default: no bound.
  uint64_t up_to_id = UINT64_MAX;
  // Only events of this namespace (all if empty).
  std::string ns{};
  // Only events of this table, within ns (all if empty).
  std::string table{};
  // At most this many matching events. Default: 0 = no bound.
  size_t max_events = 0;
};

}  // namespace cellar
