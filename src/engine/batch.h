// A batch: consecutive atomic steps share one flush to disk (Session::BeginBatch), so a run of many
// small migrations does not wait for the disk after each. Each step stays atomic; the run reports
// success only once the batch's final commit made it durable.
#pragma once

#include "strata/driver.h"
#include "strata/report.h"

namespace strata {

// A step outside a transaction ends the batch first, so that its `running` record is durable before it
// starts. A failure to begin or end is also the report's status (if it has none yet).
class Batch {
 public:
  Batch(Connection& connection, RunReport& report) : connection_(connection), report_(report) {}

  // Opens a batch unless one is open.
  Status Join();
  // Ends the open batch, if any; when its final commit fails, the steps reported applied in it are
  // marked not confirmed.
  Status End();

 private:
  Status Fail(const Status& s);

  Connection& connection_;
  RunReport& report_;
  bool open_ = false;
  size_t first_step_ = 0;
};

}  // namespace strata
