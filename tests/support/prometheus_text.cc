#include "support/prometheus_text.h"

#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

namespace strata::testing {
namespace {

bool IsMetricName(const std::string& name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

bool IsLabelName(const std::string& name) { return IsMetricName(name) && name.find(':') == std::string::npos; }

std::optional<double> FloatOf(const std::string& text) {
  if (text == "NaN") return std::nan("");
  if (text == "+Inf" || text == "Inf") return INFINITY;
  if (text == "-Inf") return -INFINITY;
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  // strtod also takes "inf", "nan" and hex floats, which the format does not.
  if (*end != '\0' || text.find_first_of("xXnN") != std::string::npos || text.find("inf") != std::string::npos) {
    return std::nullopt;
  }
  return v;
}

// Reads `{a="x",b="y"}` from line[at], leaving `at` after the '}'. Returns an error or "".
std::string ReadLabels(const std::string& line, size_t& at, std::map<std::string, std::string>& labels) {
  ++at;  // '{'
  while (true) {
    if (at >= line.size()) return "unterminated label set";
    if (line[at] == '}') {
      ++at;
      return "";
    }
    size_t eq = line.find('=', at);
    if (eq == std::string::npos) return "label without '='";
    std::string name = line.substr(at, eq - at);
    if (!IsLabelName(name)) return "invalid label name '" + name + "'";
    if (labels.count(name)) return "label '" + name + "' repeated";
    at = eq + 1;
    if (at >= line.size() || line[at] != '"') return "label value of '" + name + "' not quoted";
    ++at;
    std::string value;
    while (true) {
      if (at >= line.size()) return "unterminated label value of '" + name + "'";
      char c = line[at++];
      if (c == '"') break;
      if (c == '\\') {
        if (at >= line.size()) return "dangling backslash";
        char e = line[at++];
        if (e == '\\') value += '\\';
        else if (e == '"') value += '"';
        else if (e == 'n') value += '\n';
        else return std::string("invalid escape \\") + e + " in label value";
      } else {
        value += c;
      }
    }
    labels[name] = value;
    if (at < line.size() && line[at] == ',') ++at;
    else if (at < line.size() && line[at] != '}') return "labels not separated by ','";
  }
}

}  // namespace

std::optional<double> PrometheusText::Value(const std::string& name, const std::map<std::string, std::string>& labels) const {
  for (const PrometheusSample& s : samples) {
    if (s.name == name && s.labels == labels) return s.value;
  }
  return std::nullopt;
}

int PrometheusText::Count(const std::string& name) const {
  int n = 0;
  for (const PrometheusSample& s : samples) n += s.name == name;
  return n;
}

PrometheusText ParsePrometheusText(const std::string& text) {
  PrometheusText out;
  if (!text.empty() && text.back() != '\n') {
    out.error = "the last line does not end with a newline";
    return out;
  }
  std::set<std::string> sampled, finished;
  std::string current;  // the metric whose samples are being read
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  auto fail = [&out, &number, &line](const std::string& why) {
    out.error = "line " + std::to_string(number) + ": " + why + ": " + line;
    return out;
  };
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::istringstream words(line);
      std::string hash, keyword, name;
      words >> hash >> keyword >> name;
      if (keyword != "HELP" && keyword != "TYPE") continue;  // a plain comment
      if (!IsMetricName(name)) return fail("invalid metric name");
      if (sampled.count(name)) return fail(keyword + " after the metric's samples");
      std::string rest;
      std::getline(words, rest);
      if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
      if (keyword == "HELP") {
        if (out.helps.count(name)) return fail("a second HELP");
        for (size_t i = 0; i < rest.size(); ++i) {
          if (rest[i] == '\\' && (i + 1 >= rest.size() || (rest[i + 1] != '\\' && rest[i + 1] != 'n'))) {
            return fail("invalid escape in HELP");
          }
          if (rest[i] == '\\') ++i;
        }
        out.helps[name] = rest;
      } else {
        static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary", "untyped"};
        if (out.types.count(name)) return fail("a second TYPE");
        if (!kTypes.count(rest)) return fail("unknown type");
        out.types[name] = rest;
      }
      continue;
    }
    PrometheusSample sample;
    size_t at = line.find_first_of("{ ");
    if (at == std::string::npos) return fail("a sample without a value");
    sample.name = line.substr(0, at);
    if (!IsMetricName(sample.name)) return fail("invalid metric name");
    if (line[at] == '{') {
      std::string error = ReadLabels(line, at, sample.labels);
      if (!error.empty()) return fail(error);
    }
    if (at >= line.size() || line[at] != ' ') return fail("no space before the value");
    std::istringstream rest(line.substr(at + 1));
    std::string value, timestamp, extra;
    rest >> value >> timestamp >> extra;
    std::optional<double> v = FloatOf(value);
    if (!v) return fail("value is not a float");
    if (!timestamp.empty() && timestamp.find_first_not_of("-0123456789") != std::string::npos) {
      return fail("timestamp is not an integer");
    }
    if (!extra.empty()) return fail("more after the timestamp");
    if (!out.types.count(sample.name) || !out.helps.count(sample.name)) return fail("a sample before its HELP and TYPE");
    if (sample.name != current) {
      if (finished.count(sample.name)) return fail("the metric's samples are not together");
      if (!current.empty()) finished.insert(current);
      current = sample.name;
    }
    sampled.insert(sample.name);
    sample.value = *v;
    out.samples.push_back(std::move(sample));
  }
  return out;
}

}  // namespace strata::testing
