package uk.schoolaccess.auditor.dashboard.cli;

/** Placeholder entry point replaced by the picocli command tree in the next commit. */
public final class AuditorMain {
    private AuditorMain() {
    }

    public static void main(String[] args) {
        System.out.println("auditor");
    }
}
