// Resolving the configuration: flags, then the environment, then ./.env, then strata.toml (the selected
// [environments.NAME] over the top level), then defaults; each setting remembers which one it came from.
#include <fmt/format.h>
#include <toml++/toml.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "cli/context.h"
#include "strata/startup.h"

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
  std::string line;
  std::string value;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    // [spaces] [export spaces] DATABASE_URL [spaces] = [spaces] VALUE [spaces]
    auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    size_t at = 0;
    auto skip_spaces = [&] { while (at < line.size() && space(line[at])) ++at; };
    skip_spaces();
    if (line.compare(at, 6, "export") == 0 && at + 6 < line.size() && space(line[at + 6])) {
      at += 6;
      skip_spaces();
    }
    if (line.compare(at, 12, "DATABASE_URL") != 0) continue;
    at += 12;
    skip_spaces();
    if (at >= line.size() || line[at] != '=') continue;
    ++at;
    skip_spaces();
    size_t end = line.size();
    while (end > at && space(line[end - 1])) --end;
    value = line.substr(at, end - at);
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

// What one level of strata.toml sets: the top level, or one [environments.NAME] table.
struct TomlLevel {
  std::optional<std::string> url, dir, table, seeds_dir, dump_after_up, fail_on;
  std::optional<std::string> lock, lease_ttl, lock_url, max_migration_time;
  std::optional<double> lock_timeout, ddl_lock_timeout;
  std::optional<bool> recursive, backups;
  std::map<std::string, std::string> variables;
  std::map<std::string, lint::RuleSetting> rules;
};

struct TomlConfig {
  bool found = false;
  TomlLevel top;
  std::map<std::string, TomlLevel> environments;  // [environments.NAME]
};

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// [lint]: fail_on = "error" and [lint.rules]: RULE = "off" | "info" | "warning" | "error". `prefix` is
// "" at the top level, "environments.NAME." in an environment.
Status ReadLintTable(const std::string& path, const std::string& prefix, const toml::node& node, TomlLevel& level) {
  const toml::table* lint_table = node.as_table();
  if (!lint_table) return ConfigError(fmt::format("{}:{}: '{}lint' must be a table ([{}lint])", path, LineOf(node), prefix, prefix));
  for (auto&& [key, value] : *lint_table) {
    std::string k(key.str());
    int line = LineOf(value);
    if (k == "fail_on") {
      auto text = value.value<std::string>();
      if (!text || (*text != "none" && !lint::ParseSeverity(*text))) {
        return ConfigError(fmt::format("{}:{}: {}lint.fail_on must be \"error\", \"warning\", \"info\" or \"none\"",
                                       path, line, prefix));
      }
      level.fail_on = *text;
    } else if (k == "rules") {
      const toml::table* rules = value.as_table();
      if (!rules) return ConfigError(fmt::format("{}:{}: {}lint.rules must be a table ([{}lint.rules])", path, line, prefix, prefix));
      for (auto&& [rule, setting] : *rules) {
        std::string id(rule.str());
        int rule_line = LineOf(setting);
        if (!lint::FindRule(id)) {
          return ConfigError(fmt::format("{}:{}: {}lint.rules names no rule '{}'; `strata lint --rules` lists them",
                                         path, rule_line, prefix, id));
        }
        auto text = setting.value<std::string>();
        lint::RuleSetting s;
        if (text && *text == "off") {
          s.enabled = false;
        } else if (text && lint::ParseSeverity(*text)) {
          s.severity = lint::ParseSeverity(*text);
        } else {
          return ConfigError(fmt::format("{}:{}: {}lint.rules.{} must be \"off\", \"info\", \"warning\" or \"error\"",
                                         path, rule_line, prefix, id));
        }
        level.rules[id] = s;
      }
    } else {
      return ConfigError(fmt::format("{}:{}: unknown key '{}lint.{}'; [lint] has fail_on and the [lint.rules] table",
                                     path, line, prefix, k));
    }
  }
  return Status::Ok();
}

Status ReadEnvironments(const std::string& path, const toml::node& node, TomlConfig& config);

// One level's keys. The top level may also hold [environments.NAME] tables; an environment may not.
Status ReadLevel(const std::string& path, const std::string& prefix, const toml::table& table, TomlLevel& level,
                 TomlConfig* config) {
  for (auto&& [key, node] : table) {
    std::string k(key.str());
    int line = LineOf(node);
    const std::map<std::string, std::optional<std::string> TomlLevel::*> strings = {
        {"url", &TomlLevel::url},
        {"dir", &TomlLevel::dir},
        {"table", &TomlLevel::table},
        {"seeds_dir", &TomlLevel::seeds_dir},
        {"dump_after_up", &TomlLevel::dump_after_up},
        {"lock", &TomlLevel::lock},
        {"lease_ttl", &TomlLevel::lease_ttl},
        {"lock_url", &TomlLevel::lock_url},
        {"max_migration_time", &TomlLevel::max_migration_time}};
    if (auto field = strings.find(k); field != strings.end()) {
      auto value = node.value<std::string>();
      if (!node.is_string() || !value) {
        return ConfigError(fmt::format("{}:{}: '{}{}' must be a string (in quotes)", path, line, prefix, k));
      }
      level.*(field->second) = *value;
    } else if (k == "lock_timeout" || k == "ddl_lock_timeout") {
      auto value = node.value<double>();
      if (!(node.is_integer() || node.is_floating_point()) || !value) {
        return ConfigError(fmt::format("{}:{}: '{}{}' must be a number of seconds (without quotes)", path, line,
                                       prefix, k));
      }
      (k == "lock_timeout" ? level.lock_timeout : level.ddl_lock_timeout) = *value;
    } else if (k == "recursive" || k == "backups") {
      auto value = node.value<bool>();
      if (!node.is_boolean() || !value) {
        return ConfigError(fmt::format("{}:{}: '{}{}' must be true or false (without quotes)", path, line, prefix, k));
      }
      (k == "recursive" ? level.recursive : level.backups) = *value;
    } else if (k == "vars") {
      const toml::table* vars = node.as_table();
      if (!vars) return ConfigError(fmt::format("{}:{}: '{}vars' must be a table ([{}vars])", path, line, prefix, prefix));
      for (auto&& [name, value] : *vars) {
        if (auto s = value.value<std::string>()) {
          level.variables[std::string(name.str())] = *s;
        } else if (auto i = value.value<int64_t>()) {
          level.variables[std::string(name.str())] = std::to_string(*i);
        } else {
          return ConfigError(fmt::format("{}:{}: {}vars.{} must be a string or an integer", path, LineOf(value),
                                         prefix, name.str()));
        }
      }
    } else if (k == "lint") {
      STRATA_RETURN_IF_ERROR(ReadLintTable(path, prefix, node, level));
    } else if (k == "environments" && config) {
      STRATA_RETURN_IF_ERROR(ReadEnvironments(path, node, *config));
    } else {
      return ConfigError(fmt::format(
          "{}:{}: unknown key '{}{}'; known keys are url, dir, table, seeds_dir, dump_after_up, recursive, lock, "
          "lease_ttl, lock_url, lock_timeout, ddl_lock_timeout, max_migration_time, backups and the [vars] and [lint] "
          "tables{}",
          path, line, prefix, k, config ? " (and [environments.NAME])" : ""));
    }
  }
  return Status::Ok();
}

// [environments.production], [environments.staging], ...: each a table of the top level's keys.
Status ReadEnvironments(const std::string& path, const toml::node& node, TomlConfig& config) {
  const toml::table* environments = node.as_table();
  if (!environments) {
    return ConfigError(fmt::format("{}:{}: 'environments' must hold tables, e.g. [environments.production]", path,
                                   LineOf(node)));
  }
  for (auto&& [name, value] : *environments) {
    std::string env_name(name.str());
    const toml::table* settings = value.as_table();
    if (!settings) {
      return ConfigError(fmt::format("{}:{}: 'environments.{}' must be a table ([environments.{}]) of url, dir, "
                                     "table, ...",
                                     path, LineOf(value), env_name, env_name));
    }
    STRATA_RETURN_IF_ERROR(ReadLevel(path, "environments." + env_name + ".", *settings,
                                     config.environments[env_name], nullptr));
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
  config.found = true;
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return ConfigError(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  STRATA_RETURN_IF_ERROR(ReadLevel(path, "", table, config.top, &config));
  return config;
}

// The environment's name and its source: --environment (--env), else STRATA_ENVIRONMENT or STRATA_ENV,
// which must agree when both are set.
Result<std::pair<std::string, std::string>> SelectEnvironment(const GlobalOptions& options) {
  if (!options.environment.empty()) return std::pair{options.environment, std::string("--environment")};
  const char* long_name = Env("STRATA_ENVIRONMENT");
  const char* short_name = Env("STRATA_ENV");
  if (long_name && short_name && std::string_view(long_name) != short_name) {
    return ConfigError(fmt::format("STRATA_ENVIRONMENT is '{}' but STRATA_ENV is '{}'; set one of them (or pass "
                                   "--environment NAME, which wins over both)",
                                   long_name, short_name));
  }
  if (long_name) return std::pair{std::string(long_name), std::string("env STRATA_ENVIRONMENT")};
  if (short_name) return std::pair{std::string(short_name), std::string("env STRATA_ENV")};
  return std::pair{std::string(), std::string("default")};
}

// strata.toml's value of one setting: the selected environment's, else the top level's.
template <typename T>
std::optional<std::pair<T, std::string>> FromToml(const TomlConfig& toml, const TomlLevel* environment,
                                                  const std::string& file, const std::string& environment_name,
                                                  std::optional<T> TomlLevel::*field) {
  if (environment && environment->*field) {
    return std::pair{*(environment->*field), fmt::format("{} [environments.{}]", file, environment_name)};
  }
  if (toml.top.*field) return std::pair{*(toml.top.*field), file};
  return std::nullopt;
}

}  // namespace

Result<Config> ResolveConfig(const GlobalOptions& options, UrlNeed need_url) {
  bool explicit_config = !options.config_path.empty();
  const std::string file = explicit_config ? options.config_path : "strata.toml";
  auto toml = ReadToml(file, explicit_config);
  if (!toml.ok()) return toml.status();

  Config config;
  config.config_file = toml->found ? file : "";
  config.sources["config_file"] = explicit_config ? "--config" : "default";

  auto environment = SelectEnvironment(options);
  if (!environment.ok()) return environment.status();
  config.environment = environment->first;
  config.sources["environment"] = environment->second;
  const TomlLevel* level = nullptr;
  if (!config.environment.empty() && !toml->environments.empty()) {
    auto it = toml->environments.find(config.environment);
    if (it == toml->environments.end()) {
      std::string known;
      for (const auto& [name, unused] : toml->environments) known += (known.empty() ? "" : ", ") + name;
      return ConfigError(fmt::format("environment '{}' (from {}) is not in {}; its environments are: {}. Add "
                                     "[environments.{}] or pick one of those",
                                     config.environment, environment->second, file, known, config.environment));
    }
    level = &it->second;
  }
  auto from_toml = [&](auto field) { return FromToml(*toml, level, file, config.environment, field); };

  // Commands that never connect skip this, so a broken .env cannot stop `new` or `list`.
  if (need_url != UrlNeed::kSkip) {
    if (!options.url.empty()) {
      config.url = options.url;
      config.url_source = "--url";
    } else if (const char* url = Env("DATABASE_URL")) {
      config.url = url;
      config.url_source = "DATABASE_URL";
    } else {
      auto dotenv = DatabaseUrlFromDotenv(".env");
      if (!dotenv.ok()) return dotenv.status();
      if (!dotenv->empty()) {
        config.url = *dotenv;
        config.url_source = ".env";
      } else if (auto url = from_toml(&TomlLevel::url)) {
        std::tie(config.url, config.url_source) = *url;
      } else if (need_url == UrlNeed::kRequired) {
        return ConfigError(
            "no database URL: pass --url, set DATABASE_URL (in the environment or ./.env), or put url = \"...\" in "
            "strata.toml; for example --url sqlite:db/app.db");
      }
    }
    config.sources["url"] = config.url_source == "DATABASE_URL" ? "env DATABASE_URL"
                            : config.url.empty()                ? "none"
                                                                : config.url_source;
  }

  // A string setting: its flag, else its variable, else strata.toml, else the default.
  auto pick = [&](const std::string& key, const std::string& flag_value, const std::string& flag,
                  const char* variable, std::optional<std::string> TomlLevel::*field, const std::string& fallback,
                  std::string& out) {
    std::string& source = config.sources[key];
    if (!flag_value.empty()) {
      out = flag_value;
      source = flag;
    } else if (const char* value = variable ? Env(variable) : nullptr) {
      out = value;
      source = fmt::format("env {}", variable);
    } else if (auto value = from_toml(field)) {
      std::tie(out, source) = *value;
    } else {
      out = fallback;
      source = "default";
    }
  };
  pick("dir", options.dir, "--dir", "STRATA_DIR", &TomlLevel::dir, "db/migrations", config.dir);
  pick("table", options.table, "--table", "STRATA_TABLE", &TomlLevel::table, "strata_migrations", config.table);
  pick("seeds_dir", "", "", "STRATA_SEEDS_DIR", &TomlLevel::seeds_dir, "db/seeds", config.seeds_dir);
  pick("dump_after_up", options.dump, "--dump", nullptr, &TomlLevel::dump_after_up, "", config.dump_after_up);
  pick("lock", options.lock, "--lock", "STRATA_LOCK", &TomlLevel::lock, "auto", config.lock);
  pick("lease_ttl", options.lease_ttl, "--lease-ttl", "STRATA_LEASE_TTL", &TomlLevel::lease_ttl, "", config.lease_ttl);
  pick("lock_url", options.lock_url, "--lock-url", nullptr, &TomlLevel::lock_url, "", config.lock_url);
  pick("max_migration_time", options.max_migration_time, "--max-migration-time", "MAX_MIGRATION_TIME",
       &TomlLevel::max_migration_time, "", config.max_migration_time);
  // Seconds: the flag, else strata.toml, else the default.
  auto seconds = [&](const std::string& key, const std::optional<double>& flag_value, const std::string& flag,
                     std::optional<double> TomlLevel::*field, double& out) {
    if (flag_value) {
      out = *flag_value;
      config.sources[key] = flag;
    } else if (auto value = from_toml(field)) {
      std::tie(out, config.sources[key]) = *value;
    } else {
      config.sources[key] = "default";
    }
  };
  seconds("lock_timeout", options.lock_timeout_seconds, "--lock-timeout", &TomlLevel::lock_timeout,
          config.lock_timeout_seconds);
  seconds("ddl_lock_timeout", options.ddl_lock_timeout_seconds, "--ddl-lock-timeout", &TomlLevel::ddl_lock_timeout,
          config.ddl_lock_timeout_seconds);
  auto backups_variable = EnvFlag("BACKUP_ENABLED");
  if (!backups_variable.ok()) return backups_variable.status();
  if (options.no_backup) {
    config.backups = false;
    config.sources["backups"] = "--no-backup";
  } else if (*backups_variable) {
    config.backups = **backups_variable;
    config.sources["backups"] = "env BACKUP_ENABLED";
  } else if (auto backups = from_toml(&TomlLevel::backups)) {
    std::tie(config.backups, config.sources["backups"]) = *backups;
  } else {
    config.sources["backups"] = "default";
  }
  if (options.recursive) {
    config.recursive = true;
    config.sources["recursive"] = "--recursive";
  } else if (auto recursive = from_toml(&TomlLevel::recursive)) {
    std::tie(config.recursive, config.sources["recursive"]) = *recursive;
  } else {
    config.sources["recursive"] = "default";
  }

  // [lint]: the environment's rules over the top level's, rule by rule.
  if (auto fail_on = from_toml(&TomlLevel::fail_on)) {
    std::tie(config.lint_fail_on, config.sources["lint.fail_on"]) = *fail_on;
  }
  for (const auto& [id, setting] : toml->top.rules) {
    config.lint_rules[id] = setting;
    config.sources["lint.rules." + id] = file;
  }
  if (level) {
    for (const auto& [id, setting] : level->rules) {
      config.lint_rules[id] = setting;
      config.sources["lint.rules." + id] = fmt::format("{} [environments.{}.lint.rules]", file, config.environment);
    }
  }

  // Placeholders: --set, else strata.toml (the environment's [vars] over the top level's), else STRATA_VAR_*.
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    constexpr std::string_view kPrefix = "STRATA_VAR_";
    size_t eq = entry.find('=');
    if (entry.substr(0, kPrefix.size()) != kPrefix || eq == std::string_view::npos) continue;
    std::string name(entry.substr(kPrefix.size(), eq - kPrefix.size()));
    config.variables[name] = std::string(entry.substr(eq + 1));
    config.sources["vars." + name] = fmt::format("env STRATA_VAR_{}", name);
  }
  for (const auto& [name, value] : toml->top.variables) {
    config.variables[name] = value;
    config.sources["vars." + name] = file + " [vars]";
  }
  if (level) {
    for (const auto& [name, value] : level->variables) {
      config.variables[name] = value;
      config.sources["vars." + name] = fmt::format("{} [environments.{}.vars]", file, config.environment);
    }
  }
  for (const std::string& set : options.sets) {
    size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      return ConfigError(fmt::format("--set '{}' is not NAME=VALUE", set));
    }
    config.variables[set.substr(0, eq)] = set.substr(eq + 1);
    config.sources["vars." + set.substr(0, eq)] = "--set";
  }
  return config;
}

}  // namespace strata::cli
