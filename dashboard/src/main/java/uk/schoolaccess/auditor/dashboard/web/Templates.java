package uk.schoolaccess.auditor.dashboard.web;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/**
 * Server-rendered pages from Pebble templates under templates/. Auto-escaping is on, so a value
 * from the store (a name, a summary) can never become markup or script. Times go through the
 * filters {@code when} ({@code Mon 21 Sep 2026, 12:58}), {@code whensec} (with seconds, for
 * evidence) and {@code day}, in the school's zone ({@link SchoolTime}); {@code timeNote} says the
 * zone once per page.
 */
public final class Templates {

    private final PebbleEngine engine;
    private final SchoolTime time;
    private final Map<String, Object> globals = new java.util.concurrent.ConcurrentHashMap<>();

    /** Times in UTC: only for pages with no times on them; use {@link #Templates(SchoolTime)}. */
    public Templates() {
        this(true, new SchoolTime(java.time.ZoneOffset.UTC));
    }

    public Templates(SchoolTime time) {
        this(true, time);
    }

    public Templates(boolean newLineTrimming) {
        this(newLineTrimming, new SchoolTime(java.time.ZoneOffset.UTC));
    }

    /**
     * @param newLineTrimming false keeps the line break after a tag, for plain-text templates (the
     *                        e-mail digests' text parts)
     */
    public Templates(boolean newLineTrimming, SchoolTime time) {
        this.time = time;
        ClasspathLoader loader = new ClasspathLoader();
        loader.setPrefix("templates");
        loader.setSuffix(".peb");
        engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).strictVariables(false)
                .newLineTrimming(newLineTrimming).extension(new TimeFilters(time)).build();
    }

    public SchoolTime time() {
        return time;
    }

    /** A value every page sees unless its model sets it (e.g. "school", the school's name from the config). */
    public Templates global(String name, Object value) {
        if (value != null) {
            globals.put(name, value);
        }
        return this;
    }

    public String render(String name, Map<String, Object> model) {
        try (StringWriter w = new StringWriter()) {
            Map<String, Object> m = new java.util.HashMap<>(model);
            m.putIfAbsent("timeNote", time.note());
            globals.forEach(m::putIfAbsent);
            engine.getTemplate(name).evaluate(w, m);
            return w.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** when, whensec and day: a stored UTC time as the school reads it. */
    private static final class TimeFilters extends AbstractExtension {

        private final SchoolTime time;

        TimeFilters(SchoolTime time) {
            this.time = time;
        }

        @Override
        public Map<String, Filter> getFilters() {
            return Map.of("when", filter(time::format), "whensec", filter(time::formatSeconds), "day", filter(time::day));
        }

        private static Filter filter(java.util.function.Function<Object, String> f) {
            return new Filter() {
                @Override
                public java.util.List<String> getArgumentNames() {
                    return null;
                }

                @Override
                public Object apply(Object input, Map<String, Object> args, PebbleTemplate self,
                                    EvaluationContext context, int lineNumber) {
                    return input == null ? null : f.apply(input);
                }
            };
        }
    }
}
