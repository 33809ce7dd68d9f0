// StatusServer::Start: the HTTP server lives in strata::serve (status_server.cc), which registers itself
// as it starts. The strata command loads it as a module at its first use, so that no other command maps
// cpp-httplib, OpenSSL's TLS library and the compression libraries they bring.
#include <mutex>

#include "drivers/modules.h"
#include "strata/serve.h"

namespace strata {
namespace {

std::mutex& StarterMutex() {
  static std::mutex mutex;
  return mutex;
}
StatusServerStarter& Starter() {
  static StatusServerStarter start = nullptr;
  return start;
}

}  // namespace

void RegisterStatusServer(StatusServerStarter start) { Starter() = start; }

Result<std::unique_ptr<StatusServer>> StatusServer::Start(ServeOptions options) {
  StatusServerStarter start = nullptr;
  {
    std::lock_guard guard(StarterMutex());
    if (!Starter()) STRATA_RETURN_IF_ERROR(LoadModule({"serve", "HTTP server", {}, "", "module"}));
    start = Starter();
  }
  if (!start) {
    return Status(StatusCode::kUnsupported, "strata's HTTP server module loaded but did not register its server; "
                                            "reinstall strata");
  }
  return start(std::move(options));
}

}  // namespace strata
