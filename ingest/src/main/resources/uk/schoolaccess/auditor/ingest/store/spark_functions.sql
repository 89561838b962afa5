-- The canonical schema's macros for Spark SQL (the Spark engine over the Parquet export). One
-- definition per engine: DuckDB's is in migrations/V001__canonical_schema.sql; keep them the same rule.
-- The Spark session reads string literals as DuckDB does (spark.sql.parser.escapedStringLiterals),
-- so the body is DuckDB's text, character for character.
-- account_key: lower case, without a DOMAIN\ prefix or an @domain suffix.
CREATE OR REPLACE TEMPORARY FUNCTION account_key(a STRING) RETURNS STRING
RETURN lower(regexp_replace(regexp_replace(trim(a), '^.*\\', ''), '@.*$', ''))
