package uk.schoolaccess.auditor.dashboard.web;

/**
 * A failure as it goes to the log: the same stack, but every message with its line breaks
 * escaped, so a value from a request quoted in an exception's message cannot start a forged log
 * line. (The layout escapes the log message itself; a stack trace is printed apart from it.)
 */
final class LoggedFailure extends Exception {

    private LoggedFailure(Throwable t) {
        super(escape(t.toString()), null, false, true);
        setStackTrace(t.getStackTrace());
        if (t.getCause() != null && t.getCause() != t) {
            initCause(new LoggedFailure(t.getCause()));
        }
    }

    static LoggedFailure of(Throwable t) {
        return new LoggedFailure(t);
    }

    /** Line breaks and other control characters as visible escapes. */
    static String escape(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            if (ch == '\n') {
                b.append("\\n");
            } else if (ch == '\r') {
                b.append("\\r");
            } else if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029' || ch == '\u0085') {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
