package uk.schoolaccess.auditor.ingest.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Expands the paths given on the command line into the inputs to read: files as they are,
 * folders recursively in name order (so a run is repeatable), and every file entry of a zip.
 * Inside folders, hidden files (.DS_Store, editor swap files) and documents that are never
 * exports (README.md, PDFs, pictures, office documents) are left out; a file named on the
 * command line is always read.
 */
public final class SourceLocator {

    private SourceLocator() {
    }

    public static List<SourceFile> expand(List<Path> paths) throws IOException {
        List<SourceFile> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new java.nio.file.NoSuchFileException(p.toString(), null, "no such file or folder");
            }
            if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(p)) {
                    files = walk.filter(Files::isRegularFile).filter(f -> !hidden(p.relativize(f)))
                            .filter(f -> !document(f)).sorted().toList();
                }
                for (Path f : files) {
                    addFile(f, out);
                }
            } else {
                addFile(p, out);
            }
        }
        return out;
    }

    /** Whether reading folder {@code dir} takes {@code file}: not hidden, not a document kept beside the exports. */
    public static boolean takes(Path dir, Path file) {
        return !hidden(dir.relativize(file)) && !document(file);
    }

    private static final java.util.Set<String> DOCUMENTS = java.util.Set.of("md", "pdf", "doc", "docx", "odt",
            "png", "jpg", "jpeg", "gif", "html", "htm", "yaml", "yml");

    /** Documentation and settings kept beside exports (a README, the school's auditor.yaml). */
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

    private static void addFile(Path f, List<SourceFile> out) throws IOException {
        if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            List<String> names = new ArrayList<>();
            try (ZipFile zip = new ZipFile(f.toFile())) {
                for (ZipEntry e : Collections.list(zip.entries())) {
                    String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                    if (!e.isDirectory() && !base.startsWith(".") && !e.getName().startsWith("__MACOSX/")) {
                        names.add(e.getName());
                    }
                }
            }
            Collections.sort(names);
            names.forEach(n -> out.add(SourceFile.zipEntry(f, n)));
        } else {
            out.add(SourceFile.of(f));
        }
    }
}
