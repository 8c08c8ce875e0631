#pragma once

// Engine: the open RocksDB database behind a Store and the state every table shares: the catalog
// in memory, the RocksDB column families of each family, the sequence allocator, the row locks,
// and the commit path that writes a batch and its event-log entry atomically. Thread-safe.
//
// Tables hold a shared_ptr<const TableState>: a snapshot of one table's schema and handles that
// stays valid (its column families readable) even if the table is dropped meanwhile.

#include <rocksdb/db.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "cellar/event_log.h"
#include "cellar/mutation.h"
#include "cellar/store.h"
#include "cellar/table_files.h"
#include "store/catalog_codec.h"
#include "store/iterator_pool.h"
#include "store/rocks_options.h"
#include "store/row_locks.h"
#include "store/sequence.h"

namespace cellar::store {

// The on-disk format version of docs/key-format.md (catalog key meta/format_version).
inline constexpr char kStoreFormatVersion[] = "2";
// The oldest format version this cellar opens (and upgrades to kStoreFormatVersion): version 1
// differs only in having no plain puts.
inline constexpr char kOldestReadableFormatVersion[] = "1";

struct FamilyHandle {
  ColumnFamilyDescriptor desc;
  rocksdb::ColumnFamilyHandle* cf = nullptr;  // owned by the Engine, lives until it closes
  std::shared_ptr<FamilySettings> settings;
  std::shared_ptr<IteratorPool> iterators;  // for single-family Gets
};

struct TableState;

// Cells (puts and markers, timestamps resolved, families validated) to write to one table.
struct PlannedWrite {
  const TableState* table;      // borrowed for the call
  std::span<const Cell> cells;  // borrowed for the call
  int64_t now = 0;              // the timestamp of cells at kLatestTimestamp
};

struct TableState {
  TableName name;
  uint64_t id = 0;
  bool enabled = true;
  TableDescriptor descriptor;
  std::vector<FamilyHandle> families;  // sorted by name
  bool logs_data = false;              // some family has REPLICATION_SCOPE 1

  const FamilyHandle* FindFamily(std::string_view family) const;
  // NotFound naming the family and the table.
  Result<const FamilyHandle*> RequireFamily(std::string_view family) const;
};

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> Open(const std::string& dir, const StoreOptions& options);
  ~Engine();

  const Clock& clock() const { return *clock_; }
  rocksdb::DB* db() { return db_.get(); }
  RowLocks& row_locks() { return row_locks_; }
  const std::string& dir() const { return dir_; }

  // The table's current state. NotFound if it does not exist.
  Result<std::shared_ptr<const TableState>> FindTable(const TableName& name) const;
  // As FindTable, and FailedPrecondition if disabled (HBase's TableNotEnabledException).
  Result<std::shared_ptr<const TableState>> FindEnabledTable(const TableName& name) const;
  // Moves on whenever a table is created, dropped, enabled, disabled, altered or truncated, and
  // when the store closes: a TableState found while it had one value is still the table's
  // current state while it keeps that value (TableStateCache).
  uint64_t catalog_version() const { return catalog_version_.load(std::memory_order_acquire); }

  // Writes the planned cells of one or more tables in one atomic write, with one event per table
  // that has scope-1 cells. REQUIRES: the caller holds the locks of every row written.
  Status CommitCells(std::span<const PlannedWrite> writes, Durability durability);

  // --- bulk load (engine_bulk.cc) ---
  // "count" consecutive sequence numbers for cells written outside CommitCells.
  Result<uint64_t> AllocateSequences(uint64_t count) { return sequence_->Next(count); }
  // Where bulk loaders keep their scratch files; removed when the store opens.
  std::string BulkScratchDir() const { return dir_ + "/bulk-tmp"; }
  // FailedPrecondition naming the family unless every family of "t" is empty (no entry at all).
  Status CheckTableEmpty(const TableState& t);
  // The table files of one family's RocksDB column family, for IngestBulk.
  struct BulkFiles {
    rocksdb::ColumnFamilyHandle* cf;
    std::vector<std::string> paths;
  };
  // Moves "files" into the families of "loaded" in one atomic step, with every row lock and
  // the read gate held. FailedPrecondition (nothing ingested) when the table was dropped,
  // re-created, truncated, disabled, altered to log events or lost a loaded family since
  // "loaded" was taken, or is no longer empty.
  Status IngestBulk(const TableState& loaded, std::span<const BulkFiles> files);
  // Readers that open iterators on several families at once take this shared while they do, so
  // that a bulk load's ingestion (which takes it exclusively) is in all of them or in none.
  std::shared_mutex& read_gate() { return read_gate_; }

  // --- table files (engine_export.cc) ---
  // Writes the table files of the tables of namespace "ns" (only "table" unless empty) under
  // "dir"/<table>/<family index>/ as of one event id (Store::ExportTableFiles). Blocks every
  // writer of the store while the families flush what they received since a first, unblocked
  // flush and their files are linked; not while the files are moved or checksummed.
  Result<TableFilesExport> ExportTables(const std::string& ns, const std::string& table,
                                        const std::string& dir);
  // Checks and links exported files into the store's scratch directory (Store::StageTableFiles).
  Result<std::unique_ptr<StagedTableFiles>> StageTable(const TableFiles& files,
                                                       const std::string& store_format);
  // Creates table "desc" from staged files (Store::ImportTableFiles).
  Status ImportTable(const TableDescriptor& desc, StagedTableFiles& staged,
                     uint64_t sequence_ceiling);

  // --- DDL (serialised by ddl_mu_) ---
  Status CreateNamespace(std::string_view ns);
  Status DropNamespace(std::string_view ns);
  std::vector<std::string> ListNamespaces() const;
  bool NamespaceExists(std::string_view ns) const;
  Status CreateTable(const TableDescriptor& desc);
  // Admin::CreateTables: every table of "descs" in one CreateColumnFamilies call (one OPTIONS
  // rewrite) and one catalog write, or none.
  Status CreateTables(std::span<const TableDescriptor> descs);
  Status DropTable(const TableName& name);
  std::vector<TableName> ListTables() const;
  Status SetEnabled(const TableName& name, bool enabled);
  // Replaces the families (add / modify / delete), creating and dropping column families.
  Status AlterTable(const TableName& name, const TableDescriptor& new_desc);
  Status TruncateTable(const TableName& name);

  // --- event log ---
  Result<std::vector<Event>> ReadEvents(const EventQuery& query);
  uint64_t LastEventId() const { return last_event_id_.load(std::memory_order_acquire); }
  Status TrimEventLog();
  // Trims now and then; call after a logged write, outside any lock.
  void MaybeTrimEventLog();
  uint64_t EventsTrimmedThrough() const { return trimmed_through_.load(); }
  int64_t event_retention_seconds() const { return retention_seconds_.load(); }
  // Stores "seconds" as the retention (catalog key meta/event_retention_seconds).
  Status SetEventRetention(int64_t seconds);

  // A RocksDB snapshot and the tables, taken while no logged write or DDL can commit, so that
  // "event_id" is exactly the newest event it contains.
  struct Snapshot {
    const rocksdb::Snapshot* snapshot = nullptr;  // release with db()->ReleaseSnapshot
    uint64_t event_id = 0;
    std::vector<std::shared_ptr<const TableState>> tables;
  };
  Snapshot TakeSnapshot();

  Status Close();

 private:
  Engine(std::string dir, const StoreOptions& options);
  Status OpenDb();
  // Checks meta/format_version: a new store or one of kOldestReadableFormatVersion gets
  // kStoreFormatVersion; FailedPrecondition for any other version.
  Status CheckFormatVersion();
  Status LoadCatalog();
  Status DropOrphanColumnFamilies();
  // Scratch files of bulk loads that never finished (a crash): nobody can use them now.
  void RemoveBulkScratch();
  // A table being created: its descriptor (families sorted by name), its id and, once made,
  // the column families of its families.
  struct NewTable {
    TableDescriptor desc;
    uint64_t id = 0;
    std::vector<FamilyHandle> families;
  };
  // Makes the column families of every table of "tables" in one CreateColumnFamilies call. On
  // failure none is left (those made are retired).
  Status CreateFamilyHandles(std::span<NewTable> tables);
  // As above, for one table's families.
  Status CreateFamilyHandles(uint64_t table_id, const TableDescriptor& desc,
                             std::vector<FamilyHandle>* out);
  std::shared_ptr<TableState> MakeState(const TableName& name, const TableRecord& rec,
                                        std::vector<FamilyHandle> families) const;
  // A DDL event: its type, the table (or namespace) and, for create/alter, the descriptor
  // (borrowed for the call).
  struct DdlEvent {
    EventType type;
    TableName name;
    const TableDescriptor* desc = nullptr;
  };
  // Writes "batch" plus "events" (consecutive ids, in order) synchronously.
  Status CommitDdl(rocksdb::WriteBatch* batch, std::span<const DdlEvent> events);
  // Writes "batch" plus a DDL event for "name" (with "desc" for create/alter) synchronously.
  Status CommitDdl(rocksdb::WriteBatch* batch, EventType type, const TableName& name,
                   const TableDescriptor* desc);
  void RetireFamilies(const std::vector<FamilyHandle>& families);
  // Makes "state" table "name"'s current state (nullptr: the table is gone) and moves the
  // catalog version on, under state_mu_.
  void PublishTable(const TableName& name, std::shared_ptr<const TableState> state);
  // The last step of creating table "desc" with id "id" and its new families "fams": its catalog
  // record and CREATE_TABLE event committed with "batch", then the table is visible. On failure
  // the families are retired. REQUIRES: ddl_mu_ held.
  Status CommitNewTable(const TableDescriptor& desc, uint64_t id, rocksdb::WriteBatch* batch,
                        std::vector<FamilyHandle> fams);
  // As CommitNewTable for every table of "tables": their records and CREATE_TABLE events in
  // one write with "batch". REQUIRES: ddl_mu_ held.
  Status CommitNewTables(std::span<NewTable> tables, rocksdb::WriteBatch* batch);
  // The first error CreateTables reports for "desc" before creating anything: InvalidArgument,
  // NotFound (namespace), AlreadyExists. REQUIRES: ddl_mu_ held.
  Status CheckNewTable(const TableDescriptor& desc) const;
  // As CreateFamilyHandles, each family from its staged table files ("staged", in the order of
  // desc.families, sorted by name; engine_export.cc). REQUIRES: ddl_mu_ held.
  Status CreateImportedFamilies(uint64_t table_id, const TableDescriptor& desc,
                                std::span<const rocksdb::ExportImportFilesMetaData> staged,
                                std::vector<FamilyHandle>* out);
  // The first of "count" consecutive new table ids, their reservation put into "batch".
  Result<uint64_t> AllocateTableId(rocksdb::WriteBatch* batch, uint64_t count = 1);
  Status Write(rocksdb::WriteBatch* batch, Durability durability);
  void AppendEvent(rocksdb::WriteBatch* batch, Event event);

  const std::string dir_;
  const StoreOptions options_;
  const Clock* const clock_;
  SharedRocksObjects shared_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* meta_cf_ = nullptr;    // the default column family (in handles_)
  rocksdb::ColumnFamilyHandle* events_cf_ = nullptr;  // owned (in handles_)
  std::unique_ptr<SequenceAllocator> sequence_;
  RowLocks row_locks_;
  std::atomic<uint64_t> last_event_id_{0};
  std::atomic<uint64_t> trimmed_through_{0};
  std::atomic<int64_t> retention_seconds_{0};
  static constexpr uint64_t kTrimEveryLoggedWrites = 100000;
  std::atomic<uint64_t> logged_writes_{0};

  // Serialises DDL, and the assignment + write of logged events (so ids commit in order).
  std::mutex ddl_mu_;
  std::mutex commit_mu_;
  std::shared_mutex read_gate_;

  // Protected by state_mu_.
  mutable std::shared_mutex state_mu_;
  std::map<std::string, bool> namespaces_;
  std::map<TableName, std::shared_ptr<const TableState>> tables_;
  // Moved on under state_mu_ with every change of tables_ after the catalog is loaded
  // (PublishTable) and when closed_ is set; read without it.
  std::atomic<uint64_t> catalog_version_{0};
  // Column family handles in use, and those of dropped families (kept valid for readers that
  // still hold an old TableState); all destroyed on Close.
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::vector<rocksdb::ColumnFamilyHandle*> retired_;
  std::map<std::string, std::shared_ptr<FamilySettings>> settings_by_cf_;
  bool closed_ = false;
};

}  // namespace cellar::store
