// strata dump | load | diff | drift: the schema a database holds, written out, loaded, compared.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/context.h"
#include "cli/schema_differences.h"
#include "schema/drift.h"
#include "schema/dump_file.h"
#include "schema/fingerprint.h"
#include "schema/scratch_engine.h"

namespace strata::cli {
namespace {

struct DumpText {
  std::string text;
  Schema schema;
  std::optional<std::string> version;
};

Result<DumpText> DumpOf(Engine& engine) {
  auto schema = ReadSchemaOf(engine.connection());
  if (!schema.ok()) return schema.status();
  auto newest = NewestApplied(engine.connection());
  if (!newest.ok()) return newest.status();
  std::optional<std::string> version;
  if (!newest->empty()) version = *newest;
  const Capabilities caps = engine.connection().capabilities();
  return DumpText{WriteDump({caps.dialect, version}, *schema, caps.json_commands), std::move(*schema), version};
}

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  // Written beside and renamed: a reader (or a failed write) never sees half a schema.
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      return Status(StatusCode::kIoError, fmt::format("cannot write '{}': check that its directory exists", path));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) return Status(StatusCode::kIoError, fmt::format("cannot write '{}': {}", path, error.message()));
  return Status::Ok();
}

int RunDump(Context& context, const std::string& out_path) {
  auto engine = context.OpenEngine(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  auto dump = DumpOf(**engine);
  if (!dump.ok()) return context.Fail(dump.status());
  if (!out_path.empty()) {
    Status written = WriteFileAtomically(out_path, dump->text);
    if (!written.ok()) return context.Fail(written);
    const size_t objects = dump->schema.objects.size();
    if (context.out.json) {
      context.out.PrintJson({{"ok", true}, {"file", out_path}, {"objects", objects}});
    } else {
      context.out.Print(fmt::format("wrote {} object{} to {}", objects, objects == 1 ? "" : "s", out_path));
    }
    return kExitOk;
  }
  if (context.out.json) {
    nlohmann::json objects = nlohmann::json::array();
    for (const SchemaObject& o : dump->schema.objects) {
      objects.push_back({{"kind", o.kind}, {"name", o.name}, {"definition", o.definition}});
    }
    context.out.PrintJson({{"database", (*engine)->connection().capabilities().dialect},
                           {"version", dump->version ? nlohmann::json(*dump->version) : nlohmann::json()},
                           {"objects", objects}});
    return kExitOk;
  }
  std::fwrite(dump->text.data(), 1, dump->text.size(), stdout);
  return kExitOk;
}

int RunLoad(Context& context, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return context.Fail(Status(StatusCode::kInvalidArgument, fmt::format("cannot read '{}'", path)));
  std::ostringstream text;
  text << in.rdbuf();
  auto dump = ReadDump(path, text.str());
  if (!dump.ok()) return context.Fail(dump.status());
  std::optional<MigrationSet> set;
  if (dump->header.version) {
    auto loaded = context.Migrations();
    if (!loaded.ok()) return context.Fail(loaded.status());
    set = std::move(*loaded);
  }
  auto engine = context.OpenEngine(Access::kChange);
  if (!engine.ok()) return context.Fail(engine.status());
  Connection& connection = (*engine)->connection();
  const Capabilities caps = connection.capabilities();
  if (!dump->header.database.empty() && dump->header.database != caps.dialect) {
    return context.Fail(Status(StatusCode::kInvalidArgument,
                               fmt::format("{} is a dump of a {} database; this one is {}", path,
                                           dump->header.database, caps.dialect)));
  }
  auto existing = ReadSchemaOf(connection);
  if (!existing.ok()) return context.Fail(existing.status());
  if (!existing->objects.empty()) {
    const SchemaObject& first = existing->objects.front();
    return context.Fail(Status(StatusCode::kRefused,
                               fmt::format("load creates a schema in an empty database, and this one holds {} object{} "
                                           "({} {} first); point --url at a new database",
                                           existing->objects.size(), existing->objects.size() == 1 ? "" : "s",
                                           first.kind, first.name)));
  }
  // Where DDL is transactional, a failed load leaves the database empty as it was.
  const bool atomic = caps.transactional_ddl;
  if (atomic) {
    Status begun = connection.Begin();
    if (!begun.ok()) return context.Fail(begun);
  }
  Status loaded = connection.Execute(dump->script);
  if (loaded.ok() && atomic) loaded = connection.Commit();
  if (!loaded.ok()) {
    if (atomic) (void)connection.Rollback();
    return context.Fail(loaded);
  }
  int baselined = 0;
  if (dump->header.version) {
    auto version = Version::Parse(*dump->header.version);
    if (!version) {
      return context.Fail(Status(StatusCode::kInvalidArgument,
                                 fmt::format("{}: the header's version '{}' is not a version", path, *dump->header.version)));
    }
    auto report = (*engine)->Baseline(*set, *version);
    if (!report.ok()) return context.Fail(report.status());
    baselined = report->Count(StepOutcome::kApplied);
  }
  if (Status kept = RecordSchemaFingerprint(connection); !kept.ok()) {
    context.out.Notice("warning: the schema's fingerprint was not kept (status cannot tell changes made outside "
                       "migrations): " + kept.ToString());
  }
  if (context.out.json) {
    context.out.PrintJson({{"ok", true},
                           {"file", path},
                           {"version", dump->header.version ? nlohmann::json(*dump->header.version) : nlohmann::json()},
                           {"baselined", baselined}});
  } else if (dump->header.version) {
    context.out.Print(fmt::format("loaded {}; migrations up to {} recorded as applied ({} baselined)", path,
                                  *dump->header.version, baselined));
  } else {
    context.out.Print(fmt::format("loaded {}", path));
  }
  return kExitOk;
}

int ReportDifferences(Context& context, const std::vector<SchemaDifference>& differences, nlohmann::json json,
                      const std::string& expected_name, const std::string& actual_name, const std::string& same) {
  if (context.out.json) {
    json["differences"] = DifferencesJson(differences);
    json["same"] = differences.empty();
    context.out.PrintJson(json);
  } else if (differences.empty()) {
    context.out.Print(same);
  } else {
    std::string text = RenderDifferences(differences, expected_name, actual_name, "");
    context.out.Print(text.substr(0, text.size() - 1));
  }
  return differences.empty() ? kExitOk : kExitFailed;
}

int RunDiff(Context& context, const std::string& url_a, const std::string& url_b) {
  std::vector<Schema> schemas;
  for (const std::string& url : {url_a, url_b}) {
    Context other = context;
    other.options.url = url;
    auto engine = other.OpenEngine(Access::kRead);
    if (!engine.ok()) return context.Fail(engine.status());
    auto schema = ReadSchemaOf((*engine)->connection());
    if (!schema.ok()) return context.Fail(schema.status());
    schemas.push_back(std::move(*schema));
  }
  const std::string a = RedactUrl(url_a), b = RedactUrl(url_b);
  return ReportDifferences(context, CompareSchemas(schemas[0], schemas[1]), {{"a", a}, {"b", b}}, a, b,
                           "the two schemas are the same");
}

int RunDrift(Context& context) {
  auto set = context.Migrations();
  if (!set.ok()) return context.Fail(set.status());
  auto engine = context.OpenEngine(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  auto cfg = context.config();
  if (!cfg.ok()) return context.Fail(cfg.status());
  EngineOptions options;
  options.history_table = cfg->table;
  options.variables = cfg->variables;
  auto scratch = ScratchEngine::Create((*engine)->connection(), options);
  if (!scratch.ok()) return context.Fail(scratch.status());
  auto drift = CheckDrift(**engine, **scratch, *set);
  if (!drift.ok()) return context.Fail(drift.status());
  const std::string at = drift->version.empty() ? "no migration applied" : "version " + drift->version;
  return ReportDifferences(
      context, drift->differences, {{"version", drift->version}, {"replayed", drift->replayed}},
      "migrations", "database",
      fmt::format("no drift: the schema is what its {} applied migration{} make ({})", drift->replayed,
                  drift->replayed == 1 ? "" : "s", at));
}

}  // namespace

Status WriteSchemaDump(Engine& engine, const std::string& path) {
  auto dump = DumpOf(engine);
  if (!dump.ok()) return dump.status();
  return WriteFileAtomically(path, dump->text);
}

void AddSchemaCommands(CLI::App& app, Context& context, int* exit_code) {
  auto out = std::make_shared<std::string>();
  CLI::App* dump = app.add_subcommand(
      "dump", "Print the schema as a script that loads into an empty database (JSON on MongoDB)");
  dump->add_option("--out,-o", *out, "Write it to this file instead (e.g. db/schema.sql)");
  dump->callback([&context, out, exit_code] { *exit_code = RunDump(context, *out); });

  auto file = std::make_shared<std::string>();
  CLI::App* load = app.add_subcommand(
      "load", "Create the schema of a dump in an empty database and record its version as a baseline");
  load->add_option("file", *file, "The dump (`strata dump --out FILE`)")->required();
  load->callback([&context, file, exit_code] { *exit_code = RunLoad(context, *file); });

  auto urls = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* diff = app.add_subcommand("diff", "Compare the schemas of two databases object by object");
  diff->add_option("url_a", urls->first, "The database taken as expected")->required();
  diff->add_option("url_b", urls->second, "The database compared with it")->required();
  diff->callback([&context, urls, exit_code] { *exit_code = RunDiff(context, urls->first, urls->second); });

  app.add_subcommand("drift", "Replay the applied migrations on a scratch database and compare: exit 1 on drift")
      ->callback([&context, exit_code] { *exit_code = RunDrift(context); });
}

}  // namespace strata::cli
