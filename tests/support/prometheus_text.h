// A strict reader of Prometheus's text exposition format 0.0.4, for tests of /metrics: it checks the
// format's rules as a scraper would and hands back the samples to assert on.
//
// Rules checked: every line ends with '\n'; "# HELP name text" and "# TYPE name type" at most once per
// metric, both before its first sample; types are counter, gauge, histogram, summary or untyped; names
// match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* and do not repeat in a sample;
// label values are quoted with only \\, \" and \n escaped; a metric's samples are contiguous; values
// are floats (or NaN, +Inf, -Inf), optionally followed by an integer timestamp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata::testing {

struct PrometheusSample {
  std::string name;
  std::map<std::string, std::string> labels;  // unescaped
  double value = 0;
};

struct PrometheusText {
  std::string error;  // the first rule broken, with its line; "" when the text is well-formed
  std::vector<PrometheusSample> samples;
  std::map<std::string, std::string> types;  // by metric name
  std::map<std::string, std::string> helps;

  // The value of the one sample of `name` with exactly `labels`; nothing when there is none.
  std::optional<double> Value(const std::string& name, const std::map<std::string, std::string>& labels = {}) const;
  int Count(const std::string& name) const;  // samples of `name`
};

PrometheusText ParsePrometheusText(const std::string& text);

}  // namespace strata::testing
