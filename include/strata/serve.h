// strata serve: a read-only window on one database's migrations over HTTP, for load balancers,
// Kubernetes probes, Prometheus and people.
//
//   GET /                 a status page: migrations (status, risk, duration), the audit trail, requirements
//   GET /health           the health report (strata/startup.h) as JSON; 200 when healthy, else 503
//   GET /health/detailed  the same with every migration and the runner lock's holder
//   GET /metrics          Prometheus text exposition format 0.0.4, names prefixed strata_
//
// Every request reads the database afresh (its own connection, one snapshot), so the answers follow
// migrations applied meanwhile. Nothing is ever written. A database that cannot be reached is answered
// 503 with a JSON error; the database URL's password never appears in any answer.
//
// An application that has its own HTTP server mounts the handlers with AnswerRequest; one that has none
// runs StatusServer (cpp-httplib). Both are safe to call from many threads at once: each request opens
// its own engine.
//
//   strata::ServeOptions options;
//   options.url = "postgres://app@db/app";
//   options.migrations = [] { return strata::LoadMigrations(app_migrations()); };
//   auto server = strata::StatusServer::Start(options);   // 127.0.0.1:8719
//   ... or, inside the application's own server:
//   strata::ServeResponse r = strata::AnswerRequest(options, {"GET", "/health", authorization_header});
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "strata/engine.h"
#include "strata/status.h"

namespace strata {

struct ServeOptions {
  std::string url;  // the database; its password is never shown
  // The migrations as they are now, read once per request (a directory may gain files meanwhile).
  std::function<Result<MigrationSet>()> migrations;
  // How each request opens the database. Serve only reads: the engine never creates a missing file and
  // waits at most busy_timeout for a database busy with a writer (Default: 250 ms when unset).
  EngineOptions engine;
  std::string listen = "127.0.0.1:8719";  // HOST:PORT; port 0 picks a free one. Default: 127.0.0.1:8719
  // When not empty, every request needs `Authorization: Bearer <token>`; else 401. Default: none.
  std::string token;
  int history_limit = 50;  // events of the audit trail on the status page. Default: 50
};

struct ServeRequest {
  std::string method;         // "GET", ...
  std::string path;           // "/health"; a query string after '?' is ignored
  std::string authorization;  // the Authorization header's value, "" when absent
};

struct ServeResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // more, e.g. WWW-Authenticate, Allow
};

// The answer to one request: 404 for an unknown path, 405 (with Allow: GET) for any method but GET and
// HEAD, 401 (with WWW-Authenticate) without the token; else the endpoint's answer (see the top).
ServeResponse AnswerRequest(const ServeOptions& options, const ServeRequest& request);

// cpp-httplib's server answering with AnswerRequest on a thread pool of its own. It is a library of its
// own, strata::serve (in strata::strata; the strata command loads it as a module for `strata serve`), so
// that a program that serves nothing maps no HTTP or TLS library.
class StatusServer {
 public:
  // Binds options.listen and starts serving in the background. kInvalidArgument for a malformed
  // listen address; kIoError when the address cannot be bound (the port is taken, or the host is not
  // this machine's), naming it and what to do; kUnsupported when strata::serve is not linked in (or,
  // in the strata command, its module cannot be loaded).
  static Result<std::unique_ptr<StatusServer>> Start(ServeOptions options);
  virtual ~StatusServer() = default;  // stops
  virtual const std::string& host() const = 0;
  virtual int port() const = 0;  // the bound port (the chosen one when listen asked for port 0)
  // Blocks until Stop() is called (from another thread or a signal handler's thread).
  virtual void Wait() = 0;
  // Stops accepting and finishes; idempotent.
  virtual void Stop() = 0;
};

// How strata::serve makes its server known as it starts (the strata command's module, or the library
// linked in); not for applications.
using StatusServerStarter = Result<std::unique_ptr<StatusServer>> (*)(ServeOptions options);
void RegisterStatusServer(StatusServerStarter start);

}  // namespace strata
