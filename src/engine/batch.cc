#include "engine/batch.h"

namespace strata {

Status Batch::Join() {
  if (open_) return Status::Ok();
  Status s = connection_.BeginBatch();
  if (!s.ok()) return Fail(s);
  open_ = true;
  first_step_ = report_.steps.size();
  return s;
}

Status Batch::End() {
  if (!open_) return Status::Ok();
  open_ = false;
  Status s = connection_.EndBatch();
  if (!s.ok()) {
    for (size_t i = first_step_; i < report_.steps.size(); ++i) {
      StepResult& step = report_.steps[i];
      if (step.outcome == StepOutcome::kApplied || step.outcome == StepOutcome::kReverted) {
        step.note = "not confirmed durable: the run's final commit failed";
      }
    }
    return Fail(s);
  }
  return s;
}

Status Batch::Fail(const Status& s) {
  if (report_.status.ok()) report_.status = s;
  return s;
}

}  // namespace strata
