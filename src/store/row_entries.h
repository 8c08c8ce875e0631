#pragma once

// WalkRowEntries: visits every stored entry of one row of one family, in key order, with the
// VersionResolver's verdict, for the whole-row views that major compaction and snapshots take.
// Stateless; thread-safe as the iterator it is given.

#include <rocksdb/iterator.h>

#include <functional>
#include <string>

#include "cellar/status.h"
#include "store/key_format.h"
#include "store/version_resolver.h"

namespace cellar::store {

// "garbage": a major compaction may drop the entry (a put not retained, or a marker no longer
// needed).
using RowEntryFn =
    std::function<Status(const DecodedKey& key, const DecodedValue& value, bool garbage)>;

// REQUIRES: "it" is at the first entry of the row whose row_key is "row_key". Leaves it after the
// row. DataLoss for an entry that does not follow the key format.
Status WalkRowEntries(rocksdb::Iterator* it, const std::string& row_key, VersionResolver& resolver,
                      const RowEntryFn& fn);

}  // namespace cellar::store
