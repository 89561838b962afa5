package uk.schoolaccess.auditor.ingest.generate;

/** RFC 4180 lines: a field is quoted only when it holds a comma, quote or line break. */
final class Csv {
    private Csv() {
    }

    static String line(String... fields) {
        StringBuilder sb = new StringBuilder(fields.length * 12);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) sb.append(',');
            field(sb, fields[i]);
        }
        return sb.toString();
    }

    static void field(StringBuilder sb, String value) {
        if (value == null || value.isEmpty()) return;
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            sb.append(value);
            return;
        }
        sb.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
