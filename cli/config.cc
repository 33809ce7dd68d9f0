#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "cli/context.h"

extern char** environ;

namespace strata::cli {
namespace {

const char* Env(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

Status ConfigError(std::string message) { return Status(StatusCode::kInvalidArgument, std::move(message)); }

// DATABASE_URL from a dotenv file: KEY=VALUE lines, optional `export `, optional quotes, # comments.
Result<std::string> DatabaseUrlFromDotenv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::string();
  static const std::regex kLine(R"(^\s*(?:export\s+)?DATABASE_URL\s*=\s*(.*?)\s*$)");
  std::string line;
  std::string value;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::smatch m;
    if (!std::regex_match(line, m, kLine)) continue;
    value = m[1].str();
    if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
      size_t close = value.find(value.front(), 1);
      std::string after = close == std::string::npos ? "" : value.substr(close + 1);
      size_t rest = after.find_first_not_of(" \t");
      if (close == std::string::npos || (rest != std::string::npos && after[rest] != '#')) {
        return ConfigError(fmt::format("{}:{}: DATABASE_URL has an unterminated quote or text after it", path,
                                       line_no));
      }
      value = value.substr(1, close - 1);
    } else if (size_t hash = value.find(" #"); hash != std::string::npos) {
      value = value.substr(0, hash);
    }
  }
  return value;
}

struct TomlConfig {
  std::string url, dir, table, seeds_dir, dump_after_up;
  std::map<std::string, std::string> variables;
  std::map<std::string, lint::RuleSetting> rules;
  std::string fail_on;
};

// [lint]: fail_on = "error" and [lint.rules]: RULE = "off" | "info" | "warning" | "error".
Status ReadLintTable(const std::string& path, const toml::node& node, TomlConfig& config) {
  const toml::table* lint_table = node.as_table();
  if (!lint_table) return ConfigError(fmt::format("{}: 'lint' must be a table ([lint])", path));
  for (auto&& [key, value] : *lint_table) {
    std::string k(key.str());
    int line = static_cast<int>(value.source().begin.line);
    if (k == "fail_on") {
      auto text = value.value<std::string>();
      if (!text || (*text != "none" && !lint::ParseSeverity(*text))) {
        return ConfigError(fmt::format("{}:{}: lint.fail_on must be \"error\", \"warning\", \"info\" or \"none\"", path, line));
      }
      config.fail_on = *text;
    } else if (k == "rules") {
      const toml::table* rules = value.as_table();
      if (!rules) return ConfigError(fmt::format("{}:{}: lint.rules must be a table ([lint.rules])", path, line));
      for (auto&& [rule, setting] : *rules) {
        std::string id(rule.str());
        int rule_line = static_cast<int>(setting.source().begin.line);
        if (!lint::FindRule(id)) {
          return ConfigError(fmt::format("{}:{}: lint.rules names no rule '{}'; `strata lint --rules` lists them", path,
                                         rule_line, id));
        }
        auto text = setting.value<std::string>();
        lint::RuleSetting s;
        if (text && *text == "off") {
          s.enabled = false;
        } else if (text && lint::ParseSeverity(*text)) {
          s.severity = lint::ParseSeverity(*text);
        } else {
          return ConfigError(fmt::format("{}:{}: lint.rules.{} must be \"off\", \"info\", \"warning\" or \"error\"",
                                         path, rule_line, id));
        }
        config.rules[id] = s;
      }
    } else {
      return ConfigError(fmt::format("{}:{}: unknown key 'lint.{}'; [lint] has fail_on and the [lint.rules] table", path, line, k));
    }
  }
  return Status::Ok();
}

Result<TomlConfig> ReadToml(const std::string& path, bool required) {
  TomlConfig config;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (required) return ConfigError(fmt::format("config file '{}' does not exist", path));
    return config;
  }
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return ConfigError(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  for (auto&& [key, node] : table) {
    std::string k(key.str());
    if (k == "url" || k == "dir" || k == "table" || k == "seeds_dir" || k == "dump_after_up") {
      auto value = node.value<std::string>();
      if (!value) return ConfigError(fmt::format("{}: '{}' must be a string", path, k));
      (k == "url"             ? config.url
       : k == "dir"           ? config.dir
       : k == "table"         ? config.table
       : k == "dump_after_up" ? config.dump_after_up
                              : config.seeds_dir) = *value;
    } else if (k == "vars") {
      const toml::table* vars = node.as_table();
      if (!vars) return ConfigError(fmt::format("{}: 'vars' must be a table ([vars])", path));
      for (auto&& [name, value] : *vars) {
        if (auto s = value.value<std::string>()) {
          config.variables[std::string(name.str())] = *s;
        } else if (auto i = value.value<int64_t>()) {
          config.variables[std::string(name.str())] = std::to_string(*i);
        } else {
          return ConfigError(fmt::format("{}: vars.{} must be a string or an integer", path, name.str()));
        }
      }
    } else if (k == "lint") {
      STRATA_RETURN_IF_ERROR(ReadLintTable(path, node, config));
    } else {
      return ConfigError(fmt::format(
          "{}: unknown key '{}'; known keys are url, dir, table, seeds_dir, dump_after_up and the [vars] and [lint] "
          "tables", path, k));
    }
  }
  return config;
}

// The URL and where it came from: --url, $DATABASE_URL, ./.env, strata.toml.
Result<std::pair<std::string, std::string>> ResolveUrl(const GlobalOptions& options, const std::string& toml_url) {
  if (!options.url.empty()) return std::pair{options.url, std::string("--url")};
  if (const char* url = Env("DATABASE_URL")) return std::pair{std::string(url), std::string("DATABASE_URL")};
  auto dotenv = DatabaseUrlFromDotenv(".env");
  if (!dotenv.ok()) return dotenv.status();
  if (!dotenv->empty()) return std::pair{*dotenv, std::string(".env")};
  if (!toml_url.empty()) return std::pair{toml_url, std::string("strata.toml")};
  return ConfigError(
      "no database URL: pass --url, set DATABASE_URL (in the environment or ./.env), or put url = \"...\" in "
      "strata.toml; for example --url sqlite:db/app.db");
}

}  // namespace

Result<Config> ResolveConfig(const GlobalOptions& options, bool need_url) {
  bool explicit_config = !options.config_path.empty();
  auto toml = ReadToml(explicit_config ? options.config_path : "strata.toml", explicit_config);
  if (!toml.ok()) return toml.status();

  Config config;
  // Commands that never connect skip this, so a broken .env cannot stop `new` or `list`.
  if (need_url) {
    auto url = ResolveUrl(options, toml->url);
    if (!url.ok()) return url.status();
    config.url = url->first;
    config.url_source = url->second;
  }

  if (!options.dir.empty()) {
    config.dir = options.dir;
  } else if (const char* dir = Env("STRATA_DIR")) {
    config.dir = dir;
  } else {
    config.dir = toml->dir.empty() ? "db/migrations" : toml->dir;
  }
  if (!options.table.empty()) {
    config.table = options.table;
  } else if (const char* table = Env("STRATA_TABLE")) {
    config.table = table;
  } else {
    config.table = toml->table.empty() ? "strata_migrations" : toml->table;
  }
  if (const char* seeds = Env("STRATA_SEEDS_DIR")) {
    config.seeds_dir = seeds;
  } else {
    config.seeds_dir = toml->seeds_dir.empty() ? "db/seeds" : toml->seeds_dir;
  }
  if (!options.environment.empty()) {
    config.environment = options.environment;
  } else if (const char* env = Env("STRATA_ENV")) {
    config.environment = env;
  }
  config.dump_after_up = toml->dump_after_up;
  config.lint_rules = toml->rules;
  config.lint_fail_on = toml->fail_on;

  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    constexpr std::string_view kPrefix = "STRATA_VAR_";
    size_t eq = entry.find('=');
    if (entry.substr(0, kPrefix.size()) != kPrefix || eq == std::string_view::npos) continue;
    config.variables[std::string(entry.substr(kPrefix.size(), eq - kPrefix.size()))] =
        std::string(entry.substr(eq + 1));
  }
  for (const auto& [name, value] : toml->variables) config.variables[name] = value;
  for (const std::string& set : options.sets) {
    size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      return ConfigError(fmt::format("--set '{}' is not NAME=VALUE", set));
    }
    config.variables[set.substr(0, eq)] = set.substr(eq + 1);
  }
  return config;
}

}  // namespace strata::cli
