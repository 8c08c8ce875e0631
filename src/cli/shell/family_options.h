#pragma once

// Column family options as `create` and `alter` write them:
//   {NAME => 'cf', VERSIONS => 5, MIN_VERSIONS => 0, TTL => 86400 | 'FOREVER',
//    KEEP_DELETED_CELLS => false, NEW_VERSION_BEHAVIOR => false, COMPRESSION => 'NONE',
//    BLOOMFILTER => 'ROW', BLOCKSIZE => 65536, BLOCKCACHE => true, IN_MEMORY => false,
//    REPLICATION_SCOPE => 0}
// Numbers may also be given as strings ('5') and booleans as 'true'/'false', as HBase accepts.

#include "cellar/schema.h"
#include "cellar/status.h"
#include "cli/shell/args.h"

namespace cellar::shell {

// Applies the family options present in "options" to "family" (options not given keep their
// value) and marks them as known. Does not read NAME. Returns InvalidArgument naming the option
// for a wrong type or value.
Status ApplyFamilyOptions(Options& options, ColumnFamilyDescriptor& family);

}  // namespace cellar::shell
