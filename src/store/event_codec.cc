#include "store/event_codec.h"

#include "store/catalog_codec.h"
#include "util/bytes.h"

namespace cellar::store {
namespace {

constexpr uint8_t kEventFormatVersion = 1;

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void PutString(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

// Reads the event_value grammar; every Read* returns false on truncation.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64 && pos_ < in_.size(); shift += 7) {
      uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      *v |= uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool String(std::string* s) {
    uint64_t n;
    if (!Varint(&n) || n > in_.size() - pos_) return false;
    s->assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool Fixed64(uint64_t* v) {
    if (in_.size() - pos_ < 8) return false;
    *v = DecodeFixed64BE(in_.data() + pos_);
    pos_ += 8;
    return true;
  }
  bool Byte(uint8_t* b) {
    if (pos_ >= in_.size()) return false;
    *b = static_cast<uint8_t>(in_[pos_++]);
    return true;
  }
  bool AtEnd() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

bool ReadCell(Reader& r, Cell* c) {
  uint64_t ts;
  uint8_t type;
  if (!r.String(&c->row) || !r.String(&c->family) || !r.String(&c->qualifier) || !r.Fixed64(&ts) ||
      !r.Byte(&type) || !r.String(&c->value)) {
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
  PutString(out, e.table.ns);
  PutString(out, e.table.qualifier);
  if (e.type == EventType::kData) {
    PutVarint(out, e.cells.size());
    for (const Cell& c : e.cells) {
      PutString(out, c.row);
      PutString(out, c.family);
      PutString(out, c.qualifier);
      PutFixed64BE(out, static_cast<uint64_t>(c.timestamp));
      out.push_back(static_cast<char>(c.type));
      PutString(out, c.value);
    }
  } else if (HasDescriptor(e.type) && e.descriptor) {
    PutString(out, EncodeDescriptor(*e.descriptor));
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
  Reader r(value);
  Event e;
  e.id = id;
  uint8_t version, type;
  uint64_t time;
  if (!r.Byte(&version) || version != kEventFormatVersion) return corrupt("unknown version");
  if (!r.Fixed64(&time) || !r.Byte(&type)) return corrupt("truncated header");
  e.time_ms = static_cast<int64_t>(time);
  e.type = static_cast<EventType>(type);
  if (!r.String(&e.table.ns) || !r.String(&e.table.qualifier)) return corrupt("truncated name");
  if (e.type == EventType::kData) {
    uint64_t n;
    if (!r.Varint(&n) || n > value.size()) return corrupt("bad cell count");
    e.cells.resize(n);
    for (Cell& c : e.cells) {
      if (!ReadCell(r, &c)) return corrupt("truncated cell");
    }
  } else if (HasDescriptor(e.type)) {
    std::string json;
    if (!r.String(&json)) return corrupt("truncated descriptor");
    CELLAR_ASSIGN_OR_RETURN(auto desc, DecodeDescriptor(json, e.table));
    e.descriptor = std::move(desc);
  }
  if (!r.AtEnd()) return corrupt("trailing bytes");
  return e;
}

}  // namespace cellar::store
