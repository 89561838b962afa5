package uk.schoolaccess.auditor.ingest.generate;

import java.util.ArrayList;
import java.util.List;

/** Form tutors, heads of year, the SENCo's caseload and welfare keyworkers. */
final class PastoralBuilder {
    private PastoralBuilder() {
    }

    static List<PastoralLink> build(List<StaffMember> staff, List<Pupil> pupils) {
        List<PastoralLink> links = new ArrayList<>();
        List<StaffMember> tutors = new ArrayList<>();
        List<StaffMember> heads = new ArrayList<>();
        List<StaffMember> welfare = new ArrayList<>();
        for (StaffMember s : staff) {
            if (s.has("form_tutor")) tutors.add(s);
            if (s.has("head_of_year")) heads.add(s);
            if (s.has("welfare")) welfare.add(s);
        }
        int formsPerYear = PupilBuilder.formsPerYear(pupils.size());
        int f = 0;
        for (int year = 7; year <= 11; year++) {
            for (int g = 0; g < formsPerYear; g++) {
                String form = year + String.valueOf(PupilBuilder.FORM_LETTERS.charAt(g));
                links.add(new PastoralLink(tutors.get(f++ % tutors.size()).id(), "form_tutor", null, form, null));
            }
        }
        for (int i = 0; i < heads.size(); i++) {
            links.add(new PastoralLink(heads.get(i).id(), "head_of_year", 7 + i, null, null));
        }
        for (StaffMember senco : staff) {
            if (!senco.has("senco")) continue;
            for (Pupil p : pupils) if (p.sen()) links.add(new PastoralLink(senco.id(), "senco_caseload", null, null, p.id()));
        }
        // Every 40th pupil has a welfare keyworker (medical needs, young carers).
        for (int i = 0; i < pupils.size(); i += 40) {
            StaffMember worker = welfare.get((i / 40) % welfare.size());
            links.add(new PastoralLink(worker.id(), "keyworker", null, null, pupils.get(i).id()));
        }
        return links;
    }
}
