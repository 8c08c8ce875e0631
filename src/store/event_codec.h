#pragma once

// The event log's byte format (docs/key-format.md, "Event log"). Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "cellar/event_log.h"
#include "cellar/status.h"

namespace cellar::store {

// event_key: the id as 8 big-endian bytes, so the log sorts by id.
std::string EncodeEventKey(uint64_t id);
// REQUIRES: key.size() == 8.
uint64_t DecodeEventKey(std::string_view key);

// event_value (the id is in the key, not the value).
std::string EncodeEventValue(const Event& event);
// DataLoss naming the event id when "value" is truncated or malformed.
Result<Event> DecodeEvent(uint64_t id, std::string_view value);
// Only the event's commit time, without decoding its body.
Result<int64_t> DecodeEventTime(uint64_t id, std::string_view value);

}  // namespace cellar::store
