// A targets file: one URL, path or schema name a line, checked line by line.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "strata/fleet.h"

namespace strata {
namespace {

std::string_view TrimmedLine(std::string_view line) {
  // A comment runs from '#' at the start, or from " #", to the end of the line.
  if (size_t hash = line.find(" #"); hash != std::string_view::npos) line = line.substr(0, hash);
  if (size_t hash = line.find("\t#"); hash != std::string_view::npos) line = line.substr(0, hash);
  const size_t first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos || line[first] == '#') return {};
  const size_t last = line.find_last_not_of(" \t\r");
  return line.substr(first, last - first + 1);
}

}  // namespace

Result<std::vector<FleetTarget>> ParseFleetTargets(std::string_view text, const std::string& file,
                                                   const std::string& base_url) {
  std::vector<FleetTarget> targets;
  std::map<std::string, int> line_of_url;
  int line_number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = TrimmedLine(text.substr(start, end - start));
    start = end + 1;
    ++line_number;
    if (line.empty()) continue;
    const std::string entry(line);
    auto url = FleetTargetUrl(base_url, entry);
    if (!url.ok()) {
      return Status(url.status().code(), fmt::format("{}:{}: {}", file, line_number, url.status().message()));
    }
    auto [it, added] = line_of_url.emplace(*url, line_number);
    if (!added) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("{}:{}: '{}' is the same target as line {}: list each target once", file,
                                line_number, RedactUrl(entry), it->second));
    }
    targets.push_back({RedactUrl(entry), *url, fmt::format("{}:{}", file, line_number)});
  }
  return targets;
}

Result<std::vector<FleetTarget>> ReadFleetTargets(const std::string& path, const std::string& base_url) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kIoError,
                  fmt::format("cannot read the targets file '{}': {}; write one URL, path or schema name a line",
                              path, std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto targets = ParseFleetTargets(text.str(), path, base_url);
  if (targets.ok() && targets->empty()) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("{}: lists no targets; write one URL, path or schema name a line", path));
  }
  return targets;
}

}  // namespace strata
