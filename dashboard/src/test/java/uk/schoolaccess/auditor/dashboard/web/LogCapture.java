package uk.schoolaccess.auditor.dashboard.web;

import java.io.StringWriter;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;

/**
 * What the application writes to its log while a test runs, formatted by the configured console
 * layout (so escaping done by the layout is seen as an operator would see it).
 */
final class LogCapture implements AutoCloseable {

    private final StringWriter out = new StringWriter();
    private final Appender appender;
    private final LoggerContext context;

    LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        StringLayout layout = (StringLayout) config.getAppender("console").getLayout();
        appender = WriterAppender.createAppender(layout, null, out, "capture-" + System.nanoTime(), false, true);
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    String text() {
        synchronized (out) {
            return out.toString();
        }
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
