// The bad-input catalogue: every case in tests/data/bad_inputs.cases run as a user would meet it (the
// built binary, a fresh directory, a SQLite database), checking its exit code, a fragment of what it
// says, and that the database is exactly as it was before the command (unless the case says `changes`).
//
// A case is a list of directives, run in order (see the head of the cases file for the format).
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <sstream>

#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Outcome;
using testing::Strata;
using testing::TempDir;

struct Case {
  std::string name;
  int line = 0;  // in the cases file
  std::vector<std::pair<std::string, std::string>> steps;  // directive, argument (file bodies decoded)
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

// `\0`, `\r`, `\n`, `\t`, `\\` and `\xHH` in a file body or a raw line.
std::string Unescape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    char c = text[++i];
    if (c == '0') out += '\0';
    else if (c == 'r') out += '\r';
    else if (c == 'n') out += '\n';
    else if (c == 't') out += '\t';
    else if (c == 'x' && i + 2 < text.size()) out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)), i += 2;
    else out += c;
  }
  return out;
}

std::vector<Case> ReadCases(const std::string& path) {
  std::ifstream in(path);
  std::vector<Case> cases;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find(' ');
    std::string directive = line.substr(0, space);
    std::string argument = space == std::string::npos ? "" : line.substr(space + 1);
    if (directive == "case") {
      cases.push_back({argument, number, {}});
      continue;
    }
    if (cases.empty()) ADD_FAILURE() << path << ":" << number << ": a directive before the first case";
    if (cases.empty()) continue;
    if (directive == "file") {
      // The body: every line up to a line holding only ".", each ending in LF; escapes decoded.
      std::string body;
      while (std::getline(in, line) && line != ".") {
        ++number;
        body += Unescape(line) + "\n";
      }
      ++number;
      cases.back().steps.push_back({"file", argument + '\n' + body});
    } else {
      cases.back().steps.push_back({directive, argument});
    }
  }
  return cases;
}

// Everything the SQLite database holds, as text: its schema and every row of every table. A database
// with nothing in it reads as one that does not exist: a refused command may open (so create) the file.
std::string Snapshot(const std::filesystem::path& db_path) {
  if (!std::filesystem::exists(db_path)) return "";
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "(unreadable: " + db_path.string() + ")";
  }
  std::string out;
  auto each_row = [&](const std::string& sql, const std::function<void(sqlite3_stmt*)>& row) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      out += "(" + std::string(sqlite3_errmsg(db)) + ")\n";
      return;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) row(stmt);
    sqlite3_finalize(stmt);
  };
  std::vector<std::string> tables;
  each_row("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name", [&](sqlite3_stmt* s) {
    for (int c = 0; c < 3; ++c) {
      const unsigned char* v = sqlite3_column_text(s, c);
      out += v ? reinterpret_cast<const char*>(v) : "NULL";
      out += c < 2 ? "|" : "\n";
    }
    if (std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "table") {
      tables.push_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
    }
  });
  for (const std::string& table : tables) {
    out += "== " + table + "\n";
    each_row("SELECT * FROM \"" + table + "\" ORDER BY 1", [&](sqlite3_stmt* s) {
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const unsigned char* v = sqlite3_column_text(s, c);
        out += v ? reinterpret_cast<const char*>(v) : "NULL";
        out += '|';
      }
      out += '\n';
    });
  }
  sqlite3_close(db);
  return out;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> std::quoted(w);) words.push_back(w);
  return words;
}

class BadInputTest : public ::testing::TestWithParam<Case> {};

TEST_P(BadInputTest, FailsClearlyAndLosesNothing) {
  const Case& c = GetParam();
  TempDir dir;
  Strata strata(dir.path());
  strata.env["DATABASE_URL"] = "sqlite:app.db";
  strata.env["STRATA_DIR"] = "m";
  std::filesystem::create_directories(dir.path() / "m");
  std::string before, after;
  bool ran = false, changes = false;
  int kill_signal = 0, kill_after_ms = 0;
  Outcome outcome;
  const std::string where = "tests/data/bad_inputs.cases:" + std::to_string(c.line) + " (" + c.name + ")";
  for (const auto& [directive, argument] : c.steps) {
    if (directive == "file") {
      size_t eol = argument.find('\n');
      dir.Write(Unescape(argument.substr(0, eol)), argument.substr(eol + 1));
    } else if (directive == "raw") {  // raw PATH ESCAPED-CONTENT: no line ending added
      size_t space = argument.find(' ');
      dir.Write(Unescape(argument.substr(0, space)), Unescape(argument.substr(space + 1)));
    } else if (directive == "symlink") {
      std::vector<std::string> w = Words(argument);
      std::filesystem::create_symlink(w.at(0), dir.path() / w.at(1));
    } else if (directive == "mkdir") {
      std::filesystem::create_directories(dir.path() / argument);
    } else if (directive == "remove") {
      std::filesystem::remove_all(dir.path() / argument);
    } else if (directive == "setup") {
      Outcome o = strata(Words(argument));
      ASSERT_EQ(o.exit_code, 0) << where << ": setup `" << argument << "` failed:\n" << o.out << o.err;
    } else if (directive == "sql") {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open((dir.path() / "app.db").c_str(), &db), SQLITE_OK);
      int rc = sqlite3_exec(db, argument.c_str(), nullptr, nullptr, nullptr);
      std::string error = sqlite3_errmsg(db);
      sqlite3_close(db);
      ASSERT_EQ(rc, SQLITE_OK) << where << ": " << error;
    } else if (directive == "changes") {
      changes = true;
    } else if (directive == "chmod") {  // chmod OCTAL PATH
      std::vector<std::string> w = Words(argument);
      std::filesystem::permissions(dir.path() / w.at(1), static_cast<std::filesystem::perms>(std::stoi(w.at(0), nullptr, 8)));
    } else if (directive == "as-nobody") {
      // Permissions bind only a user who is not root: as root, run strata as nobody, in a tree it may
      // enter (later `chmod`s take things away again).
      for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
        std::filesystem::permissions(entry.path(), std::filesystem::perms::all, std::filesystem::perm_options::add);
      }
      std::filesystem::permissions(dir.path(), std::filesystem::perms::all, std::filesystem::perm_options::add);
      if (geteuid() == 0) strata.wrapper = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    } else if (directive == "file-size-limit") {
      strata.file_size_limit = std::stol(argument);
    } else if (directive == "kill") {  // kill SIGNAL MS: the next `run` gets SIGNAL after MS milliseconds
      std::vector<std::string> w = Words(argument);
      kill_signal = w.at(0) == "INT" ? SIGINT : SIGKILL;
      kill_after_ms = std::stoi(w.at(1));
    } else if (directive == "run") {
      before = Snapshot(dir.path() / "app.db");
      if (kill_signal) {
        pid_t pid = strata.Start(Words(argument), "killed");
        usleep(kill_after_ms * 1000);
        kill(pid, kill_signal);
        outcome = strata.Finish(pid, "killed");
      } else {
        outcome = strata(Words(argument));
      }
      after = Snapshot(dir.path() / "app.db");
      strata.wrapper.clear(), strata.file_size_limit = -1;
      ran = true;
    } else if (directive == "then") {  // then ARGS: what comes next must succeed, and at once
      auto start = std::chrono::steady_clock::now();
      Outcome o = strata(Words(argument));
      EXPECT_EQ(o.exit_code, 0) << where << ": then `" << argument << "`:\n" << o.out << o.err;
      EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30))
          << where << ": it waited (for a lock the interrupted run left?)";
    } else if (directive == "exit" && argument == "signal") {
      EXPECT_EQ(outcome.exit_code, 128 + kill_signal) << where << ": expected to die by the signal";
    } else if (directive == "exit") {
      EXPECT_EQ(outcome.exit_code, std::stoi(argument)) << where << "\nstdout:\n" << outcome.out << "\nstderr:\n"
                                                        << outcome.err;
    } else if (directive == "says") {
      EXPECT_NE((outcome.out + outcome.err).find(argument), std::string::npos)
          << where << ": expected to say '" << argument << "'\nstdout:\n" << outcome.out << "\nstderr:\n" << outcome.err;
    } else if (directive == "hides") {
      EXPECT_EQ((outcome.out + outcome.err).find(argument), std::string::npos) << where << ": printed '" << argument << "'";
    } else {
      ADD_FAILURE() << where << ": unknown directive '" << directive << "'";
    }
  }
  ASSERT_TRUE(ran) << where << ": no `run`";
  EXPECT_FALSE(outcome.err.find('\r') != std::string::npos) << where << ": a raw CR would garble a terminal";
  if (!changes) {
    EXPECT_EQ(after, before) << where << ": the database changed";
  }
}

std::vector<Case> Cases() { return ReadCases(std::string(STRATA_TEST_DATA) + "/bad_inputs.cases"); }

TEST(BadInputCatalogue, HoldsAtLeastSixtyCases) { EXPECT_GE(Cases().size(), 60u); }

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInputTest, ::testing::ValuesIn(Cases()), [](const auto& info) {
  std::string name;
  for (char ch : info.param.name) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return std::to_string(info.index) + "_" + name;
});

}  // namespace
}  // namespace strata
