#include "engine/verified_lock.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

namespace strata {
namespace {

const char* NativeLockName(NativeLock kind) {
  switch (kind) {
    case NativeLock::kFile:
      return "file";
    case NativeLock::kLease:
      return "lease";
    case NativeLock::kAdvisory:
      return "advisory";
  }
  return "";
}

}  // namespace

VerifiedLock::~VerifiedLock() {
  if (held_) (void)held_->ReleaseLock();
}

Status VerifiedLock::CheckMethod() const {
  const Capabilities capabilities = connection_.capabilities();
  if (capabilities.native_lock == NativeLock::kFile && method_ == LockMethod::kTable) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("--lock=table: a {} database is locked by its file, which a table lease could only "
                              "repeat; leave --lock at auto (or advisory)",
                              capabilities.dialect));
  }
  if (capabilities.native_lock == NativeLock::kLease && method_ == LockMethod::kAdvisory) {
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("--lock=advisory: {} has no advisory locks; its runner lock is always a lease "
                              "document with an expiry. Use --lock=auto or --lock=table",
                              capabilities.dialect));
  }
  return Status::Ok();
}

Result<RunnerLock*> VerifiedLock::Lease() {
  if (!lease_) {
    auto opened = connection_.OpenLease();
    if (!opened.ok()) return opened.status();
    lease_ = std::move(*opened);
  }
  return lease_.get();
}

Result<bool> VerifiedLock::AdvisoryExcludes(const std::string& holder) {
  const auto start = std::chrono::steady_clock::now();
  auto second = connection_.OpenSession();
  // A connection of the caller's own making that cannot open another (Engine::Open with a connection):
  // its lock is taken as it is, as before verification existed.
  if (!second.ok() && second.status().code() == StatusCode::kUnsupported) return true;
  if (!second.ok()) return second.status();
  Status got = (*second)->AcquireLock(std::chrono::milliseconds(0), "strata lock check for " + holder);
  probe_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  if (got.ok()) {
    (void)(*second)->ReleaseLock();
    return false;
  }
  if (got.code() == StatusCode::kLockTimeout) return true;
  return Status(got.code(), "cannot verify that the advisory lock excludes a second session: " + got.message())
      .set_database_message(got.database_message());
}

Status VerifiedLock::AcquireLock(std::chrono::milliseconds timeout, const std::string& holder) {
  if (held_) return Status::Ok();
  STRATA_RETURN_IF_ERROR(CheckMethod());
  const NativeLock native = connection_.capabilities().native_lock;
  if (native != NativeLock::kAdvisory) {
    STRATA_RETURN_IF_ERROR(connection_.AcquireLock(timeout, holder));
    held_ = &connection_;
    in_use_ = NativeLockName(native);
    return Status::Ok();
  }
  // A runner forced to the other kind of lock (--lock=table beside --lock=auto on the same database)
  // must exclude this one too: whoever holds one kind checks the other, and backs off while it is held.
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    STRATA_RETURN_IF_ERROR(TakeOne(std::max(left, std::chrono::milliseconds(0)), holder));
    const std::string other = OtherKindHolder();
    if (other.empty()) return Status::Ok();
    (void)ReleaseLock();
    left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      return Status(StatusCode::kLockTimeout,
                    fmt::format("another strata run holds the lock on this database ({}); waited {} ms. Wait for it "
                                "to finish, raise --lock-timeout, or if it is stuck: strata lock break",
                                other, timeout.count()));
    }
    std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(200)));
  }
}

std::string VerifiedLock::OtherKindHolder() {
  if (in_use_ == "advisory") {
    auto lease = Lease();
    if (!lease.ok()) return "";
    auto holder = (*lease)->LockHolder();
    return holder.ok() ? *holder : "";
  }
  if (advisory_excludes_ == false) return "";  // stubs: nobody can hold them
  auto holder = connection_.LockHolder();
  return holder.ok() ? *holder : "";
}

Status VerifiedLock::TakeOne(std::chrono::milliseconds timeout, const std::string& holder) {
  if (!UsesLease()) {
    STRATA_RETURN_IF_ERROR(connection_.AcquireLock(timeout, holder));
    if (!advisory_excludes_) {
      auto excludes = AdvisoryExcludes(holder);
      if (!excludes.ok() || !*excludes) (void)connection_.ReleaseLock();
      if (!excludes.ok()) return excludes.status();
      advisory_excludes_ = *excludes;
    }
    if (*advisory_excludes_) {
      held_ = &connection_;
      in_use_ = "advisory";
      return Status::Ok();
    }
    if (method_ == LockMethod::kAdvisory) {
      return Status(StatusCode::kRefused,
                    "--lock=advisory: advisory locks do not exclude on this server (a second session took the lock "
                    "this one held), so they cannot keep two runners apart. Use --lock=auto or --lock=table (a "
                    "lease in a table; see docs/locking.md)");
    }
    warning_ = "advisory locks do not exclude on this server; using a table lease";
  }
  auto lease = Lease();
  if (!lease.ok()) return lease.status();
  STRATA_RETURN_IF_ERROR((*lease)->AcquireLock(timeout, holder));
  held_ = *lease;
  in_use_ = "table";
  return Status::Ok();
}

Status VerifiedLock::ReleaseLock() {
  if (!held_) return Status::Ok();
  RunnerLock* held = held_;
  held_ = nullptr;
  return held->ReleaseLock();
}

Status VerifiedLock::CheckHeld() { return held_ ? held_->CheckHeld() : Status::Ok(); }

Result<std::string> VerifiedLock::LockHolder() {
  STRATA_RETURN_IF_ERROR(CheckMethod());
  if (connection_.capabilities().native_lock != NativeLock::kAdvisory) return connection_.LockHolder();
  if (!UsesLease()) {
    auto holder = connection_.LockHolder();
    if (!holder.ok() || !holder->empty()) return holder;
  }
  // A runner that took the lease (forced, or on a server whose advisory locks do not exclude).
  auto lease = Lease();
  if (!lease.ok()) return lease.status();
  return (*lease)->LockHolder();
}

Status VerifiedLock::BreakLock() {
  STRATA_RETURN_IF_ERROR(CheckMethod());
  if (connection_.capabilities().native_lock != NativeLock::kAdvisory) return connection_.BreakLock();
  if (!UsesLease()) {
    auto holder = connection_.LockHolder();
    if (!holder.ok()) return holder.status();
    if (!holder->empty()) return connection_.BreakLock();
  }
  auto lease = Lease();
  if (!lease.ok()) return lease.status();
  return (*lease)->BreakLock();
}

}  // namespace strata
