// Engine: handing a table's immutable table files over to another store (REPL DUMP --files).
//
// Export. The files of a family hold, after a flush, exactly what the family holds; so the files
// are exact as of one event id if nothing is written between the flush and the moment they are
// linked. An export therefore flushes once without any lock (the bulk of the memtables), then
// takes ddl_mu_, every row lock and commit_mu_ (the order of IngestBulk and CommitCells), which
// stops every writer and DDL of the store, flushes the little that came in meanwhile and hard
// links the files into a scratch directory of the store (the same file system, so a link always
// works), and lets the writers go. Moving the links into the dump directory and checksumming them
// happen outside the locks. Keys hold no table id (docs/key-format.md), so the files fit a table
// of any name; values keep the source's write sequence, so the export carries a ceiling above
// every sequence in them, and an import moves the importing store's allocator past it.
//
// Import. The dump's files are linked (or copied, across file systems) into a scratch directory
// of the store and checksummed there, all before anything changes: a damaged or truncated file is
// a DataLoss and leaves the store as it was. Then, under ddl_mu_, each family becomes a RocksDB
// column family created from its files, and the table record and its CREATE_TABLE event commit
// in one synced write, as CreateTable does; a crash before that commit leaves column families no
// table references, which Engine::Open drops, and scratch files, which it removes.

#include <rocksdb/utilities/checkpoint.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>

#include "store/engine.h"
#include "store/file_handover.h"
#include "store/rocks_status.h"

namespace cellar::store {
namespace {

namespace fs = std::filesystem;

std::atomic<uint64_t> scratch_dirs_made{0};

std::string NewScratchDir(const std::string& root, const std::string& what) {
  return root + "/" + what + "-" + std::to_string(++scratch_dirs_made);
}

// The directory of the family at "index" of "table" under "root". Families are numbered (in
// name order) because their names may hold characters a path cannot.
std::string FamilyDir(const std::string& root, const std::string& table, size_t index) {
  return root + "/" + table + "/" + std::to_string(index);
}

Status MakeDirs(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create '" + dir + "': " + ec.message());
  return Status::Ok();
}

// Removes a scratch directory when it goes out of scope (best effort: a leftover is only space,
// and Engine::Open removes it).
class ScratchDir {
 public:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Moves the exported files from the scratch directory into "dir", checksumming them.
Status MoveIntoDump(const std::string& dir, TableFilesExport* out) {
  for (TableFiles& t : out->tables) {
    for (size_t i = 0; i < t.families.size(); ++i) {
      const std::string family_dir = FamilyDir(dir, t.descriptor.name.qualifier, i);
      CELLAR_RETURN_IF_ERROR(MakeDirs(family_dir));
      for (TableFile& f : t.families[i].files) {
        const std::string to = family_dir + "/" + fs::path(f.path).filename().string();
        CELLAR_ASSIGN_OR_RETURN(f.crc32c, HandOverFile(f.path, to, HandOver::kMove));
        f.path = to;
      }
    }
  }
  return Status::Ok();
}

Status Damaged(const FamilyFiles& family, const TableFile& f, const std::string& what) {
  return Status::DataLoss("table file " + f.path + " of family '" + family.family + "' " + what +
                          "; the dump is damaged: dump again (nothing was loaded)");
}

// DataLoss unless "f" exists with its recorded size.
Status CheckSize(const FamilyFiles& family, const TableFile& f) {
  std::error_code ec;
  const uint64_t bytes = fs::file_size(f.path, ec);
  if (ec) return Damaged(family, f, "is missing");
  if (bytes != f.bytes) {
    return Damaged(family, f,
                   "has " + std::to_string(bytes) + " bytes where the dump recorded " +
                       std::to_string(f.bytes));
  }
  return Status::Ok();
}

Status CheckCrc(const FamilyFiles& family, const TableFile& f, const std::string& crc) {
  if (crc == f.crc32c) return Status::Ok();
  return Damaged(family, f, "has CRC-32C " + crc + " where the dump recorded " + f.crc32c);
}

// Links (or copies) the files of "family" into "dir" and checks their sizes and checksums.
// DataLoss naming the file when one is missing, truncated or damaged.
Result<rocksdb::ExportImportFilesMetaData> StageFamily(const FamilyFiles& family,
                                                       const std::string& dir,
                                                       const std::string& cf_name) {
  rocksdb::ExportImportFilesMetaData meta;
  meta.db_comparator_name = rocksdb::BytewiseComparator()->Name();
  CELLAR_RETURN_IF_ERROR(MakeDirs(dir));
  for (const TableFile& f : family.files) {
    CELLAR_RETURN_IF_ERROR(CheckSize(family, f));
    const std::string name = fs::path(f.path).filename().string();
    CELLAR_ASSIGN_OR_RETURN(std::string crc,
                            HandOverFile(f.path, dir + "/" + name, HandOver::kLink));
    CELLAR_RETURN_IF_ERROR(CheckCrc(family, f, crc));
    rocksdb::LiveFileMetaData m;
    m.name = "/" + name;
    m.relative_filename = name;
    m.db_path = dir;
    m.directory = dir;
    m.size = f.bytes;
    m.level = f.level;
    m.smallest_seqno = f.smallest_seqno;
    m.largest_seqno = f.largest_seqno;
    m.column_family_name = cf_name;
    meta.files.push_back(std::move(m));
  }
  return meta;
}

// Links the files of every family of "table" under "scratch" (flushing each first).
// REQUIRES: no write or DDL can reach the table meanwhile.
Result<TableFiles> ExportTable(rocksdb::Checkpoint& checkpoint, const TableState& table,
                               const std::string& scratch) {
  TableFiles files{table.descriptor, {}};
  CELLAR_RETURN_IF_ERROR(MakeDirs(scratch + "/" + table.name.qualifier));
  for (size_t i = 0; i < table.families.size(); ++i) {
    const FamilyHandle& f = table.families[i];
    const std::string family_dir = FamilyDir(scratch, table.name.qualifier, i);
    rocksdb::ExportImportFilesMetaData* exported = nullptr;
    CELLAR_RETURN_IF_ERROR(
        FromRocks(checkpoint.ExportColumnFamily(f.cf, family_dir, &exported),
                  "exporting " + table.name.ToString() + " family " + f.desc.name));
    std::unique_ptr<rocksdb::ExportImportFilesMetaData> owned(exported);
    FamilyFiles family{f.desc.name, {}};
    for (const rocksdb::LiveFileMetaData& m : owned->files) {
      family.files.push_back(TableFile{family_dir + "/" + fs::path(m.name).filename().string(),
                                       m.size, "", m.level, m.smallest_seqno, m.largest_seqno});
    }
    files.families.push_back(std::move(family));
  }
  return files;
}

// Links (or copies) the files of every family of "desc" from "files" under "scratch", checked;
// one RocksDB import description per family, in the order of desc.families.
Result<std::vector<rocksdb::ExportImportFilesMetaData>> StageTable(const TableFiles& files,
                                                                   const TableDescriptor& desc,
                                                                   const std::string& scratch) {
  std::map<std::string, const FamilyFiles*> by_family;
  for (const FamilyFiles& f : files.families) by_family[f.family] = &f;
  if (by_family.size() != desc.families.size()) {
    return Status::InvalidArgument("import into " + desc.name.ToString() +
                                   ": the files do not match the table's families");
  }
  std::vector<rocksdb::ExportImportFilesMetaData> staged;
  for (size_t i = 0; i < desc.families.size(); ++i) {
    auto f = by_family.find(desc.families[i].name);
    if (f == by_family.end()) {
      return Status::InvalidArgument("import into " + desc.name.ToString() +
                                     ": no files for family '" + desc.families[i].name + "'");
    }
    CELLAR_ASSIGN_OR_RETURN(
        auto meta, StageFamily(*f->second, FamilyDir(scratch, "t", i), desc.families[i].name));
    staged.push_back(std::move(meta));
  }
  return staged;
}

// The tables of "ns" ("table" alone unless empty), as "tables" holds them.
std::vector<std::shared_ptr<const TableState>> Select(
    const std::map<TableName, std::shared_ptr<const TableState>>& tables, const std::string& ns,
    const std::string& table) {
  std::vector<std::shared_ptr<const TableState>> out;
  for (const auto& [name, state] : tables) {
    if (name.ns == ns && (table.empty() || name.qualifier == table)) out.push_back(state);
  }
  return out;
}

}  // namespace

Result<TableFilesExport> Engine::ExportTables(const std::string& ns, const std::string& table,
                                              const std::string& dir) {
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  {
    std::shared_lock lock(state_mu_);
    for (const auto& st : Select(tables_, ns, table)) {
      for (const FamilyHandle& f : st->families) cfs.push_back(f.cf);
    }
  }
  // The bulk of the memtables, without stopping writers. The locked export below decides which
  // tables are exported; a table dropped meanwhile is simply not among them.
  rocksdb::Status flushed = db_->Flush(rocksdb::FlushOptions(), cfs);
  if (!flushed.ok() && !flushed.IsColumnFamilyDropped()) {
    return FromRocks(flushed, "flushing before an export");
  }
  rocksdb::Checkpoint* raw = nullptr;
  CELLAR_RETURN_IF_ERROR(FromRocks(rocksdb::Checkpoint::Create(db_.get(), &raw), "exporting"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  ScratchDir scratch(NewScratchDir(BulkScratchDir(), "export"));
  TableFilesExport out;
  out.store_format = kStoreFormatVersion;
  {
    std::lock_guard<std::mutex> ddl(ddl_mu_);
    std::vector<std::unique_lock<std::mutex>> rows = row_locks_.LockAll();
    std::lock_guard<std::mutex> commit(commit_mu_);
    out.event_id = LastEventId();
    std::vector<std::shared_ptr<const TableState>> selected;
    {
      std::shared_lock lock(state_mu_);
      selected = Select(tables_, ns, table);
    }
    for (const auto& st : selected) {
      CELLAR_ASSIGN_OR_RETURN(TableFiles files, ExportTable(*checkpoint, *st, scratch.path()));
      out.tables.push_back(std::move(files));
    }
    // Every sequence in the files was handed out before this one.
    CELLAR_ASSIGN_OR_RETURN(out.sequence_ceiling, sequence_->Next());
  }
  if (out.tables.empty()) {
    const std::string what =
        table.empty() ? "in namespace '" + ns + "'" : "'" + ns + ":" + table + "'";
    return Status::NotFound("nothing to export: no table " + what + " exists");
  }
  CELLAR_RETURN_IF_ERROR(MoveIntoDump(dir, &out));
  return out;
}

Status Engine::ImportTable(const TableFiles& files, const std::string& store_format,
                           uint64_t sequence_ceiling) {
  if (store_format != kStoreFormatVersion) {
    return Status::FailedPrecondition("the table files are in store format '" + store_format +
                                      "' and this store is format " + kStoreFormatVersion +
                                      ": take the dump without --files");
  }
  TableDescriptor desc = files.descriptor;
  std::sort(desc.families.begin(), desc.families.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  CELLAR_RETURN_IF_ERROR(desc.Validate());
  // Everything is linked and checked before the store changes.
  ScratchDir scratch(NewScratchDir(BulkScratchDir(), "import"));
  CELLAR_ASSIGN_OR_RETURN(auto staged, StageTable(files, desc, scratch.path()));

  std::lock_guard<std::mutex> ddl(ddl_mu_);
  if (!NamespaceExists(desc.name.ns)) {
    return Status::NotFound("namespace '" + desc.name.ns + "' does not exist; create it first");
  }
  if (FindTable(desc.name).ok()) {
    return Status::AlreadyExists("table '" + desc.name.ToString() + "' already exists");
  }
  // Later writes of the table must order after every imported cell (NEW_VERSION_BEHAVIOR).
  CELLAR_ASSIGN_OR_RETURN(uint64_t next, sequence_->Next());
  if (next < sequence_ceiling) {
    CELLAR_RETURN_IF_ERROR(sequence_->Next(sequence_ceiling - next).status());
  }
  rocksdb::WriteBatch batch;
  CELLAR_ASSIGN_OR_RETURN(uint64_t id, AllocateTableId(&batch));
  std::vector<FamilyHandle> fams;
  CELLAR_RETURN_IF_ERROR(CreateImportedFamilies(id, desc, staged, &fams));
  TableRecord rec{id, true, desc};
  (void)batch.Put(meta_cf_, TableKey(desc.name), EncodeTableRecord(rec));
  if (Status s = CommitDdl(&batch, EventType::kCreateTable, desc.name, &desc); !s.ok()) {
    RetireFamilies(fams);
    return s;
  }
  auto state = MakeState(desc.name, rec, std::move(fams));
  std::unique_lock lock(state_mu_);
  tables_[desc.name] = std::move(state);
  return Status::Ok();
}

Status Engine::CreateImportedFamilies(uint64_t table_id, const TableDescriptor& desc,
                                      const std::vector<rocksdb::ExportImportFilesMetaData>& staged,
                                      std::vector<FamilyHandle>* out) {
  for (size_t i = 0; i < desc.families.size(); ++i) {
    const ColumnFamilyDescriptor& f = desc.families[i];
    const std::string cf_name = FamilyColumnFamilyName(table_id, f.name);
    auto settings = std::make_shared<FamilySettings>(f);
    rocksdb::ColumnFamilyOptions options = FamilyOptions(f, shared_, settings);
    rocksdb::ImportColumnFamilyOptions import;
    import.move_files = true;  // the staged links become the store's files
    rocksdb::ColumnFamilyHandle* h = nullptr;
    rocksdb::Status s = staged[i].files.empty() ? db_->CreateColumnFamily(options, cf_name, &h)
                                                : db_->CreateColumnFamilyWithImport(
                                                      options, cf_name, import, staged[i], &h);
    if (!s.ok()) {
      RetireFamilies(*out);
      out->clear();
      return FromRocks(s, "importing the files of " + desc.name.ToString() + " family " + f.name);
    }
    out->push_back(FamilyHandle{f, h, settings, std::make_shared<IteratorPool>(db_.get(), h)});
    std::unique_lock lock(state_mu_);
    handles_.push_back(h);
    settings_by_cf_[cf_name] = settings;
  }
  return Status::Ok();
}

}  // namespace cellar::store

namespace cellar {

Status VerifyTableFiles(const TableFiles& files) {
  for (const FamilyFiles& family : files.families) {
    for (const TableFile& f : family.files) {
      CELLAR_RETURN_IF_ERROR(store::CheckSize(family, f));
      CELLAR_ASSIGN_OR_RETURN(std::string crc, store::FileCrc32c(f.path));
      CELLAR_RETURN_IF_ERROR(store::CheckCrc(family, f, crc));
    }
  }
  return Status::Ok();
}

}  // namespace cellar
