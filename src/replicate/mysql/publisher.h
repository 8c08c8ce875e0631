#pragma once

// `cellar mysql publish`: writes staged dumps (staged_dump.h) to the tables NS:<table>, one
// version per dump: every cell carries its dump's time in ms, so a read with a time range
// ending at a dump's time + 1 shows the table as of that dump.
//
// Each table has one family "f" (KEEP_DELETED_CELLS on, versions unlimited by default) and one
// column per MySQL column, primary-key columns included; row keys are row_codec.h's.
//
// What a publish of dump D (time T) of table X writes, with P and N the published dumps of X
// just before and after D:
//   at T:      diff(P -> D)   (everything when there is no P)
//   at N's time: diff(D -> N)  (only when D is published after N: out of order)
// where diff(A -> B) = Puts of the cells of B that are new or changed, DeleteColumns of the
// columns that became NULL, DeleteFamily of the rows that B no longer has, all at B's time. A
// marker at time t masks only cells <= t, so the table read as of any published dump's time is
// that dump: by induction, the state between two published times never changes, and the second
// diff repairs what the first one changed for the times >= N.
// Chunks staged under the same hash in A and B hold the same rows and are not parsed (tables
// with a primary key and the same CREATE TABLE in both dumps). The first, in-order publish of a
// table into the embedded store, when the table is empty, goes through a BulkLoader (durable at
// its Finish, before the dump is marked published). Otherwise rows are written 1000 at a time
// through Connection::MutateAtomically, cells in qualifier order; into the embedded store that
// holds the staging tables, without the WAL, the table being flushed before the dump is marked
// published. The tables of one dump are published in parallel (PublishOptions::threads); dumps
// one after the other. Publishing is idempotent: a crash half-way is repaired by publishing
// again. Thread-compatible: one Publish at a time per namespace.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cellar/status.h"
#include "cellar/store.h"

namespace cellar::mysql {

// The family of the published tables.
inline constexpr char kPublishedFamily[] = "f";

struct PublishOptions {
  // The namespace NS (the staged dumps are in NS_staging). Required.
  std::string ns;
  // The dump to publish, by dump time in ms. Default: every staged dump not yet published,
  // oldest first.
  std::optional<int64_t> dump_time_ms{};
  // Only these tables (empty: all) / all but these tables.
  std::vector<std::string> include{};
  std::vector<std::string> exclude{};
  // VERSIONS of the family of tables created by publish. Default: Integer.MAX_VALUE (unlimited).
  int32_t max_versions = 2147483647;
  // Write numeric columns in HBase's Bytes encodings (type_map.h) instead of their text.
  // Default: false (MySQL's text form).
  bool binary_numbers = false;
  // Tables of one dump published at once, each by its own thread. Default: the number of cores.
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

struct PublishReport {
  int64_t dump_time_ms = 0;
  std::string table;
  bool already_published = false;
  bool out_of_order = false;  // a newer dump of the table was published before
  bool bulk_loaded = false;   // written by a BulkLoader (first, in-order, into an empty table)
  int64_t bulk_files = 0;          // table files the BulkLoader added
  int64_t bulk_streamed_runs = 0;  // of its files, those it streamed (rows came in key order)
  uint64_t chunks_skipped = 0;
  uint64_t chunks_parsed = 0;
  uint64_t rows_new = 0;
  uint64_t rows_changed = 0;
  uint64_t rows_deleted = 0;
  uint64_t cells_put = 0;
  uint64_t cells_deleted = 0;
};

// Publishes per "options". Returns one report per dump and table. NotFound for an unknown
// namespace or dump; InvalidArgument (naming the table, chunk and row) for rows that do not fit
// their CREATE TABLE; the tables stay readable for the dumps published before.
// The staged dumps are read from (and marked published in) "staging"; the tables are written
// through "target" (the same store, or a remote HBase).
Result<std::vector<PublishReport>> Publish(Store& staging, Connection& target,
                                           const PublishOptions& options);
// Publishes into the store that holds the staged dumps.
inline Result<std::vector<PublishReport>> Publish(Store& store, const PublishOptions& options) {
  return Publish(store, store, options);
}

}  // namespace cellar::mysql
