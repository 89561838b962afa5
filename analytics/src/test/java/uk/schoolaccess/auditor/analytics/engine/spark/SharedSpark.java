package uk.schoolaccess.auditor.analytics.engine.spark;

import org.apache.spark.sql.SparkSession;

/** One local[2] SparkSession per test JVM (starting one costs seconds); stopped when the JVM exits. */
public final class SharedSpark {

    private static SparkSession session;

    private SharedSpark() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkAudit.session("local[2]");
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
