package uk.schoolaccess.auditor.dashboard.digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;

import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * The {@code smtp:} and {@code digests:} sections of auditor.yaml (docs/digests.md), bound here in
 * the dashboard module. The SMTP password is never in the file: it is read from the environment
 * variable or the file the config names, only when a message is sent, and never printed.
 */
public record DigestSettings(Smtp smtp, Digests digests) {

    public static DigestSettings from(ConfigFile config) {
        return new DigestSettings(config.section("smtp", Smtp.class, Smtp.DEFAULTS),
                config.section("digests", Digests.class, Digests.DEFAULTS));
    }

    /** How to reach the school's mail server. No host: digests can only be printed (--dry-run). */
    public record Smtp(String host, Integer port, String security, String user, String passwordEnv,
                       String passwordFile, String from, Integer timeoutSeconds) {
        public static final Smtp DEFAULTS = new Smtp(null, null, null, null, null, null, null, null);

        public Smtp {
            security = security == null ? "starttls" : security.toLowerCase(Locale.ROOT);
            if (!List.of("starttls", "tls", "none").contains(security)) {
                throw new ConfigException("smtp.security: '" + security + "' is not one of starttls, tls, none");
            }
            port = port != null ? port : security.equals("tls") ? 465 : security.equals("none") ? 25 : 587;
            from = from == null ? "auditor@localhost" : from;
            timeoutSeconds = timeoutSeconds == null ? 30 : timeoutSeconds;
        }

        public boolean configured() {
            return host != null && !host.isBlank();
        }

        /** The password, from the environment variable or file the config names; null for none. */
        String password() {
            if (passwordEnv != null) {
                String v = System.getenv(passwordEnv);
                if (v == null) {
                    throw new ConfigException("smtp.password_env: the environment variable " + passwordEnv
                            + " is not set");
                }
                return v;
            }
            if (passwordFile != null) {
                try {
                    return Files.readString(Path.of(passwordFile)).strip();
                } catch (IOException e) {
                    throw new ConfigException("smtp.password_file: " + passwordFile + " cannot be read");
                }
            }
            return null;
        }
    }

    /** Links' address when the config sets none and the server's own address is not known. */
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:7070";

    /** Who gets which digest, when, and how the digests name staff and link to the dashboard. */
    public record Digests(String baseUrl, String staffNames, Recipients recipients, Weekly weekly, Daily daily,
                          Retry retry) {
        public static final Digests DEFAULTS = new Digests(null, null, null, null, null, null);

        public Digests {
            baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl.replaceAll("/+$", "");
            staffNames = staffNames == null ? "name" : staffNames.toLowerCase(Locale.ROOT);
            if (!List.of("name", "initials").contains(staffNames)) {
                throw new ConfigException("digests.staff_names: '" + staffNames + "' is not one of name, initials");
            }
            recipients = recipients == null ? new Recipients(null, null) : recipients;
            weekly = weekly == null ? new Weekly(null, null, null) : weekly;
            daily = daily == null ? new Daily(null, null) : daily;
            retry = retry == null ? new Retry(null, null) : retry;
        }
    }

    /** Addresses per role: the DPO gets the weekly digest, the DSL the daily alert. */
    public record Recipients(List<String> dpo, List<String> dsl) {
        public Recipients {
            dpo = dpo == null ? List.of() : List.copyOf(dpo);
            dsl = dsl == null ? List.of() : List.copyOf(dsl);
        }
    }

    /** The weekly digest: a day of the week and a time, in the school's zone. */
    public record Weekly(Boolean enabled, String day, String time) {
        public Weekly {
            enabled = enabled == null || enabled;
            day = day == null ? "monday" : day.toLowerCase(Locale.ROOT);
            time = time == null ? "07:30" : time;
            dayOfWeek(day);
            parseTime("digests.weekly.time", time);
        }

        public DayOfWeek dayOfWeek() {
            return dayOfWeek(day);
        }

        public LocalTime at() {
            return parseTime("digests.weekly.time", time);
        }

        private static DayOfWeek dayOfWeek(String day) {
            try {
                return DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("digests.weekly.day: '" + day + "' is not a day of the week");
            }
        }
    }

    /** The daily digest: a time, in the school's zone. */
    public record Daily(Boolean enabled, String time) {
        public Daily {
            enabled = enabled == null || enabled;
            time = time == null ? "07:00" : time;
            parseTime("digests.daily.time", time);
        }

        public LocalTime at() {
            return parseTime("digests.daily.time", time);
        }
    }

    /** A failed send is tried again after backoff_seconds, doubling each time, up to max_attempts. */
    public record Retry(Integer maxAttempts, Integer backoffSeconds) {
        public Retry {
            maxAttempts = maxAttempts == null ? 8 : maxAttempts;
            backoffSeconds = backoffSeconds == null ? 60 : backoffSeconds;
        }
    }

    static LocalTime parseTime(String key, String time) {
        try {
            return LocalTime.parse(time.length() == 4 ? "0" + time : time);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException(key + ": '" + time + "' is not a time like 07:30");
        }
    }
}
