package uk.schoolaccess.auditor.ingest.source;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Expands the paths given on the command line into the inputs to read: files as they are,
 * folders recursively in name order (so a run is repeatable, links followed), and every file
 * entry of a zip.
 * Inside folders, hidden files (.DS_Store, editor swap files), documents that are never
 * exports (README.md, PDFs, pictures, office documents) and the auditor's own files (a store and
 * its log, a key file) are left out; a file named on the command line is always read.
 */
public final class SourceLocator {

    private SourceLocator() {
    }

    /** Every input; the first that cannot be listed or opened stops it (tests, tools). */
    public static List<SourceFile> expand(List<Path> paths) throws IOException {
        List<Unreadable> unreadable = new ArrayList<>();
        List<SourceFile> out = expand(paths, unreadable);
        if (!unreadable.isEmpty()) {
            throw new IOException(unreadable.get(0).path() + ": " + unreadable.get(0).reason());
        }
        return out;
    }

    /**
     * Every input that can be listed; each path, folder or archive that cannot is added to
     * {@code unreadable} with the reason, and the rest are still returned.
     */
    public static List<SourceFile> expand(List<Path> paths, List<Unreadable> unreadable) {
        List<SourceFile> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                unreadable.add(new Unreadable(p, "no such file or folder"));
            } else if (Files.isDirectory(p)) {
                List<Path> files = new ArrayList<>();
                walk(p, files, unreadable);
                files.stream().filter(f -> !document(f)).sorted().forEach(f -> addFile(f, out, unreadable));
            } else {
                addFile(p, out, unreadable);
            }
        }
        return out;
    }

    /** Whether reading folder {@code dir} takes {@code file}: not hidden, not a document kept beside the exports. */
    public static boolean takes(Path dir, Path file) {
        return !hidden(dir.relativize(file)) && !document(file);
    }

    /**
     * A folder's files, recursively; a subfolder that cannot be read is reported and passed over.
     * Links are followed, as a person who keeps links to exports in a folder (a mounted share, a
     * folder of this week's files) means the files they point to; a link whose target is gone, or
     * a folder link that loops back on itself, is reported rather than passed over in silence.
     */
    private static void walk(Path root, List<Path> files, List<Unreadable> unreadable) {
        try {
            Path realRoot = root.toRealPath();
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (hidden(root.relativize(dir))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    // Java sees a loop only when a link leads back into a folder the walk is inside;
                    // a link to a folder above the one named (".." or the share's root) would
                    // otherwise read everything beside it before meeting itself.
                    if (Files.isSymbolicLink(dir) && realRoot.startsWith(dir.toRealPath())) {
                        unreadable.add(Unreadable.of(dir, new FileSystemLoopException(dir.toString())));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (hidden(root.relativize(file))) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    } else if (attrs.isSymbolicLink() && !document(file)) {
                        // Following links, the walk sees a link itself only when its target cannot
                        // be reached: gone, or behind a folder the auditor may not read.
                        unreadable.add(unreachableLink(file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!hidden(root.relativize(file))) {
                        unreadable.add(Unreadable.of(file, e));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) {
                        unreadable.add(Unreadable.of(dir, e));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            unreadable.add(Unreadable.of(root, e));
        }
    }

    private static Unreadable unreachableLink(Path link) {
        try {
            Files.readAttributes(link, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new Unreadable(link, "a link to a file or folder that is not there");
        } catch (IOException e) {
            return Unreadable.of(link, e);
        }
        return new Unreadable(link, "a link whose file could not be reached");
    }

    private static final java.util.Set<String> DOCUMENTS = java.util.Set.of("md", "pdf", "doc", "docx", "odt",
            "png", "jpg", "jpeg", "gif", "html", "htm", "yaml", "yml",
            // the auditor's own files, where a store is kept in the exports' folder: the store, its
            // log, control file and demo mark, and a key file (never to be shown as a "header")
            "duckdb", "wal", "server", "demo", "key");

    /** Documentation, settings and the auditor's own files kept beside exports (a README, auditor.yaml, the store). */
    private static boolean document(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && DOCUMENTS.contains(name.substring(dot + 1));
    }

    private static boolean hidden(Path f) {
        for (Path part : f) {
            if (part.toString().startsWith(".") && !part.toString().equals(".") && !part.toString().equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static void addFile(Path f, List<SourceFile> out, List<Unreadable> unreadable) {
        if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            List<String> names = new ArrayList<>();
            try (ZipFile zip = new ZipFile(f.toFile())) {
                for (ZipEntry e : Collections.list(zip.entries())) {
                    String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                    if (!e.isDirectory() && !base.startsWith(".") && !e.getName().startsWith("__MACOSX/")) {
                        names.add(e.getName());
                    }
                }
            } catch (IOException e) {
                unreadable.add(Unreadable.of(f, e instanceof ZipException || e.getClass() == IOException.class
                        ? new ZipException(e.getMessage()) : e));
                return;
            }
            Collections.sort(names);
            names.forEach(n -> out.add(SourceFile.zipEntry(f, n)));
        } else {
            out.add(SourceFile.of(f));
        }
    }
}
