// Waiting for a runner lock by polling a non-blocking attempt, as every driver must: a blocking wait
// could deadlock (PostgreSQL) or outlive --lock-timeout.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "strata/status.h"

namespace strata {

// Calls `try_once` until it answers true, backing off from 20 ms to 500 ms between attempts. After
// `timeout`, fails with kLockTimeout naming the holder that `describe_holder` gives.
Status PollForLock(std::chrono::milliseconds timeout, const std::function<Result<bool>()>& try_once,
                   const std::function<std::string()>& describe_holder);

}  // namespace strata
