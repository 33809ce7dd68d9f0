// What sections.cc offers besides ParseMigrationFile (strata/source.h).
#pragma once

#include <string>
#include <string_view>

#include "strata/status.h"

namespace strata {

// Ok unless a line of `content` is a section marker of any format strata reads (`-- strata:up`,
// `-- migrate:down`, `-- +goose Up`, `-- +migrate Down`, ...): a Flyway file is plain SQL, and such a
// line means it is unclear which tool the file was written for. kInvalidMigration with the file and line.
Status CheckPlainSql(const std::string& path, std::string_view content);

}  // namespace strata
