package uk.schoolaccess.auditor.dashboard.web;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;

/**
 * Server-rendered pages from Pebble templates under templates/. Auto-escaping is on, so a value
 * from the store (a name, a summary) can never become markup or script.
 */
public final class Templates {

    private final PebbleEngine engine;

    public Templates() {
        this(true);
    }

    /**
     * @param newLineTrimming false keeps the line break after a tag, for plain-text templates (the
     *                        e-mail digests' text parts)
     */
    public Templates(boolean newLineTrimming) {
        ClasspathLoader loader = new ClasspathLoader();
        loader.setPrefix("templates");
        loader.setSuffix(".peb");
        engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).strictVariables(false)
                .newLineTrimming(newLineTrimming).build();
    }

    public String render(String name, Map<String, Object> model) {
        try (StringWriter w = new StringWriter()) {
            engine.getTemplate(name).evaluate(w, model);
            return w.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
