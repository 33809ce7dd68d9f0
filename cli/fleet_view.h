// The live view of a fleet run on stderr: targets done, running, failed and remaining, the rate and the
// time left. On a terminal one status line is redrawn in place (failures are printed above it as they
// happen); elsewhere each finished target is one plain line, for logs.
#pragma once

#include <chrono>
#include <string>

#include "cli/output.h"
#include "strata/fleet.h"

namespace strata::cli {

class FleetView {
 public:
  // `verb`: what is done to each target ("up", "status"), for the lines.
  FleetView(const Output& out, std::string verb);
  // REQUIRES: calls one at a time (FleetOptions::on_progress is).
  void Show(const FleetProgress& progress);
  // Ends the status line, so that what follows starts on a line of its own.
  void Finish();

 private:
  std::string Counts(const FleetProgress& progress) const;

  const Output& out_;
  std::string verb_;
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

// "3.2/s, ETA 57 s" from `finished` of `total` in `elapsed_ms`; "" before anything finished.
std::string FleetRateAndEta(int finished, int total, int64_t elapsed_ms);

}  // namespace strata::cli
