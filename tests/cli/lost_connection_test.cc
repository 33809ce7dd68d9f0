// The connection to a server lost at the worst moment: during a migration's COMMIT. strata cannot know
// whether the commit took effect, so it must say so (exit non-zero, naming the migration), record nothing
// on a guess, and let the next run find the answer in the history: applied if the COMMIT reached the
// server; if it did not, pending where the migration was atomic, and interrupted (for a person to check
// and `repair`) on MariaDB, where a migration's progress is committed before its statements. A proxy (tests/support/cutting_proxy.h) cuts the connection
// just before or just after the COMMIT, on PostgreSQL and MariaDB.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/cutting_proxy.h"
#include "support/strata_process.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::CuttingProxy;
using testing::Outcome;
using testing::Strata;
using testing::TempDir;

struct LostAt {
  Backend backend;
  CuttingProxy::Cut cut;
};

std::string NameOf(const LostAt& at) {
  return at.backend.name + (at.cut == CuttingProxy::Cut::kBeforeCommit ? "_BeforeTheCommitArrives" : "_AfterItWasDone");
}

void PrintTo(const LostAt& at, std::ostream* os) { *os << NameOf(at); }

class LostConnectionTest : public ::testing::TestWithParam<LostAt> {};

TEST_P(LostConnectionTest, TheOutcomeIsReadFromTheHistoryNeverGuessed) {
  const Backend& backend = GetParam().backend;
  const bool committed = GetParam().cut == CuttingProxy::Cut::kAfterCommit;
  TempDir dir;
  const std::string url = testing::FreshUrl(backend, dir);
  ASSERT_FALSE(url.empty());
  // The second migration's INSERT carries the marker; the COMMIT after it is the one cut.
  dir.Write("db/migrations/1_table.sql", "-- strata:up\nCREATE TABLE t (note VARCHAR(20));\n");
  dir.Write("db/migrations/2_row.sql", "-- strata:up\nINSERT INTO t VALUES ('cut-after-me');\n");
  dir.Write("db/migrations/3_index.sql", "-- strata:up\nCREATE INDEX t_note ON t (note);\n");

  std::smatch port;
  ASSERT_TRUE(std::regex_search(url, port, std::regex(R"(@127\.0\.0\.1:(\d+)/)"))) << url;
  // PostgreSQL frames the COMMIT in a Parse message (an unnamed statement), MariaDB in a COM_QUERY.
  const std::string commit = backend.name == "postgres" ? std::string("\0COMMIT\0", 8) : std::string("\x03" "COMMIT");
  CuttingProxy proxy(std::stoi(port[1].str()), "cut-after-me", commit, GetParam().cut);
  const std::string proxied = std::regex_replace(url, std::regex(R"(@127\.0\.0\.1:\d+/)"),
                                                 "@127.0.0.1:" + std::to_string(proxy.port()) + "/");

  Strata strata(dir.path());
  Outcome cut = strata({"--url", proxied, "up"});
  ASSERT_TRUE(proxy.cut()) << "the proxy never saw the COMMIT: " << cut.out << cut.err;
  EXPECT_NE(cut.exit_code, 0);
  EXPECT_NE(cut.err.find("lost the connection to the database while committing 2 row"), std::string::npos) << cut.err;
  EXPECT_NE(cut.err.find("unknown"), std::string::npos) << cut.err;

  // The next run reads what happened: the row is there exactly when the history says 2 was applied,
  // and `up` goes on from there without a repair.
  strata.env["DATABASE_URL"] = url;
  json before = json::parse(strata({"--json", "status"}).out, nullptr, false);
  ASSERT_TRUE(before.is_object());
  EXPECT_EQ(before["summary"]["applied"], committed ? 2 : 1) << before.dump();
  const bool interrupted = !committed && !backend.transactional_ddl;
  EXPECT_EQ(before["summary"]["running"], interrupted ? 1 : 0) << before.dump();
  EXPECT_EQ(before["problems"].size(), interrupted ? 1u : 0u) << before.dump();
  {
    auto c = (*FindDriver(url))->Connect(url, {});
    ASSERT_TRUE(c.ok());
    auto rows = (*c)->Query("SELECT COUNT(*) FROM t", {});
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ((*rows)[0][0].value_or(""), committed ? "1" : "0");
  }
  if (interrupted) {
    Outcome repaired = strata({"repair"});  // the person finds the row missing: run it again
    ASSERT_EQ(repaired.exit_code, 0) << repaired.err;
  }
  Outcome up = strata({"--lock-timeout", "5", "up"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  json after = json::parse(strata({"--json", "status"}).out, nullptr, false);
  EXPECT_EQ(after["summary"]["applied"], 3) << after.dump();
  auto c = (*FindDriver(url))->Connect(url, {});
  ASSERT_TRUE(c.ok());
  auto rows = (*c)->Query("SELECT COUNT(*) FROM t", {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0][0].value_or(""), "1") << "applied once, whichever way the commit went";
}

std::vector<LostAt> Moments() {
  std::vector<LostAt> out;
  for (const Backend& b : testing::ServerBackends()) {
    for (auto cut : {CuttingProxy::Cut::kBeforeCommit, CuttingProxy::Cut::kAfterCommit}) out.push_back({b, cut});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Servers, LostConnectionTest, ::testing::ValuesIn(Moments()),
                         [](const auto& info) { return NameOf(info.param); });

}  // namespace
}  // namespace strata
