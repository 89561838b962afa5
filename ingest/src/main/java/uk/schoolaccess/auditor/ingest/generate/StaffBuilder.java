package uk.schoolaccess.auditor.ingest.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes the staff list: a fixed core of roles every secondary school has (SLT, DSL and deputies,
 * SENCo, heads of year 7-11, office, welfare, IT, a few supply teachers), then class teachers,
 * some of whom tutor a form and a few of whom leave during the window.
 */
final class StaffBuilder {
    static final String[] SUBJECTS = {"English", "Maths", "Science", "History", "Geography", "French",
        "Art", "Computing", "PE", "Music"};
    static final String EMAIL_DOMAIN = "northfield.sch.uk";

    private final Set<String> usedLogins = new HashSet<>();

    List<StaffMember> build(int count, int forms, Campus campus, SchoolCalendar calendar, SplittableRandom rnd) {
        List<List<String>> plan = RolePlan.forSchool(count, forms);
        int leavers = Math.max(2, count / 40);
        List<StaffMember> staff = new ArrayList<>(count);
        int subject = 0;
        int room = 0;
        int office = 0;
        int plainSeen = 0;
        int plainTotal = (int) plan.stream().filter(r -> r.equals(List.of("teacher"))).count();
        for (int i = 0; i < count; i++) {
            List<String> roles = plan.get(i);
            LocalDate leave = null;
            if (roles.equals(List.of("teacher"))) {
                int fromEnd = plainTotal - plainSeen++;
                if (fromEnd <= leavers) {
                    leave = fromEnd <= 2 ? calendar.plantedLeaverLastDay() : calendar.quietLeaverLastDay();
                }
            }
            boolean teaching = roles.contains("teacher") && !roles.contains("supply");
            Workstation desk = teaching ? campus.classroom(room++)
                    : roles.contains("supply") ? campus.staffroom(i) : campus.office(office++);
            String forename = Names.forename(rnd);
            String surname = Names.surname(rnd);
            LocalDate started = roles.contains("supply")
                    ? calendar.firstDay().minusDays(7 + rnd.nextInt(300))
                    : LocalDate.of(2008 + rnd.nextInt(18), 9, 1);
            staff.add(new StaffMember(String.format("S%04d", i + 1), forename, surname, roles, started, leave,
                    logins(forename, surname, roles), desk, Place.HOME_TOWNS[rnd.nextInt(Place.HOME_TOWNS.length)],
                    "203.0.113." + (1 + i % 254), Ids.guid(rnd), Ids.guid(rnd),
                    teaching ? SUBJECTS[subject++ % SUBJECTS.length] : null));
        }
        return staff;
    }

    private StaffMember.Logins logins(String forename, String surname, List<String> roles) {
        String base = (forename.charAt(0) + surname).toLowerCase(Locale.ROOT);
        String suffix = "";
        for (int n = 2; !usedLogins.add(base + suffix); n++) suffix = Integer.toString(n);
        String email = forename.toLowerCase(Locale.ROOT).charAt(0) + "." + surname.toLowerCase(Locale.ROOT)
                + suffix + "@" + EMAIL_DOMAIN;
        boolean google = roles.contains("teacher") || roles.contains("slt");
        return new StaffMember.Logins(email, google ? email : null, base + suffix,
                forename.charAt(0) + surname + suffix, email);
    }
}
