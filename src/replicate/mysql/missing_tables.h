#pragma once

// Creating the tables a stage or a publish needs, whichever of them are missing, as one DDL.

#include <vector>

#include "cellar/admin.h"
#include "cellar/schema.h"
#include "cellar/status.h"

namespace cellar::mysql {

// Creates the tables of "tables" that "admin" does not have yet in one Admin::CreateTables (in
// the embedded store one rewrite of RocksDB's OPTIONS file for all of them); a name given twice
// counts once. When another process creates one of them meanwhile (AlreadyExists, so none was
// created), the others are created one by one and the one it made is kept as it made it.
// Returns the first other error of the DDL.
Status CreateMissingTables(Admin& admin, const std::vector<TableDescriptor>& tables);

}  // namespace cellar::mysql
