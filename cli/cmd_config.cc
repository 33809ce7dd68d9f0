// strata config: every setting as the commands resolve it, and where each came from (a flag, an
// environment variable, ./.env, strata.toml or its [environments.NAME], or the default). Passwords never
// show: URLs are redacted and a placeholder whose name says it is a secret is hidden.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "strata/driver.h"

namespace strata::cli {
namespace {

struct ShownSetting {
  std::string name;
  nlohmann::json value;  // null when unset
  std::string source;
};

// Placeholders named like PASSWORD, db_secret or api_token hold secrets: their values are not shown.
bool SecretPlaceholder(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* word : {"password", "passwd", "pwd", "secret", "token", "credential", "private_key", "api_key"}) {
    if (name.find(word) != std::string::npos) return true;
  }
  return false;
}

std::vector<ShownSetting> Settings(const Config& cfg) {
  auto source = [&](const std::string& key) {
    auto it = cfg.sources.find(key);
    return it == cfg.sources.end() ? std::string("default") : it->second;
  };
  auto text_or_null = [](const std::string& text) { return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text); };
  std::vector<ShownSetting> shown = {
      {"config_file", text_or_null(cfg.config_file), source("config_file")},
      {"environment", text_or_null(cfg.environment), source("environment")},
      {"url", text_or_null(RedactUrl(cfg.url)), source("url")},
      {"dir", cfg.dir, source("dir")},
      {"recursive", cfg.recursive, source("recursive")},
      {"table", cfg.table, source("table")},
      {"seeds_dir", cfg.seeds_dir, source("seeds_dir")},
      {"dump_after_up", text_or_null(cfg.dump_after_up), source("dump_after_up")},
      {"lock_timeout", cfg.lock_timeout_seconds, source("lock_timeout")},
      {"ddl_lock_timeout", cfg.ddl_lock_timeout_seconds, source("ddl_lock_timeout")},
      {"max_migration_time", text_or_null(cfg.max_migration_time), source("max_migration_time")},
      {"lock", cfg.lock, source("lock")},
      {"lease_ttl", cfg.lease_ttl.empty() ? "30s" : cfg.lease_ttl, source("lease_ttl")},
      {"lock_url", text_or_null(RedactUrl(cfg.lock_url)), source("lock_url")},
      {"backups", cfg.backups, source("backups")},
  };
  shown.push_back({"lint.fail_on", cfg.lint_fail_on.empty() ? "error" : cfg.lint_fail_on, source("lint.fail_on")});
  for (const auto& [id, rule] : cfg.lint_rules) {
    std::string value = !rule.enabled ? "off" : rule.severity ? std::string(lint::SeverityName(*rule.severity)) : "on";
    shown.push_back({"lint.rules." + id, value, source("lint.rules." + id)});
  }
  for (const auto& [name, value] : cfg.variables) {
    shown.push_back({"vars." + name, SecretPlaceholder(name) ? "***" : RedactUrl(value), source("vars." + name)});
  }
  return shown;
}

int RunConfig(Context& context) {
  auto cfg = ResolveConfig(context.options, UrlNeed::kIfAny);
  if (!cfg.ok()) return context.Fail(cfg.status());
  std::vector<ShownSetting> shown = Settings(*cfg);
  if (context.out.json) {
    nlohmann::json settings = nlohmann::json::object();
    for (const ShownSetting& s : shown) settings[s.name] = {{"value", s.value}, {"source", s.source}};
    context.out.PrintJson({{"ok", true}, {"settings", settings}});
    return kExitOk;
  }
  Table table({"SETTING", "VALUE", "SOURCE"});
  for (const ShownSetting& s : shown) {
    std::string value = s.value.is_null() ? "(none)" : s.value.is_string() ? s.value.get<std::string>() : s.value.dump();
    table.AddRow({s.name, value, s.source}, {Colour::kNone, Colour::kNone, Colour::kDim});
  }
  context.out.Print(table.Render(context.out) +
                    "sources, first wins: flag, environment variable, .env (DATABASE_URL), strata.toml "
                    "([environments.NAME] over the top level), default");
  return kExitOk;
}

}  // namespace

void AddConfigCommand(CLI::App& app, Context& context, int* exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "config",
      "Print the resolved configuration: each setting, its value and where it came from (flag, env, .env, "
      "strata.toml, default); passwords redacted");
  cmd->callback([&context, exit_code] { *exit_code = RunConfig(context); });
}

}  // namespace strata::cli
