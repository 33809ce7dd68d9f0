// The SHOW CREATE texts of MySQL and MariaDB made canonical: what varies by itself (AUTO_INCREMENT
// counters, DEFINER users, an event's default start time, the database's own name) taken out, and a table
// cut into the parts strata dumps apart (the table, its indexes, its foreign keys).
//
// The texts are the server's own printing: identifiers in backquotes, literals in '...'. The scan below
// knows quotes and nothing else; it never looks inside a string or a quoted identifier. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "strata/status.h"

namespace strata {

// A clause of a table cut out of its CREATE TABLE: `KEY `i` (`a`)` or `CONSTRAINT `f` FOREIGN KEY ...`.
struct MysqlTableClause {
  std::string name;    // the index's or constraint's name
  std::string clause;  // as SHOW CREATE TABLE prints it, without the comma
};

struct MysqlTableParts {
  // CREATE TABLE with its columns, primary key, checks and options, less the AUTO_INCREMENT counter.
  std::string create;
  // The secondary indexes, in the order printed, less one an AUTO_INCREMENT column needs at creation.
  std::vector<MysqlTableClause> indexes;
  std::vector<MysqlTableClause> foreign_keys;
};

// Cuts SHOW CREATE TABLE's text apart. kDatabaseError if the text is not shaped as the server prints it.
Result<MysqlTableParts> MysqlSplitTable(std::string_view show_create);

// `create` without its DEFINER=`user`@`host` clause: the object then belongs to whoever loads it.
std::string MysqlWithoutDefiner(std::string_view create);

// `sql` without the qualifier `database`. in front of names: the server writes it into view bodies and
// defaults, and a dump must load into a database of any name.
std::string MysqlUnqualified(std::string_view sql, std::string_view database);

// SHOW CREATE EVENT's text without its STARTS '...' clause, for an event that started when it was created
// (no STARTS was written): the time of creation is no part of what a migration made.
std::string MysqlWithoutStarts(std::string_view create_event);

// The names a view's text may read from: backquoted identifiers neither qualified by another (after '.')
// nor introduced by AS. A superset of the tables and views it uses; enough to order views.
std::vector<std::string> MysqlNamesRead(std::string_view view);

}  // namespace strata
