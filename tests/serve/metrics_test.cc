// /metrics rendering (pure) and the strictness of the test's own Prometheus reader.
#include "serve/metrics.h"

#include <gtest/gtest.h>

#include "support/prometheus_text.h"

namespace strata {
namespace {

TEST(MetricsTest, LabelValuesAreEscapedAndTheTextParses) {
  serve::Snapshot s;
  s.health.status = "healthy";
  s.health.current_version = "20261122093000";
  s.health.last_applied_at = "2026-11-22T09:30:00.500Z";
  MigrationState m;
  m.version = "20261122093000";
  m.name = "quote\"back\\slash\nnewline";
  m.status = "applied";
  m.duration_ms = 1250;
  s.report.migrations.push_back(m);
  s.lock_holder = "pid 42";
  std::string text = serve::PrometheusMetrics(s);
  testing::PrometheusText parsed = testing::ParsePrometheusText(text);
  ASSERT_EQ(parsed.error, "") << text;
  EXPECT_EQ(parsed.Value("strata_migration_duration_seconds", {{"version", m.version}, {"name", m.name}}), 1.25);
  EXPECT_EQ(parsed.Value("strata_current_version"), 20261122093000.0);
  EXPECT_EQ(parsed.Value("strata_last_apply_timestamp_seconds"), 1795339800.5);
  EXPECT_EQ(parsed.Value("strata_lock_held"), 1);
  EXPECT_EQ(parsed.Value("strata_health_status", {{"status", "healthy"}}), 1);
  EXPECT_EQ(parsed.Value("strata_health_status", {{"status", "dirty"}}), 0);
  for (const auto& sample : parsed.samples) EXPECT_EQ(sample.name.rfind("strata_", 0), 0u) << sample.name;
}

TEST(MetricsTest, AVersionThatIsNotANumberHasOnlyItsInfo) {
  serve::Snapshot s;
  s.health.status = "healthy";
  s.health.current_version = "1.2";
  testing::PrometheusText parsed = testing::ParsePrometheusText(serve::PrometheusMetrics(s));
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.Count("strata_current_version"), 0);
  EXPECT_EQ(parsed.Value("strata_current_version_info", {{"version", "1.2"}}), 1);
}

TEST(PrometheusTextTest, TheReaderRefusesWhatScrapersRefuse) {
  const std::string head = "# HELP m_x help\n# TYPE m_x gauge\n";
  EXPECT_EQ(testing::ParsePrometheusText(head + "m_x 1\n").error, "");
  EXPECT_EQ(testing::ParsePrometheusText(head + "m_x{a=\"1\",b=\"q\\\"\"} -Inf 123\n").error, "");
  for (const std::string& bad : {std::string("m_x 1\n"),                     // no HELP/TYPE
                                 head + "m_x 1",                             // no final newline
                                 head + "m_x abc\n",                         // not a float
                                 head + "m_x{a=1} 1\n",                      // unquoted label value
                                 head + "m_x{a=\"\\t\"} 1\n",                // invalid escape
                                 head + "m_x{a=\"1\",a=\"2\"} 1\n",          // repeated label
                                 head + "m_x{1a=\"1\"} 1\n",                 // invalid label name
                                 head + "m_x 1\n# TYPE m_x gauge\n",         // TYPE after samples
                                 head + "# TYPE m_x counter\nm_x 1\n",       // second TYPE
                                 std::string("# HELP 9x h\n# TYPE 9x gauge\n9x 1\n"),  // invalid name
                                 head + "# TYPE m_x untyped\n",
                                 head + "# HELP m_y y\n# TYPE m_y gauge\nm_x 1\nm_y 2\nm_x 3\n"}) {  // not together
    EXPECT_NE(testing::ParsePrometheusText(bad).error, "") << bad;
  }
}

}  // namespace
}  // namespace strata
