// LintMigration: each part read by its dialect's reader, then the rule's texts, the settings, what the
// database knows and the `strata:allow` comments applied.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/text.h"
#include "lint/allow.h"
#include "lint/analysis.h"
#include "lint/catalog/catalog.h"
#include "lint/sql/tokens.h"

namespace strata::lint {
namespace {

int Column(std::string_view text, size_t offset) {
  size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1;
  int column = 1;
  for (size_t i = line_start; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

std::optional<int64_t> RowsOf(const LintOptions& options, const std::string& table) {
  if (!options.table_rows || table.empty()) return std::nullopt;
  std::string key = table;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  if (auto it = options.table_rows->find(key); it != options.table_rows->end()) return it->second;
  size_t dot = key.rfind('.');
  if (dot != std::string::npos) {
    if (auto it = options.table_rows->find(key.substr(dot + 1)); it != options.table_rows->end()) return it->second;
  }
  return std::nullopt;
}


std::unique_ptr<StatementReader> DialectReader(PartFindings& findings) {
  switch (findings.scan().options.dialect) {
    case Dialect::kMysql:
      return MysqlReader(findings);
    case Dialect::kSqlite:
      return SqliteReader(findings);
    case Dialect::kDuckdb:
      return DuckdbReader(findings);
    default:
      return PostgresReader(findings);
  }
}

class PartLinter {
 public:
  PartLinter(const PartScan& scan, std::vector<Allow> file_allows) : scan_(scan), file_allows_(std::move(file_allows)) {}

  // Returns what the part creates (tables, indexes, columns).
  std::set<std::string> Run(std::vector<Finding>* out, std::set<std::string> seeded = {}) {
    PartFindings findings(scan_, std::move(seeded));
    if (scan_.options.dialect == Dialect::kMongodb) {
      ReadMongodb(findings);
      ReadJsonLiterals(findings);
    } else {
      std::unique_ptr<StatementReader> readers[] = {DialectReader(findings), LiteralReader(findings)};
      ForEachStatement(scan_.section.text, TokenDialectOf(scan_.options.dialect), [&](const SqlStatement& s, size_t i, size_t n) {
        for (auto& reader : readers) {
          findings.Statement(s.region_begin, s.end);
          reader->Statement(s, i, n);
        }
      });
      for (auto& reader : readers) reader->Finish();
    }
    std::vector<Allow> allows = scan_.options.dialect == Dialect::kMongodb ? file_allows_ : AllowComments(scan_.section.text);
    LineCounter lines(scan_.section.text);
    std::vector<RawFinding> raw = findings.findings();
    std::stable_sort(raw.begin(), raw.end(), [](const RawFinding& a, const RawFinding& b) { return a.offset < b.offset; });
    for (const RawFinding& r : raw) {
      std::optional<Finding> finding = Complete(r, findings, allows, lines);
      if (finding) out->push_back(std::move(*finding));
    }
    for (const Allow& allow : allows) {
      if (!allow.reason.empty() || (scan_.options.dialect == Dialect::kMongodb && scan_.down)) continue;
      RawFinding r{"allow-without-reason", allow.offset, allow.offset, allow.offset,
                   fmt::format("`strata:allow {}` gives no reason, so it accepts nothing", allow.rule), "", ""};
      if (auto finding = Complete(r, findings, {}, lines)) out->push_back(std::move(*finding));
    }
    return findings.created();
  }

 private:
  std::optional<Finding> Complete(const RawFinding& r, const PartFindings& findings, const std::vector<Allow>& allows,
                                  LineCounter& lines) {
    const RuleInfo* rule = FindRule(r.rule);
    // A shared reader may meet a statement the database does not have (DROP SCHEMA on SQLite): only the
    // rules catalogued for this database are reported.
    if (!rule || !rule->AppliesTo(scan_.options.dialect)) return std::nullopt;
    const LintOptions& options = scan_.options;
    Finding f;
    f.rule = r.rule;
    f.severity = rule->severity;
    f.version = scan_.migration.version.text();
    f.path = scan_.section.path;
    f.line = scan_.section.first_line + lines.Line(r.offset) - 1;
    f.column = Column(scan_.section.text, r.offset);
    f.down = scan_.down;
    f.message = r.message;
    f.at_run_time = rule->at_run_time;
    f.safer = rule->safer;
    if (rule->hazard == Hazard::kDataLoss) f.table = r.table, f.dropped_column = r.column;
    if (rule->hazard == Hazard::kLock && !r.table.empty()) {
      if (findings.IsNew(PartFindings::Object::kTable, r.table)) return std::nullopt;  // made by this migration: nobody else uses it yet
      if (options.table_rows) {
        std::optional<int64_t> rows = RowsOf(options, r.table);
        if (!rows) {
          f.severity = Severity::kInfo;
          f.at_run_time += fmt::format(" (The database has no table {} yet.)", r.table);
        } else if (*rows < options.small_table_rows) {
          f.severity = Severity::kInfo;
          f.at_run_time += fmt::format(" ({} has {} rows now: the lock is brief.)", r.table, *rows);
        } else {
          f.at_run_time += fmt::format(" ({} has {} rows now.)", r.table, *rows);
        }
      }
    }
    if (auto it = options.rules.find(r.rule); it != options.rules.end()) {
      if (!it->second.enabled) return std::nullopt;
      if (it->second.severity) f.severity = *it->second.severity;
    }
    for (const Allow& allow : allows) {
      if (allow.rule == r.rule && !allow.reason.empty() && Accepts(allow, r)) f.allowed = allow.reason;
    }
    return f;
  }

  // An allow comment belongs to the statement it precedes or sits in, or, when it follows a statement's
  // end on the same line, to that statement.
  bool Accepts(const Allow& allow, const RawFinding& r) const {
    if (scan_.options.dialect == Dialect::kMongodb) return true;
    std::string_view text = scan_.section.text;
    auto same_line = [&](size_t from, size_t to) { return from <= to && text.substr(from, to - from).find('\n') == std::string_view::npos; };
    if (allow.offset >= r.region_end) return same_line(r.region_end, allow.offset);
    if (allow.offset < r.region_begin) return false;
    return !(r.region_begin > 0 && same_line(r.region_begin, allow.offset));  // the previous statement's
  }

  const PartScan& scan_;
  std::vector<Allow> file_allows_;
};

bool Transactional(const Section& section, Dialect dialect) {
  // MySQL commits before and after every DDL statement whatever strata asks; MongoDB's transactions
  // are the driver's choice per section.
  return section.transaction && dialect != Dialect::kMysql;
}

// A batched migration's UPDATE or DELETE without WHERE still reaches every row, but not in one
// transaction: the rule's text about writers waiting for the whole statement is not true of it.
void SayWhatBatchesHold(const BatchSpec& batch, std::vector<Finding>& findings) {
  for (Finding& f : findings) {
    const bool del = f.rule == "delete-without-where";
    if (!del && f.rule != "update-without-where") continue;
    f.at_run_time = fmt::format(
        "Every row of the table is {}, in batches of {} rows (`-- strata:batch`): each batch is its own "
        "transaction, so a writer waits at most one batch, never the whole {}; what a batch {} is committed "
        "with it and not rolled back by a later failure.",
        del ? "deleted" : "rewritten and its old value of the column lost", batch.size, del ? "delete" : "update",
        del ? "deletes" : "rewrites");
    f.safer = del ? "Say which rows with WHERE; keep a copy first when the rows matter."
                  : "Update only the rows that need it (`WHERE col IS NULL`); a resumed run then skips what is done.";
  }
}

}  // namespace

TokenDialect TokenDialectOf(Dialect dialect) {
  switch (dialect) {
    case Dialect::kMysql:
      return TokenDialect::kMysql;
    case Dialect::kSqlite:
      return TokenDialect::kSqlite;
    case Dialect::kDuckdb:
      return TokenDialect::kDuckdb;
    default:
      return TokenDialect::kPostgres;
  }
}

std::string PartFindings::Key(Object kind, const std::string& name) {
  std::string key = kind == Object::kTable ? "t:" : kind == Object::kIndex ? "i:" : "c:";
  key += name;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  return key;
}

void PartFindings::Add(std::string_view rule, size_t offset, std::string message, std::string table, std::string column) {
  findings_.push_back({std::string(rule), offset, region_begin_, region_end_, std::move(message), std::move(table), std::move(column)});
}

bool PartFindings::IsNew(Object kind, const std::string& name) const {
  if (created_.count(Key(kind, name))) return true;
  // "schema.table" made as "table" (or the other way round): compare without the schema.
  auto unqualified = [](const std::string& n, size_t parts) {
    size_t cut = std::string::npos;
    for (size_t i = 0, dot = n.size(); i < parts; ++i) {
      dot = n.rfind('.', dot - 1);
      if (dot == std::string::npos) return n;
      cut = dot;
    }
    return cut == std::string::npos ? n : n.substr(cut + 1);
  };
  size_t parts = kind == Object::kColumn ? 2 : 1;
  std::string bare = unqualified(name, parts);
  for (const std::string& made : created_) {
    if (made.compare(0, 2, Key(kind, "")) == 0 && unqualified(made.substr(2), parts) == Key(kind, bare).substr(2)) return true;
  }
  return false;
}

std::vector<Finding> LintMigration(const Migration& migration, const LintOptions& options) {
  std::vector<Finding> out;
  if (migration.format == MigrationFormat::kCode) return out;  // C++: nothing to read
  std::vector<Allow> file_allows;
  if (options.dialect == Dialect::kMongodb) file_allows = FileAllows(migration);
  PartScan up{migration, migration.up, false, options, Transactional(migration.up, options.dialect)};
  std::set<std::string> created = PartLinter(up, file_allows).Run(&out);
  size_t up_count = out.size();
  if (migration.down) {
    PartScan down{migration, *migration.down, true, options, Transactional(*migration.down, options.dialect)};
    PartLinter(down, file_allows).Run(&out, created);
  }
  if (migration.batch) SayWhatBatchesHold(*migration.batch, out);
  // Reversibility: judged on the up part's findings.
  auto add = [&](const char* rule, const Section& section, std::string message) {
    const RuleInfo* info = FindRule(rule);
    auto setting = options.rules.find(rule);
    if (setting != options.rules.end() && !setting->second.enabled) return;
    Finding f;
    f.rule = rule;
    f.severity = setting != options.rules.end() && setting->second.severity ? *setting->second.severity : info->severity;
    f.version = migration.version.text();
    f.path = section.path;
    // The whole migration's: its file's first line for a missing down part (the part may start past
    // the file's last line), else the first line of the down part it is about.
    f.line = std::string(rule) == "no-down" ? 1 : section.first_line;
    f.column = 1;
    f.down = &section != &migration.up;
    f.message = std::move(message);
    f.at_run_time = info->at_run_time;
    f.safer = info->safer;
    for (const Allow& allow : options.dialect == Dialect::kMongodb ? file_allows : AllowComments(section.text)) {
      if (allow.rule == rule && !allow.reason.empty()) f.allowed = allow.reason;
    }
    out.push_back(std::move(f));
  };
  if (!migration.down || IsBlankSql(migration.down->text)) {
    add("no-down", migration.up, fmt::format("{} has no down part: `strata down` cannot revert it", migration.version.text()));
  } else {
    std::vector<std::string> lost;
    for (size_t i = 0; i < up_count; ++i) {
      const RuleInfo* info = FindRule(out[i].rule);
      if (info && info->hazard == Hazard::kDataLoss && out[i].allowed.empty()) lost.push_back(out[i].message);
    }
    if (!lost.empty()) {
      add("irreversible-down", *migration.down,
          fmt::format("the down part cannot bring back what the up part destroys: {}", lost.front()));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.down, a.line, a.column) < std::tie(b.down, b.line, b.column);
  });
  return out;
}

std::vector<Finding> LintPart(const Migration& migration, const Section& section, bool down, const LintOptions& options) {
  std::vector<Finding> out;
  if (migration.format == MigrationFormat::kCode) return out;
  std::vector<Allow> allows = options.dialect == Dialect::kMongodb ? FileAllows(migration) : std::vector<Allow>{};
  std::set<std::string> created;
  if (down) {  // what the up part made is the down part's to remove
    std::vector<Finding> ignored;
    PartScan up{migration, migration.up, false, options, Transactional(migration.up, options.dialect)};
    created = PartLinter(up, allows).Run(&ignored);
  }
  PartScan scan{migration, section, down, options, Transactional(section, options.dialect)};
  PartLinter(scan, allows).Run(&out, created);
  if (migration.batch) SayWhatBatchesHold(*migration.batch, out);
  return out;
}

std::vector<Finding> NeedingConfirmation(const std::vector<Finding>& findings) {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (f.severity == Severity::kError && f.allowed.empty()) out.push_back(f);
  }
  return out;
}

std::string FindingLine(const Finding& f) {
  return fmt::format("{}:{}:{}: {} {}: {}", f.path, f.line, f.column, SeverityName(f.severity), f.rule, f.message);
}

std::optional<Severity> HighestRisk(const std::vector<Finding>& findings, bool include_down) {
  std::optional<Severity> highest;
  for (const Finding& f : findings) {
    if (!f.allowed.empty() || (f.down && !include_down)) continue;
    if (!highest || f.severity > *highest) highest = f.severity;
  }
  return highest;
}

}  // namespace strata::lint
