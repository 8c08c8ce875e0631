#pragma once

// The record files of a REPL dump (docs/repl-dump-format.md): DumpFileWriter appends
// checksummed records, DumpFileReader reads them back and detects truncation and corruption.
// The cell and event payload encodings live here too. Not thread-safe.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellar/cell.h"
#include "cellar/event_log.h"
#include "cellar/status.h"

namespace cellar::repl {

// zlib's CRC-32 of "bytes": the checksum of every record, and of _metadata and schema.json.
uint32_t DumpCrc32(std::string_view bytes);

class DumpFileWriter {
 public:
  // Unavailable naming "path" when it cannot be created.
  static Result<std::unique_ptr<DumpFileWriter>> Create(const std::string& path);
  ~DumpFileWriter();
  Status Append(std::string_view payload);
  // Writes the end marker, syncs and closes. Returns the file's size.
  Result<uint64_t> Finish();
  uint64_t records() const { return records_; }

 private:
  DumpFileWriter(std::string path, FILE* f) : path_(std::move(path)), file_(f) {}
  Status Write(std::string_view bytes);
  std::string path_;
  FILE* file_;
  uint64_t records_ = 0;
  uint64_t bytes_ = 0;
};

class DumpFileReader {
 public:
  // NotFound when missing; DataLoss for a wrong magic or version.
  static Result<std::unique_ptr<DumpFileReader>> Open(const std::string& path);
  ~DumpFileReader();
  // The next record's payload, or nullopt after the end marker. DataLoss (naming the file and
  // record number) for a bad checksum, a truncated file or a wrong record count.
  Result<std::optional<std::string>> Next();

 private:
  DumpFileReader(std::string path, FILE* f) : path_(std::move(path)), file_(f) {}
  Status Corrupt(const std::string& what) const;
  std::string path_;
  FILE* file_;
  uint64_t records_ = 0;
  bool done_ = false;
};

// One row of one family, as a cells-file record.
std::string EncodeRowRecord(const std::string& family, const std::string& row,
                            const std::vector<Cell>& cells);
// Fills "family", "row" and "cells" (their row and family set). False if malformed.
bool DecodeRowRecord(std::string_view payload, std::string* family, std::string* row,
                     std::vector<Cell>* cells);

std::string EncodeEventRecord(const Event& event);
bool DecodeEventRecord(std::string_view payload, Event* event);

}  // namespace cellar::repl
