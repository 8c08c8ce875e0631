#pragma once

// Between HBase's REST TableSchema model and Cellar's TableDescriptor. Family attributes use
// HBase's names (VERSIONS, MIN_VERSIONS, TTL, COMPRESSION, BLOOMFILTER, BLOCKSIZE, BLOCKCACHE,
// IN_MEMORY, KEEP_DELETED_CELLS, NEW_VERSION_BEHAVIOR, REPLICATION_SCOPE); attributes Cellar
// does not keep (e.g. DATA_BLOCK_ENCODING) are accepted and ignored, as HBase keeps unknown
// ones as configuration. Pure functions; thread-safe.

#include "cellar/schema.h"
#include "server/rest/models.h"

namespace cellar::server::rest {

TableSchemaModel ToSchemaModel(const TableDescriptor& desc);

// The descriptor "model" describes for table "name" (the URL's name wins over model.name).
// A family written "cf:" (old clients) means "cf". InvalidArgument naming the family and the
// attribute for a bad value.
Result<TableDescriptor> FromSchemaModel(const TableSchemaModel& model, const TableName& name);

}  // namespace cellar::server::rest
