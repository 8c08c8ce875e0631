#include "replicate/pg/bootstrap_progress.h"

#include <algorithm>
#include <chrono>

namespace cellar::pg {
namespace {

// 1234567 -> "1,234,567".
std::string Grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace

BootstrapProgress::BootstrapProgress(FILE* terminal, size_t tables)
    : terminal_(terminal), tables_(tables), thread_([this] { Run(); }) {}

BootstrapProgress::~BootstrapProgress() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
  std::lock_guard lock(mu_);
  Draw();
  std::fputc('\n', terminal_);
  std::fflush(terminal_);
}

void BootstrapProgress::AddTable(int64_t estimated_rows) {
  if (estimated_rows > 0) estimate_.fetch_add(estimated_rows, std::memory_order_relaxed);
}

void BootstrapProgress::Print(const std::string& line) {
  std::lock_guard lock(mu_);
  std::fprintf(terminal_, "\r\033[K%s\n", line.c_str());
  Draw();
}

std::string BootstrapProgress::Render(size_t done, size_t tables, int64_t rows, int64_t estimate,
                                      double seconds) {
  std::string text = "copying " + std::to_string(done) + "/" + std::to_string(tables) +
                     " tables: " + Grouped(rows);
  // The planner's estimate is old statistics; never show more than 99% before the end.
  if (estimate > 0) {
    int64_t percent = std::min<int64_t>(99, rows * 100 / std::max<int64_t>(estimate, 1));
    text += " of ~" + Grouped(std::max(estimate, rows)) + " rows (" + std::to_string(percent) +
            "%)";
  } else {
    text += " rows";
  }
  if (seconds > 0.5 && rows > 0) {
    double rate = rows / seconds;
    text += ", " + Grouped(static_cast<int64_t>(rate)) + " rows/s";
    if (estimate > rows) {
      text += ", about " + std::to_string(static_cast<int64_t>((estimate - rows) / rate) + 1) +
              " s left";
    }
  }
  return text;
}

void BootstrapProgress::Draw() {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string text = Render(tables_done_.load(std::memory_order_relaxed), tables_,
                            rows_.load(std::memory_order_relaxed),
                            estimate_.load(std::memory_order_relaxed), seconds);
  std::fprintf(terminal_, "\r\033[K%s", text.c_str());
  std::fflush(terminal_);
}

void BootstrapProgress::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    Draw();
    stop_cv_.wait_for(lock, std::chrono::milliseconds(250), [&] { return stop_; });
  }
}

}  // namespace cellar::pg
