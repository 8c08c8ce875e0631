#pragma once

// ByteSource: where a dump's bytes come from. A plain file, a gzip file (zlib; recognised by its
// magic bytes, whatever the name) or standard input ("-", also plain or gzip). Reads in blocks;
// never holds the whole file. Not thread-safe.

#include <cstddef>
#include <memory>
#include <string>

#include "cellar/status.h"

namespace cellar::mysql {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to "n" bytes into "buf". Returns 0 at the end of the input; DataLoss for a corrupt
  // or truncated gzip stream; Unavailable for a read error.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // The name used in messages: the path, or "<stdin>".
  virtual const std::string& name() const = 0;
};

// Opens "path" ("-" = standard input). NotFound when the file does not exist; Unavailable when
// it cannot be opened.
Result<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path);

// A source over bytes in memory (tests, benchmarks). Borrows nothing: the bytes are copied.
std::unique_ptr<ByteSource> MemoryByteSource(std::string bytes, std::string name = "<memory>");

}  // namespace cellar::mysql
