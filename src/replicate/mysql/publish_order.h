#pragma once

// The order in which `cellar mysql publish` starts the tables of one dump on its threads
// (publisher.h: each thread takes the next table when it is done with one).

#include <cstddef>
#include <vector>

#include "replicate/mysql/staged_dump.h"

namespace cellar::mysql {

// Indices into "tables": the tables without a primary key first, then by rows, the largest first
// (so that the threads finish together); otherwise in the order given. The first publish of a
// table without a primary key reads and sorts all its rows on its one thread (KeySortedRows)
// before its loader gets any: started first, that overlaps the loading of the other tables
// instead of being what is left running at the end, with the other cores idle. A CREATE TABLE
// that does not parse counts as having a key (its publish fails with its own message).
std::vector<size_t> PublishStartOrder(const std::vector<StagedTable*>& tables);

}  // namespace cellar::mysql
