package uk.schoolaccess.auditor.ingest.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Pupils in years 7 to 11, about 30 to a form, about 15% with SEN, and about one in five with
 * a brother or sister elsewhere in the school (same family key and surname).
 */
final class PupilBuilder {
    static final String FORM_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    static int formsPerYear(int pupils) {
        return Math.max(1, Math.min(FORM_LETTERS.length(), (int) Math.ceil(pupils / 5.0 / 30.0)));
    }

    static List<Pupil> build(int count, int autumnYear, SplittableRandom rnd) {
        int forms = formsPerYear(count);
        List<Pupil> pupils = new ArrayList<>(count);
        Set<String> windowsUsers = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int year = 7 + (int) ((long) i * 5 / count);
            int firstOfYear = (int) Math.ceil((year - 7) * count / 5.0);
            int place = i - firstOfYear;
            String form = year + String.valueOf(FORM_LETTERS.charAt(place % forms));
            String forename = Names.forename(rnd);
            String surname = Names.surname(rnd);
            String family = String.format("F%05d", i + 1);
            if (rnd.nextInt(5) == 0 && !pupils.isEmpty()) {
                Pupil sibling = pupils.get(rnd.nextInt(pupils.size()));
                if (sibling.yearGroup() != year) {
                    family = sibling.familyKey();
                    surname = sibling.surname();
                }
            }
            String entry = Integer.toString((autumnYear - (year - 7)) % 100);
            String base = (entry + forename.charAt(0) + surname).toLowerCase(Locale.ROOT);
            String login = base;
            for (int n = 2; !windowsUsers.add(login); n++) login = base + n;
            pupils.add(new Pupil(String.format("P%05d", i + 1), surname, forename, year, form,
                    rnd.nextInt(100) < 15, family, login));
        }
        return pupils;
    }
}
