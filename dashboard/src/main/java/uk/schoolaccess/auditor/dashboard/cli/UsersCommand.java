package uk.schoolaccess.auditor.dashboard.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.schoolaccess.auditor.dashboard.service.Forwardable;
import uk.schoolaccess.auditor.dashboard.service.Invocation;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "users", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Manage dashboard users.", ""}, subcommands = {UsersCommand.Add.class})
final class UsersCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Add a dashboard user, or reset an existing user's role and password. The password is "
                    + "asked for (twice) and stored only as a bcrypt hash.", "",
                    "Roles: dpo (everything), dsl (browsing and safeguarding findings, investigations), head "
                            + "(summaries and findings), it (sign-in, MFA and logout findings, no pupil data).", ""})
    static final class Add implements Callable<Integer>, Forwardable {

        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "User name.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "dpo, dsl, head or it.")
        String role;

        @Option(names = "--password-stdin", description = "Read the password from standard input (for scripts) "
                + "instead of asking.")
        boolean fromStdin;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Role r = Role.parse(role);
            char[] password = password();
            try (Store s = store.open()) {
                new Users(s.connection()).add(name, r, password);
            } finally {
                java.util.Arrays.fill(password, ' ');
            }
            spec.commandLine().getOut().println("User " + name + " (" + r.label() + ") saved in the store "
                    + store.db.toAbsolutePath().normalize() + ": they can sign in to a dashboard served from it.");
            return AuditorMain.OK;
        }

        /** The password is asked for here, where the person is, and passed to the server on its standard input. */
        @Override
        public Handover prepareHandover() throws Exception {
            char[] p = password();
            try {
                byte[] line = (new String(p) + "\n").getBytes(StandardCharsets.UTF_8);
                return new Handover(fromStdin ? java.util.List.of() : java.util.List.of("--password-stdin"), line);
            } finally {
                java.util.Arrays.fill(p, ' ');
            }
        }

        private char[] password() throws Exception {
            if (fromStdin) {
                String line = new BufferedReader(new InputStreamReader(Invocation.current().stdin(),
                        StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new IllegalArgumentException("no password on standard input");
                }
                return line.toCharArray();
            }
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("no terminal to ask for the password: use --password-stdin");
            }
            char[] first = console.readPassword("Password for %s (at least %d characters): ", name, Users.MIN_PASSWORD);
            char[] again = console.readPassword("Again: ");
            if (first == null || !java.util.Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return first;
        }
    }
}
