#include "drivers/lock_poll.h"

#include <fmt/format.h>

#include <thread>

namespace strata {

Status PollForLock(std::chrono::milliseconds timeout, const std::function<Result<bool>()>& try_once,
                   const std::function<std::string()>& describe_holder) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  auto pause = std::chrono::milliseconds(20);
  for (;;) {
    auto got = try_once();
    if (!got.ok()) return got.status();
    if (*got) return Status::Ok();
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      std::string who = describe_holder();
      return Status(StatusCode::kLockTimeout,
                    fmt::format("another strata run holds the lock on this database ({}); waited {} ms. Wait for it "
                                "to finish, raise --lock-timeout, or if it is stuck: strata lock break",
                                who.empty() ? "holder unknown" : who, timeout.count()));
    }
    std::this_thread::sleep_for(std::min(pause, left));
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

}  // namespace strata
