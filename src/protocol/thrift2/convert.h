#pragma once

// Conversions between HBase's Thrift v2 structs (hbase.thrift, namespace
// apache::hadoop::hbase::thrift2) and cellar's public types, both ways, as HBase's thrift2
// ThriftUtilities does them. The server (the thrift2 gateway) uses the *FromThrift direction for
// requests and *ToThrift for answers; the remote backend the other way round. Stateless free
// functions; thread-safe. Include as "protocol/thrift2/convert.h"; library cellar_thrift2_convert
// (links cellar_thrift2_gen, cellar_filter, and cellar_store where the value types live).
//
// Fields cellar has no use for are ignored (attributes, authorizations, cellVisibility,
// consistency, targetReplicaId, readType, cell tags, storage tuning such as dataBlockEncoding).
// Fields that would change results and that cellar cannot honour are rejected with
// InvalidArgument naming the field (filterBytes, colFamTimeRangeMap, storeLimit/storeOffset,
// unsupported compression or bloom types), so no client gets silently different answers.
//
// Errors cross the wire as TIOError / TIllegalArgument whose message is Status::ToString(), i.e.
// "<CodeName>: <message>" ("NotFound: table 'x' does not exist"); StatusFromThrift* reads that
// prefix back, so codes survive a round trip through `cellar serve`.

#include <exception>
#include <string>
#include <variant>
#include <vector>

#include "cellar/mutation.h"
#include "cellar/query.h"
#include "cellar/schema.h"
#include "cellar/status.h"
#include "thrift2/hbase_types.h"

namespace cellar::thrift2 {

namespace t2 = ::apache::hadoop::hbase::thrift2;

// ---- Reads ------------------------------------------------------------------------------------

// TGet -> Get. "timestamp" wins over "timeRange"; TColumn timestamps are ignored; a TColumn
// without qualifier selects the whole family; "filterString" goes through the filter parser.
// InvalidArgument for a bad filter string, filterBytes, storeLimit or storeOffset.
Result<Get> GetFromThrift(const t2::TGet& in);
// Get -> TGet; the filter travels as its filter-language string (Filter::ToString).
// InvalidArgument if the filter has no filter-language form.
Result<t2::TGet> GetToThrift(const Get& in);

// TScan -> Scan: start/stop row, columns, caching, maxVersions (default 1), timeRange,
// filterString, batchSize, reversed, limit, cacheBlocks. Non-positive caching, batchSize and
// limit mean "unset". InvalidArgument for a bad filter string, filterBytes or colFamTimeRangeMap.
Result<Scan> ScanFromThrift(const t2::TScan& in);
// Scan -> TScan. A row prefix becomes start/stop rows (forward) or a PrefixFilter ANDed with the
// scan's filter (reversed). InvalidArgument for raw scans (thrift2 cannot ask for them) and
// filters without a filter-language form.
Result<t2::TScan> ScanToThrift(const Scan& in);

// A cell as TColumnValue: family, qualifier, value, timestamp and type (HBase's Cell.Type code).
t2::TColumnValue CellToThrift(const Cell& in);
// TColumnValue -> Cell of "row". An unset timestamp is kLatestTimestamp, an unset or unknown
// type is kPut.
Cell CellFromThrift(const std::string& row, const t2::TColumnValue& in);

// RowResult -> TResult. An empty result has "row" unset and no columnValues, as in HBase;
// "partial" is set for pieces of a batched row.
t2::TResult ResultToThrift(const RowResult& in);
// TResult -> RowResult (empty when "row" is unset).
RowResult ResultFromThrift(const t2::TResult& in);

// ---- Writes -----------------------------------------------------------------------------------

// TPut -> Put: a cell's timestamp, else the TPut's, else "now"; durability. InvalidArgument for
// no columnValues.
Result<Put> PutFromThrift(const t2::TPut& in);
t2::TPut PutToThrift(const Put& in);

// TDelete -> Delete, as ThriftUtilities.deleteFromThrift: without columns the whole row at or
// before "timestamp"; with columns, each per "deleteType" (unset = DELETE_COLUMNS, the IDL
// default): DELETE_COLUMN one version, DELETE_COLUMNS all versions <= ts, DELETE_FAMILY,
// DELETE_FAMILY_VERSION (REQUIRES a timestamp). A TColumn without qualifier deletes its family.
// InvalidArgument for DELETE_FAMILY_VERSION without timestamp or an unknown deleteType.
Result<Delete> DeleteFromThrift(const t2::TDelete& in);
// Delete -> TDeletes. A TDelete has one deleteType for all its columns, so a Delete mixing marker
// kinds becomes one TDelete per run of markers of one kind, in order (send several through
// mutateRow to keep them atomic). Always at least one element.
std::vector<t2::TDelete> DeleteToThrift(const Delete& in);

// TIncrement <-> Increment. "returnResults" is not part of Increment: the caller honours it.
// InvalidArgument for no columns.
Result<Increment> IncrementFromThrift(const t2::TIncrement& in);
t2::TIncrement IncrementToThrift(const Increment& in);

// TAppend <-> Append. InvalidArgument for no columns.
Result<Append> AppendFromThrift(const t2::TAppend& in);
t2::TAppend AppendToThrift(const Append& in);

// TRowMutations <-> RowMutations. InvalidArgument for an empty TMutation union, a mutation whose
// row differs from the TRowMutations' row, or any bad put or delete.
Result<RowMutations> RowMutationsFromThrift(const t2::TRowMutations& in);
t2::TRowMutations RowMutationsToThrift(const RowMutations& in);

t2::TDurability::type DurabilityToThrift(Durability in);
// Unknown values read as kUseDefault.
Durability DurabilityFromThrift(t2::TDurability::type in);

t2::TCompareOperator::type CompareOperatorToThrift(CompareOperator in);
// InvalidArgument for a value outside the enum.
Result<CompareOperator> CompareOperatorFromThrift(t2::TCompareOperator::type in);

// ---- Schema -----------------------------------------------------------------------------------

// TTableName -> TableName; an unset or empty "ns" is "default". InvalidArgument for a bad name.
Result<TableName> TableNameFromThrift(const t2::TTableName& in);
// Always sets "ns", as HBase does.
t2::TTableName TableNameToThrift(const TableName& in);

// TColumnFamilyDescriptor -> ColumnFamilyDescriptor; unset fields keep HBase's defaults.
// Attribute "NEW_VERSION_BEHAVIOR" = "true"/"false" is honoured, other attributes ignored.
// InvalidArgument for compression LZO/GZ/BZIP2, bloom ROWPREFIX_FIXED_LENGTH, keepDeletedCells
// TTL, or a descriptor that fails ColumnFamilyDescriptor::Validate.
Result<ColumnFamilyDescriptor> ColumnFamilyDescriptorFromThrift(
    const t2::TColumnFamilyDescriptor& in);
t2::TColumnFamilyDescriptor ColumnFamilyDescriptorToThrift(const ColumnFamilyDescriptor& in);

// TTableDescriptor <-> TableDescriptor (families sorted by name). "durability" and "attributes"
// of the table are ignored. InvalidArgument for a bad name or family (not for zero families: the
// caller decides, since modifyTable and createTable differ).
Result<TableDescriptor> TableDescriptorFromThrift(const t2::TTableDescriptor& in);
t2::TTableDescriptor TableDescriptorToThrift(const TableDescriptor& in);

// ---- Errors -----------------------------------------------------------------------------------

// The exception a thrift2 method throws for "status" (REQUIRES !status.ok()): TIllegalArgument
// when the method declares it ("illegal_argument_declared": getScannerRows, closeScanner) and the
// code is InvalidArgument; TIOError otherwise (HBase's handler reports every other failure,
// including bad arguments, as TIOError). message = status.ToString(); TIOError.canRetry is true
// only for Unavailable.
using ThriftError = std::variant<t2::TIOError, t2::TIllegalArgument>;
ThriftError StatusToThrift(const Status& status, bool illegal_argument_declared = false);
// Throws StatusToThrift(status, illegal_argument_declared). REQUIRES !status.ok().
[[noreturn]] void ThrowStatus(const Status& status, bool illegal_argument_declared = false);

// Back from the wire. A "<CodeName>: " prefix restores the code (and is stripped); otherwise
// HBase's exception names in the message map (TableNotFoundException, NoSuchColumnFamilyException,
// NamespaceNotFoundException -> NotFound; TableExistsException, NamespaceExistException ->
// AlreadyExists; TableNotEnabledException, TableNotDisabledException -> FailedPrecondition);
// anything else is Unavailable when canRetry is true and Internal otherwise. TIllegalArgument
// without a prefix is InvalidArgument.
Status StatusFromThrift(const t2::TIOError& error);
Status StatusFromThrift(const t2::TIllegalArgument& error);
// Any exception a generated client call can throw: TIOError, TIllegalArgument, transport errors
// (Unavailable), protocol and application errors (Internal), anything else (Internal).
Status StatusFromThriftException(const std::exception& error);

}  // namespace cellar::thrift2
