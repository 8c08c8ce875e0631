// serve_bench: what `cellar serve` costs. N client threads (default 8) run the same three
// workloads on one store, in one process, through each path in turn, and the program prints ops/s
// for each and the ratio path/embedded:
//   embedded  the Table API of the Store (one Table per thread), the baseline;
//   thrift2   HBase's Thrift v2 gateway on loopback, driven by the raw generated C++ client
//             (TSocket + buffered transport + binary protocol, HBase's defaults), one connection
//             per thread;
//   rest      the REST gateway on loopback, an httplib client per thread (keep-alive,
//             TCP_NODELAY), JSON CellSets with base64, as HBase's REST clients send them;
//   remote    the remote backend (cellar/remote.h): a Table over ConnectRemote to the same Thrift2
//             gateway, one pooled socket per thread.
// Workloads: get one random single-cell row (preloaded, flushed and compacted); put one single-cell
// row; put batches of --batch-rows rows x --columns cells (putMultiple, one multi-row CellSet PUT,
// Table::Batch). The gateways and the clients share the machine's cores, so a ratio is what a
// caller on the same host sees, client-side encoding included.
//
// Why it is built this way (docs/benchmarks.md has the figures and how to run it):
//  - Each run is time-bounded (--seconds) and every thread starts on one latch after its
//    connection is open and has done one untimed request, so connects and first-request setup
//    are not timed. Each figure is the best of --repeat rounds; odd rounds run the paths in
//    reverse order.
//  - Every get is checked (one cell of --value-size bytes) and every write's answer too; after
//    the runs the first row each path wrote is read back through the store. A fast wrong answer
//    fails the run.

#include <httplib.h>
#include <stdlib.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSocket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <latch>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_flags.h"
#include "cellar/remote.h"
#include "cellar/store.h"
#include "cellar/table.h"
#include "server/rest/base64.h"
#include "server/rest/rest_gateway.h"
#include "server/thrift/thrift2_gateway.h"
#include "thrift2/THBaseService.h"

namespace cellar::bench {
namespace {

namespace t2 = ::apache::hadoop::hbase::thrift2;
using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view kTable = "serve_bench";
constexpr std::string_view kFamily = "f";

// Command-line settings. The defaults run in about 40 s on 2 cores.
struct Flags {
  int64_t threads = 8;       // client threads, each with its own connection
  int64_t rows = 100000;     // preloaded single-cell rows that the gets read
  double seconds = 3;        // length of each timed run
  int64_t batch_rows = 100;  // rows per batched put
  int64_t columns = 10;      // cells per row of a batched put
  int64_t value_size = 100;  // bytes per value
  int64_t workers = 64;      // gateway worker threads (GatewayOptions::workers, its default)
  int64_t repeat = 1;        // rounds; each figure is the best round
  std::string paths = "thrift2,rest,remote";  // measured beside the embedded store
  std::string workloads = "get,put,batch";    // which workloads to run, for profiling one
  std::string dir;  // parent of the scratch store; default: the system temp dir
};

// Declares the flags on "app", each writing into "f" (whose values are the defaults). Every
// number must be greater than 0.
void AddFlags(CLI::App& app, Flags& f) {
  ShowDefaults(app);
  app.add_option("--threads", f.threads, "client threads, each with its own connection")
      ->check(Positive());
  app.add_option("--rows", f.rows, "preloaded single-cell rows that the gets read")
      ->check(Positive());
  app.add_option("--seconds", f.seconds, "length of each timed run")->check(Positive());
  app.add_option("--batch-rows", f.batch_rows, "rows per batched put")->check(Positive());
  app.add_option("--columns", f.columns, "cells per row of a batched put")->check(Positive());
  app.add_option("--value-size", f.value_size, "bytes per value")->check(Positive());
  app.add_option("--workers", f.workers, "gateway worker threads")->check(Positive());
  app.add_option("--repeat", f.repeat, "rounds; each figure is the best round")->check(Positive());
  app.add_option("--paths", f.paths,
                 "paths measured beside the embedded store, which always runs "
                 "(--paths=embedded: it alone)")
      ->check(ListOf({"embedded", "thrift2", "rest", "remote"}));
  app.add_option("--workloads", f.workloads, "which workloads to run, for profiling one")
      ->check(ListOf({"get", "put", "batch"}));
  app.add_option("--dir", f.dir, "parent of the scratch store (default: the system temp dir)");
}

std::string RowKey(std::string_view prefix, int64_t thread, int64_t i) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*s%03lld-%010lld", static_cast<int>(prefix.size()),
                prefix.data(), static_cast<long long>(thread), static_cast<long long>(i));
  return buf;
}

std::string GetRowKey(int64_t i) { return RowKey("user", 0, i); }

std::string Qualifier(int64_t c) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "c%lld", static_cast<long long>(c));
  return buf;
}

// What one client thread does; one per thread and path. Each call is one request.
class Worker {
 public:
  virtual ~Worker() = default;
  // Reads "row" and checks that it holds one cell of "value_size" bytes.
  virtual Status Get(const std::string& row) = 0;
  // Writes one cell f:c0 = "value" to "row".
  virtual Status Put(const std::string& row, std::string_view value) = 0;
  // Writes "columns" cells f:c0.. = "value" to each of "rows", in one request.
  virtual Status PutBatch(std::span<const std::string> rows, std::string_view value) = 0;
};

// A way to reach the store: makes one Worker per client thread.
class Path {
 public:
  virtual ~Path() = default;
  virtual std::string_view name() const = 0;
  virtual Result<std::unique_ptr<Worker>> NewWorker() = 0;
};

struct Shape {
  size_t value_size;
  int64_t columns;
};

Status CheckValue(size_t got, size_t cells, const Shape& shape, const std::string& row) {
  if (cells == 1 && got == shape.value_size) return Status::Ok();
  return Status::Internal("row " + row + ": expected 1 cell of " +
                          std::to_string(shape.value_size) + " bytes, got " +
                          std::to_string(cells) + " cells (" + std::to_string(got) + " bytes)");
}

// --- embedded and remote: the Table API ---

class TableWorker final : public Worker {
 public:
  TableWorker(std::unique_ptr<Table> table, Shape shape)
      : table_(std::move(table)), shape_(shape) {}

  Status Get(const std::string& row) override {
    CELLAR_ASSIGN_OR_RETURN(RowResult r, table_->Get(cellar::Get(row)));
    return CheckValue(r.empty() ? 0 : r.cells()[0].value.size(), r.size(), shape_, row);
  }
  Status Put(const std::string& row, std::string_view value) override {
    return table_->Put(cellar::Put(row).AddColumn(std::string(kFamily), "c0", std::string(value)));
  }
  Status PutBatch(std::span<const std::string> rows, std::string_view value) override {
    std::vector<BatchAction> actions;
    actions.reserve(rows.size());
    for (const std::string& row : rows) {
      cellar::Put put(row);
      for (int64_t c = 0; c < shape_.columns; ++c) {
        put.AddColumn(std::string(kFamily), Qualifier(c), std::string(value));
      }
      actions.emplace_back(std::move(put));
    }
    for (const BatchResult& r : table_->Batch(actions)) CELLAR_RETURN_IF_ERROR(r.status);
    return Status::Ok();
  }

 private:
  std::unique_ptr<Table> table_;
  Shape shape_;
};

class TablePath final : public Path {
 public:
  TablePath(std::string name, Connection& connection, Shape shape)
      : name_(std::move(name)), connection_(connection), shape_(shape) {}
  std::string_view name() const override { return name_; }
  Result<std::unique_ptr<Worker>> NewWorker() override {
    CELLAR_ASSIGN_OR_RETURN(auto table, connection_.OpenTable(*TableName::Parse(kTable)));
    return std::unique_ptr<Worker>(new TableWorker(std::move(table), shape_));
  }

 private:
  std::string name_;
  Connection& connection_;  // borrowed; outlives the path
  Shape shape_;
};

// --- thrift2: the raw generated client ---

class Thrift2Worker final : public Worker {
 public:
  Thrift2Worker(int port, Shape shape) : shape_(shape) {
    using namespace apache::thrift;
    auto socket = std::make_shared<transport::TSocket>("127.0.0.1", port);
    socket->setRecvTimeout(60000);
    transport_ = std::make_shared<transport::TBufferedTransport>(socket);
    client_ = std::make_unique<t2::THBaseServiceClient>(
        std::make_shared<protocol::TBinaryProtocol>(transport_));
    transport_->open();
  }
  ~Thrift2Worker() override { transport_->close(); }

  Status Get(const std::string& row) override {
    return Call([&] {
      t2::TGet get;
      get.__set_row(row);
      t2::TResult result;
      client_->get(result, table_, get);
      size_t got = result.columnValues.empty() ? 0 : result.columnValues[0].value.size();
      return CheckValue(got, result.columnValues.size(), shape_, row);
    });
  }
  Status Put(const std::string& row, std::string_view value) override {
    return Call([&] {
      client_->put(table_, MakePut(row, std::string(value), 1));
      return Status::Ok();
    });
  }
  Status PutBatch(std::span<const std::string> rows, std::string_view value) override {
    return Call([&] {
      std::vector<t2::TPut> puts;
      puts.reserve(rows.size());
      const std::string v(value);
      for (const std::string& row : rows) puts.push_back(MakePut(row, v, shape_.columns));
      client_->putMultiple(table_, puts);
      return Status::Ok();
    });
  }

 private:
  static t2::TPut MakePut(const std::string& row, const std::string& value, int64_t columns) {
    t2::TPut put;
    put.row = row;
    put.columnValues.reserve(static_cast<size_t>(columns));
    for (int64_t c = 0; c < columns; ++c) {
      t2::TColumnValue cv;
      cv.__set_family(std::string(kFamily));
      cv.__set_qualifier(Qualifier(c));
      cv.__set_value(value);
      put.columnValues.push_back(std::move(cv));
    }
    return put;
  }
  template <typename Fn>
  Status Call(Fn fn) {
    try {
      return fn();
    } catch (const t2::TIOError& e) {
      return Status::Internal("thrift2: TIOError " + e.message);
    } catch (const std::exception& e) {
      return Status::Unavailable(std::string("thrift2: ") + e.what());
    }
  }

  Shape shape_;
  const std::string table_{kTable};
  std::shared_ptr<apache::thrift::transport::TTransport> transport_;
  std::unique_ptr<t2::THBaseServiceClient> client_;
};

class Thrift2Path final : public Path {
 public:
  Thrift2Path(int port, Shape shape) : port_(port), shape_(shape) {}
  std::string_view name() const override { return "thrift2"; }
  Result<std::unique_ptr<Worker>> NewWorker() override {
    try {
      return std::unique_ptr<Worker>(new Thrift2Worker(port_, shape_));
    } catch (const std::exception& e) {
      return Status::Unavailable(std::string("thrift2 connect: ") + e.what());
    }
  }

 private:
  int port_;
  Shape shape_;
};

// --- rest: httplib client, JSON CellSets ---

class RestWorker final : public Worker {
 public:
  RestWorker(int port, Shape shape) : client_("127.0.0.1", port), shape_(shape) {
    client_.set_keep_alive(true);
    client_.set_read_timeout(60, 0);
    // As curl, Java's HttpClient and node's http do: without it, a PUT's headers and body (two
    // writes) wait on the server's delayed ACK, 40 ms a request.
    client_.set_tcp_nodelay(true);
    for (int64_t c = 0; c < shape.columns; ++c) {
      columns_b64_.push_back(server::rest::Base64Encode(std::string(kFamily) + ":" + Qualifier(c)));
    }
  }

  Status Get(const std::string& row) override {
    httplib::Result res =
        client_.Get("/" + std::string(kTable) + "/" + row, {{"Accept", "application/json"}});
    CELLAR_RETURN_IF_ERROR(Check(res, "GET " + row));
    nlohmann::json body = nlohmann::json::parse(res->body, nullptr, /*allow_exceptions=*/false);
    const nlohmann::json* cells = nullptr;
    if (body.is_object() && body.contains("Row") && body["Row"].size() == 1) {
      cells = &body["Row"][0]["Cell"];
    }
    if (cells == nullptr || !cells->is_array()) {
      return Status::Internal("GET " + row + ": unexpected body " + res->body.substr(0, 200));
    }
    size_t got = 0;
    if (cells->size() == 1) {
      CELLAR_ASSIGN_OR_RETURN(
          std::string v, server::rest::Base64Decode((*cells)[0]["$"].get<std::string>(), "value"));
      got = v.size();
    }
    return CheckValue(got, cells->size(), shape_, row);
  }
  Status Put(const std::string& row, std::string_view value) override {
    nlohmann::json set = {{"Row", nlohmann::json::array({RowJson(row, value, 1)})}};
    return PutCellSet(row, set.dump());
  }
  Status PutBatch(std::span<const std::string> rows, std::string_view value) override {
    nlohmann::json list = nlohmann::json::array();
    for (const std::string& row : rows) list.push_back(RowJson(row, value, shape_.columns));
    // HBase's multi-row PUT: the rows' keys are in the body, the one in the path is a placeholder.
    return PutCellSet("fakerow", nlohmann::json{{"Row", std::move(list)}}.dump());
  }

 private:
  nlohmann::json RowJson(const std::string& row, std::string_view value, int64_t columns) const {
    std::string v = server::rest::Base64Encode(value);
    nlohmann::json cells = nlohmann::json::array();
    for (int64_t c = 0; c < columns; ++c) {
      cells.push_back({{"column", columns_b64_[static_cast<size_t>(c)]}, {"$", v}});
    }
    return {{"key", server::rest::Base64Encode(row)}, {"Cell", std::move(cells)}};
  }
  Status PutCellSet(const std::string& path_row, const std::string& body) {
    httplib::Result res = client_.Put("/" + std::string(kTable) + "/" + path_row,
                                      {{"Accept", "application/json"}}, body, "application/json");
    return Check(res, "PUT " + path_row);
  }
  static Status Check(const httplib::Result& res, const std::string& what) {
    if (!res) return Status::Unavailable("rest " + what + ": " + httplib::to_string(res.error()));
    if (res->status != 200) {
      return Status::Internal("rest " + what + ": HTTP " + std::to_string(res->status) + " " +
                              res->body.substr(0, 200));
    }
    return Status::Ok();
  }

  httplib::Client client_;
  Shape shape_;
  std::vector<std::string> columns_b64_;
};

class RestPath final : public Path {
 public:
  RestPath(int port, Shape shape) : port_(port), shape_(shape) {}
  std::string_view name() const override { return "rest"; }
  Result<std::unique_ptr<Worker>> NewWorker() override {
    return std::unique_ptr<Worker>(new RestWorker(port_, shape_));
  }

 private:
  int port_;
  Shape shape_;
};

// --- the timed runs ---

enum class Workload { kGet, kPut, kBatch };
constexpr Workload kWorkloads[] = {Workload::kGet, Workload::kPut, Workload::kBatch};

struct Figure {
  double per_second = 0;          // ops/s (cells/s for kBatch)
  double p50_us = 0, p99_us = 0;  // request latency
};

// What one thread does in one run: requests until the deadline, each timed.
struct ThreadRun {
  Status status;
  int64_t requests = 0;
  std::vector<float> latency_us;
};

Status OneRequest(Worker& w, Workload workload, const Flags& f, int64_t thread, int64_t i,
                  std::string_view tag, std::mt19937_64& rng, std::string_view value,
                  std::vector<std::string>& batch) {
  switch (workload) {
    case Workload::kGet:
      return w.Get(GetRowKey(static_cast<int64_t>(rng() % static_cast<uint64_t>(f.rows))));
    case Workload::kPut:
      return w.Put(RowKey(std::string("put-") + std::string(tag) + "-", thread, i), value);
    case Workload::kBatch:
      for (int64_t r = 0; r < f.batch_rows; ++r) {
        batch[static_cast<size_t>(r)] =
            RowKey(std::string("batch-") + std::string(tag) + "-", thread, i * f.batch_rows + r);
      }
      return w.PutBatch(batch, value);
  }
  return Status::Ok();
}

// Runs "workload" through "path" with f.threads threads for f.seconds. "tag" keeps the rows each
// run writes apart ("<path><round>").
Result<Figure> RunOnce(Path& path, Workload workload, const Flags& f, const std::string& tag,
                       const std::string& values) {
  const auto threads = static_cast<size_t>(f.threads);
  std::vector<std::unique_ptr<Worker>> workers;
  for (size_t t = 0; t < threads; ++t) {
    CELLAR_ASSIGN_OR_RETURN(auto w, path.NewWorker());
    // One untimed request opens the connection and warms it up; it is overwritten later.
    CELLAR_RETURN_IF_ERROR(w->Get(GetRowKey(static_cast<int64_t>(t) % f.rows)));
    workers.push_back(std::move(w));
  }
  std::vector<ThreadRun> runs(threads);
  std::latch start(static_cast<std::ptrdiff_t>(threads) + 1);
  SteadyClock::time_point deadline;
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::mt19937_64 rng(t * 7919 + 1);
      std::vector<std::string> batch(static_cast<size_t>(f.batch_rows));
      ThreadRun& run = runs[t];
      run.latency_us.reserve(1 << 16);
      start.arrive_and_wait();
      for (int64_t i = 0; SteadyClock::now() < deadline; ++i) {
        size_t offset = static_cast<size_t>(rng() % static_cast<uint64_t>(f.value_size));
        std::string_view value(values.data() + offset, static_cast<size_t>(f.value_size));
        auto begin = SteadyClock::now();
        run.status = OneRequest(*workers[t], workload, f, static_cast<int64_t>(t), i, tag, rng,
                                value, batch);
        auto end = SteadyClock::now();
        if (!run.status.ok()) return;
        run.latency_us.push_back(std::chrono::duration<float, std::micro>(end - begin).count());
        ++run.requests;
      }
    });
  }
  auto began = SteadyClock::now();
  deadline = began + std::chrono::duration_cast<SteadyClock::duration>(
                         std::chrono::duration<double>(f.seconds));
  start.arrive_and_wait();
  for (std::thread& t : pool) t.join();
  const double elapsed = std::chrono::duration<double>(SteadyClock::now() - began).count();
  std::vector<float> latency;
  int64_t requests = 0;
  for (ThreadRun& r : runs) {
    CELLAR_RETURN_IF_ERROR(r.status.WithContext(std::string(path.name())));
    requests += r.requests;
    latency.insert(latency.end(), r.latency_us.begin(), r.latency_us.end());
  }
  std::sort(latency.begin(), latency.end());
  Figure fig;
  const double units = workload == Workload::kBatch ? double(f.batch_rows * f.columns) : 1.0;
  fig.per_second = double(requests) * units / elapsed;
  if (!latency.empty()) {
    fig.p50_us = latency[latency.size() / 2];
    fig.p99_us = latency[std::min(latency.size() - 1, latency.size() * 99 / 100)];
  }
  return fig;
}

// --- setup, checks and the report ---

bool InList(const std::string& list, std::string_view name) {
  return ("," + list + ",").find("," + std::string(name) + ",") != std::string::npos;
}

bool Selected(Workload w, const Flags& f) {
  return InList(f.workloads, w == Workload::kGet ? "get" : w == Workload::kPut ? "put" : "batch");
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "serve_bench: %s: %s\n", what, r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

void Must(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "serve_bench: %s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

// Creates the table and writes the rows the gets read, then flushes and compacts (untimed).
void Preload(Store& store, const Flags& f, const std::string& values) {
  TableDescriptor desc;
  desc.name = *TableName::Parse(kTable);
  desc.families.push_back(ColumnFamilyDescriptor{.name = std::string(kFamily)});
  Must(store.admin().CreateTable(desc), "create table");
  auto table = Must(store.OpenTable(desc.name), "open table");
  std::vector<BatchAction> batch;
  for (int64_t i = 0; i < f.rows; ++i) {
    std::string value =
        values.substr(static_cast<size_t>(i % f.value_size), static_cast<size_t>(f.value_size));
    batch.emplace_back(Put(GetRowKey(i)).AddColumn(std::string(kFamily), "c0", std::move(value)));
    if (batch.size() == 1000 || i + 1 == f.rows) {
      for (const BatchResult& r : table->Batch(batch)) Must(r.status, "preload");
      batch.clear();
    }
  }
  Must(store.admin().Flush(desc.name), "flush");
  Must(store.admin().MajorCompact(desc.name), "compact");
}

// Reads back the first row each write run of "tag" wrote, through the store.
void CheckWritten(Table& table, const std::string& tag, const Flags& f) {
  for (const std::string& row :
       {RowKey("put-" + tag + "-", 0, 0), RowKey("batch-" + tag + "-", 0, 0)}) {
    RowResult r = Must(table.Get(Get(row)), "read back");
    bool is_batch = row.rfind("batch-", 0) == 0;
    if (r.size() != static_cast<size_t>(is_batch ? f.columns : 1)) {
      Must(Status::Internal("row " + row + " has " + std::to_string(r.size()) + " cells"),
           "read back");
    }
  }
}

const char* WorkloadName(Workload w, const Flags& f, std::string& buf) {
  switch (w) {
    case Workload::kGet:
      return "get 1 row       ops/s";
    case Workload::kPut:
      return "put 1 cell      ops/s";
    case Workload::kBatch:
      buf = "put " + std::to_string(f.batch_rows) + "x" + std::to_string(f.columns) + "   cells/s";
      buf.resize(21, ' ');
      return buf.c_str();
  }
  return "";
}

void PrintReport(const std::vector<Path*>& paths, const std::vector<std::vector<Figure>>& best,
                 const Flags& f) {
  std::printf("\n%-21s", "workload");
  for (Path* p : paths) std::printf(" %12.*s", int(p->name().size()), p->name().data());
  std::printf("   ratio to embedded:");
  for (size_t p = 1; p < paths.size(); ++p)
    std::printf(" %8.*s", int(paths[p]->name().size()), paths[p]->name().data());
  std::printf("\n");
  std::string buf;
  for (size_t w = 0; w < std::size(kWorkloads); ++w) {
    if (!Selected(kWorkloads[w], f)) continue;
    std::printf("%-21s", WorkloadName(kWorkloads[w], f, buf));
    for (size_t p = 0; p < paths.size(); ++p) std::printf(" %12.0f", best[w][p].per_second);
    std::printf("   %18s", "");
    for (size_t p = 1; p < paths.size(); ++p) {
      std::printf(" %8.3f", best[w][p].per_second / best[w][0].per_second);
    }
    std::printf("\n");
  }
  std::printf("\nrequest latency p50 / p99, microseconds (same runs)\n%-21s", "workload");
  for (Path* p : paths) std::printf(" %17.*s", int(p->name().size()), p->name().data());
  std::printf("\n");
  for (size_t w = 0; w < std::size(kWorkloads); ++w) {
    if (!Selected(kWorkloads[w], f)) continue;
    std::string name = WorkloadName(kWorkloads[w], f, buf);
    std::printf("%-21s", name.substr(0, name.find("  ")).c_str());
    for (size_t p = 0; p < paths.size(); ++p) {
      std::printf(" %8.0f /%8.0f", best[w][p].p50_us, best[w][p].p99_us);
    }
    std::printf("\n");
  }
}

int Main(int argc, char** argv) {
  Flags f;
  CLI::App app{"`cellar serve`'s gateways and the remote backend against the embedded Table API",
               "serve_bench"};
  AddFlags(app, f);
  if (std::optional<int> code = ParseBenchFlags(app, argc, argv)) return *code;
  namespace fs = std::filesystem;
  std::string templ =
      ((f.dir.empty() ? fs::temp_directory_path() : fs::path(f.dir)) / "serve-bench-XXXXXX")
          .string();
  if (mkdtemp(templ.data()) == nullptr) Must(Status::Internal("mkdtemp " + templ), "scratch dir");
  const fs::path dir = templ;

  std::mt19937_64 rng(42);
  std::string values(static_cast<size_t>(f.value_size) * 2, '\0');
  for (char& c : values) c = static_cast<char>(rng());

  auto store = Must(Store::Open((dir / "store").string()), "open store");
  auto t0 = SteadyClock::now();
  Preload(*store, f, values);
  std::printf("serve_bench: %lld rows preloaded, flushed and compacted in %.1f s\n",
              static_cast<long long>(f.rows),
              std::chrono::duration<double>(SteadyClock::now() - t0).count());

  server::ThriftGatewayOptions thrift_options;
  thrift_options.port = 0;
  thrift_options.workers = static_cast<int>(f.workers);
  auto thrift2 = server::MakeThrift2Gateway(*store, thrift_options);
  Must(thrift2->Start(), "start thrift2 gateway");
  server::GatewayOptions rest_options;
  rest_options.port = 0;
  rest_options.workers = static_cast<int>(f.workers);
  auto rest = server::MakeRestGateway(*store, rest_options);
  Must(rest->Start(), "start rest gateway");

  const Shape shape{static_cast<size_t>(f.value_size), f.columns};
  std::unique_ptr<Connection> remote;
  if (InList(f.paths, "remote")) {
    RemoteOptions o;
    o.host = "127.0.0.1";
    o.port = thrift2->port();
    o.connections = static_cast<int>(f.threads);
    remote = Must(ConnectRemote(o), "connect remote");
  }
  TablePath embedded_path("embedded", *store, shape);
  Thrift2Path thrift2_path(thrift2->port(), shape);
  RestPath rest_path(rest->port(), shape);
  std::optional<TablePath> remote_path;
  std::vector<Path*> paths = {&embedded_path};
  if (InList(f.paths, "thrift2")) paths.push_back(&thrift2_path);
  if (InList(f.paths, "rest")) paths.push_back(&rest_path);
  if (remote) paths.push_back(&remote_path.emplace("remote", *remote, shape));

  std::printf(
      "serve_bench: %lld client threads, %.1f s per run, %lld round(s), %lld gateway "
      "workers, %lld-byte values, batches of %lld rows x %lld cells\n",
      static_cast<long long>(f.threads), f.seconds, static_cast<long long>(f.repeat),
      static_cast<long long>(f.workers), static_cast<long long>(f.value_size),
      static_cast<long long>(f.batch_rows), static_cast<long long>(f.columns));
  std::vector<std::vector<Figure>> best(std::size(kWorkloads), std::vector<Figure>(paths.size()));
  auto check_table = Must(store->OpenTable(*TableName::Parse(kTable)), "open table");
  for (int64_t round = 0; round < f.repeat; ++round) {
    for (size_t w = 0; w < std::size(kWorkloads); ++w) {
      if (!Selected(kWorkloads[w], f)) continue;
      for (size_t k = 0; k < paths.size(); ++k) {
        size_t p = round % 2 == 0 ? k : paths.size() - 1 - k;
        std::string tag = std::string(paths[p]->name()) + std::to_string(round);
        Figure fig = Must(RunOnce(*paths[p], kWorkloads[w], f, tag, values), "run");
        std::string buf;
        std::printf("  round %lld  %-21s %-9.*s %12.0f  (p50 %.0f us, p99 %.0f us)\n",
                    static_cast<long long>(round + 1), WorkloadName(kWorkloads[w], f, buf),
                    int(paths[p]->name().size()), paths[p]->name().data(), fig.per_second,
                    fig.p50_us, fig.p99_us);
        std::fflush(stdout);
        if (fig.per_second > best[w][p].per_second) best[w][p] = fig;
      }
    }
    if (Selected(Workload::kPut, f) && Selected(Workload::kBatch, f)) {
      for (Path* p : paths)
        CheckWritten(*check_table, std::string(p->name()) + std::to_string(round), f);
    }
  }
  PrintReport(paths, best, f);

  check_table.reset();
  remote_path.reset();
  if (remote) (void)remote->Close();
  remote.reset();
  rest->Stop();
  thrift2->Stop();
  (void)store->Close();
  store.reset();
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  return 0;
}

}  // namespace
}  // namespace cellar::bench

int main(int argc, char** argv) { return cellar::bench::Main(argc, argv); }
