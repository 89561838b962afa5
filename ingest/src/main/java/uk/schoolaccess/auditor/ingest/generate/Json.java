package uk.schoolaccess.auditor.ingest.generate;

/**
 * Hand-written JSON for log lines: millions of small objects are written, and building a tree
 * per line with Jackson would cost more than the rest of the generator.
 */
final class Json {
    private final StringBuilder sb = new StringBuilder(256);
    private boolean first = true;

    static Json object() {
        Json json = new Json();
        json.sb.append('{');
        return json;
    }

    Json str(String name, String value) {
        key(name);
        quote(sb, value);
        return this;
    }

    Json num(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    Json bool(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** Inserts already-written JSON (an object or array) as the value of {@code name}. */
    Json raw(String name, String json) {
        key(name);
        sb.append(json);
        return this;
    }

    String end() {
        return sb.append('}').toString();
    }

    static String array(String... items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.length; i++) {
            if (i > 0) out.append(',');
            out.append(items[i]);
        }
        return out.append(']').toString();
    }

    static String strings(String... values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) out.append(',');
            quote(out, values[i]);
        }
        return out.append(']').toString();
    }

    private void key(String name) {
        if (!first) sb.append(',');
        first = false;
        quote(sb, name);
        sb.append(':');
    }

    static void quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
