#include "engine/run.h"

#include <fmt/format.h>

#include <optional>
#include <set>

#include "engine/batch_range.h"
#include "engine/executor.h"
#include "engine/history_access.h"
#include "engine/lock_checked_connection.h"
#include "engine/risk.h"
#include "engine/scopes.h"
#include "engine/verified_lock.h"
#include "lint/analysis.h"
#include "strata/source.h"

namespace strata {
namespace {

// `lend`: the caller handed the set over, so an up part without placeholders is moved into its script
// rather than copied (Executor::Run gives it to the history record once it ran); `lent[i]` says so.
Result<std::vector<Script>> FillScripts(const Plan& plan, const std::map<std::string, std::string>& variables,
                                        bool lend, std::vector<bool>& lent) {
  std::vector<Script> scripts;
  scripts.reserve(plan.steps.size());
  lent.assign(plan.steps.size(), false);
  for (const Step& step : plan.steps) {
    const Section& section = step.section();
    const bool batched = step.migration && step.migration->batch;  // its success record copies the up part
    if (lend && !batched && !step.revert && step.file_section && section.text.find("${") == std::string::npos) {
      // The set belongs to this run (Engine::Up(MigrationSet&&)), so its section is not const.
      Section& owned = const_cast<Section&>(section);
      lent[scripts.size()] = true;
      scripts.push_back(Script{std::move(owned.text), section.path, section.first_line});
      continue;
    }
    if (step.migration && step.migration->format == MigrationFormat::kCode) {
      scripts.push_back(Script{section.text, section.path, section.first_line});
      continue;  // the text only describes the code; there is nothing to fill
    }
    const bool json = step.migration && step.migration->format == MigrationFormat::kMongoJson;
    auto text = FillPlaceholders(section, variables, json ? PlaceholderSyntax::kJson : PlaceholderSyntax::kSql);
    if (!text.ok()) {
      Status s = text.status();
      return Status(s.code(), s.message() + "; nothing was applied").set_location(*s.location());
    }
    scripts.push_back(Script{std::move(*text), section.path, section.first_line});
  }
  return scripts;
}

// Every step's migration must be of the kind the database runs: SQL, or MongoDB's .json commands.
Status CheckFormats(const Plan& plan, const Capabilities& capabilities) {
  for (const Step& step : plan.steps) {
    if (!step.migration || step.migration->format == MigrationFormat::kCode) continue;
    const bool json = step.migration->format == MigrationFormat::kMongoJson;
    if (json == capabilities.json_commands) continue;
    Status s(StatusCode::kInvalidMigration,
             json ? fmt::format("{} is a .json migration of MongoDB commands, and JSON migrations are for MongoDB; "
                                "this database ({}) runs SQL: write it as a .sql file. Nothing was applied",
                                step.migration->paths[0], capabilities.dialect)
                  : fmt::format("{} is an SQL migration, and this database ({}) runs .json migrations of database "
                                "commands; write it as a .json file. Nothing was applied",
                                step.migration->paths[0], capabilities.dialect));
    return s.set_location({step.migration->paths[0], 0});
  }
  return Status::Ok();
}

// A batched step's statement must be one the key range can be added to: found before anything runs.
Status CheckBatchedSteps(const Plan& plan, const std::vector<Script>& scripts, const Capabilities& capabilities) {
  auto dialect = lint::ParseDialect(capabilities.dialect);
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& step = plan.steps[i];
    if (!step.migration || !step.migration->batch || step.stored_section) continue;
    if (step.migration->format == MigrationFormat::kCode) continue;  // its batches are C++
    // A MongoDB file's one command was checked when the file was read (source/json_migration.cc).
    if (capabilities.json_commands && step.migration->format == MigrationFormat::kMongoJson) continue;
    if (capabilities.json_commands || !dialect) {
      return Status(StatusCode::kUnsupported,
                    fmt::format("'-- strata:batch' runs SQL over key ranges, which this database ({}) does not take; "
                                "nothing was applied",
                                capabilities.dialect))
          .set_location({step.migration->batch->path, step.migration->batch->line});
    }
    const Script& script = scripts[i];
    auto range = KeyRange::Read(Section{script.text, script.path, script.first_line, true}, lint::TokenDialectOf(*dialect));
    if (!range.ok()) {
      Status s = range.status();
      return Status(s.code(), s.message() + "; nothing was applied").set_location(*s.location());
    }
  }
  return Status::Ok();
}

}  // namespace

Result<RunReport> PlanAndRun(Connection& connection, RunnerLock& runner_lock, const EngineOptions& options,
                             const MigrationSet& set, const RunRequest& request) {
  LockScope lock(runner_lock);
  STRATA_RETURN_IF_ERROR(lock.Acquire(options, request.command));
  // On a table lease, nothing starts, commits or is recorded from here on once the lease is lost. (A
  // connection that cannot lose its lock is used as it is: a code migration may look beneath it.)
  auto* verified = dynamic_cast<VerifiedLock*>(&runner_lock);
  std::optional<LockCheckedConnection> checked;
  if (verified && verified->in_use() == "table") checked.emplace(connection, runner_lock);
  Connection& c = checked ? static_cast<Connection&>(*checked) : connection;
  // A missing history reads as empty. (A later history layout must upgrade before this read.)
  auto history = ReadTrustedHistory(c, request.planner.needs_stored_texts, options);
  if (!history.ok()) return history.status();
  Catalog catalog = Join(set, *history);
  auto plan = request.planner.plan(catalog);
  if (!plan.ok()) return plan.status();
  // A set loaded for a report (DirectoryOptions::facts_only) holds no text: what is planned to run is read
  // from its files now and planned again, so what runs is always what the files say, never a cache.
  std::optional<MigrationSet> read_now;
  std::set<std::string> unread;
  for (const Step& step : plan->steps) {
    if (step.migration && !step.migration->text_read) unread.insert(step.version.text());
  }
  if (!unread.empty()) {
    read_now = set;
    STRATA_RETURN_IF_ERROR(
        ReadMigrationTexts(*read_now, [&](const Migration& m) { return unread.count(m.version.text()) > 0; }));
    catalog = Join(*read_now, *history);
    plan = request.planner.plan(catalog);
    if (!plan.ok()) return plan.status();
  }
  STRATA_RETURN_IF_ERROR(CheckFormats(*plan, c.capabilities()));
  // Before anything is filled or moved out of the set: the guard sees the files as written.
  std::vector<lint::Finding> risks = AssessRisk(c, *plan, options);
  if (options.on_risk) STRATA_RETURN_IF_ERROR(options.on_risk(risks));
  const RunMode mode = RunModeOf(request.dry_run, c.capabilities());
  std::vector<bool> lent;
  auto scripts = FillScripts(*plan, options.variables, request.owned && mode == RunMode::kApply, lent);
  if (!scripts.ok()) return scripts.status();
  STRATA_RETURN_IF_ERROR(CheckBatchedSteps(*plan, *scripts, c.capabilities()));

  TransactionScope rehearsal(c);
  if (mode == RunMode::kRehearse) {
    STRATA_RETURN_IF_ERROR(rehearsal.Begin());
    STRATA_RETURN_IF_ERROR(c.history().Ensure());
  } else if (mode == RunMode::kApply) {
    STRATA_RETURN_IF_ERROR(EnsureHistory(c));
  }
  Executor executor(c, options, catalog.max_apply_order + 1);
  RunReport report = executor.Run(*plan, *scripts, lent, mode);
  report.risks = std::move(risks);
  if (verified) {
    if (std::string warning = verified->TakeWarning(); !warning.empty()) report.warnings.push_back(warning);
  }
  if (mode == RunMode::kRehearse) STRATA_RETURN_IF_ERROR(rehearsal.Rollback());
  return report;
}

}  // namespace strata
