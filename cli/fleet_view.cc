#include "cli/fleet_view.h"

#include <fmt/format.h>

#include <iostream>

#include "core/text.h"

namespace strata::cli {

std::string FleetRateAndEta(int finished, int total, int64_t elapsed_ms) {
  if (finished <= 0 || elapsed_ms <= 0) return "";
  const double rate = finished * 1000.0 / static_cast<double>(elapsed_ms);
  const int64_t eta_ms = static_cast<int64_t>((total - finished) / rate * 1000.0);
  return fmt::format("{:.1f} targets/s, ETA {}", rate, total == finished ? "0 s" : FormatDuration(eta_ms));
}

FleetView::FleetView(const Output& out, std::string verb)
    : out_(out), verb_(std::move(verb)), terminal_(out.stderr_is_terminal()) {}

std::string FleetView::Counts(const FleetProgress& p) const {
  const int finished = p.done + p.failed;
  std::string text = fmt::format("{} {}/{}: {} done, {} running, {} failed, {} remaining", verb_, finished, p.total,
                                 p.done, p.running, p.failed, p.total - finished - p.running);
  std::string rate = FleetRateAndEta(finished, p.total, p.elapsed_ms);
  return rate.empty() ? text : text + " (" + rate + ")";
}

void FleetView::Show(const FleetProgress& p) {
  const TargetResult& r = *p.result;
  const bool finished = p.kind == FleetProgress::Kind::kFinished;
  const bool failed = finished && r.outcome == TargetOutcome::kFailed;
  if (!terminal_) {
    if (!finished) return;
    std::string what = failed                      ? "failed: " + r.error.ToString()
                       : r.run                     ? fmt::format("{} {}", r.applied, r.run->dry_run ? "would apply" : "applied")
                                                   : "read";
    out_.Notice(Printable(fmt::format("[{}/{}] {} {} ({})", p.done + p.failed, p.total, r.target.name, what,
                                      FormatDuration(r.duration_ms))));
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  std::string above;
  if (failed) above = Printable(fmt::format("failed {}: {}", r.target.name, r.error.ToString())) + "\n";
  // Redrawn at most ten times a second, but always for a failure and for the last target.
  const bool last = finished && p.done + p.failed == p.total;
  if (above.empty() && !last && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  std::cerr << "\r\033[K" << above << Counts(p) << std::flush;
}

void FleetView::Finish() {
  if (terminal_ && drawn_) std::cerr << "\n" << std::flush;
  drawn_ = false;
}

}  // namespace strata::cli
