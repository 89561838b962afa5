package uk.schoolaccess.auditor.ingest.source;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * An input that could not even be listed or opened (a corrupt zip, a folder the auditor may not
 * read), with the reason in words: Java's own messages for these are often just the path.
 */
public record Unreadable(Path path, String reason) {

    public static Unreadable of(Path path, IOException e) {
        return new Unreadable(path, reason(e));
    }

    /** Why an input cannot be read, without repeating its path. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (the auditor's user may not read it)";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileSystemLoopException) {
            return "a folder link loops back on itself";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof ZipException) {
            return "not a readable zip archive (" + message(e) + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return message(e);
    }

    private static String message(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
