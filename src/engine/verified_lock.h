// The runner lock the engine trusts: never a lock that does not exclude.
//
// On a server with advisory locks (Capabilities::native_lock kAdvisory: PostgreSQL, MySQL and the engines
// that speak their protocols), the lock is chosen by LockMethod:
//   kAuto      take the advisory lock; the first time in this engine's life, verify it: take the same
//              lock from a second session (Connection::OpenSession). If that session gets it too, the
//              server's advisory locks are stubs (CockroachDB): release it, warn once, and from then on
//              take the table lease (Connection::OpenLease) instead.
//   kAdvisory  the same, but a lock that does not exclude is refused (kRefused), not replaced.
//              A connection that cannot open a second session (kUnsupported: a caller's own wrapper)
//              cannot be verified; its advisory lock is used as it is.
//   kTable     the table lease only; no advisory lock is taken.
// Elsewhere the database's own lock is used as it is: a file lock (SQLite, DuckDB: kTable is refused,
// a table adds nothing to a lock the file already gives) or a lease (MongoDB: kAdvisory is refused).
//
// Runners forced to different kinds on one database still exclude each other: after taking one kind,
// the lock checks that nobody holds the other, and backs off (polling, within the timeout) while someone does.
//
// Every RunnerLock call goes to the lock in use. LockHolder and BreakLock, asked before any lock was
// taken here (`strata lock status`), look at the advisory lock and then at the lease, so they find a
// holder whichever lock it took.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "strata/driver.h"

namespace strata {

class VerifiedLock final : public RunnerLock {
 public:
  // REQUIRES: `connection` outlives this lock.
  VerifiedLock(Connection& connection, LockMethod method) : connection_(connection), method_(method) {}
  ~VerifiedLock() override;

  Status AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) override;
  Status ReleaseLock() override;
  Result<std::string> LockHolder() override;
  Status BreakLock() override;
  Status CheckHeld() override;

  // The lock taken last: "advisory", "table" (the lease), or the database's own ("file", "lease");
  // "" before any was taken.
  const std::string& in_use() const { return in_use_; }
  // The warning of a fallback to the lease, once; "" after it was taken or when there was none.
  std::string TakeWarning() { return std::move(warning_); }
  // How long verifying the advisory lock took (the second session's connect and attempt); -1 if not done.
  int64_t probe_ms() const { return probe_ms_; }

 private:
  // kInvalidArgument when `method_` means nothing for this database's own lock.
  Status CheckMethod() const;
  bool UsesLease() const { return method_ == LockMethod::kTable || !advisory_excludes_.value_or(true); }
  Result<RunnerLock*> Lease();
  // One attempt with the chosen lock (verifying the advisory lock the first time).
  Status TakeOne(std::chrono::milliseconds timeout, const std::string& holder);
  // Who holds the other kind of lock than the one just taken, or "" (also when it cannot be read).
  std::string OtherKindHolder();
  // Whether a second session is refused the advisory lock this connection holds.
  Result<bool> AdvisoryExcludes(const std::string& holder);

  Connection& connection_;
  LockMethod method_;
  std::optional<bool> advisory_excludes_;  // known after the first verification
  std::unique_ptr<RunnerLock> lease_;      // opened on first use
  RunnerLock* held_ = nullptr;             // the lock taken, until released
  std::string in_use_;
  std::string warning_;
  int64_t probe_ms_ = -1;
};

}  // namespace strata
