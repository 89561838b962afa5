package uk.schoolaccess.auditor.ingest.generate;

/** Where a sign-in came from, as Entra writes it in its Location column: "City, Region, CC". */
record Place(String city, String region, String countryCode) {
    static final Place SCHOOL = new Place("Sheffield", "South Yorkshire", "GB");
    static final Place[] HOME_TOWNS = {
        SCHOOL,
        new Place("Rotherham", "South Yorkshire", "GB"),
        new Place("Barnsley", "South Yorkshire", "GB"),
        new Place("Chesterfield", "Derbyshire", "GB"),
        new Place("Doncaster", "South Yorkshire", "GB"),
    };
    static final Place LEEDS = new Place("Leeds", "West Yorkshire", "GB");
    static final Place NOTTINGHAM = new Place("Nottingham", "Nottinghamshire", "GB");
    /** Where UK mobile networks' gateways geolocate a phone, whatever town it is really in. */
    static final Place[] CARRIER_GATEWAYS = {
        new Place("London", "England", "GB"),
        new Place("Manchester", "England", "GB"),
        new Place("Birmingham", "England", "GB"),
        new Place("Glasgow", "Scotland", "GB"),
    };
    static final Place LAGOS = new Place("Lagos", "Lagos", "NG");
    static final Place SAO_PAULO = new Place("Sao Paulo", "Sao Paulo", "BR");

    String location() {
        return city + ", " + region + ", " + countryCode;
    }
}
