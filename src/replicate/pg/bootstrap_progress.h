#pragma once

// BootstrapProgress: the progress bar of `cellar pg bootstrap` on a terminal. A thread redraws
// one line about four times a second: tables done, rows copied of the planner's estimate, rows/s
// and the time left. Log lines printed while it runs go through Print, which clears the bar,
// prints the line and lets the next redraw bring the bar back. Thread-safe: the copy threads
// call AddTable, AddRows and Print at once.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace cellar::pg {

class BootstrapProgress {
 public:
  // Draws on "terminal" (borrowed; must outlive this object) for a copy of "tables" tables.
  BootstrapProgress(FILE* terminal, size_t tables);
  // Stops the redraws and leaves the last state on its own line.
  ~BootstrapProgress();

  // A table starts, with the planner's estimate of its rows (negative: unknown).
  void AddTable(int64_t estimated_rows);
  // A table is done.
  void TableDone() { tables_done_.fetch_add(1, std::memory_order_relaxed); }
  void AddRows(int64_t rows) { rows_.fetch_add(rows, std::memory_order_relaxed); }
  // Prints "line" (and a newline) above the bar.
  void Print(const std::string& line);

  // The bar's text for these counts ("copying 1/3 tables: 120,000 of ~300,000 rows (40%),
  // 60,000 rows/s, about 3 s left"). Public for tests.
  static std::string Render(size_t done, size_t tables, int64_t rows, int64_t estimate,
                            double seconds);

 private:
  void Run();
  void Draw();  // REQUIRES: mu_ held

  FILE* const terminal_;
  const size_t tables_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::atomic<size_t> tables_done_{0};
  std::atomic<int64_t> rows_{0};
  std::atomic<int64_t> estimate_{0};
  std::mutex mu_;  // serialises writes to the terminal
  std::condition_variable stop_cv_;
  bool stop_ = false;  // protected by mu_
  std::thread thread_;
};

}  // namespace cellar::pg
