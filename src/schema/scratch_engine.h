// An engine on a throwaway database beside another: where `strata test` and `drift` replay migrations.
// The database is created through the origin's ScratchDatabases role and dropped when this goes away.
#pragma once
#include <memory>
#include <string>

#include "strata/engine.h"

namespace strata {

class ScratchEngine {
 public:
  // A new scratch database beside `origin`'s, opened with `options` (its history table and variables;
  // no backups, no risk guard: nothing there is worth either). kUnsupported when the database has no
  // scratch role.
  static Result<std::unique_ptr<ScratchEngine>> Create(Connection& origin, EngineOptions options);
  ~ScratchEngine();
  ScratchEngine(const ScratchEngine&) = delete;
  ScratchEngine& operator=(const ScratchEngine&) = delete;

  Engine& engine() { return *engine_; }
  // The scratch database's schema, named as in the origin's database (ScratchDatabases::AsOrigin).
  Result<Schema> ReadSchema();

 private:
  ScratchEngine(ScratchDatabases& scratch, std::string url) : scratch_(scratch), url_(std::move(url)) {}
  ScratchDatabases& scratch_;
  std::string url_;
  std::unique_ptr<Engine> engine_;
};

// The schema `connection` holds; kUnsupported when its driver cannot read one.
Result<Schema> ReadSchemaOf(Connection& connection);

}  // namespace strata
