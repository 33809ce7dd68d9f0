// strata serve over real HTTP (httplib::Client) against a StatusServer on a free port, on SQLite and on
// PostgreSQL: status codes, JSON shapes, the token, 404/405, Prometheus text, and fresh reads.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "strata/engine.h"
#include "strata/serve.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/prometheus_text.h"

namespace strata {
namespace {

using nlohmann::json;
using testing::Backend;
using testing::TempDir;

// Never in an answer: the password put into the server databases' URLs (their test servers trust
// local connections, so it is accepted and ignored).
constexpr const char* kServePassword = "Serve-Secret-7431";

std::string WithServePassword(const std::string& url) {
  size_t at = url.find('@');
  size_t scheme = url.find("://");
  if (at == std::string::npos || scheme == std::string::npos || url.find(':', scheme + 3) < at) return url;
  return url.substr(0, at) + ":" + kServePassword + url.substr(at);
}

class ServeTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = WithServePassword(testing::FreshUrl(GetParam(), dir_));
    ASSERT_FALSE(url_.empty());
    Migration("001_users.sql", "-- strata:up\nCREATE TABLE users (id integer PRIMARY KEY, email text);\n");
    Migration("002_posts.sql", "-- strata:up\nCREATE TABLE posts (id integer PRIMARY KEY, body text);\n");
  }
  void Migration(const std::string& file, const std::string& content) { dir_.Write("db/migrations/" + file, content); }
  ServeOptions Options() {
    ServeOptions options;
    options.url = url_;
    options.listen = "127.0.0.1:0";
    options.migrations = [dir = (dir_.path() / "db/migrations").string()] { return LoadMigrations(dir); };
    return options;
  }
  void Serve(ServeOptions options) {
    auto server = StatusServer::Start(std::move(options));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
  }
  // Applies what is pending, as `strata up` would.
  Status Up() {
    auto set = LoadMigrations((dir_.path() / "db/migrations").string());
    if (!set.ok()) return set.status();
    auto engine = Engine::Open(url_, {});
    if (!engine.ok()) return engine.status();
    auto run = (*engine)->Up(*set, {});
    return run.ok() ? run->status : run.status();
  }
  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Result r = client.Get(path, headers);
    EXPECT_TRUE(r) << path << ": " << httplib::to_string(r.error());
    if (r) {
      EXPECT_EQ(r->body.find(kServePassword), std::string::npos) << path << " shows the password";
    }
    return r;
  }
  json GetJson(const std::string& path, int expected_status) {
    httplib::Result r = Get(path);
    if (!r) return json();
    EXPECT_EQ(r->status, expected_status) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    return json::parse(r->body, nullptr, false);
  }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<StatusServer> server_;
};

TEST_P(ServeTest, HealthIs503UntilEverythingIsAppliedAndFollowsNewFiles) {
  Serve(Options());
  json pending = GetJson("/health", 503);
  EXPECT_EQ(pending["status"], "pending");
  EXPECT_EQ(pending["pending"], 2);
  EXPECT_EQ(pending["failed"], 0);
  EXPECT_TRUE(pending["current_version"].is_null());
  EXPECT_TRUE(pending["last_migration"].is_null());
  ASSERT_TRUE(Up().ok());
  json healthy = GetJson("/health", 200);
  EXPECT_EQ(healthy["status"], "healthy");
  EXPECT_EQ(healthy["current_version"], "002");
  EXPECT_EQ(healthy["total"], 2);
  EXPECT_EQ(healthy["pending"], 0);
  EXPECT_EQ(healthy["last_migration"]["version"], "002");
  EXPECT_EQ(healthy["last_migration"]["name"], "posts");
  EXPECT_TRUE(healthy["last_migration"]["applied_at"].is_string());
  // Each request reads afresh: a file added meanwhile is pending at once.
  Migration("003_tags.sql", "-- strata:up\nCREATE TABLE tags (id integer);\n");
  EXPECT_EQ(GetJson("/health", 503)["pending"], 1);
  httplib::Result head = httplib::Client("127.0.0.1", server_->port()).Head("/health");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 503);
}

TEST_P(ServeTest, AFailedMigrationIs503AndCountedEverywhere) {
  Migration("003_broken.sql", "-- strata:up\nCREATE TABLE broken (id integer);\nINSERT INTO no_such_table VALUES (1);\n");
  EXPECT_FALSE(Up().ok());
  Serve(Options());
  json health = GetJson("/health", 503);
  EXPECT_EQ(health["status"], "failed");
  EXPECT_EQ(health["failed"], 1);
  EXPECT_EQ(health["applied"], 2);
  json detailed = GetJson("/health/detailed", 503);
  ASSERT_EQ(detailed["migrations"].size(), 3u);
  EXPECT_EQ(detailed["migrations"][2]["version"], "003");
  EXPECT_EQ(detailed["migrations"][2]["status"], "failed");
  EXPECT_TRUE(detailed["migrations"][2]["error"].is_string());
  EXPECT_EQ(detailed["migrations"][0]["status"], "applied");
  EXPECT_EQ(detailed["lock"]["held"], false);
  EXPECT_TRUE(detailed["lock"]["holder"].is_null());
  httplib::Result metrics = Get("/metrics");
  ASSERT_TRUE(metrics);
  testing::PrometheusText parsed = testing::ParsePrometheusText(metrics->body);
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.Value("strata_migrations_failed"), 1);
  EXPECT_EQ(parsed.Value("strata_health_status", {{"status", "failed"}}), 1);
  EXPECT_EQ(parsed.Value("strata_healthy"), 0);
}

TEST_P(ServeTest, MetricsAreWellFormedPrometheusTextWithTheRightValues) {
  Serve(Options());
  httplib::Result before = Get("/metrics");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 200);
  EXPECT_EQ(before->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  testing::PrometheusText parsed = testing::ParsePrometheusText(before->body);
  ASSERT_EQ(parsed.error, "") << before->body;
  EXPECT_EQ(parsed.Value("strata_migrations_pending"), 2);
  EXPECT_EQ(parsed.Value("strata_migrations_applied"), 0);
  EXPECT_EQ(parsed.Value("strata_lock_held"), 0);
  EXPECT_EQ(parsed.Count("strata_current_version"), 0);
  EXPECT_EQ(parsed.Count("strata_migration_duration_seconds"), 0);

  ASSERT_TRUE(Up().ok());
  httplib::Result after = Get("/metrics");
  ASSERT_TRUE(after);
  parsed = testing::ParsePrometheusText(after->body);
  ASSERT_EQ(parsed.error, "") << after->body;
  EXPECT_EQ(parsed.Value("strata_migrations_pending"), 0);
  EXPECT_EQ(parsed.Value("strata_migrations_applied"), 2);
  EXPECT_EQ(parsed.Value("strata_migrations_failed"), 0);
  EXPECT_EQ(parsed.Value("strata_healthy"), 1);
  EXPECT_EQ(parsed.Value("strata_current_version"), 2);
  EXPECT_EQ(parsed.Value("strata_current_version_info", {{"version", "002"}}), 1);
  EXPECT_GT(parsed.Value("strata_last_apply_timestamp_seconds").value_or(0), 1.7e9);
  EXPECT_EQ(parsed.Count("strata_migration_duration_seconds"), 2);
  EXPECT_GE(parsed.Value("strata_migration_duration_seconds", {{"version", "001"}, {"name", "users"}}).value_or(-1), 0);
  EXPECT_EQ(parsed.types["strata_migrations_pending"], "gauge");
}

TEST_P(ServeTest, ATokenIsRequiredWhenSet) {
  ServeOptions options = Options();
  options.token = "t0ken-for-serve";
  Serve(options);
  httplib::Result without = Get("/health");
  ASSERT_TRUE(without);
  EXPECT_EQ(without->status, 401);
  EXPECT_EQ(without->get_header_value("WWW-Authenticate"), "Bearer realm=\"strata\"");
  EXPECT_TRUE(json::parse(without->body, nullptr, false)["error"].is_string());
  httplib::Result wrong = Get("/metrics", {{"Authorization", "Bearer t0ken-for-servE"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  httplib::Result longer = Get("/metrics", {{"Authorization", "Bearer t0ken-for-serve2"}});
  ASSERT_TRUE(longer);
  EXPECT_EQ(longer->status, 401);
  httplib::Result with = Get("/metrics", {{"Authorization", "Bearer t0ken-for-serve"}});
  ASSERT_TRUE(with);
  EXPECT_EQ(with->status, 200);
  httplib::Result page = Get("/", {{"Authorization", "bearer t0ken-for-serve"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
}

TEST_P(ServeTest, UnknownPathsAre404AndOtherMethods405) {
  Serve(Options());
  httplib::Client client("127.0.0.1", server_->port());
  httplib::Result missing = client.Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_TRUE(json::parse(missing->body, nullptr, false)["error"].is_string());
  httplib::Result post = client.Post("/health", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  httplib::Result del = client.Delete("/metrics");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  // Nothing was written: the database still has everything pending.
  EXPECT_EQ(GetJson("/health", 503)["pending"], 2);
}

TEST_P(ServeTest, ThePageListsMigrationsTheTrailAndRequirements) {
  Migration("003_drop.sql", "-- strata:requires 001\n-- strata:up\nDROP TABLE posts;\n");
  ASSERT_TRUE(Up().ok());
  Migration("004_more.sql", "-- strata:up\nCREATE TABLE more_things (id integer);\n");
  Serve(Options());
  httplib::Result page = Get("/?refresh=1");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string& html = page->body;
  EXPECT_NE(html.find("<meta name=\"viewport\""), std::string::npos);
  EXPECT_NE(html.find("data-version=\"004\" data-status=\"pending\""), std::string::npos) << html;
  EXPECT_NE(html.find("data-version=\"003\" data-status=\"applied\""), std::string::npos);
  EXPECT_NE(html.find("id=\"requirements\""), std::string::npos);
  EXPECT_NE(html.find("id=\"history\""), std::string::npos);
  EXPECT_NE(html.find("r-error"), std::string::npos) << "DROP TABLE is an error-level risk";
  // Offline: no script and nothing fetched from elsewhere.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeTest, ::testing::ValuesIn(testing::BackendsNamed({"sqlite", "postgres"})),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

TEST(ServeErrorsTest, AnUnreachableDatabaseIs503WithAJsonErrorAndNoPassword) {
  TempDir dir;
  dir.Write("db/migrations/001_a.sql", "-- strata:up\nCREATE TABLE a (id integer);\n");
  ServeOptions options;
  options.url = std::string("postgres://app:") + kServePassword + "@127.0.0.1:1/app?connect_timeout=2";
  options.listen = "127.0.0.1:0";
  options.migrations = [d = (dir.path() / "db/migrations").string()] { return LoadMigrations(d); };
  auto server = StatusServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  httplib::Client client("127.0.0.1", (*server)->port());
  for (const char* path : {"/health", "/metrics", "/"}) {
    httplib::Result r = client.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 503) << path;
    EXPECT_EQ(r->body.find(kServePassword), std::string::npos) << r->body;
    json body = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(body["error"].is_string()) << r->body;
    EXPECT_NE(body["error"].get<std::string>().find("127.0.0.1"), std::string::npos) << r->body;
  }
}

TEST(ServeErrorsTest, ATakenPortAndABadAddressAreClearErrors) {
  ServeOptions options;
  options.url = "sqlite::memory:";
  options.listen = "127.0.0.1:0";
  options.migrations = [] { return Result<MigrationSet>(MigrationSet{}); };
  auto first = StatusServer::Start(options);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  options.listen = "127.0.0.1:" + std::to_string((*first)->port());
  auto second = StatusServer::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("in use"), std::string::npos) << second.status().message();
  EXPECT_NE(second.status().message().find("--listen"), std::string::npos);
  options.listen = "localhost";
  auto malformed = StatusServer::Start(options);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().code(), StatusCode::kInvalidArgument);
  (*first)->Stop();
  (*first)->Stop();  // idempotent
}

}  // namespace
}  // namespace strata
