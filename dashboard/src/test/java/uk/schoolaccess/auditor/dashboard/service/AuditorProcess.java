package uk.schoolaccess.auditor.dashboard.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The auditor run as its own operating-system process, as a school's cron job or an IT manager
 * would run it: a fresh JVM on the test's class path, its own working folder and standard input.
 */
record AuditorProcess(int exit, String out, String err) {

    static final String MAIN = "uk.schoolaccess.auditor.dashboard.cli.AuditorMain";

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), MAIN));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static AuditorProcess run(Path cwd, String stdin, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).directory(cwd.toFile()).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("auditor " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new AuditorProcess(p.exitValue(), out.join(), err.join());
    }

    static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    /**
     * Runs a command in this JVM (as a test's set-up), with {@code stdinLine} on its standard input
     * for --password-stdin; returns the exit code.
     */
    static int inProcess(String stdinLine, String... args) {
        var in = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream((stdinLine + "\n").getBytes(StandardCharsets.UTF_8)));
            return uk.schoolaccess.auditor.dashboard.cli.AuditorMain.run(args,
                    new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()));
        } finally {
            System.setIn(in);
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
