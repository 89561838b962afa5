package uk.schoolaccess.auditor.ingest.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CPOMS incidents over the window, about one a day per 400 pupils. Safeguarding concerns go to
 * the DSL or a deputy; behaviour and attendance to the head of year; medical to welfare. The
 * form tutor, head of year and (for SEN pupils) the SENCo are alerted.
 */
final class IncidentBuilder {
    static final List<String> SAFEGUARDING = List.of("Child Protection", "Domestic abuse", "Self-harm",
            "Mental health", "Online safety");
    private static final String[] CATEGORIES = {"Behaviour", "Behaviour", "Bullying", "Attendance concern",
        "Mental health", "Online safety", "Medical", "Child Protection", "Domestic abuse", "Self-harm",
        "Behaviour", "Bullying", "Attendance concern", "Mental health", "Medical"};

    private IncidentBuilder() {
    }

    static List<Incident> build(School school, SplittableRandom rnd) {
        List<Incident> incidents = new ArrayList<>();
        long id = 104_000 + rnd.nextInt(200);
        int perDay = Math.max(1, school.pupils.size() / 400);
        List<StaffMember> leads = new ArrayList<>(school.withRole("dsl"));
        leads.addAll(school.withRole("deputy_dsl"));
        for (LocalDate day : school.calendar.days()) {
            int count = rnd.nextInt(2 * perDay + 1);
            List<Instant> times = new ArrayList<>();
            for (int i = 0; i < count; i++) times.add(SchoolClock.at(day, SchoolClock.hm(8, 45) + rnd.nextInt(7 * 3600 + 45 * 60)));
            times.sort(null);
            for (Instant created : times) {
                Pupil pupil = school.pupils.get(rnd.nextInt(school.pupils.size()));
                String category = CATEGORIES[rnd.nextInt(CATEGORIES.length)];
                Pastoral pastoral = Pastoral.of(school, pupil);
                StaffMember author = author(school, pupil, category, pastoral, day, rnd);
                List<StaffMember> assigned = new ArrayList<>();
                if (SAFEGUARDING.contains(category)) assigned.add(leads.get(rnd.nextInt(leads.size())));
                else if (category.equals("Medical")) assigned.add(pick(school.withRole("welfare"), rnd));
                else assigned.add(pastoral.headOfYear());
                List<StaffMember> alerted = new ArrayList<>();
                for (StaffMember s : pastoral.all()) {
                    if (s != author && !assigned.contains(s) && !alerted.contains(s) && s.worksOn(day)) alerted.add(s);
                }
                assigned.remove(author);
                id += 1 + rnd.nextInt(4);
                incidents.add(new Incident(id, pupil, category, created, author, assigned, alerted));
            }
        }
        return incidents;
    }

    private static StaffMember author(School school, Pupil pupil, String category, Pastoral pastoral,
                                      LocalDate day, SplittableRandom rnd) {
        StaffMember author = switch (category) {
            case "Attendance concern" -> pick(school.withRole("office"), rnd);
            case "Medical" -> pick(school.withRole("welfare"), rnd);
            default -> rnd.nextInt(10) < 7 ? pastoral.someTeacher(rnd) : pastoral.tutor();
        };
        return author != null && author.worksOn(day) ? author : pastoral.headOfYear();
    }

    private static StaffMember pick(List<StaffMember> from, SplittableRandom rnd) {
        return from.get(rnd.nextInt(from.size()));
    }
}
