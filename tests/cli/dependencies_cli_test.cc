// Dependencies and categories through the binary, on SQLite: `up --keep-going` and what it reports,
// reverts refused or cascaded, `run` and `up --to` with requirements, `status` and `list` with category,
// description and requirements, and `strata graph`.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "strata/driver.h"
#include "support/strata_process.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Outcome;
using testing::ReadFile;
using testing::Strata;
using testing::TempDir;

using testing::Contains;

class DependenciesCliTest : public ::testing::Test {
 protected:
  DependenciesCliTest() : strata_(dir_.path()) { strata_.env["DATABASE_URL"] = "sqlite:app.db"; }

  void Migration(const std::string& file, const std::string& content) { dir_.Write("db/migrations/" + file, content); }
  // 002 fails; 003 needs only 001; 004 needs 002; 005 declares nothing, so it needs every earlier one.
  void FailingSet() {
    Migration("001_a.sql",
              "-- strata:category schema\n-- strata:description Creates a\n-- strata:up\n"
              "CREATE TABLE a (i INTEGER);\n-- strata:down\nDROP TABLE a;\n");
    Migration("002_bad.sql", "-- strata:requires 001\n-- strata:up\nINSERT INTO nowhere VALUES (1);\n");
    Migration("003_c.sql",
              "-- strata:requires 001\n-- strata:category index\n-- strata:up\n"
              "CREATE INDEX a_i ON a (i);\n-- strata:down\nDROP INDEX a_i;\n");
    Migration("004_d.sql", "-- strata:requires 002\n-- strata:up\nCREATE TABLE d (i INTEGER);\n");
    Migration("005_e.sql", "-- strata:up\nCREATE TABLE e (i INTEGER);\n");
  }
  // 002 and 003 both require 001; each creates a table its down part drops.
  void RequiredBaseSet() {
    Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INTEGER);\n-- strata:down\nDROP TABLE a;\n");
    Migration("002_b.sql",
              "-- strata:requires 001\n-- strata:up\nCREATE TABLE b (i INTEGER);\n-- strata:down\nDROP TABLE b;\n");
    Migration("003_c.sql",
              "-- strata:requires 001\n-- strata:up\nCREATE TABLE c (i INTEGER);\n-- strata:down\nDROP TABLE c;\n");
  }
  // 002 requires 003, a newer version.
  void NewerRequirementSet() {
    Migration("001_a.sql", "-- strata:up\nCREATE TABLE a (i INTEGER);\n-- strata:down\nDROP TABLE a;\n");
    Migration("002_b.sql",
              "-- strata:requires 003\n-- strata:up\nCREATE TABLE b (i INTEGER);\n-- strata:down\nDROP TABLE b;\n");
    Migration("003_c.sql", "-- strata:up\nCREATE TABLE c (i INTEGER);\n-- strata:down\nDROP TABLE c;\n");
  }
  // Each migration's status: "001 applied, 002 pending".
  std::string States() {
    const json status = Json({"status"});
    std::string out;
    for (const json& m : status["migrations"]) {
      out += (out.empty() ? "" : ", ") + m["version"].get<std::string>() + " " + m["status"].get<std::string>();
    }
    return out;
  }
  // The versions of the history's `action` events, oldest first: "003 002 001".
  std::string Events(const std::string& action) {
    json events = Json({"history"})["events"];
    std::sort(events.begin(), events.end(), [](const json& a, const json& b) { return a["id"] < b["id"]; });
    std::string out;
    for (const json& e : events) {
      if (e["action"] == action) out += (out.empty() ? "" : " ") + e["version"].get<std::string>();
    }
    return out;
  }
  // The tables of app.db among a, b and c, read by a session of the test's own: "a b c".
  std::string Tables() {
    const std::string url = "sqlite:" + (dir_.path() / "app.db").string();
    auto c = (*FindDriver(url))->Connect(url, {});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    if (!c.ok()) return "";
    auto rows = (*c)->sql()->Query(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('a', 'b', 'c') ORDER BY name", {});
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    if (!rows.ok()) return "";
    std::string out;
    for (const SqlRow& row : *rows) out += (out.empty() ? "" : " ") + row[0].value_or("NULL");
    return out;
  }
  json Json(const std::vector<std::string>& args, int expected_exit = 0) {
    std::vector<std::string> with_json = args;
    with_json.insert(with_json.begin(), "--json");
    Outcome o = strata_(with_json);
    EXPECT_EQ(o.exit_code, expected_exit) << o.out << o.err;
    return json::parse(o.out, nullptr, false);
  }

  TempDir dir_;
  Strata strata_;
};

TEST_F(DependenciesCliTest, KeepGoingAppliesWhatDoesNotNeedTheFailureAndSaysWhy) {
  FailingSet();
  Outcome stopped = strata_({"up", "--stop-on-error"});  // the default, by its name
  EXPECT_EQ(stopped.exit_code, 1) << stopped.out << stopped.err;
  EXPECT_TRUE(Contains(stopped.out, "1 applied, 3 skipped, 1 failed")) << stopped.out;

  Outcome kept = strata_({"up", "--keep-going"});
  EXPECT_EQ(kept.exit_code, 1) << kept.out << kept.err;
  EXPECT_TRUE(Contains(kept.out, "not run: requires 002 bad, which failed")) << kept.out;
  EXPECT_TRUE(Contains(kept.out, "declares no requirements")) << kept.out;
  EXPECT_TRUE(Contains(kept.out, "1 applied, 2 skipped, 1 failed")) << kept.out;
  EXPECT_TRUE(Contains(kept.err, "nowhere")) << kept.err;

  json again = Json({"up", "--keep-going"}, 1);
  ASSERT_EQ(again["migrations"].size(), 3u) << again.dump();
  EXPECT_EQ(again["migrations"][0]["outcome"], "failed");
  EXPECT_EQ(again["migrations"][1]["version"], "004");
  EXPECT_EQ(again["migrations"][1]["outcome"], "skipped");
  EXPECT_EQ(again["migrations"][1]["note"], "not run: requires 002 bad, which failed");
  EXPECT_EQ(strata_({"up", "--keep-going", "--stop-on-error"}).exit_code, 2);
}

TEST_F(DependenciesCliTest, RevertOfARequirementIsRefusedUnlessCascadeRevertsTheDependentsFirst) {
  RequiredBaseSet();
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  ASSERT_EQ(Tables(), "a b c");

  Outcome refused = strata_({"revert", "001"});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(Contains(refused.err, "nothing was reverted")) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "002 b") && Contains(refused.err, "003 c")) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "--cascade")) << refused.err;
  EXPECT_EQ(States(), "001 applied, 002 applied, 003 applied");
  EXPECT_EQ(Tables(), "a b c");
  EXPECT_EQ(Events("revert"), "");

  Outcome cascaded = strata_({"revert", "001", "--cascade"});
  ASSERT_EQ(cascaded.exit_code, 0) << cascaded.out << cascaded.err;
  EXPECT_EQ(Events("revert"), "003 002 001") << "the last applied dependent first, the requirement last";
  EXPECT_EQ(States(), "001 reverted, 002 reverted, 003 reverted");
  EXPECT_EQ(Tables(), "");
}

TEST_F(DependenciesCliTest, RunWaitsForTheRequirementThatUpToApplies) {
  NewerRequirementSet();
  ASSERT_EQ(strata_({"up", "--to", "001"}).exit_code, 0);
  Outcome refused = strata_({"run", "002"});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(Contains(refused.err, "requires 003 c, which is not applied; nothing was applied")) << refused.err;
  EXPECT_TRUE(Contains(refused.err, "strata up --to 002")) << refused.err;
  EXPECT_EQ(States(), "001 applied, 002 pending, 003 pending");
  EXPECT_EQ(Tables(), "a");

  Outcome up_to = strata_({"up", "--to", "002"});
  ASSERT_EQ(up_to.exit_code, 0) << up_to.out << up_to.err;
  EXPECT_EQ(Events("apply"), "001 003 002") << "003, newer than --to, goes first: 002 requires it";
  EXPECT_EQ(States(), "001 applied, 002 applied, 003 applied");
  EXPECT_EQ(Tables(), "a b c");
}

TEST_F(DependenciesCliTest, DownOfARequirementIsRefusedUnlessCascadeRevertsTheDependentFirst) {
  NewerRequirementSet();
  ASSERT_EQ(strata_({"up"}).exit_code, 0);
  // Reverting what is newer than 002 takes 003, which the applied 002 requires.
  Outcome refused = strata_({"down", "--to", "002"});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(Contains(refused.err, "is required by 002 b")) << refused.err;
  EXPECT_EQ(States(), "001 applied, 002 applied, 003 applied");
  EXPECT_EQ(Tables(), "a b c");

  Outcome cascaded = strata_({"down", "--to", "002", "--cascade"});
  ASSERT_EQ(cascaded.exit_code, 0) << cascaded.out << cascaded.err;
  EXPECT_TRUE(Contains(cascaded.out + cascaded.err, "reverting 002 b as well, before 003 c"))
      << cascaded.out << cascaded.err;
  EXPECT_EQ(Events("revert"), "002 003");
  EXPECT_EQ(States(), "001 applied, 002 reverted, 003 reverted");
  EXPECT_EQ(Tables(), "a");
}

TEST_F(DependenciesCliTest, StatusListAndValidateShowTheHeader) {
  FailingSet();
  Migration("006_f.sql", "-- strata:requires 009\n-- strata:up\nSELECT 1;\n");
  json listed = Json({"list"});
  ASSERT_EQ(listed["migrations"].size(), 6u) << listed.dump();
  EXPECT_EQ(listed["migrations"][0]["category"], "schema");
  EXPECT_EQ(listed["migrations"][0]["description"], "Creates a");
  EXPECT_EQ(listed["migrations"][0]["requires"], json::array());
  EXPECT_EQ(listed["migrations"][2]["requires"], json::array({"001"}));
  EXPECT_TRUE(listed["migrations"][3]["category"].is_null());
  Outcome list = strata_({"list"});
  EXPECT_TRUE(Contains(list.out, "CATEGORY") && Contains(list.out, "REQUIRES")) << list.out;
  EXPECT_TRUE(Contains(list.out, "Creates a")) << list.out;

  json status = Json({"status"});
  const json& c = status["migrations"][2];
  EXPECT_EQ(c["category"], "index");
  EXPECT_EQ(c["requires"], json::array({"001"}));
  EXPECT_TRUE(c["description"].is_null());
  bool unknown = false;
  for (const json& p : status["problems"])
    unknown = unknown || (p["kind"] == "unknown_requirement" && p["version"] == "006");
  EXPECT_TRUE(unknown) << status["problems"].dump();

  Outcome validate = strata_({"validate"});
  EXPECT_EQ(validate.exit_code, 1);
  EXPECT_TRUE(Contains(validate.out, "db/migrations/006_f.sql) requires 009")) << validate.out;
  Outcome up = strata_({"up"});
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_TRUE(Contains(up.err, "requires 009")) << up.err;
}

TEST_F(DependenciesCliTest, TablesShowNoCategoryColumnWhenNoneIsDeclared) {
  Migration("001_a.sql", "-- strata:up\nSELECT 1;\n");
  EXPECT_FALSE(Contains(strata_({"list"}).out, "CATEGORY"));
  EXPECT_FALSE(Contains(strata_({"status"}).out, "REQUIRES"));
}

TEST_F(DependenciesCliTest, GraphIsDotWithEdgesAndColours) {
  FailingSet();
  ASSERT_EQ(strata_({"up", "--keep-going"}).exit_code, 1);
  Outcome graph = strata_({"graph"});
  ASSERT_EQ(graph.exit_code, 0) << graph.err;
  const std::string& dot = graph.out;
  EXPECT_TRUE(Contains(dot, "digraph migrations {")) << dot;
  EXPECT_TRUE(Contains(dot, "\"001\" [label=\"001\\na\\n(schema)\", fillcolor=palegreen];")) << dot;
  EXPECT_TRUE(Contains(dot, "\"002\" [label=\"002\\nbad\", fillcolor=lightcoral];")) << dot;
  EXPECT_TRUE(Contains(dot, "\"004\" [label=\"004\\nd\", fillcolor=white];")) << dot;
  for (const char* edge :
       {"\"001\" -> \"002\";", "\"001\" -> \"003\";", "\"002\" -> \"004\";", "\"004\" -> \"005\" [style=dashed];"}) {
    EXPECT_TRUE(Contains(dot, edge)) << edge << "\n" << dot;
  }
  EXPECT_FALSE(Contains(dot, "-> \"001\"")) << "the first migration follows nothing";
}

TEST_F(DependenciesCliTest, GraphSvgRunsDotWithAnArgumentVector) {
  FailingSet();
  // A stand-in for Graphviz's dot: checks its arguments and keeps what it was given.
  dir_.Write("bin/dot", "#!/bin/sh\n[ \"$1\" = -Tsvg ] && [ \"$2\" = -o ] || exit 3\n/bin/cat > \"$3\"\n");
  std::filesystem::permissions(dir_.path() / "bin/dot", std::filesystem::perms::owner_all);
  dir_.Write("empty/.keep", "");

  strata_.env["PATH"] = (dir_.path() / "empty").string();
  Outcome missing = strata_({"graph", "--svg", "graph svg"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(Contains(missing.err, "install graphviz")) << missing.err;

  strata_.env["PATH"] = (dir_.path() / "empty").string() + ":" + (dir_.path() / "bin").string();
  Outcome drawn = strata_({"graph", "--svg", "graph svg"});
  ASSERT_EQ(drawn.exit_code, 0) << drawn.out << drawn.err;
  EXPECT_EQ(drawn.out, "graph svg\n");
  EXPECT_TRUE(Contains(ReadFile(dir_.path() / "graph svg"), "\"001\" -> \"003\";"));
}

}  // namespace
}  // namespace strata
