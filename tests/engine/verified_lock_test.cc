// The runner lock the engine trusts (engine/verified_lock.h): on PostgreSQL and MariaDB the advisory lock
// is verified to exclude and kept; on a server whose advisory locks are stubs that every session gets
// (CockroachDB's), auto falls back to the table lease and the lease excludes. No CockroachDB runs here,
// so its stubs are played by a wrapper around a real PostgreSQL connection whose advisory lock
// "succeeds" for everyone, exactly as CockroachDB's pg_try_advisory_lock does; the lease under it is real.
#include "engine/verified_lock.h"

#include <gtest/gtest.h>

#include <iostream>

#include "strata/engine.h"
#include "strata/source.h"
#include "support/backends.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Backend;
using testing::TempDir;

bool Mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A real connection whose advisory lock excludes no one, as on CockroachDB.
class StubAdvisoryLock final : public Connection {
 public:
  explicit StubAdvisoryLock(std::unique_ptr<Connection> real) : real_(std::move(real)) {}
  Capabilities capabilities() const override { return real_->capabilities(); }
  Status AcquireLock(std::chrono::milliseconds, const std::string&) override { return Status::Ok(); }
  Status ReleaseLock() override { return Status::Ok(); }
  Result<std::string> LockHolder() override { return std::string(); }
  Status BreakLock() override { return Status::Ok(); }
  Status Begin() override { return real_->Begin(); }
  Status Commit() override { return real_->Commit(); }
  Status Rollback() override { return real_->Rollback(); }
  Status Execute(const Script& script) override { return real_->Execute(script); }
  HistoryStore& history() override { return real_->history(); }
  SqlQueries* sql() override { return real_->sql(); }
  Result<std::unique_ptr<Connection>> OpenSession() override {
    auto second = real_->OpenSession();
    if (!second.ok()) return second.status();
    return std::unique_ptr<Connection>(std::make_unique<StubAdvisoryLock>(std::move(*second)));
  }
  Result<std::unique_ptr<RunnerLock>> OpenLease() override { return real_->OpenLease(); }

 private:
  std::unique_ptr<Connection> real_;
};

class VerifiedLockTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
  }
  std::unique_ptr<Connection> Connect() {
    ConnectOptions options;
    options.lease_ttl = std::chrono::seconds(2);
    auto c = (*FindDriver(url_))->Connect(url_, options);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(*c) : nullptr;
  }
  MigrationSet Migrations() {
    dir_.Write("m/001_t.sql", "-- strata:up\nCREATE TABLE t (id integer);\n-- strata:down\nDROP TABLE t;\n");
    auto set = LoadMigrations((dir_.path() / "m").string());
    EXPECT_TRUE(set.ok());
    return set.ok() ? std::move(*set) : MigrationSet();
  }

  TempDir dir_;
  std::string url_;
};

TEST_P(VerifiedLockTest, AutoKeepsAnAdvisoryLockThatExcludes) {
  auto a = Connect(), b = Connect();
  VerifiedLock first(*a, LockMethod::kAuto), second(*b, LockMethod::kAuto);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(first.AcquireLock(std::chrono::milliseconds(0), "first runner").ok());
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(first.in_use(), "advisory");
  EXPECT_GE(first.probe_ms(), 0);
  std::cout << "[ probe ] " << GetParam().name << ": verifying the advisory lock took " << first.probe_ms()
            << " ms; taking the lock with it " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
            << " ms\n";
  EXPECT_EQ(first.TakeWarning(), "");
  EXPECT_EQ(second.AcquireLock(std::chrono::milliseconds(200), "second runner").code(), StatusCode::kLockTimeout);
  ASSERT_TRUE(first.ReleaseLock().ok());
  EXPECT_TRUE(second.AcquireLock(std::chrono::milliseconds(0), "second runner").ok());

  // Through the engine: a change takes the verified advisory lock, and nothing is said about it.
  auto engine = Engine::Open(url_, EngineOptions());
  ASSERT_TRUE(engine.ok());
  ASSERT_TRUE(second.ReleaseLock().ok());
  auto report = (*engine)->Up(Migrations(), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->status.ok());
  EXPECT_EQ((*engine)->LockInUse(), "advisory");
  EXPECT_TRUE(report->warnings.empty());
}

TEST_P(VerifiedLockTest, TableForcesTheLeaseWithoutAProbe) {
  auto a = Connect(), b = Connect();
  VerifiedLock table(*a, LockMethod::kTable), other(*b, LockMethod::kTable);
  ASSERT_TRUE(table.AcquireLock(std::chrono::milliseconds(0), "table runner").ok());
  EXPECT_EQ(table.in_use(), "table");
  EXPECT_EQ(table.probe_ms(), -1) << "no advisory lock, no probe";
  Status waited = other.AcquireLock(std::chrono::milliseconds(200), "other");
  EXPECT_EQ(waited.code(), StatusCode::kLockTimeout);
  EXPECT_TRUE(Mentions(waited.message(), "table runner")) << waited.message();
  auto holder = other.LockHolder();
  ASSERT_TRUE(holder.ok());
  EXPECT_TRUE(Mentions(*holder, "table lease")) << *holder;
  ASSERT_TRUE(other.BreakLock().ok());
  EXPECT_EQ(*other.LockHolder(), "");
}

// A runner forced to the lease and one on the advisory lock, on one database, still exclude each other.
TEST_P(VerifiedLockTest, RunnersOnDifferentKindsOfLockExcludeEachOther) {
  auto a = Connect(), b = Connect();
  VerifiedLock table(*a, LockMethod::kTable), advisory(*b, LockMethod::kAuto);
  ASSERT_TRUE(table.AcquireLock(std::chrono::milliseconds(0), "table runner").ok());
  Status waited = advisory.AcquireLock(std::chrono::milliseconds(300), "advisory runner");
  EXPECT_EQ(waited.code(), StatusCode::kLockTimeout);
  EXPECT_TRUE(Mentions(waited.message(), "table runner")) << waited.message();
  ASSERT_TRUE(table.ReleaseLock().ok());

  ASSERT_TRUE(advisory.AcquireLock(std::chrono::milliseconds(0), "advisory runner").ok());
  EXPECT_EQ(advisory.in_use(), "advisory");
  EXPECT_EQ(table.AcquireLock(std::chrono::milliseconds(300), "table runner").code(), StatusCode::kLockTimeout);
  ASSERT_TRUE(advisory.ReleaseLock().ok());
  EXPECT_TRUE(table.AcquireLock(std::chrono::milliseconds(0), "table runner").ok());
}

TEST_P(VerifiedLockTest, AutoFallsBackToTheLeaseWhereAdvisoryLocksAreStubs) {
  StubAdvisoryLock a(Connect()), b(Connect());
  VerifiedLock first(a, LockMethod::kAuto), second(b, LockMethod::kAuto);
  ASSERT_TRUE(first.AcquireLock(std::chrono::milliseconds(0), "first runner").ok());
  EXPECT_EQ(first.in_use(), "table");
  EXPECT_EQ(first.TakeWarning(), "advisory locks do not exclude on this server; using a table lease");
  EXPECT_EQ(first.TakeWarning(), "") << "warned once";
  // The lease excludes where the stubs did not.
  Status waited = second.AcquireLock(std::chrono::milliseconds(300), "second runner");
  EXPECT_EQ(waited.code(), StatusCode::kLockTimeout);
  EXPECT_TRUE(Mentions(waited.message(), "first runner")) << waited.message();
  EXPECT_EQ(second.in_use(), "");
  ASSERT_TRUE(first.ReleaseLock().ok());
  ASSERT_TRUE(second.AcquireLock(std::chrono::milliseconds(0), "second runner").ok());
  EXPECT_EQ(second.in_use(), "table");
  ASSERT_TRUE(second.ReleaseLock().ok());

  // Forced advisory on such a server is refused, not trusted.
  StubAdvisoryLock c(Connect());
  VerifiedLock advisory(c, LockMethod::kAdvisory);
  Status refused = advisory.AcquireLock(std::chrono::milliseconds(0), "advisory runner");
  EXPECT_EQ(refused.code(), StatusCode::kRefused);
  EXPECT_TRUE(Mentions(refused.message(), "do not exclude")) << refused.message();

  // Through the engine: the run warns and takes the lease.
  EngineOptions options;
  auto engine = Engine::Open(std::make_unique<StubAdvisoryLock>(Connect()), options);
  auto report = engine->Up(Migrations(), {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->status.ok());
  EXPECT_EQ(engine->LockInUse(), "table");
  ASSERT_EQ(report->warnings.size(), 1u);
  EXPECT_EQ(report->warnings[0], "advisory locks do not exclude on this server; using a table lease");
}

INSTANTIATE_TEST_SUITE_P(Servers, VerifiedLockTest, ::testing::ValuesIn(testing::ServerBackends()),
                         [](const auto& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(VerifiedLockTest);

#if STRATA_WITH_MONGODB
// MongoDB's lock is always a lease document: table and auto take it, advisory is refused.
TEST(VerifiedLockMongoTest, MongodbTakesItsLeaseAndRefusesAdvisory) {
  for (const Backend& backend : testing::MongoBackends()) {
    TempDir dir;
    const std::string url = testing::FreshUrl(backend, dir);
    ASSERT_FALSE(url.empty()) << backend.name;
    auto c = (*FindDriver(url))->Connect(url, {});
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    VerifiedLock advisory(**c, LockMethod::kAdvisory);
    Status refused = advisory.AcquireLock(std::chrono::milliseconds(0), "runner");
    EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Mentions(refused.message(), "has no advisory locks")) << refused.message();
    VerifiedLock table(**c, LockMethod::kTable);
    ASSERT_TRUE(table.AcquireLock(std::chrono::milliseconds(0), "runner").ok());
    EXPECT_EQ(table.in_use(), "lease");
    EXPECT_TRUE(Mentions(*table.LockHolder(), "runner"));
    ASSERT_TRUE(table.ReleaseLock().ok());
  }
}
#endif

TEST(VerifiedLockFileTest, ATableLeaseOnAFileDatabaseIsRefusedClearly) {
  TempDir dir;
  const std::string url = "sqlite:" + (dir.path() / "app.db").string();
  auto c = (*FindDriver(url))->Connect(url, {});
  ASSERT_TRUE(c.ok());
  VerifiedLock table(**c, LockMethod::kTable);
  Status refused = table.AcquireLock(std::chrono::milliseconds(0), "runner");
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Mentions(refused.message(), "--lock=table") && Mentions(refused.message(), "locked by its file"))
      << refused.message();
  VerifiedLock automatic(**c, LockMethod::kAuto);
  ASSERT_TRUE(automatic.AcquireLock(std::chrono::milliseconds(0), "runner").ok());
  EXPECT_EQ(automatic.in_use(), "file");
}

}  // namespace
}  // namespace strata
