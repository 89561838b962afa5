package uk.schoolaccess.auditor.ingest.generate;

import java.util.ArrayList;
import java.util.List;

/** Which roles each staff number holds. Fixed order, so S0002 is always the DSL. */
final class RolePlan {
    private RolePlan() {
    }

    static List<List<String>> forSchool(int count, int forms) {
        List<List<String>> plan = new ArrayList<>(count);
        int slt = Math.max(3, Math.min(8, count / 20));
        plan.add(List.of("slt"));
        plan.add(List.of("teacher", "slt", "dsl"));
        plan.add(List.of("teacher", "slt", "deputy_dsl"));
        for (int i = 3; i < slt; i++) plan.add(List.of("teacher", "slt"));
        plan.add(List.of("office"));
        plan.add(List.of("office"));
        plan.add(List.of("welfare"));
        plan.add(List.of("welfare"));
        plan.add(List.of("it"));
        plan.add(List.of("teacher", "senco"));
        for (int year = 7; year <= 11; year++) {
            plan.add(year == 11 ? List.of("teacher", "head_of_year", "deputy_dsl") : List.of("teacher", "head_of_year"));
        }
        int supply = Math.max(1, count / 40);
        int plain = count - plan.size() - supply;
        int leavers = Math.max(2, count / 40);
        int tutors = 0;
        for (int i = 0; i < plain; i++) {
            // Leavers are taken from the end of the plain teachers, so tutors come first.
            boolean tutor = i < plain - leavers && tutors < forms;
            if (tutor) tutors++;
            plan.add(tutor ? List.of("teacher", "form_tutor") : List.of("teacher"));
        }
        for (int i = 0; i < supply; i++) plan.add(List.of("teacher", "supply"));
        return plan;
    }
}
