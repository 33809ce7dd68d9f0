// How a batched migration's progress (Progress::kBatch, kBatchWaiting) is drawn: a bar redrawn in place
// with rate and ETA on a terminal, at most one plain line a second otherwise (a log of a 1,000-batch
// migration should not hold 1,000 lines). Both on stderr; nothing with --json.
#pragma once

#include <chrono>
#include <string>

#include "cli/output.h"
#include "strata/engine.h"

namespace strata::cli {

class BatchProgressView {
 public:
  explicit BatchProgressView(const Output& out) : out_(out) {}
  // Draws `p` if it is a batch event; ends the bar on the step's kFinished or kFailed.
  void Show(const Progress& p);

 private:
  const Output& out_;
  std::chrono::steady_clock::time_point last_{};
  bool bar_open_ = false;
};

// "41% (4.1M of 10M rows), 52k rows/s, 2m 3s left".
std::string DescribeBatchProgress(const Progress& p);

}  // namespace strata::cli
