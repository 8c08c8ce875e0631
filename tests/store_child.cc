// A child process for durability_test: `store_child write DIR` creates table t and writes rows
// with SYNC_WAL forever, printing each acknowledged row number as a 4-byte integer on stdout;
// `store_child hold DIR` opens the store, prints 1 (or 0 on failure) and waits for stdin to close.
// `store_child bulk DIR` creates table t and bulk-loads rows row0..row999 (spilling to scratch
// files), prints 1 before Finish and waits for stdin to close; `store_child bulk-finish DIR`
// does the same but finishes the load before printing 2 and waiting. `bulk-stream` and
// `bulk-stream-finish` do the same with rows row0000..row0999 of 2 KB, whose ascending keys are
// streamed into a run file by the loader's stream thread.

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "cellar/store.h"

using namespace cellar;

static void WriteInt(int32_t v) { (void)!write(1, &v, sizeof(v)); }

static void WaitForStdinToClose() {
  char c;
  while (read(0, &c, 1) > 0) {
  }
}

static int BulkLoad(Store& store, bool finish, bool streamed) {
  ColumnFamilyDescriptor f;
  f.name = "f";
  if (!store.admin().CreateTable(TableDescriptor{{"default", "t"}, {f}}).ok()) return 3;
  BulkLoadOptions options;
  options.memory_budget_bytes = streamed ? 64 << 20 : 16 << 10;
  auto loader = store.NewBulkLoader(TableName{"default", "t"}, options);
  if (!loader.ok()) return 5;
  for (int32_t i = 0; i < 1000; ++i) {
    char row[16];
    std::snprintf(row, sizeof(row), streamed ? "row%04d" : "row%d", i);
    Put put(row, 10);
    put.AddColumn("f", "q", std::string(streamed ? 2000 : 100, 'x') + std::to_string(i));
    if (!(*loader)->Add(put).ok()) return 6;
  }
  if (finish && !(*loader)->Finish().ok()) return 7;
  WriteInt(finish ? 2 : 1);
  WaitForStdinToClose();  // killed here
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 3) return 64;
  auto store = Store::Open(argv[2]);
  if (std::strcmp(argv[1], "hold") == 0) {
    WriteInt(store.ok() ? 1 : 0);
    WaitForStdinToClose();
    return 0;
  }
  if (!store.ok()) return 2;
  const std::string mode = argv[1];
  if (mode == "bulk") return BulkLoad(**store, /*finish=*/false, /*streamed=*/false);
  if (mode == "bulk-finish") return BulkLoad(**store, /*finish=*/true, /*streamed=*/false);
  if (mode == "bulk-stream") return BulkLoad(**store, /*finish=*/false, /*streamed=*/true);
  if (mode == "bulk-stream-finish") return BulkLoad(**store, /*finish=*/true, /*streamed=*/true);
  ColumnFamilyDescriptor f;
  f.name = "f";
  if (!(*store)->admin().CreateTable(TableDescriptor{{"default", "t"}, {f}}).ok()) return 3;
  auto table = (*store)->OpenTable(TableName{"default", "t"});
  for (int32_t i = 0;; ++i) {
    Put put("row" + std::to_string(i));
    put.AddColumn("f", "q", std::string(100, 'x') + std::to_string(i))
        .SetDurability(Durability::kSyncWal);
    if (!(*table)->Put(put).ok()) return 4;
    WriteInt(i);  // acknowledged
  }
}
