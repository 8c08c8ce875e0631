#include "cli/shell/family_options.h"

#include <strings.h>

#include <limits>

namespace cellar::shell {

namespace {

Status SetInt32(Options& options, std::string_view key, int32_t& field) {
  CELLAR_ASSIGN_OR_RETURN(std::optional<int64_t> v, options.Integer(key));
  if (!v) return Status::Ok();
  if (*v < std::numeric_limits<int32_t>::min() || *v > std::numeric_limits<int32_t>::max()) {
    return Status::InvalidArgument(std::string(key) + " is out of range: " + std::to_string(*v));
  }
  field = static_cast<int32_t>(*v);
  return Status::Ok();
}

Status SetBool(Options& options, std::string_view key, bool& field) {
  CELLAR_ASSIGN_OR_RETURN(std::optional<bool> v, options.Bool(key));
  if (v) field = *v;
  return Status::Ok();
}

Status SetTtl(Options& options, ColumnFamilyDescriptor& family) {
  const Value* v = options.Find("TTL");
  if (v == nullptr) return Status::Ok();
  if ((v->is_string() || v->is_constant()) && strcasecmp(v->text().c_str(), "FOREVER") == 0) {
    family.ttl_seconds = kForever;
    return Status::Ok();
  }
  Result<int64_t> seconds = ToInteger(*v, "TTL");
  if (!seconds.ok() || *seconds <= 0 || *seconds > kForever) {
    return Status::InvalidArgument("TTL must be a number of seconds (1.." +
                                   std::to_string(kForever) + ") or 'FOREVER', got " +
                                   v->ToString());
  }
  family.ttl_seconds = static_cast<int32_t>(*seconds);
  return Status::Ok();
}

}  // namespace

Status ApplyFamilyOptions(Options& options, ColumnFamilyDescriptor& family) {
  CELLAR_RETURN_IF_ERROR(SetInt32(options, "VERSIONS", family.max_versions));
  CELLAR_RETURN_IF_ERROR(SetInt32(options, "MIN_VERSIONS", family.min_versions));
  CELLAR_RETURN_IF_ERROR(SetTtl(options, family));
  CELLAR_RETURN_IF_ERROR(SetBool(options, "KEEP_DELETED_CELLS", family.keep_deleted_cells));
  CELLAR_RETURN_IF_ERROR(SetBool(options, "NEW_VERSION_BEHAVIOR", family.new_version_behavior));
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> compression, options.Text("COMPRESSION"));
  if (compression) {
    CELLAR_ASSIGN_OR_RETURN(family.compression, ParseCompression(*compression));
  }
  CELLAR_ASSIGN_OR_RETURN(std::optional<std::string> bloom, options.Text("BLOOMFILTER"));
  if (bloom) {
    CELLAR_ASSIGN_OR_RETURN(family.bloom_filter, ParseBloomFilter(*bloom));
  }
  CELLAR_RETURN_IF_ERROR(SetInt32(options, "BLOCKSIZE", family.block_size));
  CELLAR_RETURN_IF_ERROR(SetBool(options, "BLOCKCACHE", family.block_cache));
  CELLAR_RETURN_IF_ERROR(SetBool(options, "IN_MEMORY", family.in_memory));
  CELLAR_RETURN_IF_ERROR(SetInt32(options, "REPLICATION_SCOPE", family.replication_scope));
  return Status::Ok();
}

}  // namespace cellar::shell
