#include "schema/scratch_engine.h"

namespace strata {

Result<std::unique_ptr<ScratchEngine>> ScratchEngine::Create(Connection& origin, EngineOptions options) {
  ScratchDatabases* scratch = origin.scratch();
  if (!scratch) {
    return Status(StatusCode::kUnsupported,
                  origin.capabilities().dialect + " databases cannot make a scratch database for strata to replay on");
  }
  auto url = scratch->CreateScratch();
  if (!url.ok()) return url.status();
  std::unique_ptr<ScratchEngine> out(new ScratchEngine(*scratch, *url));
  options.backups = false;
  options.on_risk = nullptr;
  options.on_progress = nullptr;
  options.lock_url.clear();
  options.create_missing = true;
  auto engine = Engine::Open(*url, std::move(options));
  if (!engine.ok()) return engine.status();  // `out` drops the database on the way out
  out->engine_ = std::move(*engine);
  // strata's history in place from the start, so that a first schema read already holds what strata
  // itself creates there (PostgreSQL's schema of the history), and no replayed migration seems to.
  STRATA_RETURN_IF_ERROR(out->engine_->connection().history().Ensure());
  return out;
}

ScratchEngine::~ScratchEngine() {
  engine_.reset();  // closed before it is dropped: a server refuses to drop a database in use
  (void)scratch_.DropScratch(url_);
}

Result<Schema> ScratchEngine::ReadSchema() {
  auto schema = ReadSchemaOf(engine_->connection());
  if (!schema.ok()) return schema.status();
  return scratch_.AsOrigin(std::move(*schema), url_);
}

Result<Schema> ReadSchemaOf(Connection& connection) {
  SchemaReader* reader = connection.schema();
  if (!reader) {
    return Status(StatusCode::kUnsupported,
                  "strata cannot read the schema of " + connection.capabilities().dialect + " databases yet");
  }
  return reader->ReadSchema();
}

}  // namespace strata
