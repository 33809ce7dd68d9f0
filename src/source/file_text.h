// What a migration file's bytes must be before anything reads them as SQL or JSON.
//
// A database sees a file differently from an editor: a NUL ends the text for SQLite's parser, so what
// follows it would be silently dropped; a `--` comment ends only at LF, so on a file with old-Mac (CR
// only) line endings it swallows every statement after it. Both are refused, with the file and line.
#pragma once

#include <string>
#include <string_view>

#include "strata/status.h"

namespace strata {

// Ok when `content` is UTF-8 without NUL bytes and its lines end in LF or CRLF; else kInvalidMigration
// at `path` and the offending line, saying how to fix the file.
Status CheckFileText(const std::string& path, std::string_view content);

// kInvalidMigration with `message`, at line `line` of `path`.
Status InvalidMigration(const std::string& path, int line, std::string message);

// `content` without a leading UTF-8 byte-order mark: it is not part of the text (nor of the checksum).
std::string_view WithoutBom(std::string_view content);

}  // namespace strata
