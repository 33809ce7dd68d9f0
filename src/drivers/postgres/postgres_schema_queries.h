// The catalog queries of PostgreSQL's schema reader (postgres_schema.cc), one per object kind for the
// whole schema. Each '?' takes the schema's oid (kSchemaQuery's takes its name, or NULL for the current
// schema). Names come back quoted where they must be, and qualified by the server itself (the reader
// sets search_path = pg_catalog first); comments come back as SQL literals; grants as the statements
// that make them (NULL when an object has the default privileges).
#pragma once

#include <string>

#include "strata/driver.h"

namespace strata::pg_schema {

inline std::string Cell(const SqlRow& row, size_t i) { return i < row.size() ? row[i].value_or("") : ""; }
inline bool IsNull(const SqlRow& row, size_t i) { return i >= row.size() || !row[i].has_value(); }
// Booleans come back as "t" and "f".
inline bool IsTrue(const SqlRow& row, size_t i) { return i < row.size() && row[i] == SqlValue("t"); }

// oid, quoted name, is public, comment, grants.
extern const std::string kSchemaQuery;
// One value: the count of the catalog rows that describe the schema (named by name, or NULL for the
// current schema) and the sum of their xmin. Any DDL writes a new version of a row it changes (with its own
// transaction's id), adds rows or removes them; VACUUM and ANALYZE change catalog rows in place.
extern const char* const kStampQuery;
// Settings under which the server prints the same text whatever the session's (for this transaction).
extern const char* const kStableSettings;
// catalog, oid, extension oid: every object an extension made.
extern const char* const kExtensionMembersQuery;
// oid, quoted name, quoted schema, schema oid: every extension but plpgsql.
extern const char* const kExtensionsQuery;
// what, name, catalog, oid: objects of the kinds the reader cannot write back.
extern const char* const kUnsupportedQuery;
// relation oid, attnum, name, type, collation (NULL: the type's), NOT NULL, identity, generated, default or
// generation expression, comment, storage (NULL: the type's), compression, statistics target, grants.
extern const std::string kColumnsQuery;
// oid, table oid, domain oid, type (c p u x f), name, definition, validated, comment.
extern const char* const kConstraintsQuery;
// oid, array type oid, typtype, name, relation (composite), enum labels, range subtype, range collation,
// range operator class, range subtype_diff, multirange name, comment, domain base type, domain collation,
// domain NOT NULL, domain default, grants.
extern const std::string kTypesQuery;
// oid, name, type, start, increment, max, min, cache, cycle, owning table oid, owning column, dependency
// type (a: OWNED BY, i: identity), comment, grants, bare name, identity's default name, persistence,
// owning column's qualified name.
extern const std::string kSequencesQuery;
// oid, bare name, name, row type, array type, persistence, options, row security, forced row security,
// replica identity, access method (NULL: heap), comment, clustered constraint index, replica identity
// constraint index, grants.
extern const std::string kTablesQuery;
// oid, table oid, name, definition, clustered, replica identity, table, comment: indexes no constraint owns.
extern const char* const kIndexesQuery;
// oid, relkind, name, query, options, populated, row type, array type, comment, grants.
extern const std::string kViewsQuery;
// Functions a range type made for itself (its constructors) are left out: the type makes them again.
// oid, prokind, bare name, name with arguments, definition, comment, grants, whether it is LANGUAGE sql
// with its body as a string (checked against the tables at creation, with no pg_depend edges to them).
extern const std::string kFunctionsQuery;
// oid, table oid, name, table, definition, enabled state, comment.
extern const char* const kTriggersQuery;
// oid, table oid, name, table, command, permissive, roles, USING, WITH CHECK, comment.
extern const char* const kPoliciesQuery;
// oid, name, definition, statistics target (NULL: default), comment.
extern const char* const kStatisticsQuery;
// catalog, oid, referenced catalog, referenced oid, type: pg_depend's edges from the schema's objects, with
// column defaults and view rules standing for their table or view.
extern const char* const kDependenciesQuery;

}  // namespace strata::pg_schema
