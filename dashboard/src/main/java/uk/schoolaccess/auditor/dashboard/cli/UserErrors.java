package uk.schoolaccess.auditor.dashboard.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.mapped.ProfileException;
import uk.schoolaccess.auditor.ingest.store.StoreException;

/**
 * Turns failures into one line for the user. Problems with what the user gave (a missing file,
 * a bad config, a store from a newer version) are exit code 2; anything else is a fault of
 * ours and is exit code 1. Messages carry paths and ids only, never record contents.
 */
final class UserErrors {

    private UserErrors() {
    }

    static boolean isUserError(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof StoreException || e instanceof ConfigException
                || e instanceof ProfileException || e instanceof IOException || e instanceof UncheckedIOException;
    }

    static String message(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or folder";
        }
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
