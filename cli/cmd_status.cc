// strata status | list | validate: what the database and the directory hold, and whether they agree.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/context.h"
#include "cli/fleet.h"
#include "cli/risk.h"
#include "engine/batch_checkpoint.h"
#include "schema/fingerprint.h"

namespace strata::cli {
namespace {

int BatchPercent(const MigrationState& m) {
  if (m.batch_rows_total <= 0) return m.batch_rows_done > 0 ? 100 : 0;
  return static_cast<int>(std::min<int64_t>(100, m.batch_rows_done * 100 / m.batch_rows_total));
}

Colour StatusColour(const std::string& status) {
  if (status == "applied") return Colour::kGreen;
  if (status == "pending") return Colour::kYellow;
  if (status == "reverted") return Colour::kCyan;
  return Colour::kRed;
}

nlohmann::json ProblemsJson(const std::vector<Problem>& problems) {
  nlohmann::json out = nlohmann::json::array();
  for (const Problem& p : problems) {
    out.push_back({{"kind", ProblemKindName(p.kind)}, {"version", p.version}, {"name", p.name}, {"message", p.message}});
  }
  return out;
}

// "kind version name message" per problem, one a line, as `validate` and `status` print them.
std::string ProblemLines(const Output& out, const std::vector<Problem>& problems) {
  std::string text;
  for (const Problem& p : problems) {
    text += fmt::format("{} {}{}{}\n", out.Paint(ProblemKindName(p.kind), Colour::kRed), p.version,
                        p.name.empty() ? "" : " " + p.name, p.version.empty() && p.name.empty() ? p.message : " " + p.message);
  }
  return text;
}

// "2026-11-22 09:30:00Z" from ISO 8601 "2026-11-22T09:30:00.123Z": seconds are enough in a table.
std::string ShortTime(const std::string& iso) {
  if (iso.size() < 19) return iso;
  std::string t = iso.substr(0, 19) + "Z";
  t[10] = ' ';
  return t;
}

std::string FirstLine(const std::string& text, size_t max = 60) {
  std::string line = text.substr(0, text.find('\n'));
  return line.size() > max ? line.substr(0, max - 3) + "..." : line;
}

nlohmann::json OrNull(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

std::string Joined(const std::vector<std::string>& versions) { return fmt::format("{}", fmt::join(versions, ", ")); }

std::vector<std::string> Texts(const std::vector<Version>& versions) {
  std::vector<std::string> out;
  for (const Version& v : versions) out.push_back(v.text());
  return out;
}

// The risk analysis of what `up` would run: each pending (or reverted) migration's up part.
// A set loaded with facts only has its pending migrations' text read here.
std::map<std::string, std::vector<lint::Finding>> PendingRisks(Engine& engine, MigrationSet& set, const StatusReport& r,
                                                               const lint::LintOptions& settings) {
  std::map<std::string, std::vector<lint::Finding>> out;
  std::set<std::string> pending;
  for (const MigrationState& m : r.migrations) {
    if (m.status == "pending" || m.status == "reverted") pending.insert(m.version);
  }
  if (pending.empty()) return out;
  // Unreadable now (changed since it was listed): no risk is shown, and `up` says what is wrong.
  if (!ReadMigrationTexts(set, [&](const Migration& m) { return pending.count(m.version.text()) > 0; }).ok()) return out;
  lint::LintOptions options = engine.RiskOptions(/*facts=*/true);
  options.rules = settings.rules;
  for (const Migration& m : set.migrations) {
    if (pending.count(m.version.text())) out[m.version.text()] = lint::LintPart(m, m.up, false, options);
  }
  return out;
}

// The first rule of the highest severity, and how many more findings there are.
std::string FirstRule(const std::vector<lint::Finding>& findings, lint::Severity highest) {
  int open = 0;
  std::string first;
  for (const lint::Finding& f : findings) {
    if (!f.allowed.empty()) continue;
    ++open;
    if (first.empty() && f.severity == highest) first = f.rule;
  }
  return open > 1 ? fmt::format("{} (+{})", first, open - 1) : first;
}

nlohmann::json RiskJson(const std::map<std::string, std::vector<lint::Finding>>& risks, const std::string& version) {
  auto it = risks.find(version);
  if (it == risks.end()) return nullptr;
  std::optional<lint::Severity> highest = lint::HighestRisk(it->second);
  nlohmann::json rules = nlohmann::json::array();
  for (const lint::Finding& f : it->second) {
    if (f.allowed.empty()) rules.push_back(f.rule);
  }
  return {{"highest", highest ? nlohmann::json(lint::SeverityName(*highest)) : nlohmann::json(nullptr)}, {"rules", rules}};
}

int RunStatus(Context& context) {
  auto set = context.Migrations(/*warn=*/true, /*facts_only=*/true);
  if (!set.ok()) return context.Fail(set.status());
  auto cfg = context.config();
  if (!cfg.ok()) return context.Fail(cfg.status());
  auto engine = context.OpenEngine(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  auto report = (*engine)->GetStatus(*set);
  if (!report.ok()) return context.Fail(report.status());
  const StatusReport& r = *report;
  std::map<std::string, std::vector<lint::Finding>> risks = PendingRisks(**engine, *set, r, LintSettings(*cfg));
  // Unreadable, or unknowable: then nothing is said (status answers at once, even mid-migration).
  std::optional<std::string> changed_since;
  if (r.unreadable.empty()) {
    if (auto since = SchemaChangedSince((*engine)->connection(), r.current_version); since.ok()) changed_since = *since;
  }

  if (context.out.json) {
    nlohmann::json migrations = nlohmann::json::array();
    for (const MigrationState& m : r.migrations) {
      migrations.push_back({{"version", m.version},
                            {"name", m.name},
                            {"status", m.status},
                            {"checksum", m.checksum},
                            {"file", m.path.empty() ? nullptr : nlohmann::json(m.path)},
                            {"applied_at", m.applied_at.empty() ? nullptr : nlohmann::json(m.applied_at)},
                            {"applied_by", m.applied_by.empty() ? nullptr : nlohmann::json(m.applied_by)},
                            {"duration_ms", m.duration_ms},
                            {"error", m.error.empty() ? nullptr : nlohmann::json(m.error)},
                            {"modified", m.modified},
                            {"missing", m.missing},
                            {"forgotten", m.forgotten},
                            {"squashed", m.squashed},
                            {"dirty", m.dirty},
                            {"category", OrNull(m.category)},
                            {"description", OrNull(m.description)},
                            {"requires", m.requirements},
                            {"risk", RiskJson(risks, m.version)},
                            {"batch", m.batch_rows_done < 0
                                          ? nlohmann::json(nullptr)
                                          : nlohmann::json{{"rows_done", m.batch_rows_done},
                                                           {"rows_total", m.batch_rows_total},
                                                           {"percent", BatchPercent(m)}}}});
    }
    context.out.PrintJson({{"database", RedactUrl(cfg->url)},
                           {"current_version", r.current_version.empty() ? nullptr : nlohmann::json(r.current_version)},
                           {"summary",
                            {{"total", r.total},
                             {"applied", r.applied},
                             {"pending", r.pending},
                             {"failed", r.failed},
                             {"reverted", r.reverted},
                             {"running", r.running}}},
                           {"migrations", migrations},
                           {"in_progress_by", r.in_progress_by.empty() ? nullptr : nlohmann::json(r.in_progress_by)},
                           {"unreadable", r.unreadable.empty() ? nullptr : nlohmann::json(r.unreadable)},
                           {"schema_changed_since", changed_since ? nlohmann::json(*changed_since) : nullptr},
                           {"problems", ProblemsJson(r.problems)}});
    return kExitOk;
  }

  Table table(
      {"VERSION", "NAME", "CATEGORY", "REQUIRES", "STATUS", "APPLIED AT (UTC)", "BY", "DURATION", "RISK", "NOTE"});
  for (const MigrationState& m : r.migrations) {
    std::string note;
    if (m.missing) note = "file missing";
    if (m.forgotten && m.path.empty()) note = "file deleted on purpose (repair --forget)";
    if (m.squashed) note = m.path.empty() ? "squashed into a baseline" : "baseline: stands for the squashed ones";
    if (m.modified) note = "file modified since applied";
    std::string status = m.status;
    if (m.status == "running" && m.batch_rows_done >= 0) {
      status = fmt::format("running {}% ({} of {} rows)", BatchPercent(m), ShortCount(m.batch_rows_done),
                           ShortCount(m.batch_rows_total));
      note = r.in_progress_by.empty() ? "stopped between batches" : "in progress";
    } else if (m.status == "running") {
      note = r.in_progress_by.empty() ? "interrupted: check, then `strata repair`" : "in progress";
    }
    if (!m.error.empty() && (m.status == "failed" || (m.status == "running" && m.batch_rows_done < 0))) {
      note += (note.empty() ? "" : "; ") + FirstLine(m.error);
    } else if (m.status == "running" && r.in_progress_by.empty()) {
      // The checkpoint's own words (what resumes it, or why it stopped), after the percentage above.
      size_t said = m.error.find("; ");
      if (said != std::string::npos) note += FirstLine(m.error.substr(said));
    }
    if (note.empty()) note = FirstLine(m.description);  // where nothing more pressing is to be said
    bool ran = m.status == "applied" || m.status == "reverted";
    auto risk = risks.find(m.version);
    std::optional<lint::Severity> highest = risk == risks.end() ? std::nullopt : lint::HighestRisk(risk->second);
    std::string risk_text = highest ? fmt::format("{} {}", lint::SeverityName(*highest), FirstRule(risk->second, *highest)) : "";
    Colour risk_colour = !highest ? Colour::kNone : *highest == lint::Severity::kError ? Colour::kRed
                                                  : *highest == lint::Severity::kWarning ? Colour::kYellow : Colour::kCyan;
    const bool alarm = note != FirstLine(m.description);
    table.AddRow({m.version, m.name, m.category, Joined(m.requirements), status, ShortTime(m.applied_at),
                  m.applied_by, ran ? FormatDuration(m.duration_ms) : "", risk_text, note},
                 {Colour::kNone, Colour::kNone, Colour::kNone, Colour::kNone, StatusColour(m.status), Colour::kNone,
                  Colour::kNone, Colour::kNone, risk_colour, alarm ? Colour::kRed : Colour::kNone});
  }
  table.DropIfEmpty("CATEGORY");
  table.DropIfEmpty("REQUIRES");
  std::string text = fmt::format("database: {} (from {})\n", RedactUrl(cfg->url), cfg->url_source);
  if (!r.unreadable.empty()) text += context.out.Paint(r.unreadable, Colour::kYellow) + "\n";
  text += table.empty() ? fmt::format("no migrations in {}\n", cfg->dir) : table.Render(context.out);
  text += fmt::format("current version: {}\n", r.current_version.empty() ? "none" : r.current_version);
  text += fmt::format("{} migrations: {} applied, {} pending, {} failed, {} reverted", r.total, r.applied, r.pending,
                      r.failed, r.reverted);
  if (r.running && r.in_progress_by.empty()) text += fmt::format(", {} interrupted", r.running);
  if (!r.in_progress_by.empty()) text += fmt::format("\nin progress: {}", r.in_progress_by);
  if (changed_since) {
    text += "\n" + context.out.Paint(fmt::format("the schema changed outside migrations since {} (`strata drift` "
                                                 "shows what)",
                                                 *changed_since),
                                     Colour::kYellow);
  }
  if (!r.problems.empty()) {
    text += context.out.Paint(fmt::format("\n{} problem(s):", r.problems.size()), Colour::kRed);
    text += "\n" + ProblemLines(context.out, r.problems);
    text.pop_back();
  }
  context.out.Print(text);
  return kExitOk;
}

int RunList(Context& context) {
  auto set = context.Migrations(/*warn=*/false, /*facts_only=*/true);  // it lists the warnings itself
  if (!set.ok()) return context.Fail(set.status());
  if (context.out.json) {
    nlohmann::json migrations = nlohmann::json::array();
    for (const Migration& m : set->migrations) {
      migrations.push_back({{"version", m.version.text()},
                            {"name", m.name},
                            {"format", MigrationFormatName(m.format)},
                            {"files", m.paths},
                            {"checksum", m.checksum},
                            {"reversible", m.reversible()},
                            {"up_transaction", m.up.transaction},
                            {"down_transaction", m.down ? nlohmann::json(m.down->transaction) : nullptr},
                            {"category", OrNull(m.category)},
                            {"description", OrNull(m.description)},
                            {"requires", Texts(m.requirements)},
                            {"notes", m.notes}});
    }
    context.out.PrintJson({{"directory", set->directory}, {"migrations", migrations}, {"not_read", set->warnings}});
    return kExitOk;
  }
  Table table({"VERSION", "NAME", "CATEGORY", "REQUIRES", "FORMAT", "DOWN", "TRANSACTION", "CHECKSUM", "FILE", "NOTE"});
  for (const Migration& m : set->migrations) {
    std::string tx = m.up.transaction ? "yes" : "no (up)";
    if (m.down && !m.down->transaction) tx = m.up.transaction ? "no (down)" : "no";
    std::string note = fmt::format("{}", fmt::join(m.notes, "; "));
    if (note.empty()) note = FirstLine(m.description);
    table.AddRow({m.version.text(), m.name, m.category, Joined(Texts(m.requirements)), MigrationFormatName(m.format),
                  m.reversible() ? "yes" : "irreversible", tx, m.checksum.substr(7, 12), m.paths[0], note});
  }
  table.DropIfEmpty("CATEGORY");
  table.DropIfEmpty("REQUIRES");
  std::string text = table.empty() ? fmt::format("no migrations in {}\n", set->directory) : table.Render(context.out);
  text += fmt::format("{} migrations in {}", set->migrations.size(), set->directory);
  for (const std::string& warning : set->warnings) text += "\nnot read: " + warning;
  context.out.Print(text);
  return kExitOk;
}

int RunValidate(Context& context) {
  auto set = context.Migrations(/*warn=*/true, /*facts_only=*/true);
  if (!set.ok()) return context.Fail(set.status());
  auto engine = context.OpenEngine(Access::kRead);
  if (!engine.ok()) return context.Fail(engine.status());
  auto problems = (*engine)->Validate(*set);
  if (!problems.ok()) return context.Fail(problems.status());
  if (context.out.json) {
    context.out.PrintJson({{"ok", problems->empty()}, {"problems", ProblemsJson(*problems)}});
  } else if (problems->empty()) {
    context.out.Print(context.out.Paint(fmt::format("valid: {} migration files agree with the history",
                                                    set->migrations.size()),
                                        Colour::kGreen));
  } else {
    context.out.Print(ProblemLines(context.out, *problems) + fmt::format("{} problem(s)", problems->size()));
  }
  return problems->empty() ? kExitOk : kExitFailed;
}

}  // namespace

void AddStatusCommands(CLI::App& app, Context& context, int* exit_code) {
  auto fleet = std::make_shared<FleetArguments>();
  CLI::App* status = app.add_subcommand("status", "Every migration with its status, the counts and the current version");
  AddFleetOptions(*status, *fleet, /*up=*/false);
  status->callback([&context, exit_code, fleet] {
    if (!fleet->given() && fleet->parallel > 0) {
      *exit_code = context.Fail(
          Status(StatusCode::kInvalidArgument, "--parallel goes with --targets FILE or --targets-query SQL"));
      return;
    }
    *exit_code = fleet->given() ? RunFleetStatus(context, *fleet) : RunStatus(context);
  });
  app.add_subcommand("list", "The migration files found and what was parsed from them")
      ->callback([&context, exit_code] { *exit_code = RunList(context); });
  app.add_subcommand("validate",
                     "Exit 1 if applied files were modified or are missing, pending ones are out of order, a migration "
                     "failed half-way or was interrupted, or requirements name unknown versions or form a cycle")
      ->callback([&context, exit_code] { *exit_code = RunValidate(context); });
}

}  // namespace strata::cli
