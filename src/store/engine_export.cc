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
// Import. Staging links the dump's files (or copies them, across file systems) into a scratch
// directory of the store and checksums them there, before anything changes: a damaged or
// truncated file is a DataLoss and leaves the store as it was. The import then, under ddl_mu_,
// moves the store's sequences past the ceiling, and each family becomes a RocksDB
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
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
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
                                                       const std::string& dir) {
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
    m.column_family_name = family.family;
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

// Table files staged by Engine::StageTable: links in a scratch directory of the store and
// RocksDB's import description of each family, by family name.
class EmbeddedStagedFiles final : public StagedTableFiles {
 public:
  explicit EmbeddedStagedFiles(std::string scratch) : scratch(std::move(scratch)) {}
  ScratchDir scratch;
  std::map<std::string, rocksdb::ExportImportFilesMetaData> families;
  bool imported = false;
};

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

Result<std::unique_ptr<StagedTableFiles>> Engine::StageTable(const TableFiles& files,
                                                             const std::string& store_format) {
  // Files of version 1 hold only values that version 2 reads the same way.
  if (store_format != kStoreFormatVersion && store_format != kOldestReadableFormatVersion) {
    return Status::FailedPrecondition("the table files are in store format '" + store_format +
                                      "' and this store reads formats " +
                                      kOldestReadableFormatVersion + " to " + kStoreFormatVersion +
                                      ": take the dump without --files");
  }
  auto staged = std::make_unique<EmbeddedStagedFiles>(NewScratchDir(BulkScratchDir(), "import"));
  for (size_t i = 0; i < files.families.size(); ++i) {
    const FamilyFiles& family = files.families[i];
    if (staged->families.count(family.family) > 0) {
      return Status::InvalidArgument("table files: family '" + family.family + "' twice");
    }
    CELLAR_ASSIGN_OR_RETURN(staged->families[family.family],
                            StageFamily(family, FamilyDir(staged->scratch.path(), "t", i)));
  }
  return std::unique_ptr<StagedTableFiles>(std::move(staged));
}

Status Engine::ImportTable(const TableDescriptor& in, StagedTableFiles& staged_files,
                           uint64_t sequence_ceiling) {
  TableDescriptor desc = in;
  std::sort(desc.families.begin(), desc.families.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  CELLAR_RETURN_IF_ERROR(desc.Validate());
  auto* staged = dynamic_cast<EmbeddedStagedFiles*>(&staged_files);
  if (staged == nullptr || staged->imported) {
    return Status::InvalidArgument("import into " + desc.name.ToString() +
                                   ": the files were not staged by this store, or were imported");
  }
  std::vector<rocksdb::ExportImportFilesMetaData> families;
  for (const ColumnFamilyDescriptor& f : desc.families) {
    auto it = staged->families.find(f.name);
    if (it == staged->families.end()) {
      return Status::InvalidArgument("import into " + desc.name.ToString() +
                                     ": no staged files for family '" + f.name + "'");
    }
    families.push_back(it->second);
  }
  if (families.size() != staged->families.size()) {
    return Status::InvalidArgument("import into " + desc.name.ToString() +
                                   ": the staged files have families the table has not");
  }

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
  staged->imported = true;  // RocksDB moves the staged links into the store
  CELLAR_RETURN_IF_ERROR(CreateImportedFamilies(id, desc, families, &fams));
  return CommitNewTable(desc, id, &batch, std::move(fams));
}

Status Engine::CreateImportedFamilies(uint64_t table_id, const TableDescriptor& desc,
                                      std::span<const rocksdb::ExportImportFilesMetaData> staged,
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
