package uk.schoolaccess.auditor.ingest.arbor;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.stream.Stream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import uk.schoolaccess.auditor.ingest.CellShape;
import uk.schoolaccess.auditor.ingest.InputRejected;
import uk.schoolaccess.auditor.ingest.Origin;
import uk.schoolaccess.auditor.ingest.ReadContext;
import uk.schoolaccess.auditor.ingest.RowRejected;
import uk.schoolaccess.auditor.ingest.RowSink;
import uk.schoolaccess.auditor.ingest.SourceReader;
import uk.schoolaccess.auditor.ingest.csv.CsvInput;
import uk.schoolaccess.auditor.ingest.csv.Fields;
import uk.schoolaccess.auditor.ingest.csv.Header;
import uk.schoolaccess.auditor.ingest.rows.SigninRow;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.source.SourceFile;
import uk.schoolaccess.auditor.ingest.time.LocalTimeResolver;

/**
 * Arbor's Login History (School &gt; Users &amp; Security &gt; Login History, FORMATS §4), the
 * last 30 days of sign-ins to the MIS, in school local time.
 *
 * <p>Arbor publishes no sample, so the header is taken from the page's labels:
 * {@code Date & Time,User,User Type,Identity Provider,2FA Method}. A download may split the time
 * into {@code Date} and {@code Time}, or say {@code Date and Time}, {@code Type of User},
 * {@code Two Factor Method}; each is found by any of its names. Dates are UK style
 * ({@code 14/09/2026 08:45[:10]}, {@code 14 Sep 2026 08:45}) or ISO.
 *
 * <p>Only {@code Staff Member} rows are staff. Students and guardians are ignored before anything
 * else of the row is read, so their names never reach a store or a quarantine reason. A blank
 * 2FA Method with provider ARBOR is a single-factor sign-in; any 2FA method (APP_AUTHENTICATOR)
 * is multi-factor; a blank one with GOOGLE or MICROSOFT means that provider checked the factors,
 * which this file cannot show: auth_requirement NULL, mfa_result "checked by GOOGLE".
 */
public final class ArborLoginHistoryReader implements SourceReader {

    static final String SOURCE = "arbor";

    private static final List<String> DATE_TIME = List.of("Date & Time", "Date and Time", "Date/Time", "Login Time");
    private static final List<String> DATE = List.of("Date");
    private static final List<String> TIME = List.of("Time");
    private static final List<String> USER = List.of("User", "User Name", "Username");
    private static final List<String> USER_TYPE = List.of("User Type", "Type of User", "Type");
    private static final List<String> PROVIDER = List.of("Identity Provider", "Provider");
    private static final List<String> TWO_FACTOR = List.of("2FA Method", "Two Factor Method", "2FA");
    private static final Set<String> PROVIDERS = Set.of("ARBOR", "GOOGLE", "MICROSOFT");
    private static final Set<String> STAFF = Set.of("staff member", "staff");

    private static final List<DateTimeFormatter> FORMATS = List.of(
            strict("d/M/uuuu H:mm[:ss]"), strict("uuuu-MM-dd[' ']['T']H:mm[:ss]"),
            strict("d MMM uuuu[','] H:mm[:ss]"));

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }

    @Override
    public String format() {
        return "arbor-login-history";
    }

    @Override
    public String description() {
        return "Arbor Login History CSV: Date & Time, User, User Type, Identity Provider, 2FA Method (school local time)";
    }

    @Override
    public List<String> knownColumns() {
        return Stream.of(DATE_TIME, DATE, TIME, USER, USER_TYPE, PROVIDER, TWO_FACTOR).flatMap(List::stream).toList();
    }

    @Override
    public String sourceZone(ReadContext context) {
        return context.zoneOf(SOURCE).getId();
    }

    @Override
    public int recognises(Sniff sniff) {
        Header h = sniff.csvHeader();
        boolean time = find(h, DATE_TIME).isPresent() || (find(h, DATE).isPresent() && find(h, TIME).isPresent());
        if (!time || find(h, USER).isEmpty() || find(h, USER_TYPE).isEmpty() || find(h, PROVIDER).isEmpty()
                || find(h, TWO_FACTOR).isEmpty()) {
            return 0;
        }
        return find(h, DATE_TIME).isPresent() ? 5 : 6;
    }

    @Override
    public void read(SourceFile file, ReadContext context, RowSink sink) throws IOException {
        LocalTimeResolver clock = new LocalTimeResolver(context.zoneOf(SOURCE));
        CsvInput.forEachRow(file, false, sink, (row, origin) -> {
            String type = row.required(column(row, USER_TYPE));
            if (!STAFF.contains(type.toLowerCase(Locale.ROOT))) {
                sink.ignored(origin);
                return;
            }
            var ts = time(row, clock, sink, origin);
            String user = row.required(column(row, USER));
            String providerColumn = column(row, PROVIDER);
            String provider = row.required(providerColumn).toUpperCase(Locale.ROOT);
            if (!PROVIDERS.contains(provider)) {
                throw new RowRejected("unknown Identity Provider in '" + providerColumn + "' "
                        + CellShape.found(row.text(providerColumn)) + ", known: ARBOR, GOOGLE, MICROSOFT");
            }
            String method = row.text(column(row, TWO_FACTOR));
            String requirement;
            String result;
            if (method != null) {
                requirement = "multi_factor";
                result = method.toUpperCase(Locale.ROOT);
            } else if ("ARBOR".equals(provider)) {
                requirement = "single_factor";
                result = "no 2FA method";
            } else {
                requirement = null;
                result = "checked by " + provider;
            }
            sink.signin(origin, new SigninRow(SOURCE, ts, user, "Arbor", null, null, null, null, null, null, null,
                    null, requirement, result, true, null, null, null, null, null));
        });
    }

    private static Instant time(Fields row, LocalTimeResolver clock, RowSink sink, Origin origin) {
        Optional<String> both = find(row.header(), DATE_TIME);
        String column = both.orElse("Date' + 'Time");
        String text = both.isPresent() ? row.required(both.get())
                : row.required(column(row.header(), DATE)) + " " + row.required(column(row.header(), TIME));
        LocalDateTime local = null;
        for (DateTimeFormatter f : FORMATS) {
            try {
                local = LocalDateTime.parse(text, f);
                break;
            } catch (DateTimeParseException tryNext) {
                // the next layout
            }
        }
        if (local == null) {
            throw new RowRejected("unparsable time in '" + column + "', expected dd/MM/yyyy HH:mm[:ss], d MMM yyyy "
                    + "HH:mm or ISO " + CellShape.found(text));
        }
        LocalTimeResolver.Resolved r = clock.resolve(local);
        if (r.ambiguous()) {
            sink.ambiguousTime(origin);
        }
        return r.instant();
    }

    /** The column by any of its names; a file without it (read with --format) is rejected whole. */
    private static String column(Fields row, List<String> names) {
        return column(row.header(), names);
    }

    private static String column(Header h, List<String> names) {
        return find(h, names).orElseThrow(() -> new InputRejected("missing column '" + names.get(0) + "'"
                + (names.size() > 1 ? " (or " + String.join(", ", names.subList(1, names.size())) + ")" : "")));
    }

    private static Optional<String> find(Header h, List<String> names) {
        return names.stream().filter(h::has).findFirst();
    }
}
