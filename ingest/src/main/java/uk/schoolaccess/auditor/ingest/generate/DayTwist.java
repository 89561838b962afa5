package uk.schoolaccess.auditor.ingest.generate;

/** How a planted case bends one person's otherwise ordinary day. */
record DayTwist(boolean leaveWindowsOpen, boolean leaveSimsOpen, boolean stayUnlockedAtLunch) {
    static final DayTwist NONE = new DayTwist(false, false, false);

    DayTwist and(DayTwist other) {
        return new DayTwist(leaveWindowsOpen || other.leaveWindowsOpen, leaveSimsOpen || other.leaveSimsOpen,
                stayUnlockedAtLunch || other.stayUnlockedAtLunch);
    }
}
