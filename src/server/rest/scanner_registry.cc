#include "server/rest/scanner_registry.h"

#include <cstdio>

#include "server/idle_entries.h"

namespace cellar::server::rest {

Result<std::string> ScannerRegistry::Add(std::string table_name, std::unique_ptr<Table> table,
                                         std::unique_ptr<ResultScanner> scanner, int32_t batch) {
  auto entry = std::make_shared<Entry>();
  entry->table_name = std::move(table_name);
  entry->table = std::move(table);
  entry->scanner = std::move(scanner);
  entry->batch = batch < 1 ? 1 : batch;
  std::lock_guard lock(mu_);
  entry->last_used = Clock::now();
  DropIdleEntries(scanners_, entry->last_used, idle_timeout_);
  if (scanners_.size() >= capacity_) {
    return Status::FailedPrecondition(std::to_string(capacity_) +
                                      " scanners are open; DELETE the ones you are done with");
  }
  // A serial keeps ids unique; the random part keeps them unguessable across restarts.
  char id[48];
  std::snprintf(id, sizeof id, "%llu%016llx", static_cast<unsigned long long>(next_serial_++),
                static_cast<unsigned long long>(random_()));
  scanners_.emplace(id, std::move(entry));
  return std::string(id);
}

Result<std::shared_ptr<ScannerRegistry::Entry>> ScannerRegistry::Find(std::string_view table_name,
                                                                      std::string_view id) const {
  std::lock_guard lock(mu_);
  auto it = scanners_.find(id);
  if (it == scanners_.end() || it->second->table_name != table_name) {
    return Status::NotFound("no scanner " + std::string(id) + " on table " +
                            std::string(table_name) +
                            " (it was deleted, expired after " +
                            std::to_string(idle_timeout_.count()) +
                            " s idle, or never created here; open a new one)");
  }
  it->second->last_used = Clock::now();
  return it->second;
}

Result<bool> ScannerRegistry::Refill(Entry& e) {
  // Rows left empty by a filter are read past, in a loop (never recursion: there may be many).
  while (e.pending.empty() && !e.exhausted) {
    CELLAR_ASSIGN_OR_RETURN(std::optional<RowResult> row, e.scanner->Next());
    if (!row) {
      e.exhausted = true;
      break;
    }
    for (Cell& c : row->mutable_cells()) e.pending.push_back(std::move(c));
  }
  return !e.pending.empty();
}

Result<std::optional<CellSetModel>> ScannerRegistry::NextPage(std::string_view table_name,
                                                              std::string_view id,
                                                              std::optional<int64_t> rows,
                                                              std::optional<int64_t> cells) {
  CELLAR_ASSIGN_OR_RETURN(std::shared_ptr<Entry> entry, Find(table_name, id));
  std::lock_guard lock(entry->mu);
  int64_t cell_budget = cells && *cells > 0 ? *cells : entry->batch;
  int64_t row_budget = rows && *rows > 0 ? *rows : INT64_MAX;
  CellSetModel page;
  while (cell_budget > 0) {
    CELLAR_ASSIGN_OR_RETURN(bool more, Refill(*entry));
    if (!more) break;
    Cell& cell = entry->pending.front();
    if (page.rows.empty() || page.rows.back().key != cell.row) {
      if (static_cast<int64_t>(page.rows.size()) >= row_budget) break;
      page.rows.push_back(RowModel{cell.row, {}});
    }
    page.rows.back().cells.push_back(
        CellModel{cell.family + ":" + cell.qualifier, cell.timestamp, std::move(cell.value)});
    entry->pending.pop_front();
    --cell_budget;
  }
  if (page.rows.empty()) return std::optional<CellSetModel>();
  return std::optional<CellSetModel>(std::move(page));
}

Status ScannerRegistry::Remove(std::string_view table_name, std::string_view id) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mu_);
    auto it = scanners_.find(id);
    if (it == scanners_.end() || it->second->table_name != table_name) {
      return Status::NotFound("no scanner " + std::string(id) + " on table " +
                              std::string(table_name));
    }
    entry = std::move(it->second);
    scanners_.erase(it);
  }
  // Wait for a page in progress before the scanner goes (outside the map lock).
  std::lock_guard lock(entry->mu);
  return Status::Ok();
}

size_t ScannerRegistry::size() const {
  std::lock_guard lock(mu_);
  return scanners_.size();
}

}  // namespace cellar::server::rest
