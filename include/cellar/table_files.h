#pragma once

// The immutable table files of a table, handed over from one embedded store to another without
// re-encoding a cell (REPL DUMP --files, the Hive design's "lazy _files"): Store::ExportTableFiles
// writes them, Store::StageTableFiles checks them into the importing store and
// Store::ImportTableFiles makes them a new table. Plain data; no thread-safety of its own.

#include <cstdint>
#include <string>
#include <vector>

#include "cellar/schema.h"

namespace cellar {

// One table file of one family. Its keys and values are in the store's on-disk format
// (docs/key-format.md): no table id or name inside, so a table can be imported under another name.
struct TableFile {
  // Export: where it was written. Import: where to read it.
  std::string path;
  uint64_t bytes = 0;
  // CRC-32C of the whole file, as 8 lowercase hex digits; import checks it before using the file.
  std::string crc32c;
  // Where the file sits in the family's storage (its LSM level and the range of the storage
  // engine's own sequence numbers in it); import puts it back in the same place.
  int level = 0;
  uint64_t smallest_seqno = 0;
  uint64_t largest_seqno = 0;
};

struct FamilyFiles {
  std::string family;
  std::vector<TableFile> files;  // empty for a family without data
};

struct TableFiles {
  TableDescriptor descriptor;         // import: the table to create (its name may differ)
  std::vector<FamilyFiles> families;  // one per family of "descriptor"
};

struct TableFilesExport {
  // The files hold exactly the writes committed up to this event id, none after.
  uint64_t event_id = 0;
  // Every cell in the files has a write sequence (docs/key-format.md) below this; an import
  // moves the importing store's sequences past it, so later writes order after the imported ones.
  uint64_t sequence_ceiling = 0;
  // The on-disk format version of the exporting store; only a store of the same version imports.
  std::string store_format;
  std::vector<TableFiles> tables;
};

// Table files checked and linked (or copied) into a store, not yet part of any table
// (Store::StageTableFiles). Destroying it removes whatever no import took. Not thread-safe.
class StagedTableFiles {
 public:
  virtual ~StagedTableFiles() = default;
};

}  // namespace cellar
