// A batched migration's checkpoint: how far its batches got, kept beside the history
// (HistoryStore::SetMeta under "batch:<version>") and written in the same transaction as each batch, so
// it never says more or less than what committed. Its `running` record's error names it (kBatchNote),
// which is how a reader of the history alone (the planner) knows the step can be resumed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "strata/history.h"
#include "strata/status.h"

namespace strata {

// How a batched step's `running` record's error begins while a checkpoint stands behind it.
inline constexpr char kBatchNote[] = "batch checkpoint: ";
inline constexpr char kBatchRevertNote[] = "batch checkpoint (reverting): ";

struct BatchCheckpoint {
  bool revert = false;
  std::string table;       // the key's table, as written in the statement
  std::string key;         // the key column
  std::string min, max;    // the key's range when the step started; fixed for the whole step
  std::string last;        // the last key done; empty before the first batch
  int64_t rows_done = 0;   // rows of the table in the ranges done
  int64_t rows_total = 0;  // count(*) of the table when the step started
  int64_t batches = 0;

  // "41% (4.1M of 10M rows)".
  std::string Describe() const;
  int Percent() const;
};

std::string BatchMetaKey(const std::string& version);
std::string ToJson(const BatchCheckpoint& checkpoint);
// Nothing for "" (no checkpoint); kInvalidHistory for what strata did not write.
Result<std::optional<BatchCheckpoint>> ParseCheckpoint(const std::string& json);

// Whether `record` is a batched step's, stopped between batches of its up part.
bool HasUpCheckpoint(const HistoryRecord& record);
// Whether `record` is a batched step's, stopped between batches of its down part.
bool HasRevertCheckpoint(const HistoryRecord& record);

// "4.1M", "950k", "123".
std::string ShortCount(int64_t n);

}  // namespace strata
