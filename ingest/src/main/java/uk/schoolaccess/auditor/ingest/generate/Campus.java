package uk.schoolaccess.auditor.ingest.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The school's computers and its one public address range. Classroom PCs belong to a room;
 * pupils use the IT suites; office, SLT and staffroom PCs are shared by a few staff.
 */
final class Campus {
    static final String SCHOOL_NETWORK = "198.51.100.0/28";
    static final String DOMAIN_SUFFIX = "northfield.local";

    private final List<Workstation> classrooms = new ArrayList<>();
    private final List<Workstation> itSuite = new ArrayList<>();
    private final List<Workstation> offices = new ArrayList<>();
    private final List<Workstation> staffroom = new ArrayList<>();
    private final Workstation fileServer;
    private final Workstation domainController;

    Campus(String prefix, int rooms, SplittableRandom rnd) {
        for (int r = 1; r <= rooms; r++) classrooms.add(pc(prefix + String.format("-RM%02d-PC01", r), "10.20." + r + ".10", rnd));
        for (int p = 1; p <= 30; p++) itSuite.add(pc(prefix + String.format("-IT1-PC%02d", p), "10.30.1." + (20 + p), rnd));
        for (int p = 1; p <= 12; p++) offices.add(pc(prefix + String.format("-OFF-PC%02d", p), "10.40.1." + (20 + p), rnd));
        for (int p = 1; p <= 6; p++) staffroom.add(pc(prefix + String.format("-STF-PC%02d", p), "10.40.2." + (20 + p), rnd));
        fileServer = pc(prefix + "-FS01", "10.10.0.5", rnd);
        domainController = pc(prefix + "-DC01", "10.10.0.2", rnd);
    }

    private static Workstation pc(String name, String ip, SplittableRandom rnd) {
        return new Workstation(name, DOMAIN_SUFFIX, ip, Ids.guid(rnd), rnd.nextInt(3) == 0);
    }

    Workstation classroom(int index) {
        return classrooms.get(index % classrooms.size());
    }

    int classroomCount() {
        return classrooms.size();
    }

    List<Workstation> itSuite() {
        return itSuite;
    }

    Workstation office(int index) {
        return offices.get(index % offices.size());
    }

    Workstation staffroom(int index) {
        return staffroom.get(index % staffroom.size());
    }

    Workstation fileServer() {
        return fileServer;
    }

    Workstation domainController() {
        return domainController;
    }

    /** Every PC that boots each school day (servers stay up). */
    List<Workstation> desktops() {
        List<Workstation> all = new ArrayList<>(classrooms);
        all.addAll(itSuite);
        all.addAll(offices);
        all.addAll(staffroom);
        return all;
    }

    /** The school's outbound NAT address for one connection: 198.51.100.1 to .14. */
    static String natIp(SplittableRandom rnd) {
        return "198.51.100." + (1 + rnd.nextInt(14));
    }
}
