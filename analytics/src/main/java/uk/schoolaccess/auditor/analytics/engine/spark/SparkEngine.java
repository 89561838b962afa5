package uk.schoolaccess.auditor.analytics.engine.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;

import uk.schoolaccess.auditor.analytics.engine.Engine;
import uk.schoolaccess.auditor.analytics.engine.EngineException;
import uk.schoolaccess.auditor.analytics.engine.EngineTrace;
import uk.schoolaccess.auditor.analytics.engine.Row;
import uk.schoolaccess.auditor.ingest.store.ParquetExport;

/**
 * The detectors' SQL on Spark SQL, over the canonical tables exported as Parquet
 * ({@code auditor export --parquet DIR}): each table is a temporary view over
 * {@code DIR/<table>/school_id=.../[date=...]/} read with partition discovery, timestamps as UTC.
 * The schema's views ({@code relationship_pupils}, {@code account_directory}) are created from
 * the schema's own SQL text, and {@code account_key} from its Spark definition beside it.
 * Dialect differences: {@link SparkDialect}. One engine reads one school at a time
 * ({@link #scope}) or the whole trust ({@code scope(null)}).
 */
public final class SparkEngine implements Engine {

    private static final Pattern VIEW = Pattern.compile("CREATE VIEW (\\w+) AS\\s(.*?);", Pattern.DOTALL);

    private final SparkSession spark;
    private final Map<String, Dataset<org.apache.spark.sql.Row>> tables = new LinkedHashMap<>();
    private final Map<String, Dataset<org.apache.spark.sql.Row>> cached = new LinkedHashMap<>();
    private String school;

    public SparkEngine(SparkSession spark, Path parquet) {
        this.spark = spark;
        if (!Files.isDirectory(parquet)) {
            throw new IllegalArgumentException(parquet + ": no such folder (write one with 'auditor export --parquet')");
        }
        for (String table : ParquetExport.TABLES) {
            tables.put(table, load(parquet, table));
        }
        execute(resource("/uk/schoolaccess/auditor/ingest/store/spark_functions.sql"));
        scope(null);
    }

    @Override
    public String name() {
        return "spark";
    }

    public SparkSession session() {
        return spark;
    }

    /** The schools in the export, in order. */
    public List<String> schools() {
        TreeSet<String> ids = new TreeSet<>();
        for (String t : List.of("staff", "signins", "logon_events", "record_access")) {
            tables.get(t).select("school_id").distinct().collectAsList().forEach(r -> {
                if (!r.isNullAt(0)) {
                    ids.add(r.getString(0));
                }
            });
        }
        return List.copyOf(ids);
    }

    /** Makes every canonical table (and the schema's views) show one school only; null for all. */
    public void scope(String schoolId) {
        dropDerived();
        this.school = schoolId;
        tables.forEach((name, df) -> (schoolId == null ? df : df.filter(functions.col("school_id").equalTo(schoolId)))
                .createOrReplaceTempView(name));
        Matcher m = VIEW.matcher(resource("/uk/schoolaccess/auditor/ingest/store/migrations/V001__canonical_schema.sql"));
        while (m.find()) {
            execute("CREATE OR REPLACE TEMPORARY VIEW " + m.group(1) + " AS " + m.group(2));
        }
    }

    /** The school the views show, or null for the whole trust. */
    public String school() {
        return school;
    }

    @Override
    public String prepare(String sql) {
        return SparkDialect.prepare(sql);
    }

    @Override
    public List<Row> query(String sql) {
        try {
            long t0 = EngineTrace.start();
            Dataset<org.apache.spark.sql.Row> df = spark.sql(prepare(sql));
            String[] columns = df.columns();
            List<Row> rows = new ArrayList<>();
            for (org.apache.spark.sql.Row r : df.collectAsList()) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.length; i++) {
                    values.put(columns[i], plain(r.get(i)));
                }
                rows.add(new Row(values));
            }
            EngineTrace.done("spark", sql, t0);
            return rows;
        } catch (RuntimeException e) {
            throw new EngineException("query failed: " + firstLine(e) + "\n" + sql, e);
        }
    }

    @Override
    public void execute(String sql) {
        String prepared = prepare(sql);
        long t0 = EngineTrace.start();
        try {
            Matcher m = SparkDialect.CACHE_TABLE.matcher(prepared);
            Matcher dropped = SparkDialect.DROP_TABLE.matcher(prepared);
            if (dropped.find() && cached.containsKey(dropped.group(1))) {
                drop(dropped.group(1));
            } else if (m.find()) {
                // A derived table: computed once, kept in memory (and on disk when short of it) for the audit.
                // A local checkpoint rather than a cached plan: a view whose plan carries its own WITH
                // clauses, read by another statement with WITH clauses, trips Spark's CTE inlining.
                String table = m.group(1);
                drop(table);
                Dataset<org.apache.spark.sql.Row> df = spark.sql(prepared.substring(m.end())).localCheckpoint(true);
                df.createOrReplaceTempView(table);
                cached.put(table, df);
            } else {
                spark.sql(prepared);
            }
            EngineTrace.done("spark", sql, t0);
        } catch (RuntimeException e) {
            throw new EngineException("statement failed: " + firstLine(e) + "\n" + sql, e);
        }
    }

    /** Frees the derived tables of the last audit (each a local checkpoint). */
    @Override
    public void dropDerived() {
        for (String t : List.copyOf(cached.keySet())) {
            drop(t);
        }
    }

    private void drop(String table) {
        Dataset<org.apache.spark.sql.Row> df = cached.remove(table);
        spark.catalog().dropTempView(table);
        if (df != null && df.queryExecution().logical() instanceof org.apache.spark.sql.execution.LogicalRDD kept) {
            kept.rdd().unpersist(false);
        }
    }

    private Dataset<org.apache.spark.sql.Row> load(Path parquet, String table) {
        Path dir = parquet.resolve(table);
        Dataset<org.apache.spark.sql.Row> df;
        if (Files.isDirectory(dir) && hasParquet(dir)) {
            df = spark.read().option("basePath", dir.toString()).parquet(dir.toString());
        } else {
            Path schema = parquet.resolve(ParquetExport.SCHEMA_DIR).resolve(table + ".parquet");
            if (!Files.exists(schema)) {
                throw new IllegalArgumentException(parquet + " holds no table " + table
                        + " (not a folder written by 'auditor export --parquet')");
            }
            df = spark.read().parquet(schema.toString()).withColumn("school_id", functions.lit(null).cast("string"));
        }
        if (List.of(df.columns()).contains("date")) {
            df = df.drop("date");
        }
        // DuckDB writes its zone-less TIMESTAMP as a local timestamp, which Spark reads as TIMESTAMP_NTZ: make it a
        // TIMESTAMP (the session zone is UTC), so it compares with TIMESTAMP literals as on DuckDB.
        for (StructField f : df.schema().fields()) {
            if (f.dataType() instanceof TimestampNTZType) {
                df = df.withColumn(f.name(), functions.col(f.name()).cast("timestamp"));
            }
        }
        Column[] keep = java.util.Arrays.stream(df.columns()).map(functions::col).toArray(Column[]::new);
        return df.select(keep);
    }

    private static boolean hasParquet(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.anyMatch(p -> p.toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Spark values as the plain Java values Row reads (arrays as lists). */
    private static Object plain(Object v) {
        if (v instanceof scala.collection.Seq<?> seq) {
            List<Object> out = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(seq).forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }

    private static String resource(String name) {
        try (InputStream in = SparkEngine.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
