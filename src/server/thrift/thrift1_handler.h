#pragma once

// Thrift1Handler: one connection's implementation of HBase's `service Hbase` (Hbase.thrift)
// over the public API, with the semantics of HBase's ThriftHBaseServiceHandler (the "...Ts" reads
// cover [0, ts), deletes cover versions <= ts, "cf" is a family and "cf:" the empty qualifier).
// Each method is a thin shell: it converts the Thrift
// arguments, calls the store, and turns a non-OK Status into the method's declared exception
// through ThrowThrift1Error (thrift1_errors.h) - the only place errors are mapped.
//
// The definitions are split by concern: thrift1_handler_admin.cc (tables, regions, server),
// thrift1_handler_reads.cc, thrift1_handler_mutations.cc, thrift1_handler_scanners.cc.
//
// Not thread-safe: Thrift makes one handler per connection and calls it from that connection's
// worker only. The handler owns the connection's open scanners.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server/thrift/thrift_context.h"
#include "server/thrift/thrift1_scanner_registry.h"
#include "thrift1/Hbase.h"

namespace cellar::server {

class Thrift1Handler final : public ::apache::hadoop::hbase::thrift::HbaseIf {
 public:
  using Text = ::apache::hadoop::hbase::thrift::Text;
  using Bytes = ::apache::hadoop::hbase::thrift::Bytes;
  using ScannerID = ::apache::hadoop::hbase::thrift::ScannerID;
  using Attributes = std::map<Text, Text>;
  using TCell = ::apache::hadoop::hbase::thrift::TCell;
  using TRowResult = ::apache::hadoop::hbase::thrift::TRowResult;
  using ColumnDescriptor = ::apache::hadoop::hbase::thrift::ColumnDescriptor;
  using TRegionInfo = ::apache::hadoop::hbase::thrift::TRegionInfo;
  using Mutation = ::apache::hadoop::hbase::thrift::Mutation;
  using BatchMutation = ::apache::hadoop::hbase::thrift::BatchMutation;
  using TIncrement = ::apache::hadoop::hbase::thrift::TIncrement;
  using TAppend = ::apache::hadoop::hbase::thrift::TAppend;
  using TScan = ::apache::hadoop::hbase::thrift::TScan;
  using TAccessControlEntity = ::apache::hadoop::hbase::thrift::TAccessControlEntity;
  using TThriftServerType = ::apache::hadoop::hbase::thrift::TThriftServerType;

  // "context" is shared by every connection of the gateway and must outlive the handler.
  explicit Thrift1Handler(std::shared_ptr<const ThriftContext> context)
      : context_(std::move(context)) {}

  // Tables, regions and the server (thrift1_handler_admin.cc).
  void enableTable(const Bytes& tableName) override;
  void disableTable(const Bytes& tableName) override;
  bool isTableEnabled(const Bytes& tableName) override;
  void compact(const Bytes& tableNameOrRegionName) override;
  void majorCompact(const Bytes& tableNameOrRegionName) override;
  void getTableNames(std::vector<Text>& _return) override;
  void getTableNamesWithIsTableEnabled(std::map<Text, bool>& _return) override;
  void getColumnDescriptors(std::map<Text, ColumnDescriptor>& _return,
                            const Text& tableName) override;
  void getTableRegions(std::vector<TRegionInfo>& _return, const Text& tableName) override;
  void createTable(const Text& tableName,
                   const std::vector<ColumnDescriptor>& columnFamilies) override;
  void deleteTable(const Text& tableName) override;
  void getRegionInfo(TRegionInfo& _return, const Text& row) override;
  TThriftServerType::type getThriftServerType() override;
  void getClusterId(std::string& _return) override;
  bool grant(const TAccessControlEntity& info) override;
  bool revoke(const TAccessControlEntity& info) override;

  // Reads (thrift1_handler_reads.cc).
  void get(std::vector<TCell>& _return, const Text& tableName, const Text& row,
           const Text& column, const Attributes& attributes) override;
  void getVer(std::vector<TCell>& _return, const Text& tableName, const Text& row,
              const Text& column, int32_t numVersions, const Attributes& attributes) override;
  void getVerTs(std::vector<TCell>& _return, const Text& tableName, const Text& row,
                const Text& column, int64_t timestamp, int32_t numVersions,
                const Attributes& attributes) override;
  void getRow(std::vector<TRowResult>& _return, const Text& tableName, const Text& row,
              const Attributes& attributes) override;
  void getRowWithColumns(std::vector<TRowResult>& _return, const Text& tableName,
                         const Text& row, const std::vector<Text>& columns,
                         const Attributes& attributes) override;
  void getRowTs(std::vector<TRowResult>& _return, const Text& tableName, const Text& row,
                int64_t timestamp, const Attributes& attributes) override;
  void getRowWithColumnsTs(std::vector<TRowResult>& _return, const Text& tableName,
                           const Text& row, const std::vector<Text>& columns, int64_t timestamp,
                           const Attributes& attributes) override;
  void getRows(std::vector<TRowResult>& _return, const Text& tableName,
               const std::vector<Text>& rows, const Attributes& attributes) override;
  void getRowsWithColumns(std::vector<TRowResult>& _return, const Text& tableName,
                          const std::vector<Text>& rows, const std::vector<Text>& columns,
                          const Attributes& attributes) override;
  void getRowsTs(std::vector<TRowResult>& _return, const Text& tableName,
                 const std::vector<Text>& rows, int64_t timestamp,
                 const Attributes& attributes) override;
  void getRowsWithColumnsTs(std::vector<TRowResult>& _return, const Text& tableName,
                            const std::vector<Text>& rows, const std::vector<Text>& columns,
                            int64_t timestamp, const Attributes& attributes) override;
  void getRowOrBefore(std::vector<TCell>& _return, const Text& tableName, const Text& row,
                      const Text& family) override;

  // Writes (thrift1_handler_mutations.cc).
  void mutateRow(const Text& tableName, const Text& row, const std::vector<Mutation>& mutations,
                 const Attributes& attributes) override;
  void mutateRowTs(const Text& tableName, const Text& row,
                   const std::vector<Mutation>& mutations, int64_t timestamp,
                   const Attributes& attributes) override;
  void mutateRows(const Text& tableName, const std::vector<BatchMutation>& rowBatches,
                  const Attributes& attributes) override;
  void mutateRowsTs(const Text& tableName, const std::vector<BatchMutation>& rowBatches,
                    int64_t timestamp, const Attributes& attributes) override;
  int64_t atomicIncrement(const Text& tableName, const Text& row, const Text& column,
                          int64_t value) override;
  void deleteAll(const Text& tableName, const Text& row, const Text& column,
                 const Attributes& attributes) override;
  void deleteAllTs(const Text& tableName, const Text& row, const Text& column,
                   int64_t timestamp, const Attributes& attributes) override;
  void deleteAllRow(const Text& tableName, const Text& row, const Attributes& attributes) override;
  void deleteAllRowTs(const Text& tableName, const Text& row, int64_t timestamp,
                      const Attributes& attributes) override;
  void increment(const TIncrement& increment) override;
  void incrementRows(const std::vector<TIncrement>& increments) override;
  void append(std::vector<TCell>& _return, const TAppend& append) override;
  bool checkAndPut(const Text& tableName, const Text& row, const Text& column, const Text& value,
                   const Mutation& mput, const Attributes& attributes) override;

  // Scanners (thrift1_handler_scanners.cc).
  ScannerID scannerOpenWithScan(const Text& tableName, const TScan& scan,
                                const Attributes& attributes) override;
  ScannerID scannerOpen(const Text& tableName, const Text& startRow,
                        const std::vector<Text>& columns, const Attributes& attributes) override;
  ScannerID scannerOpenWithStop(const Text& tableName, const Text& startRow, const Text& stopRow,
                                const std::vector<Text>& columns,
                                const Attributes& attributes) override;
  ScannerID scannerOpenWithPrefix(const Text& tableName, const Text& startAndPrefix,
                                  const std::vector<Text>& columns,
                                  const Attributes& attributes) override;
  ScannerID scannerOpenTs(const Text& tableName, const Text& startRow,
                          const std::vector<Text>& columns, int64_t timestamp,
                          const Attributes& attributes) override;
  ScannerID scannerOpenWithStopTs(const Text& tableName, const Text& startRow,
                                  const Text& stopRow, const std::vector<Text>& columns,
                                  int64_t timestamp, const Attributes& attributes) override;
  void scannerGet(std::vector<TRowResult>& _return, ScannerID id) override;
  void scannerGetList(std::vector<TRowResult>& _return, ScannerID id, int32_t nbRows) override;
  void scannerClose(ScannerID id) override;

 private:
  // Shared by the get* and getRow* methods.
  void GetCells(const char* method, std::vector<TCell>& out, const Text& table, const Text& row,
                const Text& column, int64_t before, int32_t versions);
  void GetRows(const char* method, std::vector<TRowResult>& out, const Text& table,
               const std::vector<Text>& rows, const std::vector<Text>& columns, int64_t before);
  // Shared by the mutate* and deleteAll* methods.
  void MutateRow(const char* method, const Text& table, const Text& row,
                 const std::vector<Mutation>& mutations, int64_t timestamp);
  void MutateRows(const char* method, const Text& table, const std::vector<BatchMutation>& rows,
                  int64_t timestamp);
  void DeleteColumn(const char* method, const Text& table, const Text& row, const Text& column,
                    int64_t timestamp);
  void DeleteRow(const char* method, const Text& table, const Text& row, int64_t timestamp);
  // Opens a scanner on "table" and registers it; shared by the scannerOpen* methods.
  ScannerID OpenScanner(const char* method, const Text& table, cellar::Scan scan,
                        bool sort_columns);
  // Throws IOError naming "method" when the gateway is read-only.
  void RequireWritable(const char* method) const;
  // Opens "table" or throws the method's IOError.
  std::unique_ptr<Table> OpenTableOrThrow(const char* method, const Text& table) const;

  std::shared_ptr<const ThriftContext> context_;
  Thrift1ScannerRegistry scanners_;
};

}  // namespace cellar::server
