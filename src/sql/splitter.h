// Splits an SQL script into statements the way each database's own client does, never cutting inside
// a string, a quoted identifier, a comment or a routine body.
//
// States (one tokenizer pass, as SQLite's complete.c):
//   normal --'-->  string      (PostgreSQL E'..' and MySQL strings honour backslash escapes)
//   normal --"-->  identifier  (MySQL: a string)        normal --`--> identifier (MySQL)
//   normal --$tag$--> dollar-quoted body until the same $tag$ (PostgreSQL)
//   normal --'--' or '#'(MySQL)--> line comment         normal --/*--> block comment (nested in PostgreSQL)
//   normal --delimiter at depth 0--> end of statement
// Depth counts routine bodies whose inner ';' do not end the statement: PostgreSQL `BEGIN ATOMIC ... END`
// (and CASE ... END inside it); MySQL `BEGIN ... END` and CASE ... END inside CREATE PROCEDURE, FUNCTION,
// TRIGGER or EVENT (END IF / END LOOP / END WHILE / END REPEAT close nothing counted).
// SQLite: BEGIN ... END of CREATE TRIGGER (and CASE ... END inside it).
// MySQL's client command `DELIMITER x` on its own line changes the delimiter and is not a statement.
//
// Pure: text in, positions out.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace strata::sql {

// kSqlite: as kPostgres without dollar quotes or E'' escapes, and a CREATE TRIGGER's BEGIN ... END body
// is one statement (strata's SQLite driver lets SQLite itself split; the risk rules use this).
enum class Dialect { kPostgres, kMysql, kSqlite };

struct StatementSpan {
  size_t offset = 0;  // first byte of the statement (after leading blanks and comments)
  size_t length = 0;  // up to, not including, the delimiter
};

// Statements of `script` in order. Blank or comment-only pieces are dropped.
std::vector<StatementSpan> SplitStatements(std::string_view script, Dialect dialect);

}  // namespace strata::sql
