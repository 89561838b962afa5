package uk.schoolaccess.auditor.dashboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster: a master and two workers (1 core, 1 GiB each) on 127.0.0.1,
 * started as child processes from the project's own dependency jars (a fake SPARK_HOME whose
 * jars/ links to them, see docs/scale-out.md). A generated school is audited on DuckDB and, from
 * its Parquet export, on the cluster through the CLI; the findings CSVs must be identical. Every
 * process (master, workers and the executors they launched) is killed afterwards, also on failure.
 */
class SparkClusterTest {

    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final Thread KILLER = new Thread(SparkClusterTest::killAll);

    static {
        Runtime.getRuntime().addShutdownHook(KILLER);
    }

    @TempDir
    static Path dir;

    @Test
    void the_cluster_gives_the_same_findings_as_duckdb() throws Exception {
        Path school = dir.resolve("school");
        Path db = dir.resolve("audit.duckdb");
        Path config = school.resolve("auditor.yaml");
        ok(Cli.run("generate", "--out", school.toString(), "--pupils", "300", "--staff", "30", "--weeks", "3",
                "--seed", "5", "--school-id", "CLU"));
        Cli.run("ingest", "--db", db.toString(), "--config", config.toString(), school.toString());
        Path duckCsv = dir.resolve("duck.csv");
        ok(Cli.run("audit", "--db", db.toString(), "--config", config.toString(), "--out", duckCsv.toString()));
        Path parquet = dir.resolve("parquet");
        Cli export = ok(Cli.run("export", "--db", db.toString(), "--config", config.toString(), "--parquet",
                parquet.toString()));
        assertTrue(export.out().contains("Exported school CLU"), export.toString());

        String master = startCluster();
        System.setProperty("spark.executor.memory", "512m");
        Path sparkCsv = dir.resolve("spark.csv");
        Cli spark = ok(Cli.run("audit", "--engine", "spark", "--input", parquet.toString(), "--master", master,
                "--config", config.toString(), "--out", sparkCsv.toString()));
        assertTrue(spark.out().contains("Audit on Spark (" + master + ")"), spark.toString());
        List<String> duck = Files.readAllLines(duckCsv);
        assertTrue(duck.size() > 5, "the school has findings: " + duck.size());
        assertEquals(duck, Files.readAllLines(sparkCsv));
        String apps = get(webUi + "json/");
        assertTrue(apps.contains("school-access-auditor"), "the audit ran on the cluster: " + apps);
    }

    @AfterAll
    static void stop() {
        killAll();
        Runtime.getRuntime().removeShutdownHook(KILLER);
    }

    private static String webUi;

    /** Starts the master and two workers; returns the master's URL once both workers are ALIVE. */
    private static String startCluster() throws Exception {
        Path home = dir.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        List<String> cp = new ArrayList<>();
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p.toAbsolutePath());
                }
                cp.add(p.toAbsolutePath().toString());
            }
        }
        int port = freePort();
        int ui = freePort();
        webUi = "http://127.0.0.1:" + ui + "/";
        String url = "spark://127.0.0.1:" + port;
        start(home, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", String.valueOf(ui));
        for (int w = 1; w <= 2; w++) {
            Path work = Files.createDirectories(dir.resolve("worker" + w));
            start(home, "worker" + w, "org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1", "--cores",
                    "1", "--memory", "1g", "--work-dir", work.toString(), "--webui-port", String.valueOf(freePort()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        String last = "";
        while (System.nanoTime() < deadline) {
            for (Process p : PROCESSES) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a Spark process died (exit " + p.exitValue() + "); logs in " + dir);
                }
            }
            try {
                last = get(webUi + "json/");
                Matcher m = alive.matcher(last);
                if (last.contains("\"ALIVE\"") && m.find() && Integer.parseInt(m.group(1)) == 2) {
                    return url;
                }
            } catch (IOException notYet) {
                // the master is still starting
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the cluster did not come up with two workers in 180 s: " + last);
    }

    private static void start(Path home, String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(System.getProperty("auditor.spark.java.flags", "").trim().split("\\s+")));
        cmd.addAll(List.of("-Xmx512m", "-Dspark.master.rest.enabled=false", "-Dspark.ui.showConsoleProgress=false",
                "-cp", home.resolve("jars") + File.separator + "*", mainClass));
        cmd.addAll(List.of(args));
        cmd.removeIf(String::isEmpty);
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        b.environment().put("SPARK_HOME", home.toString());
        b.environment().put("SPARK_SCALA_VERSION", "2.13");
        b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        synchronized (PROCESSES) {
            PROCESSES.add(b.start());
        }
    }

    /** Kills every process started here and everything they started (executors), children first. */
    static void killAll() {
        synchronized (PROCESSES) {
            for (Process p : PROCESSES) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            for (Process p : PROCESSES) {
                try {
                    p.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            PROCESSES.clear();
        }
    }

    private static Cli ok(Cli c) {
        assertEquals(0, c.exit(), c.toString());
        return c;
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
