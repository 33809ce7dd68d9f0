// The status page: escaping (pure), and the page as a browser renders it (headless Chromium, one run
// that both dumps the DOM and takes a screenshot at phone width).
#include "serve/status_page.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "strata/engine.h"
#include "strata/serve.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::TempDir;

TEST(StatusPageTest, EverythingFromTheDatabaseIsEscaped) {
  serve::Snapshot s;
  s.database = "postgres://app:***@db/app?x=\"1\"";
  s.health.status = "failed";
  MigrationState m;
  m.version = "001";
  m.name = "<script>alert(1)</script>";
  m.status = "failed";
  m.error = "near \"<img src=x onerror=alert(2)>\": syntax error & more";
  m.requirements = {"<em>0</em>"};
  s.report.migrations.push_back(m);
  HistoryEvent e;
  e.version = "001";
  e.by = "eve'<i>";
  e.error = m.error;
  s.events.push_back(e);
  s.lock_holder = "<u>pid 1</u>";
  std::string html = serve::StatusPage(s);
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<em>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<u>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("eve&#39;&lt;i&gt;"), std::string::npos);
  EXPECT_NE(html.find("syntax error &amp; more"), std::string::npos);
  EXPECT_NE(html.find("x=&quot;1&quot;"), std::string::npos);
  EXPECT_EQ(serve::HtmlEscape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
}

std::string RunChromium(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

// On PostgreSQL (with a password in its URL) when the test servers run, else on SQLite.
TEST(StatusPageBrowserTest, ChromiumRendersThePageAtPhoneWidth) {
  TempDir dir;
  dir.Write("db/migrations/001_users.sql", "-- strata:up\nCREATE TABLE users (id integer PRIMARY KEY);\n");
  dir.Write("db/migrations/002_emails.sql",
            "-- strata:requires 001\n-- strata:up\nCREATE TABLE emails (id integer, user_id integer);\n");
  const std::string secret = "Chromium-Pw-5512";
  std::string url = "sqlite:" + (dir.path() / "app.db").string();
  for (const testing::Backend& b : testing::ServerBackends()) {
    if (b.name != "postgres") continue;
    url = testing::FreshUrl(b, dir);
    ASSERT_FALSE(url.empty());
    url.insert(url.find('@'), ":" + secret);
  }
  auto set = LoadMigrations((dir.path() / "db/migrations").string());
  ASSERT_TRUE(set.ok());
  auto engine = Engine::Open(url, {});
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  ASSERT_TRUE((*engine)->Up(*set, {}).ok());
  dir.Write("db/migrations/003_drop.sql", "-- strata:up\nDROP TABLE emails;\n");

  ServeOptions options;
  options.url = url;
  options.listen = "127.0.0.1:0";
  options.migrations = [d = (dir.path() / "db/migrations").string()] { return LoadMigrations(d); };
  auto server = StatusServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();

  std::filesystem::path png = dir.path() / "phone.png";
  std::string dom = RunChromium(
      "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=" + (dir.path() / "chromium").string() +
      " --window-size=390,844 --dump-dom --screenshot=" + png.string() + " http://127.0.0.1:" +
      std::to_string((*server)->port()) + "/ 2>/dev/null");
  ASSERT_NE(dom.find("<table id=\"migrations\""), std::string::npos) << dom;
  EXPECT_NE(dom.find("data-version=\"001\" data-status=\"applied\""), std::string::npos);
  EXPECT_NE(dom.find("data-version=\"002\" data-status=\"applied\""), std::string::npos);
  EXPECT_NE(dom.find("data-version=\"003\" data-status=\"pending\""), std::string::npos);
  EXPECT_NE(dom.find("id=\"health\">pending<"), std::string::npos);
  EXPECT_NE(dom.find("users"), std::string::npos);
  EXPECT_NE(dom.find("emails"), std::string::npos);
  EXPECT_EQ(dom.find(secret), std::string::npos) << "the password is on the page";
  ASSERT_TRUE(std::filesystem::exists(png)) << "no screenshot";
  // A blank page compresses to a few hundred bytes; a rendered table to several kilobytes.
  EXPECT_GT(std::filesystem::file_size(png), 5000u);
  std::string head = testing::ReadFile(png).substr(0, 8);
  EXPECT_EQ(head, "\x89PNG\r\n\x1a\n");
}

}  // namespace
}  // namespace strata
