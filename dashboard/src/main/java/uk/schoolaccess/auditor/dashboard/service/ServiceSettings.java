package uk.schoolaccess.auditor.dashboard.service;

import java.nio.file.Path;
import java.util.List;

import uk.schoolaccess.auditor.ingest.config.ConfigException;
import uk.schoolaccess.auditor.ingest.config.ConfigFile;

/**
 * The {@code sources:} and {@code jobs:} sections of auditor.yaml (docs/operations.md): the folders
 * a school's exports are dropped into, and when the server loads and audits them.
 */
public record ServiceSettings(Sources sources, Jobs jobs) {

    public static ServiceSettings from(ConfigFile config) {
        return new ServiceSettings(config.section("sources", Sources.class, Sources.DEFAULTS),
                config.section("jobs", Jobs.class, Jobs.DEFAULTS));
    }

    /**
     * Inbox folders, relative to the store's folder unless absolute; a file is taken once it has
     * not changed for {@code settleSeconds} (so a copy still in progress is left alone); uploads
     * through the dashboard are capped at {@code maxUploadMb}.
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"zones"}) // ingest's part of the section
    public record Sources(List<String> inbox, Integer settleSeconds, Integer maxUploadMb) {
        public static final Sources DEFAULTS = new Sources(null, null, null);

        public Sources {
            inbox = inbox == null ? List.of() : List.copyOf(inbox);
            settleSeconds = settleSeconds == null ? 10 : settleSeconds;
            maxUploadMb = maxUploadMb == null ? 200 : maxUploadMb;
            if (settleSeconds < 0 || maxUploadMb <= 0) {
                throw new ConfigException("sources: settle_seconds must be 0 or more and max_upload_mb more than 0");
            }
        }

        /** The inbox folders, absolute. */
        public List<Path> folders(Path store) {
            Path base = store.toAbsolutePath().getParent();
            return inbox.stream().map(Path::of).map(p -> p.isAbsolute() ? p : base.resolve(p).normalize()).toList();
        }
    }

    /** When the inbox job runs: {@code ingest: {every: 1h}}, or {@code {day: monday, time: "06:00"}}, or {@code {time: "06:00"}}. */
    public record Jobs(Schedule ingest) {
        public static final Jobs DEFAULTS = new Jobs(null);

        public Jobs {
            ingest = ingest == null ? Schedule.DEFAULT : ingest;
        }
    }
}
