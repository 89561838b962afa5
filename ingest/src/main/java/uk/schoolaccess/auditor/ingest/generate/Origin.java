package uk.schoolaccess.auditor.ingest.generate;

import java.util.SplittableRandom;

/**
 * Where a connection comes from: an address, the place Entra geolocates it to and its network
 * (ASN). All addresses are from documentation ranges: the school is 198.51.100.0/28, homes are
 * 203.0.113.0/24, mobile networks 198.18.0.0/15 and anywhere else 192.0.2.0/24.
 */
record Origin(String ip, Place place, int asn) {
    private static final int[] HOME_ISPS = {5089, 2856, 13285, 5607};

    static Origin school(SplittableRandom rnd) {
        return new Origin(Campus.natIp(rnd), Place.SCHOOL, 786);
    }

    static Origin home(StaffMember s) {
        int n = Integer.parseInt(s.homeIp().substring(s.homeIp().lastIndexOf('.') + 1));
        return new Origin(s.homeIp(), s.home(), HOME_ISPS[n % HOME_ISPS.length]);
    }

    /** A phone on mobile data, geolocated to the same town as the person. */
    static Origin mobile(Place place, SplittableRandom rnd) {
        return new Origin("198.18." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254)), place, 25135);
    }

    static Origin elsewhere(Place place, int asn, SplittableRandom rnd) {
        return new Origin("192.0.2." + (1 + rnd.nextInt(254)), place, asn);
    }

    boolean atSchool() {
        return ip.startsWith("198.51.100.");
    }
}
