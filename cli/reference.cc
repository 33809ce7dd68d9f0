#include "cli/reference.h"

#include <fmt/format.h>

namespace strata::cli {
namespace {

constexpr const char* kExitCodes[][2] = {
    {"0", "Success; for `health` and `validate`, also: nothing is wrong."},
    {"1", "The command failed: a migration, the database, a lock, or a check that found a problem."},
    {"2",
     "Bad usage: an unknown command or option, a missing or malformed argument, a version that "
     "does not exist."},
    {"3", "`wait` only: the database did not accept connections before --wait-timeout."},
};

constexpr const char* kEnvironment[][2] = {
    {"DATABASE_URL", "The database URL when --url is not given (also read from ./.env)."},
    {"STRATA_DIR", "The migrations directory when --dir is not given."},
    {"STRATA_TABLE", "The history table when --table is not given."},
    {"STRATA_ENVIRONMENT, STRATA_ENV",
     "The environment when --environment is not given; when both are set they must agree."},
    {"STRATA_LOCK", "How runs are locked when --lock is not given."},
    {"STRATA_LEASE_TTL", "A table lease's life when --lease-ttl is not given."},
    {"MAX_MIGRATION_TIME", "The longest a statement may run when --max-migration-time is not given."},
    {"BACKUP_ENABLED", "false: take no backups before risky steps (as --no-backup)."},
    {"STRATA_SEEDS_DIR", "The seeds directory when seed's --seeds-dir is not given."},
    {"MIGRATION_REQUIRE_CONFIRMATION",
     "false: in production, do not ask about risky steps on a terminal (without --yes they are still refused)."},
    {"STRATA_SERVE_TOKEN", "The bearer token serve requires when --token is not given."},
    {"STRATA_VAR_NAME", "The value of the placeholder ${NAME} when neither --set nor strata.toml sets it."},
    {"STRATA_CACHE", "off: do not keep the cache of migration files' facts (under $XDG_CACHE_HOME/strata)."},
    {"STRATA_DRIVER_PATH", "Colon-separated directories to load database driver modules from."},
    {"NO_COLOR", "Set and not empty: no colours in the output."},
};

// What the reference says about one option: its help, then its default when the help does not already
// give one.
std::string Meaning(const OptionInfo& option) {
  std::string text = option.description;
  if (!option.default_value.empty() && text.find("default") == std::string::npos) {
    text += fmt::format(" (default: {})", option.default_value);
  }
  auto sentence = [&text](const char* words) {
    if (!text.empty() && text.back() != '.') text += '.';
    text += words;
  };
  if (option.required && option.positional.empty()) sentence(" Required.");
  if (option.repeatable && !option.value.empty() && option.positional.empty() &&
      text.find("repeatable") == std::string::npos) {
    sentence(" Repeatable.");
  }
  return text;
}

std::string MarkdownCell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '<')
      out += "&lt;";
    else
      out += c;
  }
  return out;
}

std::string Anchor(const CommandInfo& command) {
  std::string anchor = "strata-" + command.path;
  for (char& c : anchor)
    if (c == ' ') c = '-';
  return anchor;
}

void MarkdownOptionTable(const CommandInfo& command, const char* first_column, std::string* out) {
  if (command.options.empty() && command.positionals.empty()) return;
  *out += fmt::format("| {} | meaning |\n| --- | --- |\n", first_column);
  for (const OptionInfo& argument : command.positionals) {
    *out += fmt::format("| `{}` | {} |\n", argument.Synopsis(), MarkdownCell(Meaning(argument)));
  }
  for (const OptionInfo& option : command.options) {
    *out += fmt::format("| `{}` | {} |\n", option.Synopsis(), MarkdownCell(Meaning(option)));
  }
  *out += "\n";
}

// Text for roff: backslashes escaped, no line taken for a request, everything outside ASCII as a
// named glyph so that groff reads it whatever the locale.
std::string Roff(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
      uint32_t code = c & (0x3f >> extra);
      for (int k = 0; k < extra && i + 1 < text.size(); ++k) code = (code << 6) | (text[++i] & 0x3f);
      out += fmt::format("\\[u{:04X}]", code);
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

void ManOptions(const CommandInfo& command, std::string* out) {
  for (const OptionInfo& argument : command.positionals) {
    *out += fmt::format(".TP\n.I {}\n{}\n", Roff(argument.positional), Roff(Meaning(argument)));
  }
  for (const OptionInfo& option : command.options) {
    std::string names;
    for (const std::string& name : option.names) names += (names.empty() ? "" : ", ") + Roff(name);
    std::string value = option.value.empty() ? "" : " \\fI" + Roff(option.value) + "\\fR";
    *out += fmt::format(".TP\n\\fB{}\\fR{}\n{}\n", names, value, Roff(Meaning(option)));
  }
}

}  // namespace

std::string MarkdownReference(const CommandInfo& root) {
  std::string out =
      "# Command reference\n\n"
      "<!-- Generated from the command-line definition (cli/app.cc) by `strata __reference markdown`: do not\n"
      "edit. After changing a command or an option, regenerate it with\n"
      "`build/unity/strata __reference markdown > docs/reference.md`; the test reference.MatchesTheBinary\n"
      "fails until then. -->\n\n"
      "Every command and option, as `strata --help` and `strata help COMMAND` print them; `man strata` shows\n"
      "the same. The guide with examples is [commands.md](commands.md). Every command also takes `-h` or\n"
      "`--help`.\n\n";
  out += fmt::format("```\n{}\n```\n\n", root.Usage());
  out += "| exit code | meaning |\n| --- | --- |\n";
  for (const auto& [code, meaning] : kExitCodes) out += fmt::format("| {} | {} |\n", code, MarkdownCell(meaning));
  out += "\n## Global options\n\nThey may come before or after the command.\n\n";
  MarkdownOptionTable(root, "option", &out);
  out += "## Commands\n\n| command | what it does |\n| --- | --- |\n";
  std::vector<const CommandInfo*> commands = root.Flatten();
  for (const CommandInfo* command : commands) {
    if (command == &root) continue;
    out += fmt::format("| [`{}`](#{}) | {} |\n", command->path, Anchor(*command), MarkdownCell(command->description));
  }
  for (const CommandInfo* command : commands) {
    if (command == &root) continue;
    out +=
        fmt::format("\n### strata {}\n\n{}\n\n```\n{}\n```\n\n", command->path, command->description, command->Usage());
    MarkdownOptionTable(*command, "argument or option", &out);
    if (!command->subcommands.empty()) {
      out += "Commands:";
      for (const CommandInfo& sub : command->subcommands) {
        out += fmt::format(" [`{}`](#{})", sub.path, Anchor(sub));
      }
      out += ".\n";
    }
    while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  }
  return out;
}

std::string ManPage(const CommandInfo& root, const std::string& release) {
  std::string out = fmt::format(
      ".\\\" strata(1), generated from the command-line definition by `strata __reference man`.\n"
      ".TH STRATA 1 \"\" \"strata {}\" \"User Commands\"\n"
      ".SH NAME\nstrata \\- versioned database migrations, safely\n"
      ".SH SYNOPSIS\n.B strata\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n"
      ".SH DESCRIPTION\n{}\n.PP\n"
      "strata applies, reverts and checks versioned migrations on SQLite, DuckDB, PostgreSQL, MySQL/MariaDB "
      "and MongoDB.\nThe migrations directory holds one file a version; the database holds the history of what "
      "ran.\n.B strata help\n\\fICOMMAND\\fR prints one command's options.\n"
      "Global options may come before or after the command.\n",
      Roff(release), Roff(root.description));
  out += ".SH GLOBAL OPTIONS\n";
  ManOptions(root, &out);
  out += ".SH COMMANDS\n";
  for (const CommandInfo* command : root.Flatten()) {
    if (command == &root) continue;
    out += fmt::format(".SS \"{}\"\n{}\n", Roff(command->Usage()), Roff(command->description));
    ManOptions(*command, &out);
  }
  out += ".SH EXIT STATUS\n";
  for (const auto& [code, meaning] : kExitCodes) out += fmt::format(".TP\n.B {}\n{}\n", code, Roff(meaning));
  out += ".SH ENVIRONMENT\n";
  for (const auto& [name, meaning] : kEnvironment) out += fmt::format(".TP\n.B {}\n{}\n", name, Roff(meaning));
  out +=
      ".SH FILES\n.TP\n.I strata.toml\nThe configuration, read from the working directory "
      "(or \\fB\\-\\-config\\fR).\n.TP\n.I db/migrations\nThe default migrations directory.\n"
      ".SH SEE ALSO\nThe documentation in the source tree: docs/commands.md (the guide), docs/reference.md "
      "(this page), docs/configuration.md.\n";
  return out;
}

}  // namespace strata::cli
