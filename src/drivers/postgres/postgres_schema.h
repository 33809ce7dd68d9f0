// PostgreSQL's schema roles: the reader of one schema's catalog (postgres_schema.cc) and scratch
// databases on the same server (postgres_scratch.cc).
//
// What the reader covers, and how each kind is read (all from pg_catalog, one query per kind for the
// whole schema, never one per table):
//   schema (unless public)  CREATE SCHEMA IF NOT EXISTS, its comment and grants
//   extension               those installed in the schema, and those whose objects the schema's use
//                           (a column of type public.citext): CREATE EXTENSION IF NOT EXISTS ... WITH SCHEMA
//   type                    enums (pg_enum), composite types (pg_attribute), ranges (pg_range)
//   domain                  base type, collation, default, NOT NULL, CHECK constraints
//   sequence                pg_sequence, options only where they differ from CREATE SEQUENCE's defaults;
//                           OWNED BY goes with the owning table (which comes after the sequence)
//   table                   columns (type, collation, default, identity, generated, NOT NULL, storage,
//                           compression, statistics), CHECK/PRIMARY KEY/UNIQUE/EXCLUDE constraints
//                           (pg_get_constraintdef), options, UNLOGGED, access method, row level security,
//                           replica identity, CLUSTER ON, comments and grants (columns' too)
//   foreign key             ALTER TABLE ... ADD CONSTRAINT, after every table and index
//   index                   pg_get_indexdef (method, partial, expressions, INCLUDE), unless a constraint owns it
//   view, materialized view pg_get_viewdef with the view's options
//   function, procedure     pg_get_functiondef
//   trigger                 pg_get_triggerdef, with its enabled state
//   policy                  pg_policy
//   statistics              pg_get_statisticsobjdef
// Names are read with search_path = pg_catalog, so every reference in a definition is qualified with its
// schema: a dump loads into a database whose schema has the same name. Function bodies are kept as
// written: their unqualified names resolve through the loader's search_path (the URL's schema).
// Object names: "schema.table" (also types, sequences, views, statistics), "schema.f(arguments)" for
// functions and procedures, an index alone, "name on schema.table" for triggers, policies and foreign keys.
//
// The order follows pg_depend (what an object needs comes first), ties broken by kind, then name. A
// LANGUAGE sql function whose body is a string comes after every table and view that does not need it:
// PostgreSQL checks such a body against the tables when the function is created, and pg_depend does not
// record which it reads.
//
// Not supported (ReadSchema fails with kUnsupported naming the object): partitioned tables and
// partitions, inheritance, typed tables, foreign tables, rules, aggregates, base and shell types, range
// types with a canonical function, operators, operator classes and families, collations, conversions,
// text search objects, default privileges, event triggers whose function lives in the schema.
// Owners are left out (the loading role owns what it creates); so are tablespaces and security labels.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "strata/driver.h"

namespace strata {

// Reads the schema `schema` ("" for the session's current schema) through `queries`, leaving out the
// history `history_table` and its companions. `in_transaction` says whether the session has a
// transaction open (the read then runs in a savepoint, and leaves the session's settings as they were).
std::unique_ptr<SchemaReader> PostgresSchemaReader(SqlQueries& queries, std::function<bool()> in_transaction,
                                                   std::string schema, std::string history_table);

// Scratch databases on the server `url` points at (its credentials and options kept), or scratch schemas
// in its database when its role may not create databases.
std::unique_ptr<ScratchDatabases> PostgresScratchDatabases(SqlQueries& queries, std::string url);

}  // namespace strata
