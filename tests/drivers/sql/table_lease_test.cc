// The table lease (drivers/sql/table_lease.h) on PostgreSQL and MariaDB: exclusion, expiry and takeover,
// renewal while the holder is busy, and a lost lease made visible to its holder.
#include <gtest/gtest.h>

#include <thread>

#include "strata/driver.h"
#include "support/backends.h"
#include "support/temp_dir.h"

namespace strata {
namespace {

using testing::Backend;
using testing::TempDir;

bool HasText(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class TableLeaseTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = testing::FreshUrl(GetParam(), dir_);
    ASSERT_FALSE(url_.empty());
  }
  bool postgres() const { return GetParam().name == "postgres"; }
  std::unique_ptr<Connection> Connect(std::chrono::milliseconds ttl = std::chrono::milliseconds(900)) {
    ConnectOptions options;
    options.lease_ttl = ttl;
    auto c = (*FindDriver(url_))->Connect(url_, options);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(*c) : nullptr;
  }
  std::unique_ptr<RunnerLock> Lease(Connection& c) {
    auto lease = c.OpenLease();
    EXPECT_TRUE(lease.ok()) << lease.status().ToString();
    return lease.ok() ? std::move(*lease) : nullptr;
  }
  std::string Ms(std::chrono::steady_clock::time_point since) {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count());
  }

  TempDir dir_;
  std::string url_;
};

TEST_P(TableLeaseTest, OneHolderAtATimeAndTheWaiterNamesIt) {
  auto a = Connect(), b = Connect();
  auto first = Lease(*a), second = Lease(*b);
  EXPECT_EQ((*second->LockHolder()), "") << "no table yet: free";
  ASSERT_TRUE(first->AcquireLock(std::chrono::milliseconds(0), "strata up on build-7 by alice").ok());
  Status waited = second->AcquireLock(std::chrono::milliseconds(400), "strata up on build-8 by bob");
  EXPECT_EQ(waited.code(), StatusCode::kLockTimeout);
  EXPECT_TRUE(HasText(waited.message(), "build-7 by alice")) << waited.message();
  EXPECT_TRUE(HasText(waited.message(), "table lease since")) << waited.message();
  auto holder = second->LockHolder();
  ASSERT_TRUE(holder.ok());
  EXPECT_TRUE(HasText(*holder, "alice") && HasText(*holder, "expires")) << *holder;

  ASSERT_TRUE(first->ReleaseLock().ok());
  EXPECT_EQ(*second->LockHolder(), "");
  EXPECT_TRUE(second->AcquireLock(std::chrono::milliseconds(0), "bob").ok());
  EXPECT_EQ(first->AcquireLock(std::chrono::milliseconds(0), "alice").code(), StatusCode::kLockTimeout);
  EXPECT_TRUE(second->CheckHeld().ok());
}

// The lease of a runner that died (its row, never renewed) expires and is taken over; not before.
TEST_P(TableLeaseTest, ALeaseNotRenewedExpiresAndIsTakenOver) {
  auto a = Connect(), b = Connect();
  auto dead = Lease(*a), next = Lease(*b);
  ASSERT_TRUE(dead->AcquireLock(std::chrono::milliseconds(0), "a runner that dies").ok());
  ASSERT_TRUE(dead->ReleaseLock().ok());  // the table and its row exist now
  // As the crashed runner left it: its token, an expiry a second away, and nobody renewing it.
  const std::string future = postgres() ? "clock_timestamp() + interval '1 second'"
                                        : "UTC_TIMESTAMP(6) + INTERVAL 1 SECOND";
  const std::string table = postgres() ? "\"strata_migrations_lock\"" : "`strata_migrations_lock`";
  ASSERT_TRUE(a->sql()
                  ->Query("UPDATE " + table + " SET holder = 'crashed runner', token = 'gone', expires_at = " +
                              future + " WHERE id = 1",
                          {})
                  .ok());
  EXPECT_EQ(next->AcquireLock(std::chrono::milliseconds(0), "next").code(), StatusCode::kLockTimeout);
  EXPECT_TRUE(HasText(*next->LockHolder(), "crashed runner"));
  const auto start = std::chrono::steady_clock::now();
  Status taken = next->AcquireLock(std::chrono::milliseconds(5000), "next");
  ASSERT_TRUE(taken.ok()) << taken.ToString();
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(500)) << "taken over before it expired";
  EXPECT_LT(waited, std::chrono::milliseconds(3000)) << Ms(start);
  EXPECT_TRUE(HasText(*dead->LockHolder(), "next"));
}

// The holder keeps the lease for longer than its ttl while it is busy: the heartbeat renews it on a
// session of its own, even while the holder's main session runs a long statement.
TEST_P(TableLeaseTest, TheHeartbeatKeepsTheLeaseWhileTheHolderIsBusy) {
  auto a = Connect(std::chrono::milliseconds(800)), b = Connect();
  auto holder = Lease(*a), other = Lease(*b);
  ASSERT_TRUE(holder->AcquireLock(std::chrono::milliseconds(0), "busy holder").ok());
  std::thread statement([&] {
    Script sleep{postgres() ? "SELECT pg_sleep(2.5)" : "SELECT SLEEP(2.5)", "", 1};
    EXPECT_TRUE(a->Execute(sleep).ok());
  });
  Status waited = other->AcquireLock(std::chrono::milliseconds(2000), "other");
  statement.join();
  EXPECT_EQ(waited.code(), StatusCode::kLockTimeout) << "the lease expired although its holder lives";
  EXPECT_TRUE(HasText(waited.message(), "busy holder")) << waited.message();
  EXPECT_TRUE(holder->CheckHeld().ok()) << holder->CheckHeld().ToString();
}

// A holder whose lease was broken learns it at its next heartbeat and stops believing it holds it.
TEST_P(TableLeaseTest, ABrokenLeaseIsLostForItsHolder) {
  auto a = Connect(std::chrono::milliseconds(600)), b = Connect();
  auto holder = Lease(*a), breaker = Lease(*b);
  ASSERT_TRUE(holder->AcquireLock(std::chrono::milliseconds(0), "stuck holder").ok());
  ASSERT_TRUE(breaker->BreakLock().ok());
  EXPECT_EQ(*breaker->LockHolder(), "");
  ASSERT_TRUE(breaker->AcquireLock(std::chrono::milliseconds(0), "breaker").ok());
  Status held;
  for (int i = 0; i < 40 && held.ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    held = holder->CheckHeld();
  }
  EXPECT_EQ(held.code(), StatusCode::kLockTimeout);
  EXPECT_TRUE(HasText(held.message(), "lost the lock")) << held.message();
  // Releasing a lease that is no longer ours leaves the new holder's alone.
  EXPECT_TRUE(holder->ReleaseLock().ok());
  EXPECT_TRUE(HasText(*breaker->LockHolder(), "breaker"));
}

INSTANTIATE_TEST_SUITE_P(Servers, TableLeaseTest, ::testing::ValuesIn(testing::ServerBackends()),
                         [](const auto& info) { return info.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(TableLeaseTest);

}  // namespace
}  // namespace strata
