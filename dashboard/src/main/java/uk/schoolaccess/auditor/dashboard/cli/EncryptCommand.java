package uk.schoolaccess.auditor.dashboard.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import uk.schoolaccess.auditor.ingest.store.StoreEncryption;
import uk.schoolaccess.auditor.ingest.store.StoreKey;

@Command(name = "encrypt", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Encrypt a plain store at rest (DuckDB's AES-GCM) with the configured key: everything is "
                + "copied into a new encrypted file, every table's row count is compared, and only then does the "
                + "encrypted file replace the plain one. Every command afterwards needs the key.", "",
                "The key comes from the environment variable " + StoreKey.ENV + ", or from the file named by "
                        + "encryption.key_file in auditor.yaml (readable by the service's user only); never from "
                        + "auditor.yaml itself. Make one with: (umask 077; openssl rand -base64 32 > store.key)",
                "",
                "Needs DuckDB's httpfs extension (DuckDB writes encrypted files only with it), loaded from DuckDB's "
                        + "extension folder or encryption.extension_dir; it is never downloaded. Where it cannot be "
                        + "loaded the command says exactly what to put where (docs/security.md).", ""})
final class EncryptCommand implements Callable<Integer>, uk.schoolaccess.auditor.dashboard.service.Forwardable {

    @Mixin
    StoreOptions store;

    @Option(names = "--keep-plain", paramLabel = "FILE", description = "Keep the plain (unencrypted) store as FILE "
            + "instead of deleting it, e.g. to check the encrypted one first. Delete it yourself afterwards.")
    Path keepPlain;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * Replacing the file is for the process that has it to itself, and the key is the caller's:
     * a server would read its own environment, not the one the command was typed in.
     */
    @Override
    public boolean runsOnServer() {
        return false;
    }

    @Override
    public Integer call() {
        store.requireNotServed("stop the server (e.g. 'systemctl stop auditor'), encrypt, then start it again");
        StoreKey key = StoreKey.from(store.configFile(), System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        StoreEncryption.Result r = StoreEncryption.encrypt(store.db, key, keepPlain);
        out.printf(Locale.UK, "Encrypted %s with the key from %s.%n", store.db, key.origin());
        long total = 0;
        for (Map.Entry<String, Long> e : r.rows().entrySet()) {
            out.printf(Locale.UK, "  %-28s %,12d rows (same in both)%n", e.getKey(), e.getValue());
            total += e.getValue();
        }
        out.printf(Locale.UK, "%,d rows in %d tables copied.%n", total, r.rows().size());
        out.println(r.keptPlain() == null
                ? "The plain file is deleted. Copies made before (backups, other disks) are still plain: replace them."
                : "The plain copy is at " + r.keptPlain() + ": it is NOT encrypted; delete it once you have checked.");
        out.println("Keep the key safe and apart from the store and its backups: without it the store cannot be read.");
        return AuditorMain.OK;
    }
}
