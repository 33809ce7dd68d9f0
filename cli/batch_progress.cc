#include "cli/batch_progress.h"

#include <fmt/format.h>

#include <cstdio>

#include "engine/batch_checkpoint.h"

namespace strata::cli {

std::string DescribeBatchProgress(const Progress& p) {
  const int percent = p.rows_total > 0 ? static_cast<int>(p.rows_done * 100 / p.rows_total) : 100;
  std::string text = fmt::format("{}% ({} of {} rows)", percent, ShortCount(p.rows_done), ShortCount(p.rows_total));
  if (p.rows_per_second > 0) text += fmt::format(", {} rows/s", ShortCount(static_cast<int64_t>(p.rows_per_second)));
  if (p.eta_ms >= 0) text += fmt::format(", {} left", FormatDuration(p.eta_ms));
  return text;
}

void BatchProgressView::Show(const Progress& p) {
  using Kind = Progress::Kind;
  if (out_.json) return;
  const bool terminal = out_.stderr_is_terminal();
  if ((p.kind == Kind::kFinished || p.kind == Kind::kFailed) && bar_open_) {
    std::fputs("\n", stderr);
    bar_open_ = false;
    return;
  }
  if (p.kind != Kind::kBatch && p.kind != Kind::kBatchWaiting) return;
  const auto now = std::chrono::steady_clock::now();
  const bool last = p.kind == Kind::kBatch && p.rows_done >= p.rows_total;
  const auto every = terminal ? std::chrono::milliseconds(100) : std::chrono::milliseconds(1000);
  if (!last && now - last_ < every) return;
  last_ = now;
  std::string line = fmt::format("{} {} {}: {}", p.revert ? "reverting" : "applying", p.version, p.name,
                                 DescribeBatchProgress(p));
  if (p.kind == Kind::kBatchWaiting) line += " — waiting: " + p.detail;
  if (!terminal) {
    out_.Notice(line);
    return;
  }
  const int percent = p.rows_total > 0 ? static_cast<int>(p.rows_done * 100 / p.rows_total) : 100;
  const int filled = std::min(30, percent * 30 / 100);
  std::string bar = "[" + std::string(filled, '#') + std::string(30 - filled, '.') + "] ";
  std::fprintf(stderr, "\r\033[K%s%s", bar.c_str(), line.c_str());
  std::fflush(stderr);
  bar_open_ = true;
}

}  // namespace strata::cli
