#include "drivers/postgres/postgres_schema_queries.h"

#include <fmt/format.h>

namespace strata::pg_schema {
namespace {

// An SQL expression: the REVOKE and GRANT statements (each ending ";\n", revokes first, then sorted)
// that turn the default privileges of an object of ACL kind `kind` (acldefault's letters) owned by
// `owner` into `acl`; NULL when `acl` is NULL (the defaults). `target` is an SQL expression naming the
// object ('TABLE s.t'); `column`, when given, an SQL expression naming the column of a column privilege.
// Grantors are left out: a grant reads the same whoever made it.
std::string PgGrantsSql(const std::string& acl, char kind, const std::string& owner, const std::string& target,
                        const std::string& column = "") {
  const std::string defaults = fmt::format("aclexplode(acldefault('{}', {}))", kind, owner);
  const std::string privilege =
      column.empty() ? "x.privilege_type" : fmt::format("x.privilege_type || ' (' || {} || ')'", column);
  const std::string grantee = "CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END";
  // Most objects have the defaults (a NULL ACL): the subquery runs only for the others.
  return fmt::format(
      "CASE WHEN {0} IS NOT NULL THEN (SELECT string_agg(g.line, '' ORDER BY g.ord, g.line) FROM ("
      "SELECT 0 AS ord, 'REVOKE ' || {1} || ' ON ' || {2} || ' FROM ' || {3} || ';' || chr(10) AS line "
      "FROM (SELECT grantee, privilege_type FROM {4} WHERE {0} IS NOT NULL "
      "EXCEPT SELECT grantee, privilege_type FROM aclexplode({0})) x "
      "UNION ALL "
      "SELECT 1, 'GRANT ' || {1} || ' ON ' || {2} || ' TO ' || {3} || "
      "CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END || ';' || chr(10) "
      "FROM (SELECT grantee, privilege_type, is_grantable FROM aclexplode({0}) "
      "EXCEPT SELECT grantee, privilege_type, is_grantable FROM {4}) x) g) END",
      acl, privilege, target, grantee, defaults);
}

// The collation `oid` qualified, or NULL when it is `type_default`.
std::string PgCollationSql(const std::string& oid, const std::string& type_default) {
  return fmt::format(
      "CASE WHEN {0} <> {1} THEN (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co "
      "JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = {0}) END",
      oid, type_default);
}

}  // namespace

const std::string kSchemaQuery = fmt::format(
    "SELECT n.oid::text, quote_ident(n.nspname), n.nspname = 'public', "
    "quote_literal(obj_description(n.oid, 'pg_namespace')), {} "
    "FROM pg_namespace n WHERE n.nspname = COALESCE(?::name, current_schema())",
    PgGrantsSql("n.nspacl", 'n', "n.nspowner", "'SCHEMA ' || quote_ident(n.nspname)"));

const char* const kStampQuery =
    "WITH s AS (SELECT oid, xmin FROM pg_catalog.pg_namespace WHERE nspname = COALESCE(?::name, current_schema())), "
    "c AS (SELECT oid, xmin FROM pg_catalog.pg_class WHERE relnamespace IN (SELECT oid FROM s)), "
    "t AS (SELECT oid, xmin FROM pg_catalog.pg_type WHERE typnamespace IN (SELECT oid FROM s)), "
    "p AS (SELECT oid, xmin FROM pg_catalog.pg_proc WHERE pronamespace IN (SELECT oid FROM s)), "
    "k AS (SELECT oid, xmin FROM pg_catalog.pg_constraint WHERE connamespace IN (SELECT oid FROM s)), "
    "g AS (SELECT oid, xmin FROM pg_catalog.pg_trigger WHERE tgrelid IN (SELECT oid FROM c)), "
    "r AS (SELECT oid, xmin FROM pg_catalog.pg_rewrite WHERE ev_class IN (SELECT oid FROM c)), "
    "o AS (SELECT oid, xmin FROM pg_catalog.pg_policy WHERE polrelid IN (SELECT oid FROM c)), "
    "x AS (SELECT oid, xmin FROM pg_catalog.pg_statistic_ext WHERE stxnamespace IN (SELECT oid FROM s)), "
    "objects AS (SELECT oid, xmin FROM s UNION ALL SELECT oid, xmin FROM c UNION ALL SELECT oid, xmin FROM t "
    "UNION ALL SELECT oid, xmin FROM p UNION ALL SELECT oid, xmin FROM k UNION ALL SELECT oid, xmin FROM g "
    "UNION ALL SELECT oid, xmin FROM r UNION ALL SELECT oid, xmin FROM o UNION ALL SELECT oid, xmin FROM x), "
    "rows AS (SELECT xmin FROM objects "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_attribute WHERE attrelid IN (SELECT oid FROM c) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_attrdef WHERE adrelid IN (SELECT oid FROM c) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_index WHERE indrelid IN (SELECT oid FROM c) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_sequence WHERE seqrelid IN (SELECT oid FROM c) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_inherits WHERE inhrelid IN (SELECT oid FROM c) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_enum WHERE enumtypid IN (SELECT oid FROM t) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_range WHERE rngtypid IN (SELECT oid FROM t) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_description WHERE objoid IN (SELECT oid FROM objects) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_depend WHERE objid IN (SELECT oid FROM objects) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_collation WHERE collnamespace IN (SELECT oid FROM s) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_operator WHERE oprnamespace IN (SELECT oid FROM s) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_opclass WHERE opcnamespace IN (SELECT oid FROM s) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_opfamily WHERE opfnamespace IN (SELECT oid FROM s) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_conversion WHERE connamespace IN (SELECT oid FROM s) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_ts_config WHERE cfgnamespace IN (SELECT oid FROM s) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_ts_dict WHERE dictnamespace IN (SELECT oid FROM s) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_ts_parser WHERE prsnamespace IN (SELECT oid FROM s) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_ts_template WHERE tmplnamespace IN (SELECT oid FROM s) "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_default_acl "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_extension "
    "UNION ALL SELECT xmin FROM pg_catalog.pg_event_trigger) "
    "SELECT count(*) || '.' || COALESCE(sum(xmin::text::bigint), 0) FROM rows";

const char* const kStableSettings =
    "SELECT set_config('search_path', 'pg_catalog', true), set_config('DateStyle', 'ISO', true), "
    "set_config('TimeZone', 'UTC', true), set_config('IntervalStyle', 'postgres', true), "
    "set_config('extra_float_digits', '3', true), "
    // Many small catalog queries: starting parallel workers for them costs more than it saves.
    "set_config('max_parallel_workers_per_gather', '0', true)";

const char* const kExtensionMembersQuery =
    "SELECT d.classid::regclass::text, d.objid::text, d.refobjid::text FROM pg_depend d "
    "WHERE d.deptype = 'e' AND d.refclassid = 'pg_extension'::regclass";

const char* const kExtensionsQuery =
    "SELECT e.oid::text, quote_ident(e.extname), quote_ident(n.nspname), e.extnamespace::text "
    "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'";

const char* const kUnsupportedQuery = R"(
SELECT CASE WHEN c.relispartition THEN 'partition' WHEN c.relkind = 'p' THEN 'partitioned table'
            WHEN c.relkind = 'f' THEN 'foreign table' WHEN c.relkind = 'I' THEN 'partitioned index'
            WHEN c.reloftype <> 0 THEN 'typed table (CREATE TABLE ... OF type)'
            ELSE 'relation of kind ''' || c.relkind::text || '''' END, c.relname, 'pg_class', c.oid::text
FROM pg_class c WHERE c.relnamespace = ?::oid
  AND (c.relkind NOT IN ('r', 'v', 'm', 'S', 'i', 'c', 't') OR c.relispartition OR (c.relkind = 'r' AND c.reloftype <> 0))
UNION ALL SELECT 'inherited table (INHERITS)', c.relname, 'pg_class', c.oid::text
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE c.relnamespace = ?::oid AND c.relkind = 'r' AND NOT c.relispartition
UNION ALL SELECT 'rule ' || quote_ident(r.rulename) || ' on', c.relname, 'pg_rewrite', r.oid::text
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = ?::oid AND r.rulename <> '_RETURN'
UNION ALL SELECT 'aggregate', p.proname, 'pg_proc', p.oid::text FROM pg_proc p WHERE p.pronamespace = ?::oid AND p.prokind = 'a'
UNION ALL SELECT CASE t.typtype WHEN 'b' THEN 'base type' ELSE 'shell type' END, t.typname, 'pg_type', t.oid::text
FROM pg_type t WHERE t.typnamespace = ?::oid AND t.typtype IN ('b', 'p')
  AND t.oid NOT IN (SELECT e.typarray FROM pg_type e WHERE e.typnamespace = ?::oid)  -- arrays come with their types
UNION ALL SELECT 'range type with a canonical function', t.typname, 'pg_type', t.oid::text
FROM pg_type t JOIN pg_range r ON r.rngtypid = t.oid WHERE t.typnamespace = ?::oid AND r.rngcanonical <> 0
UNION ALL SELECT 'operator', o.oprname, 'pg_operator', o.oid::text FROM pg_operator o WHERE o.oprnamespace = ?::oid
UNION ALL SELECT 'operator class', o.opcname, 'pg_opclass', o.oid::text FROM pg_opclass o WHERE o.opcnamespace = ?::oid
UNION ALL SELECT 'operator family', o.opfname, 'pg_opfamily', o.oid::text FROM pg_opfamily o WHERE o.opfnamespace = ?::oid
UNION ALL SELECT 'collation', o.collname, 'pg_collation', o.oid::text FROM pg_collation o WHERE o.collnamespace = ?::oid
UNION ALL SELECT 'conversion', o.conname, 'pg_conversion', o.oid::text FROM pg_conversion o WHERE o.connamespace = ?::oid
UNION ALL SELECT 'text search configuration', o.cfgname, 'pg_ts_config', o.oid::text FROM pg_ts_config o WHERE o.cfgnamespace = ?::oid
UNION ALL SELECT 'text search dictionary', o.dictname, 'pg_ts_dict', o.oid::text FROM pg_ts_dict o WHERE o.dictnamespace = ?::oid
UNION ALL SELECT 'text search parser', o.prsname, 'pg_ts_parser', o.oid::text FROM pg_ts_parser o WHERE o.prsnamespace = ?::oid
UNION ALL SELECT 'text search template', o.tmplname, 'pg_ts_template', o.oid::text FROM pg_ts_template o WHERE o.tmplnamespace = ?::oid
UNION ALL SELECT 'default privileges (ALTER DEFAULT PRIVILEGES) of role', pg_get_userbyid(d.defaclrole), 'pg_default_acl', d.oid::text
FROM pg_default_acl d WHERE d.defaclnamespace = ?::oid
UNION ALL SELECT 'event trigger', e.evtname, 'pg_event_trigger', e.oid::text
FROM pg_event_trigger e JOIN pg_proc p ON p.oid = e.evtfoid WHERE p.pronamespace = ?::oid
ORDER BY 1, 2)";

const std::string kColumnsQuery = fmt::format(R"(
SELECT a.attrelid::text, a.attnum::text, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), {},
  a.attnotnull, a.attidentity, a.attgenerated, pg_get_expr(ad.adbin, ad.adrelid),
  quote_literal(col_description(a.attrelid, a.attnum)),
  CASE WHEN a.attstorage <> t.typstorage THEN
    CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END END,
  CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END,
  CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::text END, {}
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE c.relnamespace = ?::oid AND c.relkind IN ('r', 'v', 'm', 'c') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum)",
                                              PgCollationSql("a.attcollation", "t.typcollation"),
                                              PgGrantsSql("a.attacl", 'c', "c.relowner", "'TABLE ' || c.oid::regclass::text",
                                                          "quote_ident(a.attname)"));

const char* const kConstraintsQuery = R"(
SELECT co.oid::text, co.conrelid::text, co.contypid::text, co.contype, quote_ident(co.conname),
  pg_get_constraintdef(co.oid), co.convalidated, quote_literal(obj_description(co.oid, 'pg_constraint'))
FROM pg_constraint co WHERE co.connamespace = ?::oid AND co.contype IN ('c', 'p', 'u', 'x', 'f')
ORDER BY co.conname, co.oid)";

const std::string kTypesQuery = fmt::format(
    R"(
SELECT t.oid::text, t.typarray::text, t.typtype, format_type(t.oid, NULL), t.typrelid::text,
  (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid),
  format_type(r.rngsubtype, NULL), {},
  CASE WHEN NOT oc.opcdefault THEN quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END,
  CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END, format_type(r.rngmultitypid, NULL),
  quote_literal(obj_description(t.oid, 'pg_type')),
  format_type(t.typbasetype, t.typtypmod), {}, t.typnotnull, pg_get_expr(t.typdefaultbin, 0), {}
FROM pg_type t
LEFT JOIN pg_class c ON c.oid = t.typrelid
LEFT JOIN pg_range r ON r.rngtypid = t.oid
LEFT JOIN pg_type s ON s.oid = r.rngsubtype
LEFT JOIN pg_opclass oc ON oc.oid = r.rngsubopc
LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
LEFT JOIN pg_type b ON b.oid = t.typbasetype
WHERE t.typnamespace = ?::oid AND (t.typtype IN ('e', 'r', 'd') OR (t.typtype = 'c' AND c.relkind = 'c')))",
    PgCollationSql("r.rngcollation", "s.typcollation"), PgCollationSql("t.typcollation", "b.typcollation"),
    PgGrantsSql("t.typacl", 'T', "t.typowner",
                "CASE WHEN t.typtype = 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END || format_type(t.oid, NULL)"));

const std::string kSequencesQuery = fmt::format(
    R"(
SELECT c.oid::text, c.oid::regclass::text, format_type(s.seqtypid, NULL), s.seqstart::text, s.seqincrement::text,
  s.seqmax::text, s.seqmin::text, s.seqcache::text, s.seqcycle, d.refobjid::text, d.refobjsubid::text, d.deptype,
  quote_literal(obj_description(c.oid, 'pg_class')), {}, c.relname, quote_ident(tc.relname || '_' || ta.attname || '_seq'),
  c.relpersistence, tc.oid::regclass::text || '.' || quote_ident(ta.attname)
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
  AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
LEFT JOIN pg_class tc ON tc.oid = d.refobjid
LEFT JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
WHERE c.relnamespace = ?::oid)",
    PgGrantsSql("c.relacl", 's', "c.relowner", "'SEQUENCE ' || c.oid::regclass::text"));

namespace {

// The name of the index of `c`'s that a PRIMARY KEY, UNIQUE or EXCLUDE constraint owns and that has `flag`.
std::string PgConstraintIndexSql(const std::string& flag) {
  return fmt::format(
      "(SELECT quote_ident(ic.relname) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
      "WHERE i.indrelid = c.oid AND i.{} AND EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
      "AND k.conrelid = c.oid AND k.contype IN ('p', 'u', 'x')))",
      flag);
}

}  // namespace

const std::string kTablesQuery = fmt::format(
    R"(
SELECT c.oid::text, c.relname, c.oid::regclass::text, c.reltype::text, t.typarray::text, c.relpersistence,
  array_to_string(c.reloptions, ', '), c.relrowsecurity, c.relforcerowsecurity, c.relreplident,
  CASE WHEN am.amname <> 'heap' THEN quote_ident(am.amname) END, quote_literal(obj_description(c.oid, 'pg_class')),
  {}, {}, {}
FROM pg_class c
LEFT JOIN pg_type t ON t.oid = c.reltype
LEFT JOIN pg_am am ON am.oid = c.relam
WHERE c.relnamespace = ?::oid AND c.relkind = 'r')",
    PgConstraintIndexSql("indisclustered"), PgConstraintIndexSql("indisreplident"),
    PgGrantsSql("c.relacl", 'r', "c.relowner", "'TABLE ' || c.oid::regclass::text"));

const char* const kIndexesQuery = R"(
SELECT i.indexrelid::text, i.indrelid::text, quote_ident(ic.relname), pg_get_indexdef(i.indexrelid),
  i.indisclustered, i.indisreplident, tc.oid::regclass::text, quote_literal(obj_description(ic.oid, 'pg_class'))
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class tc ON tc.oid = i.indrelid
WHERE ic.relnamespace = ?::oid AND tc.relkind IN ('r', 'm')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
                  AND k.contype IN ('p', 'u', 'x')))";

const std::string kViewsQuery = fmt::format(
    R"(
SELECT c.oid::text, c.relkind, c.oid::regclass::text, pg_get_viewdef(c.oid), array_to_string(c.reloptions, ', '),
  c.relispopulated, c.reltype::text, t.typarray::text, quote_literal(obj_description(c.oid, 'pg_class')), {}
FROM pg_class c LEFT JOIN pg_type t ON t.oid = c.reltype
WHERE c.relnamespace = ?::oid AND c.relkind IN ('v', 'm'))",
    PgGrantsSql("c.relacl", 'r', "c.relowner", "'TABLE ' || c.oid::regclass::text"));

const std::string kFunctionsQuery = fmt::format(
    R"(
SELECT f.oid::text, f.prokind, f.proname, f.name, pg_get_functiondef(f.oid), quote_literal(obj_description(f.oid, 'pg_proc')), {},
  f.prolang = (SELECT l.oid FROM pg_language l WHERE l.lanname = 'sql') AND f.body_is_text
FROM (SELECT p.*, p.pronamespace::regnamespace::text || '.' || quote_ident(p.proname) || '(' ||
             pg_get_function_identity_arguments(p.oid) || ')' AS name,
             (to_jsonb(p) ->> 'prosqlbody') IS NULL AS body_is_text
      FROM pg_proc p WHERE p.pronamespace = ?::oid AND p.prokind IN ('f', 'p', 'w')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                        AND d.deptype = 'i')) f)",
    PgGrantsSql("f.proacl", 'f', "f.proowner", "CASE WHEN f.prokind = 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END || f.name"));

const char* const kTriggersQuery = R"(
SELECT tg.oid::text, tg.tgrelid::text, quote_ident(tg.tgname), c.oid::regclass::text, pg_get_triggerdef(tg.oid),
  tg.tgenabled, quote_literal(obj_description(tg.oid, 'pg_trigger'))
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
WHERE c.relnamespace = ?::oid AND NOT tg.tgisinternal)";

const char* const kPoliciesQuery = R"(
SELECT pol.oid::text, pol.polrelid::text, quote_ident(pol.polname), c.oid::regclass::text,
  CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
  pol.polpermissive,
  (SELECT string_agg(r.name, ', ' ORDER BY r.name) FROM (SELECT CASE WHEN u = 0 THEN 'PUBLIC'
     ELSE quote_ident(pg_get_userbyid(u)) END AS name FROM unnest(pol.polroles) AS u) r),
  pg_get_expr(pol.polqual, pol.polrelid), pg_get_expr(pol.polwithcheck, pol.polrelid),
  quote_literal(obj_description(pol.oid, 'pg_policy'))
FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
WHERE c.relnamespace = ?::oid)";

const char* const kStatisticsQuery = R"(
SELECT s.oid::text, s.stxnamespace::regnamespace::text || '.' || quote_ident(s.stxname), pg_get_statisticsobjdef(s.oid),
  CASE WHEN s.stxstattarget >= 0 THEN s.stxstattarget::text END, quote_literal(obj_description(s.oid, 'pg_statistic_ext'))
FROM pg_statistic_ext s WHERE s.stxnamespace = ?::oid)";

// Starts from the schema's own objects (index lookups into pg_depend), not from all of pg_depend: a
// database with many schemas costs no more.
const char* const kDependenciesQuery = R"(
WITH relations AS MATERIALIZED (SELECT c.oid FROM pg_class c WHERE c.relnamespace = ?::oid),
mine (classid, oid) AS (
  SELECT 'pg_class'::regclass, c.oid FROM relations c
  UNION ALL SELECT 'pg_type'::regclass, t.oid FROM pg_type t WHERE t.typnamespace = ?::oid
  UNION ALL SELECT 'pg_proc'::regclass, p.oid FROM pg_proc p WHERE p.pronamespace = ?::oid
  UNION ALL SELECT 'pg_constraint'::regclass, co.oid FROM pg_constraint co WHERE co.connamespace = ?::oid
  UNION ALL SELECT 'pg_attrdef'::regclass, ad.oid FROM pg_attrdef ad JOIN relations c ON c.oid = ad.adrelid
  UNION ALL SELECT 'pg_rewrite'::regclass, r.oid FROM pg_rewrite r JOIN relations c ON c.oid = r.ev_class
  UNION ALL SELECT 'pg_trigger'::regclass, tg.oid FROM pg_trigger tg JOIN relations c ON c.oid = tg.tgrelid
  UNION ALL SELECT 'pg_policy'::regclass, pol.oid FROM pg_policy pol JOIN relations c ON c.oid = pol.polrelid
  UNION ALL SELECT 'pg_statistic_ext'::regclass, s.oid FROM pg_statistic_ext s WHERE s.stxnamespace = ?::oid)
SELECT CASE WHEN d.classid IN ('pg_attrdef'::regclass, 'pg_rewrite'::regclass) THEN 'pg_class' ELSE d.classid::regclass::text END,
  COALESCE(ad.adrelid, rw.ev_class, d.objid)::text, d.refclassid::regclass::text, d.refobjid::text, d.deptype
FROM mine m
JOIN pg_depend d ON d.classid = m.classid AND d.objid = m.oid
LEFT JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass AND ad.oid = d.objid
LEFT JOIN pg_rewrite rw ON d.classid = 'pg_rewrite'::regclass AND rw.oid = d.objid
WHERE d.deptype IN ('n', 'a'))";

}  // namespace strata::pg_schema
