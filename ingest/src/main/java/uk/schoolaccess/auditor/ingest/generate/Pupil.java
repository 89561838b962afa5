package uk.schoolaccess.auditor.ingest.generate;

/** A synthetic pupil. Siblings (and staff members' own children) share a family key. */
record Pupil(String id, String surname, String forename, int yearGroup, String form, boolean sen,
             String familyKey, String windowsUser) {

    String fullName() {
        return forename + " " + surname;
    }

    Pupil asChildOf(String newSurname, String newFamilyKey) {
        return new Pupil(id, newSurname, forename, yearGroup, form, sen, newFamilyKey, windowsUser);
    }
}
