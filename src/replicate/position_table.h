#pragma once

// PositionTable: where replicators keep their source positions, in the target store itself
// (table cellar:replication, family "p", one row per job), so a position is written in the same
// atomic write as the changes it covers. Thread-safe as the Connection is.

#include <map>
#include <optional>
#include <string>

#include "cellar/connection.h"

namespace cellar::replicate {

inline const TableName kPositionTable{"cellar", "replication"};
inline constexpr char kPositionFamily[] = "p";

class PositionTable {
 public:
  // "store" is borrowed and must outlive this object.
  explicit PositionTable(Connection& store) : store_(store) {}

  // Creates namespace "cellar" and the table when missing.
  Status Ensure();
  // The fields of "job" (empty when it has none).
  Result<std::map<std::string, std::string>> Read(const std::string& job);
  // A row mutation that sets "fields" of "job", to commit together with data.
  TableRowMutations Write(const std::string& job,
                          const std::map<std::string, std::string>& fields) const;
  // Removes every field of "job".
  Status Clear(const std::string& job);

 private:
  Connection& store_;
};

}  // namespace cellar::replicate
