#pragma once

// The tables `cellar mysql publish` writes to, created before its jobs start: all of a
// publish's missing tables in one Admin::CreateTables, one DDL (in the embedded store one
// CreateColumnFamilies, so one rewrite of RocksDB's OPTIONS file, 22 M instructions each with
// the bench's families) instead of one per table on the publish threads. Thread-compatible.

#include <string>
#include <vector>

#include "cellar/connection.h"
#include "cellar/status.h"
#include "replicate/mysql/publisher.h"

namespace cellar::mysql {

// The published table "name": one family kPublishedFamily of "options".max_versions versions,
// KEEP_DELETED_CELLS (a dump's deletes stay readable as of earlier dumps), LZ4.
TableDescriptor PublishedTableDescriptor(const TableName& name, const PublishOptions& options);

// Creates the tables "options".ns:<name> for the MySQL tables "tables" that do not exist in
// "target" yet (a name may come more than once). A name that is not a valid table name is
// skipped: its publish reports it. Returns the error of the DDL.
Status CreatePublishedTables(Connection& target, const std::vector<std::string>& tables,
                             const PublishOptions& options);

}  // namespace cellar::mysql
