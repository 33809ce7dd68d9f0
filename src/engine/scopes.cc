#include "engine/scopes.h"

#include <fmt/format.h>
#include <unistd.h>

namespace strata {

Status LockScope::Acquire(const EngineOptions& options, const char* command) {
  char host[256] = {};
  (void)gethostname(host, sizeof(host) - 1);
  std::string holder = fmt::format("strata {} on {} pid {} by {}", command, host, getpid(),
                                   options.actor.empty() ? DefaultActor() : options.actor);
  Status s = lock_.AcquireLock(std::chrono::milliseconds(0), holder);
  if (s.code() == StatusCode::kLockTimeout) {
    if (options.on_progress) {
      Progress p;
      p.kind = Progress::Kind::kLockWaiting;
      p.detail = s.message();
      options.on_progress(p);
    }
    s = lock_.AcquireLock(options.lock_timeout, holder);
  }
  held_ = s.ok();
  return s;
}

}  // namespace strata
