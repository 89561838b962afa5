package uk.schoolaccess.auditor.ingest.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Who teaches whom: every year group takes every subject; English, maths and science are set
 * by ability (mixed forms), other subjects are taught in form groups. Each group goes to the
 * next teacher of that subject in turn, so teachers hold several groups across years.
 */
final class TimetableBuilder {
    private static final List<String> SETTED = List.of("English", "Maths", "Science");

    static List<TeachingGroup> build(List<Pupil> pupils, List<StaffMember> staff, SplittableRandom rnd) {
        Map<String, List<StaffMember>> bySubject = new LinkedHashMap<>();
        List<StaffMember> anyTeacher = new ArrayList<>();
        for (StaffMember s : staff) {
            if (s.teaches()) {
                bySubject.computeIfAbsent(s.subject(), k -> new ArrayList<>()).add(s);
                anyTeacher.add(s);
            }
        }
        int forms = PupilBuilder.formsPerYear(pupils.size());
        List<TeachingGroup> groups = new ArrayList<>();
        Map<String, Integer> turn = new LinkedHashMap<>();
        for (int year = 7; year <= 11; year++) {
            List<Pupil> yearPupils = new ArrayList<>();
            for (Pupil p : pupils) if (p.yearGroup() == year) yearPupils.add(p);
            for (String subject : StaffBuilder.SUBJECTS) {
                List<Pupil> order = new ArrayList<>(yearPupils);
                if (SETTED.contains(subject)) shuffle(order, rnd);
                List<StaffMember> teachers = bySubject.getOrDefault(subject, anyTeacher);
                for (int g = 0; g < forms; g++) {
                    List<String> members = new ArrayList<>();
                    for (int k = 0; k < order.size(); k++) {
                        Pupil p = order.get(k);
                        boolean inGroup = SETTED.contains(subject) ? k % forms == g
                                : p.form().equals(year + String.valueOf(PupilBuilder.FORM_LETTERS.charAt(g)));
                        if (inGroup) members.add(p.id());
                    }
                    if (members.isEmpty()) continue;
                    int t = turn.merge(subject, 1, Integer::sum) - 1;
                    StaffMember teacher = teachers.get(t % teachers.size());
                    String id = SETTED.contains(subject) ? year + "-" + code(subject) + (g + 1)
                            : year + String.valueOf(PupilBuilder.FORM_LETTERS.charAt(g)) + "-" + code(subject);
                    groups.add(new TeachingGroup(id, subject, teacher.id(), year, members));
                }
            }
        }
        return groups;
    }

    private static String code(String subject) {
        return subject.substring(0, 2);
    }

    private static void shuffle(List<Pupil> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Pupil tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }
}
