#include "store/event_codec.h"

#include "store/catalog_codec.h"
#include "util/bytes.h"
#include "util/coding.h"

namespace cellar::store {
namespace {

constexpr uint8_t kEventFormatVersion = 1;

bool ReadCell(ByteReader& r, Cell* c) {
  uint64_t ts;
  uint8_t type;
  if (!r.LengthPrefixed(&c->row) || !r.LengthPrefixed(&c->family) || !r.LengthPrefixed(&c->qualifier) || !r.Fixed64(&ts) ||
      !r.Byte(&type) || !r.LengthPrefixed(&c->value)) {
    return false;
  }
  c->timestamp = static_cast<int64_t>(ts);
  c->type = static_cast<CellType>(type);
  return true;
}

bool HasDescriptor(EventType t) {
  return t == EventType::kCreateTable || t == EventType::kAlterTable;
}

}  // namespace

std::string EncodeEventKey(uint64_t id) {
  std::string key;
  PutFixed64BE(key, id);
  return key;
}

uint64_t DecodeEventKey(std::string_view key) { return DecodeFixed64BE(key.data()); }

std::string EncodeEventValue(const Event& e) {
  std::string out;
  out.push_back(static_cast<char>(kEventFormatVersion));
  PutFixed64BE(out, static_cast<uint64_t>(e.time_ms));
  out.push_back(static_cast<char>(e.type));
  PutLengthPrefixed(out, e.table.ns);
  PutLengthPrefixed(out, e.table.qualifier);
  if (e.type == EventType::kData) {
    PutVarint(out, e.cells.size());
    for (const Cell& c : e.cells) {
      PutLengthPrefixed(out, c.row);
      PutLengthPrefixed(out, c.family);
      PutLengthPrefixed(out, c.qualifier);
      PutFixed64BE(out, static_cast<uint64_t>(c.timestamp));
      out.push_back(static_cast<char>(c.type));
      PutLengthPrefixed(out, c.value);
    }
  } else if (HasDescriptor(e.type) && e.descriptor) {
    PutLengthPrefixed(out, EncodeDescriptor(*e.descriptor));
  }
  return out;
}

Result<int64_t> DecodeEventTime(uint64_t id, std::string_view value) {
  if (value.size() < 9 || static_cast<uint8_t>(value[0]) != kEventFormatVersion) {
    return Status::DataLoss("event " + std::to_string(id) + " in the event log is corrupt");
  }
  return static_cast<int64_t>(DecodeFixed64BE(value.data() + 1));
}

Result<Event> DecodeEvent(uint64_t id, std::string_view value) {
  auto corrupt = [id](const char* what) {
    return Status::DataLoss("event " + std::to_string(id) + " in the event log is corrupt (" +
                            what + ")");
  };
  ByteReader r(value);
  Event e;
  e.id = id;
  uint8_t version, type;
  uint64_t time;
  if (!r.Byte(&version) || version != kEventFormatVersion) return corrupt("unknown version");
  if (!r.Fixed64(&time) || !r.Byte(&type)) return corrupt("truncated header");
  e.time_ms = static_cast<int64_t>(time);
  e.type = static_cast<EventType>(type);
  if (!r.LengthPrefixed(&e.table.ns) || !r.LengthPrefixed(&e.table.qualifier)) return corrupt("truncated name");
  if (e.type == EventType::kData) {
    uint64_t n;
    if (!r.Varint(&n) || n > value.size()) return corrupt("bad cell count");
    e.cells.resize(n);
    for (Cell& c : e.cells) {
      if (!ReadCell(r, &c)) return corrupt("truncated cell");
    }
  } else if (HasDescriptor(e.type)) {
    std::string json;
    if (!r.LengthPrefixed(&json)) return corrupt("truncated descriptor");
    CELLAR_ASSIGN_OR_RETURN(auto desc, DecodeDescriptor(json, e.table));
    e.descriptor = std::move(desc);
  }
  if (!r.AtEnd()) return corrupt("trailing bytes");
  return e;
}

}  // namespace cellar::store
