// strata new NAME [--template T] [--description TEXT] [--var NAME=VALUE]... [--sequential] [--format sql|json]:
// a migration file, blank or from a template; strata new --list: the templates for the database.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/context.h"
#include "drivers/sql/sql_history.h"
#include "strata/driver.h"
#include "strata/lint.h"

namespace strata::cli {
namespace {

struct NewArguments {
  std::string name;
  bool sequential = false;
  std::string format;  // "sql" or "json"; Default: json when the database is MongoDB, else sql
  std::string template_name;
  std::string description;
  std::vector<std::string> vars;  // NAME=VALUE, for {{NAME}}
  std::string dialect;            // Default: the URL's
  std::string templates_dir;      // Default: `templates` beside the migrations directory
  bool list = false;
};

// The database's dialect name for the templates: --dialect, else the URL's; "" when neither says.
Result<std::string> TemplateDialect(Context& context, const std::string& flag) {
  if (!flag.empty()) {
    auto dialect = lint::ParseDialect(flag);
    if (!dialect) {
      return Status(StatusCode::kInvalidArgument,
                    fmt::format("--dialect {} is not one of postgres, mysql, sqlite, duckdb, mongodb", flag));
    }
    return std::string(lint::DialectName(*dialect));
  }
  // The URL only picks the default: without one (or with a broken .env) `new` still works.
  auto with_url = context.config(true);
  auto dialect = with_url.ok() ? lint::DialectOfUrl(with_url->url) : std::nullopt;
  return dialect ? std::string(lint::DialectName(*dialect)) : std::string();
}

Status NoDialect() {
  return Status(StatusCode::kInvalidArgument,
                "templates are per database and none is configured: set DATABASE_URL (or --url), or pass "
                "--dialect postgres|mysql|sqlite|duckdb|mongodb");
}

Result<std::map<std::string, std::string>> ParseVars(const std::vector<std::string>& vars) {
  std::map<std::string, std::string> values;
  for (const std::string& var : vars) {
    const size_t equals = var.find('=');
    if (equals == std::string::npos || !IsPlainIdentifier(var.substr(0, equals))) {
      return Status(
          StatusCode::kInvalidArgument,
          fmt::format("--var '{}' is not NAME=VALUE (a NAME of letters, digits and '_'), e.g. --var table=users", var));
    }
    values[var.substr(0, equals)] = var.substr(equals + 1);
  }
  return values;
}

int RunList(Context& context, const std::string& dialect, const std::string& templates_dir) {
  auto templates = ListMigrationTemplates(dialect, templates_dir);
  if (!templates.ok()) return context.Fail(templates.status());
  if (context.out.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const MigrationTemplateInfo& t : *templates) {
      list.push_back({{"name", t.name},
                      {"summary", t.summary},
                      {"user", !t.path.empty()},
                      {"path", t.path.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.path)},
                      {"overrides_builtin", t.overrides_builtin}});
    }
    context.out.PrintJson({{"dialect", dialect}, {"directory", templates_dir}, {"templates", list}});
    return kExitOk;
  }
  Table table({"TEMPLATE", "FROM", "SUMMARY"});
  for (const MigrationTemplateInfo& t : *templates) {
    std::string from = t.path.empty() ? "built-in" : t.overrides_builtin ? "user, over the built-in" : "user";
    table.AddRow({t.name, from, t.summary});
  }
  context.out.Print(table.Render(context.out) +
                    fmt::format("{} template(s) for {}; yours go in {}/<name>{} (strata new NAME --template <name>)",
                                templates->size(), dialect, templates_dir, dialect == "mongodb" ? ".json" : ".sql"));
  return kExitOk;
}

int RunNew(Context& context, const NewArguments& args) {
  auto cfg = context.config(false);
  if (!cfg.ok()) return context.Fail(cfg.status());
  const std::string templates_dir = args.templates_dir.empty() ? TemplatesDirectoryFor(cfg->dir) : args.templates_dir;
  auto dialect = TemplateDialect(context, args.dialect);
  if (!dialect.ok()) return context.Fail(dialect.status());
  if (args.list) {
    if (dialect->empty()) return context.Fail(NoDialect());
    return RunList(context, *dialect, templates_dir);
  }
  if (args.name.empty()) {
    return context.Fail(Status(StatusCode::kInvalidArgument,
                               "strata new needs the migration's name, e.g. `strata new add_users`; "
                               "`strata new --list` shows the templates"));
  }
  auto values = ParseVars(args.vars);
  if (!values.ok()) return context.Fail(values.status());
  if (args.description.find_first_of("\r\n") != std::string::npos) {
    return context.Fail(Status(StatusCode::kInvalidArgument,
                               "--description must be one line: the header holds one `-- strata:description` line; "
                               "write it without line breaks"));
  }
  // SUBFOLDER/NAME puts the file in a subfolder, which only a recursive directory reads.
  std::string name = args.name;
  std::string subfolder;
  if (size_t slash = name.rfind('/'); slash != std::string::npos) {
    if (!cfg->recursive) {
      return context.Fail(Status(
          StatusCode::kInvalidArgument,
          fmt::format("'{}' names a subfolder, but subfolders of {} are not read: set recursive = true in strata.toml "
                      "(or pass --recursive), or give the name without a folder",
                      args.name, cfg->dir)));
    }
    subfolder = name.substr(0, slash);
    name = name.substr(slash + 1);
  }

  NewMigrationOptions options;
  options.sequential = args.sequential;
  options.description = args.description;
  options.recursive = cfg->recursive;
  options.subfolder = subfolder;
  options.values = std::move(*values);
  options.dialect = *dialect;
  options.templates_directory = templates_dir;
  if (!args.template_name.empty()) {
    if (dialect->empty()) return context.Fail(NoDialect());
    if (!args.format.empty()) {
      return context.Fail(
          Status(StatusCode::kInvalidArgument, "--format is for the blank file: a template is .sql or .json already"));
    }
    options.template_name = args.template_name;
  } else {
    std::string format = args.format;
    if (format.empty()) {
      auto with_url = context.config(true);
      auto driver = with_url.ok() ? FindDriver(with_url->url) : Result<const Driver*>(with_url.status());
      format = *dialect == "mongodb" || (driver.ok() && (*driver)->json_commands()) ? "json" : "sql";
    }
    options.format = format == "json" ? MigrationFormat::kMongoJson : MigrationFormat::kStrata;
  }
  auto path = CreateMigrationFile(cfg->dir, name, options);
  if (!path.ok()) return context.Fail(path.status());
  if (context.out.json) {
    nlohmann::json result = {{"ok", true}, {"path", *path}};
    if (!args.template_name.empty()) result["template"] = args.template_name;
    context.out.PrintJson(result);
  } else {
    context.out.Print(*path);
  }
  return kExitOk;
}

}  // namespace

void AddNewCommand(CLI::App& app, Context& context, int* exit_code) {
  auto args = std::make_shared<NewArguments>();
  CLI::App* cmd = app.add_subcommand("new", "Create a migration file, blank or from a template, and print its path");
  cmd->add_option("name", args->name,
                  "What the migration does, e.g. add_users; with recursive directories, SUBFOLDER/NAME (2026/11/add_users) "
                  "writes into that subfolder");
  cmd->add_flag("--sequential", args->sequential, "Next zero-padded number instead of a timestamp");
  cmd->add_option("--format", args->format,
                  "sql, or json for MongoDB's commands (default: what the --url database takes)")
      ->check(CLI::IsMember({"sql", "json"}));
  cmd->add_option("--template,-t", args->template_name,
                  "Start from a template: create-table, add-column, add-index, data, seed (MongoDB: add-field, "
                  "rename-field, transform, index, ...) or one of yours; --list shows them");
  cmd->add_option("--description", args->description, "One line for the file's header (-- strata:description; JSON: \"description\")");
  cmd->add_option("--var", args->vars, "Value NAME=VALUE for the template's {{NAME}}, e.g. table=users (repeatable)")
      ->allow_extra_args(false);  // one NAME=VALUE each, so that `--var a=1 add_x` leaves the name alone
  cmd->add_option("--dialect", args->dialect, "postgres, mysql, sqlite, duckdb or mongodb (default: from the URL)");
  cmd->add_option("--templates-dir", args->templates_dir,
                  "Your templates (default: `templates` beside the migrations directory, e.g. db/templates)");
  cmd->add_flag("--list", args->list, "List the templates for the database instead (yours marked user)");
  cmd->callback([&context, args, exit_code] { *exit_code = RunNew(context, *args); });
}

}  // namespace strata::cli
