package uk.schoolaccess.auditor.ingest.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The adults around one pupil: teachers, form tutor, head of year and SENCo (if SEN). */
record Pastoral(List<StaffMember> teachers, StaffMember tutor, StaffMember headOfYear, StaffMember senco) {

    static Pastoral of(School school, Pupil pupil) {
        List<StaffMember> teachers = new ArrayList<>();
        for (TeachingGroup g : school.groups) {
            if (g.yearGroup() == pupil.yearGroup() && g.pupilIds().contains(pupil.id())) {
                teachers.add(school.staffMember(g.staffId()));
            }
        }
        StaffMember tutor = null;
        StaffMember head = null;
        StaffMember senco = null;
        for (PastoralLink link : school.pastoral) {
            if ("form_tutor".equals(link.kind()) && pupil.form().equals(link.form())) tutor = school.staffMember(link.staffId());
            if ("head_of_year".equals(link.kind()) && link.yearGroup() == pupil.yearGroup()) head = school.staffMember(link.staffId());
            if ("senco_caseload".equals(link.kind()) && pupil.id().equals(link.pupilId())) senco = school.staffMember(link.staffId());
        }
        if (head == null) head = school.withRole("slt").get(0);
        return new Pastoral(teachers, tutor, head, senco);
    }

    StaffMember someTeacher(SplittableRandom rnd) {
        return teachers.isEmpty() ? headOfYear : teachers.get(rnd.nextInt(teachers.size()));
    }

    List<StaffMember> all() {
        List<StaffMember> out = new ArrayList<>();
        if (tutor != null) out.add(tutor);
        out.add(headOfYear);
        if (senco != null) out.add(senco);
        return out;
    }
}
