import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs bench/floor.sql with DuckDB's JDBC driver (the same library the product uses; there is no
 * DuckDB command-line tool here): java -cp auditor.jar Floor floor.sql SCHOOL_DIR [DB_FILE]. In an
 * in-memory database, as issue 14's floor is; with DB_FILE, in a new DuckDB file that keeps the
 * floor's tables (closing it writes them), the least a tool that keeps its rows must also pay.
 * Prints each statement's time on standard error and the last query's rows.
 * Compiled once by bench/perf.sh, so the floor's timing holds no compilation.
 */
public final class Floor {

    public static void main(String[] args) throws Exception {
        String sql = Files.readString(Path.of(args[0])).replace("${school}", Path.of(args[1]).toAbsolutePath().toString());
        String database = args.length > 2 ? args[2] : "";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database); Statement s = c.createStatement()) {
            String[] statements = sql.split(";\\s*\n");
            for (int i = 0; i < statements.length; i++) {
                String one = statements[i].replaceAll("(?m)^--.*$", "").strip();
                if (one.isEmpty()) {
                    continue;
                }
                long t0 = System.nanoTime();
                boolean rows = s.execute(one);
                if (rows) {
                    try (ResultSet rs = s.getResultSet()) {
                        while (rs.next()) {
                            System.out.println(rs.getString(1) + "\t" + rs.getString(2));
                        }
                    }
                }
                String head = one.replaceAll("\\s+", " ");
                System.err.printf("[floor %6d ms] %s%n", (System.nanoTime() - t0) / 1_000_000,
                        head.substring(0, Math.min(60, head.length())));
            }
        }
    }
}
