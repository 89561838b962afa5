package uk.schoolaccess.auditor.dashboard.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import uk.schoolaccess.auditor.dashboard.service.Forwardable;
import uk.schoolaccess.auditor.dashboard.service.Invocation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.schoolaccess.auditor.dashboard.web.auth.PasswordPolicy;
import uk.schoolaccess.auditor.dashboard.web.auth.Role;
import uk.schoolaccess.auditor.dashboard.web.auth.Users;
import uk.schoolaccess.auditor.ingest.config.IngestSettings;
import uk.schoolaccess.auditor.ingest.store.Store;

@Command(name = "users", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Manage dashboard users. Every change is written to the dashboard's access log with the "
                + "operating-system user who made it.", ""},
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Passwd.class,
                UsersCommand.Disable.class, UsersCommand.Enable.class, UsersCommand.Remove.class})
final class UsersCommand implements Runnable {

    static final String POLICY = "Passwords: at least " + PasswordPolicy.MIN_LENGTH + " characters, not containing "
            + "the user name, at least " + PasswordPolicy.MIN_DIFFERENT + " different characters, and not one of "
            + "the commonest leaked passwords (with or without digits added).";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Says so when no DPO can sign in any more: the access log and SAR look-ups are the DPO's alone. */
    static void noDpoLeft(Users users, PrintWriter out) throws java.sql.SQLException {
        if (users.list().stream().noneMatch(a -> a.active() && a.role() == Role.DPO)) {
            out.println("Note: no DPO can sign in to the dashboard now (only a DPO sees the access log and subject "
                    + "access look-ups): 'auditor users add NAME --role dpo' or 'auditor users enable NAME'.");
        }
    }

    /** Where the password comes from: asked for twice on the terminal, or one line of standard input. */
    static final class PasswordInput {

        @Option(names = "--password-stdin", description = "Read the password from standard input (for scripts) "
                + "instead of asking.")
        boolean fromStdin;

        char[] read(String name) throws Exception {
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
            char[] first = console.readPassword("Password for %s (at least %d characters): ", name,
                    PasswordPolicy.MIN_LENGTH);
            char[] again = console.readPassword("Again: ");
            if (first == null || !java.util.Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return first;
        }

        /** Asked for here, where the person is, and passed to the server on its standard input. */
        Forwardable.Handover handover(String name) throws Exception {
            char[] p = read(name);
            try {
                byte[] line = (new String(p) + "\n").getBytes(StandardCharsets.UTF_8);
                return new Forwardable.Handover(fromStdin ? List.of() : List.of("--password-stdin"), line);
            } finally {
                java.util.Arrays.fill(p, ' ');
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Add a dashboard user. The password is asked for (twice) and stored only as a bcrypt "
                    + "hash. A name that exists already is an error unless --replace.", "",
                    "Roles: dpo (everything), dsl (browsing and safeguarding findings, investigations), head "
                            + "(summaries and findings), it (sign-in, MFA and logout findings, no pupil data).", "",
                    POLICY, ""})
    static final class Add implements Callable<Integer>, Forwardable {

        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "User name.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "dpo, dsl, head or it.")
        String role;

        @Option(names = "--replace", description = "Reset an existing user's role and password (a disabled user "
                + "stays disabled).")
        boolean replace;

        @Mixin
        PasswordInput input;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Handover prepareHandover() throws Exception {
            return input.handover(name);
        }

        @Override
        public Integer call() throws Exception {
            Role r = Role.parse(role);
            char[] password = input.read(name);
            boolean existed;
            try (Store s = store.open()) {
                Users users = new Users(s.connection());
                existed = users.add(name, r, password, replace, Users.ChangedBy.osUser());
                if (existed && !users.isActive(name)) {
                    spec.commandLine().getOut().println("User " + name + " is still disabled: 'auditor users enable "
                            + name + "' lets them sign in.");
                }
            } finally {
                java.util.Arrays.fill(password, ' ');
            }
            spec.commandLine().getOut().println("User " + name + " (" + r.label() + ") " + (existed ? "replaced" : "saved")
                    + " in " + store.db);
            return AuditorMain.OK;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Set a new password for a dashboard user (asked for twice).", "", POLICY, ""})
    static final class Passwd implements Callable<Integer>, Forwardable {

        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "User name.")
        String name;

        @Mixin
        PasswordInput input;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Handover prepareHandover() throws Exception {
            return input.handover(name);
        }

        @Override
        public Integer call() throws Exception {
            try (Store s = store.openExisting()) {
                Users users = new Users(s.connection());
                if (users.list().stream().noneMatch(a -> a.name().equals(name))) {
                    throw new IllegalArgumentException("no dashboard user " + name + " ('auditor users list' shows them)");
                }
                char[] password = input.read(name);
                try {
                    users.setPassword(name, password, Users.ChangedBy.osUser());
                } finally {
                    java.util.Arrays.fill(password, ' ');
                }
            }
            spec.commandLine().getOut().println("Password changed for " + name + ".");
            return AuditorMain.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"List dashboard users: role, whether they may sign in, when the account was made and its "
                    + "password last set (in the school's time zone).", ""})
    static final class ListUsers implements Callable<Integer> {

        private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.UK);

        @Mixin
        StoreOptions store;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ZoneId zone = IngestSettings.from(store.configFile()).zoneOf(null);
            PrintWriter out = spec.commandLine().getOut();
            try (Store s = store.openExisting()) {
                List<Users.Account> accounts = new Users(s.connection()).list();
                if (accounts.isEmpty()) {
                    out.println("No dashboard users yet: add one with 'auditor users add NAME --role dpo'.");
                    return AuditorMain.OK;
                }
                out.printf(Locale.UK, "%-24s %-5s %-26s %-17s %s%n", "USER", "ROLE", "STATUS", "CREATED",
                        "PASSWORD SET");
                for (Users.Account a : accounts) {
                    out.printf(Locale.UK, "%-24s %-5s %-26s %-17s %s%n", a.name(), a.role().label(),
                            a.active() ? "active" : "disabled " + when(a.disabledAt(), zone),
                            when(a.createdAt(), zone), when(a.passwordChangedAt(), zone));
                }
                out.println("Times in " + zone + ".");
            }
            return AuditorMain.OK;
        }

        private static String when(LocalDateTime utc, ZoneId zone) {
            return utc == null ? "-" : WHEN.format(utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(zone));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Stop a dashboard user signing in. Their open sessions end at once (at their next "
                    + "request); the account, and the access log and decisions that name it, are kept.", ""})
    static final class Disable implements Callable<Integer> {

        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "User name.")
        String name;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Store s = store.openExisting()) {
                Users users = new Users(s.connection());
                boolean changed = users.disable(name, Users.ChangedBy.osUser());
                spec.commandLine().getOut().println(changed ? "User " + name + " disabled: they cannot sign in, and "
                        + "any open session has ended." : "User " + name + " was already disabled.");
                noDpoLeft(users, spec.commandLine().getOut());
            }
            return AuditorMain.OK;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Let a disabled dashboard user sign in again.", ""})
    static final class Enable implements Callable<Integer> {

        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "User name.")
        String name;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Store s = store.openExisting()) {
                boolean changed = new Users(s.connection()).enable(name, Users.ChangedBy.osUser());
                spec.commandLine().getOut().println(changed ? "User " + name + " enabled: they can sign in again."
                        : "User " + name + " was not disabled.");
            }
            return AuditorMain.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Delete a dashboard user. The access log and triage decisions keep their name. To stop "
                    + "someone signing in but keep the account, use 'disable'.", ""})
    static final class Remove implements Callable<Integer> {

        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "User name.")
        String name;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Store s = store.openExisting()) {
                Users users = new Users(s.connection());
                users.remove(name, Users.ChangedBy.osUser());
                spec.commandLine().getOut().println("User " + name + " removed; any open session has ended.");
                noDpoLeft(users, spec.commandLine().getOut());
            }
            return AuditorMain.OK;
        }
    }
}
