#include "schema/fingerprint.h"

#include "strata/source.h"

namespace strata {
namespace {

constexpr const char* kFingerprintKey = "schema_fingerprint";

// "sha256:<hex>" of every object's kind, name and definition as compared (without what is data, like a
// DuckDB sequence's position), in the reader's order.
Result<std::string> FingerprintOf(SchemaReader& reader) {
  auto schema = reader.ReadSchema();
  if (!schema.ok()) return schema.status();
  std::string text;
  for (const SchemaObject& o : schema->objects) text += o.kind + "\n" + o.name + "\n" + o.ComparedDefinition() + "\n";
  return Checksum(text);
}

// The reader's stamp, as kept beside the fingerprint: one word ("" where the reader has none).
Result<std::string> StampOf(SchemaReader& reader) {
  auto stamp = reader.Stamp();
  if (!stamp.ok() || stamp->find_first_of(" \t\n") == std::string::npos) return stamp;
  return Checksum(*stamp);
}

}  // namespace

Result<std::string> NewestApplied(Connection& connection) {
  auto records = connection.history().Read(false);
  if (!records.ok()) return records.status();
  std::optional<Version> newest;
  for (const HistoryRecord& r : *records) {
    if (r.status != MigrationStatus::kApplied) continue;
    auto v = Version::Parse(r.version);
    if (v && (!newest || *newest < *v)) newest = *v;
  }
  return newest ? newest->text() : std::string();
}

Status RecordSchemaFingerprint(Connection& connection) {
  if (!connection.schema()) return Status::Ok();
  auto version = NewestApplied(connection);
  if (!version.ok()) return version.status();
  // The stamp before the schema: a change between the two leaves a stamp that no longer matches.
  auto stamp = StampOf(*connection.schema());
  if (!stamp.ok()) return stamp.status();
  auto fingerprint = FingerprintOf(*connection.schema());
  if (!fingerprint.ok()) return fingerprint.status();
  std::string kept = *version + " " + *fingerprint;
  if (!stamp->empty()) kept += " " + *stamp;
  return connection.history().SetMeta(kFingerprintKey, kept);
}

Result<std::optional<std::string>> SchemaChangedSince(Connection& connection, const std::string& newest_applied) {
  if (!connection.schema()) return std::optional<std::string>();
  auto kept = connection.history().Meta(kFingerprintKey);
  if (!kept.ok()) return kept.status();
  // "version fingerprint", and " stamp" where the reader has one.
  const size_t space = kept->find(' ');
  if (space == std::string::npos) return std::optional<std::string>();
  const std::string version = kept->substr(0, space);
  const size_t stamp_at = kept->find(' ', space + 1);
  const std::string fingerprint = kept->substr(space + 1, stamp_at == std::string::npos ? std::string::npos
                                                                                        : stamp_at - space - 1);
  const std::string stamp = stamp_at == std::string::npos ? "" : kept->substr(stamp_at + 1);
  // Compared as versions: the caller may spell the newest as its file does ("1" for a recorded "001").
  auto kept_version = Version::Parse(version), newest = Version::Parse(newest_applied);
  const bool same = version.empty() || newest_applied.empty() ? version == newest_applied
                                                              : kept_version && newest && *kept_version == *newest;
  if (!same) return std::optional<std::string>();
  if (!stamp.empty()) {
    auto stamp_now = StampOf(*connection.schema());
    if (!stamp_now.ok()) return stamp_now.status();
    if (*stamp_now == stamp) return std::optional<std::string>();  // nothing the schema is made of was written
  }
  auto now = FingerprintOf(*connection.schema());
  if (!now.ok()) return now.status();
  if (*now == fingerprint) return std::optional<std::string>();
  return std::optional<std::string>(version.empty() ? "no migration was applied" : version);
}

}  // namespace strata
