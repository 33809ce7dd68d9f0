#include "serve/metrics.h"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <optional>

namespace strata::serve {
namespace {

// The lines of one metric family: HELP and TYPE first, then its samples.
class MetricFamily {
 public:
  MetricFamily(std::string* out, const std::string& name, const std::string& help) : out_(out), name_(name) {
    *out_ += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
  }
  void Sample(double value, const std::string& labels = "") {
    *out_ += fmt::format("{}{} {}\n", name_, labels.empty() ? "" : "{" + labels + "}", value);
  }

 private:
  std::string* out_;
  std::string name_;
};

// Unix seconds of "2026-11-22T09:30:00.123Z" (NowUtc's form, or with a space for the T).
std::optional<double> UnixSecondsOf(const std::string& iso) {
  std::tm tm{};
  int millis = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d.%3d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &millis) < 6) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(timegm(&tm)) + millis / 1000.0;
}

// A version made only of digits (001, 20261122093000) as a number; others (1.2, V3_a) have none.
std::optional<double> NumericVersion(const std::string& version) {
  if (version.empty() || version.size() > 15) return std::nullopt;  // beyond 15 digits a double rounds
  for (char c : version) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stod(version);
}

}  // namespace

std::string PrometheusLabelValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string PrometheusMetrics(const Snapshot& s) {
  std::string out;
  const Health& h = s.health;
  MetricFamily(&out, "strata_up", "1 when strata read the database for this scrape").Sample(1);
  MetricFamily(&out, "strata_healthy", "1 when every migration is applied and nothing is wrong, else 0")
      .Sample(h.healthy() ? 1 : 0);
  MetricFamily status(&out, "strata_health_status", "1 for the current health status (healthy, pending, failed, dirty, in_progress)");
  for (const char* name : {"healthy", "pending", "failed", "dirty", "in_progress"}) {
    status.Sample(h.status == name ? 1 : 0, fmt::format("status=\"{}\"", name));
  }
  MetricFamily(&out, "strata_migrations_known", "Migrations in the files or the history").Sample(h.total);
  MetricFamily(&out, "strata_migrations_applied", "Migrations applied").Sample(h.applied);
  MetricFamily(&out, "strata_migrations_pending", "Migrations waiting to be applied").Sample(h.pending);
  MetricFamily(&out, "strata_migrations_failed", "Migrations whose last attempt failed").Sample(h.failed);
  if (auto number = NumericVersion(h.current_version)) {
    MetricFamily(&out, "strata_current_version", "The newest applied version, as a number").Sample(*number);
  }
  if (!h.current_version.empty()) {
    MetricFamily(&out, "strata_current_version_info", "The newest applied version, as written, in its label")
        .Sample(1, fmt::format("version=\"{}\"", PrometheusLabelValue(h.current_version)));
  }
  if (auto at = UnixSecondsOf(h.last_applied_at)) {
    MetricFamily(&out, "strata_last_apply_timestamp_seconds", "When the migration applied last was applied, in Unix time")
        .Sample(*at);
  }
  MetricFamily durations(&out, "strata_migration_duration_seconds", "How long the last run of each applied migration took");
  for (const MigrationState& m : s.report.migrations) {
    if (m.status != "applied") continue;
    durations.Sample(m.duration_ms / 1000.0, fmt::format("version=\"{}\",name=\"{}\"", PrometheusLabelValue(m.version),
                                                         PrometheusLabelValue(m.name)));
  }
  MetricFamily(&out, "strata_lock_held", "1 while a runner holds the migration lock").Sample(s.lock_holder.empty() ? 0 : 1);
  return out;
}

}  // namespace strata::serve
