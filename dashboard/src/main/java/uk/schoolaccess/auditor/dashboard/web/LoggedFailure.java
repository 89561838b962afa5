package uk.schoolaccess.auditor.dashboard.web;

/**
 * A failure as it goes to the log: the same stack, but every message with its line breaks
 * escaped, so a value from a request quoted in an exception's message cannot start a forged log
 * line. (The layout escapes the log message itself; a stack trace is printed apart from it.)
 */
final class LoggedFailure extends Exception {

    private LoggedFailure(Throwable t, int depth) {
        super(escape(t.toString()), t.getCause() == null || t.getCause() == t || depth > 20 ? null
                : new LoggedFailure(t.getCause(), depth + 1), false, true);
        setStackTrace(t.getStackTrace());
    }

    static LoggedFailure of(Throwable t) {
        return new LoggedFailure(t, 0);
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
