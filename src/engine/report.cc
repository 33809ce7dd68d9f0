#include "strata/report.h"

namespace strata {

const char* StepOutcomeName(StepOutcome outcome) {
  switch (outcome) {
    case StepOutcome::kApplied:
      return "applied";
    case StepOutcome::kReverted:
      return "reverted";
    case StepOutcome::kFailed:
      return "failed";
    case StepOutcome::kSkipped:
      return "skipped";
    case StepOutcome::kWouldApply:
      return "would_apply";
    case StepOutcome::kWouldRevert:
      return "would_revert";
    case StepOutcome::kUntested:
      return "untested";
  }
  return "unknown";
}

const char* ProblemKindName(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kModified:
      return "modified";
    case ProblemKind::kMissing:
      return "missing";
    case ProblemKind::kOutOfOrder:
      return "out_of_order";
    case ProblemKind::kFailed:
      return "failed";
    case ProblemKind::kInterrupted:
      return "interrupted";
    case ProblemKind::kBrokenObject:
      return "broken_object";
    case ProblemKind::kUnknownRequirement:
      return "unknown_requirement";
    case ProblemKind::kCycle:
      return "cycle";
    case ProblemKind::kBaseline:
      return "baseline";
  }
  return "unknown";
}

int RunReport::Count(StepOutcome outcome) const {
  int n = 0;
  for (const StepResult& s : steps) n += s.outcome == outcome;
  return n;
}

}  // namespace strata
