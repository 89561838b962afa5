-- A trust audits many schools at once (the Spark engine over a trust's Parquet folder): each
-- finding says which school it was found at. Null for findings saved before.
ALTER TABLE findings ADD COLUMN school_id VARCHAR;
