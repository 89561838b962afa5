package uk.schoolaccess.auditor.ingest.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds the sample school from the options, in a fixed order so a seed always gives the same school. */
final class RosterBuilder {
    private RosterBuilder() {
    }

    static School build(GeneratorOptions options) {
        SplittableRandom rnd = new SplittableRandom(Ids.mix(options.seed(), 1));
        SchoolCalendar calendar = new SchoolCalendar(options.start(), options.weeks());
        Campus campus = new Campus(options.schoolId(), options.staff() + 4, rnd);
        int autumnYear = options.start().getMonthValue() >= 9 ? options.start().getYear() : options.start().getYear() - 1;
        List<Pupil> pupils = PupilBuilder.build(options.pupils(), autumnYear, rnd);
        int forms = 5 * PupilBuilder.formsPerYear(options.pupils());
        List<StaffMember> staff = new StaffBuilder().build(options.staff(), forms, campus, calendar, rnd);
        List<TeachingGroup> groups = TimetableBuilder.build(pupils, staff, rnd);
        List<PastoralLink> pastoral = PastoralBuilder.build(staff, pupils);
        School draft = new School(options, calendar, campus, staff, pupils, groups, pastoral, List.of(), List.of());
        List<StaffFamily> families = staffChildren(draft, pupils, rnd);
        School withFamilies = new School(options, calendar, campus, staff, pupils, groups, pastoral, families, List.of());
        List<Incident> incidents = IncidentBuilder.build(withFamilies, rnd);
        return new School(options, calendar, campus, staff, pupils, groups, pastoral, families, incidents);
    }

    /**
     * Two staff members (an office worker and a form tutor) have a child at the school whom they
     * neither teach nor tutor; the pupil and any siblings take the parent's surname.
     */
    private static List<StaffFamily> staffChildren(School draft, List<Pupil> pupils, SplittableRandom rnd) {
        List<StaffMember> parents = new ArrayList<>();
        parents.add(draft.withRole("office").get(0));
        for (StaffMember s : draft.withRole("form_tutor")) {
            if (s.leaveDate() == null && parents.size() < 2) parents.add(s);
        }
        List<StaffFamily> families = new ArrayList<>();
        List<String> usedKeys = new ArrayList<>();
        for (StaffMember parent : parents) {
            Pupil child = null;
            for (int attempt = 0; attempt < 1000 && child == null; attempt++) {
                Pupil p = pupils.get(rnd.nextInt(pupils.size()));
                if (!draft.linked(parent, p) && !usedKeys.contains(p.familyKey())) child = p;
            }
            if (child == null) continue;
            String key = child.familyKey();
            usedKeys.add(key);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < pupils.size(); i++) {
                if (pupils.get(i).familyKey().equals(key)) {
                    pupils.set(i, pupils.get(i).asChildOf(parent.surname(), key));
                    ids.add(pupils.get(i).id());
                }
            }
            families.add(new StaffFamily(parent.id(), key, ids));
        }
        return families;
    }
}
