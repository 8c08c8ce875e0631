#pragma once

// Thrift2Handler: HBase's THBaseService over cellar's public API, method by method as HBase's
// thrift2 ThriftHBaseServiceHandler serves it (see hbase-compat.md section 1.3). One handler
// serves every connection: scanners are server-wide, as in HBase. Thread-safe.
//
// Errors: every failure is the Status of the call underneath, thrown through
// thrift2::ThrowStatus (TIOError "<Code>: <message>"; TIllegalArgument for a bad scanner id in
// getScannerRows and closeScanner, as HBase). A read-only gateway refuses writes and DDL with
// TIOError "FailedPrecondition: the server is read-only ...". The methods are split over
// thrift2_handler_{data,scan,admin}.cc.

#include <memory>
#include <string>
#include <vector>

#include "server/thrift/thrift_context.h"
#include "server/thrift/thrift2_scanner_registry.h"
#include "thrift2/THBaseService.h"

namespace cellar::server {

class Thrift2Handler final : public ::apache::hadoop::hbase::thrift2::THBaseServiceIf {
 public:
  explicit Thrift2Handler(std::shared_ptr<const ThriftContext> context)
      : context_(std::move(context)) {}

  // The generated types, unqualified in the declarations below.
  using TGet = ::apache::hadoop::hbase::thrift2::TGet;
  using TPut = ::apache::hadoop::hbase::thrift2::TPut;
  using TDelete = ::apache::hadoop::hbase::thrift2::TDelete;
  using TResult = ::apache::hadoop::hbase::thrift2::TResult;
  using TScan = ::apache::hadoop::hbase::thrift2::TScan;
  using TIncrement = ::apache::hadoop::hbase::thrift2::TIncrement;
  using TAppend = ::apache::hadoop::hbase::thrift2::TAppend;
  using TRowMutations = ::apache::hadoop::hbase::thrift2::TRowMutations;
  using TCompareOperator = ::apache::hadoop::hbase::thrift2::TCompareOperator;
  using THRegionLocation = ::apache::hadoop::hbase::thrift2::THRegionLocation;
  using TTableName = ::apache::hadoop::hbase::thrift2::TTableName;
  using TTableDescriptor = ::apache::hadoop::hbase::thrift2::TTableDescriptor;
  using TColumnFamilyDescriptor = ::apache::hadoop::hbase::thrift2::TColumnFamilyDescriptor;
  using TNamespaceDescriptor = ::apache::hadoop::hbase::thrift2::TNamespaceDescriptor;
  using TThriftServerType = ::apache::hadoop::hbase::thrift2::TThriftServerType;
  using TOnlineLogRecord = ::apache::hadoop::hbase::thrift2::TOnlineLogRecord;
  using TServerName = ::apache::hadoop::hbase::thrift2::TServerName;
  using TLogQueryFilter = ::apache::hadoop::hbase::thrift2::TLogQueryFilter;
  using TAccessControlEntity = ::apache::hadoop::hbase::thrift2::TAccessControlEntity;

  // Data (thrift2_handler_data.cc).
  bool exists(const std::string& table, const TGet& tget) override;
  void existsAll(std::vector<bool>& _return, const std::string& table,
                 const std::vector<TGet>& tgets) override;
  void get(TResult& _return, const std::string& table, const TGet& tget) override;
  void getMultiple(std::vector<TResult>& _return, const std::string& table,
                   const std::vector<TGet>& tgets) override;
  void put(const std::string& table, const TPut& tput) override;
  void putMultiple(const std::string& table, const std::vector<TPut>& tputs) override;
  void deleteSingle(const std::string& table, const TDelete& tdelete) override;
  void deleteMultiple(std::vector<TDelete>& _return, const std::string& table,
                      const std::vector<TDelete>& tdeletes) override;
  bool checkAndPut(const std::string& table, const std::string& row, const std::string& family,
                   const std::string& qualifier, const std::string& value,
                   const TPut& tput) override;
  bool checkAndDelete(const std::string& table, const std::string& row,
                      const std::string& family, const std::string& qualifier,
                      const std::string& value, const TDelete& tdelete) override;
  bool checkAndMutate(const std::string& table, const std::string& row,
                      const std::string& family, const std::string& qualifier,
                      TCompareOperator::type compareOperator, const std::string& value,
                      const TRowMutations& rowMutations) override;
  void increment(TResult& _return, const std::string& table,
                 const TIncrement& tincrement) override;
  void append(TResult& _return, const std::string& table, const TAppend& tappend) override;
  void mutateRow(const std::string& table, const TRowMutations& trowMutations) override;

  // Scanners and regions (thrift2_handler_scan.cc).
  int32_t openScanner(const std::string& table, const TScan& tscan) override;
  void getScannerRows(std::vector<TResult>& _return, int32_t scannerId, int32_t numRows) override;
  void closeScanner(int32_t scannerId) override;
  void getScannerResults(std::vector<TResult>& _return, const std::string& table,
                         const TScan& tscan, int32_t numRows) override;
  void getRegionLocation(THRegionLocation& _return, const std::string& table,
                         const std::string& row, bool reload) override;
  void getAllRegionLocations(std::vector<THRegionLocation>& _return,
                             const std::string& table) override;

  // Admin and the rest (thrift2_handler_admin.cc).
  void getTableDescriptor(TTableDescriptor& _return, const TTableName& table) override;
  void getTableDescriptors(std::vector<TTableDescriptor>& _return,
                           const std::vector<TTableName>& tables) override;
  bool tableExists(const TTableName& tableName) override;
  void getTableDescriptorsByPattern(std::vector<TTableDescriptor>& _return,
                                    const std::string& regex, bool includeSysTables) override;
  void getTableDescriptorsByNamespace(std::vector<TTableDescriptor>& _return,
                                      const std::string& name) override;
  void getTableNamesByPattern(std::vector<TTableName>& _return, const std::string& regex,
                              bool includeSysTables) override;
  void getTableNamesByNamespace(std::vector<TTableName>& _return,
                                const std::string& name) override;
  void createTable(const TTableDescriptor& desc, const std::vector<std::string>& splitKeys) override;
  void deleteTable(const TTableName& tableName) override;
  void truncateTable(const TTableName& tableName, bool preserveSplits) override;
  void enableTable(const TTableName& tableName) override;
  void disableTable(const TTableName& tableName) override;
  bool isTableEnabled(const TTableName& tableName) override;
  bool isTableDisabled(const TTableName& tableName) override;
  bool isTableAvailable(const TTableName& tableName) override;
  void addColumnFamily(const TTableName& tableName, const TColumnFamilyDescriptor& column) override;
  void deleteColumnFamily(const TTableName& tableName, const std::string& column) override;
  void modifyColumnFamily(const TTableName& tableName,
                          const TColumnFamilyDescriptor& column) override;
  void modifyTable(const TTableDescriptor& desc) override;
  void createNamespace(const TNamespaceDescriptor& namespaceDesc) override;
  void modifyNamespace(const TNamespaceDescriptor& namespaceDesc) override;
  void deleteNamespace(const std::string& name) override;
  void getNamespaceDescriptor(TNamespaceDescriptor& _return, const std::string& name) override;
  void listNamespaceDescriptors(std::vector<TNamespaceDescriptor>& _return) override;
  void listNamespaces(std::vector<std::string>& _return) override;
  TThriftServerType::type getThriftServerType() override;
  void getClusterId(std::string& _return) override;
  void getSlowLogResponses(std::vector<TOnlineLogRecord>& _return,
                           const std::set<TServerName>& serverNames,
                           const TLogQueryFilter& logQueryFilter) override;
  void clearSlowLogResponses(std::vector<bool>& _return,
                             const std::set<TServerName>& serverNames) override;
  bool grant(const TAccessControlEntity& info) override;
  bool revoke(const TAccessControlEntity& info) override;

  // For tests: how many scanners are open.
  size_t open_scanners() const { return scanners_.size(); }

 private:
  // Opens the data table "table", throwing TIOError on failure.
  std::unique_ptr<Table> OpenOrThrow(const std::string& table) const;
  // Throws TIOError when the gateway is read-only.
  void RequireWritable(const char* method) const;
  // Lists tables matching the ECMAScript "regex" (empty: all), described when "describe".
  std::vector<TableDescriptor> DescribeTables(const std::vector<TableName>& names) const;

  std::shared_ptr<const ThriftContext> context_;
  Thrift2ScannerRegistry scanners_;
};

}  // namespace cellar::server
