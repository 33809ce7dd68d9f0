#include "serve/status_page.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "strata/release.h"

namespace strata::serve {
namespace {

// Phones get the tables as stacked cards (each cell labelled by its column), wider screens as tables.
constexpr const char* kPageStyle = R"css(
:root{color-scheme:light dark;--fg:#1d232b;--muted:#5b6673;--bg:#f6f7f9;--card:#fff;--line:#dde1e6;
--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--info:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--card:#161b22;--line:#30363d;
--ok:#3fb950;--warn:#d29922;--bad:#f85149;--info:#58a6ff}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.1em;margin:1.4em 0 .5em}
.muted{color:var(--muted)}.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.85em;font-weight:600;border:1px solid currentColor}
.s-healthy,.s-applied{color:var(--ok)}.s-pending,.s-reverted,.s-in_progress,.r-warning{color:var(--warn)}
.s-failed,.s-dirty,.s-running,.s-missing,.r-error{color:var(--bad)}.r-info{color:var(--info)}.r-none{color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:1.5em;overflow-wrap:anywhere}.card b .mono{font-size:.75em}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:8px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85em;color:var(--muted);font-weight:600}
ul.problems li{color:var(--bad)}
@media (max-width:640px){
 table,thead,tbody,tr,th,td{display:block}thead{display:none}
 tr{border-bottom:1px solid var(--line);padding:6px 0}td{border:0;padding:3px 10px}
 td:empty{display:none}
 td::before{content:attr(data-label) ": ";color:var(--muted);font:.85em system-ui,sans-serif}
}
)css";

std::string Duration(int64_t ms) {
  if (ms < 1000) return fmt::format("{} ms", ms);
  if (ms < 60000) return fmt::format("{:.1f} s", ms / 1000.0);
  return fmt::format("{} min {} s", ms / 60000, ms % 60000 / 1000);
}

// A status as a coloured badge; the class names only the statuses the style knows.
std::string Badge(const std::string& status) {
  return fmt::format("<span class=\"badge s-{}\">{}</span>", HtmlEscape(status), HtmlEscape(status));
}

std::string RiskCell(const Snapshot& s, const std::string& version) {
  auto it = s.risks.find(version);
  if (it == s.risks.end()) return "<span class=\"r-none\">unknown</span>";
  if (!it->second.highest) return "<span class=\"r-none\">none</span>";
  const char* severity = lint::SeverityName(*it->second.highest);
  return fmt::format("<span class=\"r-{}\">{}</span> <span class=\"mono muted\">{}</span>", severity, severity,
                     HtmlEscape(fmt::format("{}", fmt::join(it->second.rules, ", "))));
}

std::string SummaryCards(const Snapshot& s) {
  const Health& h = s.health;
  std::string out = "<div class=\"cards\">";
  auto card = [&out](const std::string& label, const std::string& value_html) {
    out += fmt::format("<div class=\"card\"><span class=\"muted\">{}</span><b>{}</b></div>", label, value_html);
  };
  card("Status", Badge(h.status));
  card("Current version", h.current_version.empty() ? "none" : "<span class=\"mono\">" + HtmlEscape(h.current_version) + "</span>");
  card("Applied", std::to_string(h.applied));
  card("Pending", std::to_string(h.pending));
  card("Failed", std::to_string(h.failed));
  card("Lock", s.lock_holder.empty() ? "free" : "held");
  return out + "</div>";
}

std::string MigrationTable(const Snapshot& s) {
  std::string out =
      "<table id=\"migrations\"><thead><tr><th>Version</th><th>Name</th><th>Status</th><th>Risk</th><th>Duration</th>"
      "<th>Applied at</th></tr></thead><tbody>";
  for (const MigrationState& m : s.report.migrations) {
    std::string status = m.status;
    if (m.missing) status += " (file missing)";
    if (m.modified) status += " (file modified)";
    out += fmt::format(
        "<tr data-version=\"{0}\" data-status=\"{2}\"><td data-label=\"Version\" class=\"mono\">{0}</td>"
        "<td data-label=\"Name\">{1}</td><td data-label=\"Status\">{3}</td><td data-label=\"Risk\">{4}</td>"
        "<td data-label=\"Duration\">{5}</td><td data-label=\"Applied at\" class=\"mono\">{6}</td></tr>",
        HtmlEscape(m.version), HtmlEscape(m.name), HtmlEscape(m.status), Badge(status), RiskCell(s, m.version),
        m.status == "pending" ? "" : Duration(m.duration_ms), HtmlEscape(m.applied_at));
    if (!m.error.empty()) {
      out += fmt::format("<tr><td data-label=\"Error\" colspan=\"6\" class=\"mono s-failed\">{}</td></tr>", HtmlEscape(m.error));
    }
  }
  if (s.report.migrations.empty()) out += "<tr><td colspan=\"6\" class=\"muted\">No migrations yet.</td></tr>";
  return out + "</tbody></table>";
}

// The dependency graph as what it is: each migration that declares requirements, and what it requires.
std::string Requirements(const Snapshot& s) {
  std::string items;
  for (const MigrationState& m : s.report.migrations) {
    if (m.requirements.empty()) continue;
    std::string required;
    for (const std::string& r : m.requirements) {
      required += fmt::format("{}<span class=\"mono\">{}</span>", required.empty() ? "" : ", ", HtmlEscape(r));
    }
    items += fmt::format("<li><span class=\"mono\">{}</span> {} requires {}</li>", HtmlEscape(m.version),
                         HtmlEscape(m.name), required);
  }
  if (items.empty()) return "";
  return "<h2>Requirements</h2><ul id=\"requirements\">" + items + "</ul>";
}

std::string AuditTrail(const Snapshot& s) {
  std::string out = "<h2>Audit trail</h2>";
  if (!s.report.unreadable.empty()) {
    return out + "<p class=\"muted\">The history cannot be read now: " + HtmlEscape(s.report.unreadable) + "</p>";
  }
  if (s.events.empty()) return out + "<p class=\"muted\">No events yet.</p>";
  out += "<table id=\"history\"><thead><tr><th>At</th><th>Action</th><th>Version</th><th>Name</th><th>By</th><th>Duration</th>"
         "</tr></thead><tbody>";
  for (const HistoryEvent& e : s.events) {
    std::string action = EventActionName(e.action);
    out += fmt::format(
        "<tr><td data-label=\"At\" class=\"mono\">{}</td><td data-label=\"Action\">{}</td>"
        "<td data-label=\"Version\" class=\"mono\">{}</td><td data-label=\"Name\">{}</td><td data-label=\"By\">{}</td>"
        "<td data-label=\"Duration\">{}</td></tr>",
        HtmlEscape(e.at), HtmlEscape(action), HtmlEscape(e.version), HtmlEscape(e.name), HtmlEscape(e.by),
        Duration(e.duration_ms));
    if (!e.error.empty()) {
      out += fmt::format("<tr><td data-label=\"Error\" colspan=\"6\" class=\"mono s-failed\">{}</td></tr>", HtmlEscape(e.error));
    }
  }
  return out + "</tbody></table>";
}

std::string Problems(const Snapshot& s) {
  if (s.health.problems.empty()) return "";
  std::string out = "<h2>Problems</h2><ul class=\"problems\">";
  for (const Problem& p : s.health.problems) {
    out += fmt::format("<li><b>{}</b> <span class=\"mono\">{}</span> {}: {}</li>", ProblemKindName(p.kind),
                       HtmlEscape(p.version), HtmlEscape(p.name), HtmlEscape(p.message));
  }
  return out + "</ul>";
}

}  // namespace

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string StatusPage(const Snapshot& s) {
  std::string lock = s.lock_holder.empty() ? "free" : "held by " + HtmlEscape(s.lock_holder);
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>strata: {0} ({1})</title><style>{2}</style></head><body><main>"
      "<h1>strata <span class=\"badge s-{1}\" id=\"health\">{1}</span></h1>"
      "<p class=\"muted mono\" id=\"database\">{0}</p>{3}{4}"
      "<h2>Migrations</h2>{5}{6}{7}"
      "<h2>Runner lock</h2><p id=\"lock\">{8}</p>"
      "<p class=\"muted\">Read at <span class=\"mono\">{9}</span> by strata {10}. "
      "Machine-readable: <a href=\"health\">health</a>, <a href=\"health/detailed\">detailed health</a>, "
      "<a href=\"metrics\">metrics</a>.</p></main></body></html>\n",
      HtmlEscape(s.database), HtmlEscape(s.health.status), kPageStyle, SummaryCards(s), Problems(s), MigrationTable(s),
      Requirements(s), AuditTrail(s), lock, HtmlEscape(s.taken_at), kRelease);
}

}  // namespace strata::serve
