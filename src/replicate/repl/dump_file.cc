#include "replicate/repl/dump_file.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "cellar/schema.h"
#include "util/coding.h"

namespace cellar::repl {
namespace {

constexpr char kMagic[] = "CELLARDUMP";
constexpr size_t kMagicSize = 10;
constexpr uint8_t kVersion = 1;

void PutCell(std::string& out, const Cell& c) {
  PutLengthPrefixed(out, c.qualifier);
  PutFixed64BE(out, static_cast<uint64_t>(c.timestamp));
  out.push_back(static_cast<char>(c.type));
  PutLengthPrefixed(out, c.value);
}

bool ReadCell(ByteReader& r, Cell* c) {
  uint64_t ts;
  uint8_t type;
  if (!r.LengthPrefixed(&c->qualifier) || !r.Fixed64(&ts) || !r.Byte(&type) ||
      !r.LengthPrefixed(&c->value)) {
    return false;
  }
  if (type != 4 && type != 8 && type != 10 && type != 12 && type != 14) return false;
  c->timestamp = static_cast<int64_t>(ts);
  c->type = static_cast<CellType>(type);
  return true;
}

}  // namespace

uint32_t DumpCrc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (size_t done = 0; done < bytes.size();) {  // zlib takes at most a uInt per call
    const size_t n = std::min<size_t>(bytes.size() - done, 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + done), static_cast<uInt>(n));
    done += n;
  }
  return static_cast<uint32_t>(crc);
}

Result<std::unique_ptr<DumpFileWriter>> DumpFileWriter::Create(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return Status::Unavailable("cannot create " + path + ": " + std::strerror(errno));
  }
  std::unique_ptr<DumpFileWriter> w(new DumpFileWriter(path, f));
  std::string header(kMagic, kMagicSize);
  header.push_back(static_cast<char>(kVersion));
  CELLAR_RETURN_IF_ERROR(w->Write(header));
  return w;
}

DumpFileWriter::~DumpFileWriter() {
  if (file_) std::fclose(file_);
}

Status DumpFileWriter::Write(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    return Status::Unavailable("writing " + path_ + ": " + std::strerror(errno));
  }
  bytes_ += bytes.size();
  return Status::Ok();
}

Status DumpFileWriter::Append(std::string_view payload) {
  std::string frame;
  PutVarint(frame, payload.size() + 1);  // 0 is the end marker
  CELLAR_RETURN_IF_ERROR(Write(frame));
  CELLAR_RETURN_IF_ERROR(Write(payload));
  std::string crc;
  PutFixed32BE(crc, DumpCrc32(payload));
  ++records_;
  return Write(crc);
}

Result<uint64_t> DumpFileWriter::Finish() {
  std::string end(1, '\0');
  PutFixed64BE(end, records_);
  CELLAR_RETURN_IF_ERROR(Write(end));
  if (std::fflush(file_) != 0 || fsync(fileno(file_)) != 0 || std::fclose(file_) != 0) {
    file_ = nullptr;
    return Status::Unavailable("closing " + path_ + ": " + std::strerror(errno));
  }
  file_ = nullptr;
  return bytes_;
}

Result<std::unique_ptr<DumpFileReader>> DumpFileReader::Open(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::NotFound("dump file " + path + " is missing");
  std::unique_ptr<DumpFileReader> r(new DumpFileReader(path, f));
  char header[kMagicSize + 1];
  if (std::fread(header, 1, sizeof(header), f) != sizeof(header) ||
      std::memcmp(header, kMagic, kMagicSize) != 0) {
    return r->Corrupt("not a Cellar dump file");
  }
  if (static_cast<uint8_t>(header[kMagicSize]) != kVersion) {
    return r->Corrupt("dump format version " +
                      std::to_string(static_cast<uint8_t>(header[kMagicSize])) +
                      " is not supported (this cellar reads 1)");
  }
  return r;
}

DumpFileReader::~DumpFileReader() { std::fclose(file_); }

Status DumpFileReader::Corrupt(const std::string& what) const {
  return Status::DataLoss(path_ + ", record " + std::to_string(records_ + 1) + ": " + what +
                          "; the dump is damaged: dump again");
}

Result<std::optional<std::string>> DumpFileReader::Next() {
  if (done_) return std::optional<std::string>();
  uint64_t length = 0;
  for (int shift = 0;; shift += 7) {
    int c = std::fgetc(file_);
    if (c == EOF || shift > 63) return Corrupt("the file is truncated (no end marker)");
    length |= uint64_t(c & 0x7f) << shift;
    if ((c & 0x80) == 0) break;
  }
  if (length == 0) {
    char count[8];
    if (std::fread(count, 1, 8, file_) != 8) return Corrupt("the end marker is truncated");
    if (DecodeFixed64BE(count) != records_) return Corrupt("the record count does not match");
    done_ = true;
    return std::optional<std::string>();
  }
  if (length > (uint64_t{1} << 31)) return Corrupt("impossible record length");
  std::string payload(length - 1, '\0');
  char crc[4];
  if (std::fread(payload.data(), 1, payload.size(), file_) != payload.size() ||
      std::fread(crc, 1, 4, file_) != 4) {
    return Corrupt("the file is truncated");
  }
  if (DecodeFixed32BE(crc) != DumpCrc32(payload)) return Corrupt("checksum mismatch");
  ++records_;
  return std::optional<std::string>(std::move(payload));
}

std::string EncodeRowRecord(const std::string& family, const std::string& row,
                            const std::vector<Cell>& cells) {
  std::string out;
  PutLengthPrefixed(out, family);
  PutLengthPrefixed(out, row);
  PutVarint(out, cells.size());
  for (const Cell& c : cells) PutCell(out, c);
  return out;
}

bool DecodeRowRecord(std::string_view payload, std::string* family, std::string* row,
                     std::vector<Cell>* cells) {
  ByteReader r(payload);
  uint64_t n;
  if (!r.LengthPrefixed(family) || !r.LengthPrefixed(row) || !r.Varint(&n) || n > payload.size()) {
    return false;
  }
  cells->assign(n, Cell{});
  for (Cell& c : *cells) {
    if (!ReadCell(r, &c)) return false;
    c.row = *row;
    c.family = *family;
  }
  return r.AtEnd();
}

std::string EncodeEventRecord(const Event& e) {
  std::string out;
  PutFixed64BE(out, e.id);
  PutFixed64BE(out, static_cast<uint64_t>(e.time_ms));
  out.push_back(static_cast<char>(e.type));
  PutLengthPrefixed(out, e.table.ns);
  PutLengthPrefixed(out, e.table.qualifier);
  if (e.type == EventType::kData) {
    PutVarint(out, e.cells.size());
    for (const Cell& c : e.cells) {
      PutLengthPrefixed(out, c.row);
      PutLengthPrefixed(out, c.family);
      PutCell(out, c);
    }
  } else if (e.descriptor) {
    PutLengthPrefixed(out, TableDescriptorToJson(*e.descriptor));
  }
  return out;
}

bool DecodeEventRecord(std::string_view payload, Event* e) {
  ByteReader r(payload);
  uint64_t time;
  uint8_t type;
  if (!r.Fixed64(&e->id) || !r.Fixed64(&time) || !r.Byte(&type) ||
      !r.LengthPrefixed(&e->table.ns) || !r.LengthPrefixed(&e->table.qualifier)) {
    return false;
  }
  e->time_ms = static_cast<int64_t>(time);
  e->type = static_cast<EventType>(type);
  e->cells.clear();
  if (e->type == EventType::kData) {
    uint64_t n;
    if (!r.Varint(&n) || n > payload.size()) return false;
    e->cells.resize(n);
    for (Cell& c : e->cells) {
      if (!r.LengthPrefixed(&c.row) || !r.LengthPrefixed(&c.family) || !ReadCell(r, &c)) {
        return false;
      }
    }
  } else if (e->type == EventType::kCreateTable || e->type == EventType::kAlterTable) {
    std::string json;
    if (!r.LengthPrefixed(&json)) return false;
    auto desc = TableDescriptorFromJson(json, e->table);
    if (!desc.ok()) return false;
    e->descriptor = std::move(desc).value();
  }
  return r.AtEnd();
}

}  // namespace cellar::repl
