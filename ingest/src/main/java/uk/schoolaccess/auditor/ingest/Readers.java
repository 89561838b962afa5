package uk.schoolaccess.auditor.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import uk.schoolaccess.auditor.ingest.arbor.ArborLoginHistoryReader;
import uk.schoolaccess.auditor.ingest.entra.AdminCentreCsvReader;
import uk.schoolaccess.auditor.ingest.entra.AzureMonitorJsonReader;
import uk.schoolaccess.auditor.ingest.entra.GraphSignInsJsonReader;
import uk.schoolaccess.auditor.ingest.entra.LogAnalyticsCsvReader;
import uk.schoolaccess.auditor.ingest.google.GoogleReportsApiReader;
import uk.schoolaccess.auditor.ingest.google.GoogleSentinelCsvReader;
import uk.schoolaccess.auditor.ingest.mapped.MappedCsvReader;
import uk.schoolaccess.auditor.ingest.mapped.Profile;
import uk.schoolaccess.auditor.ingest.mapped.Profiles;
import uk.schoolaccess.auditor.ingest.roster.IncidentsReader;
import uk.schoolaccess.auditor.ingest.roster.PastoralReader;
import uk.schoolaccess.auditor.ingest.roster.PupilRosterReader;
import uk.schoolaccess.auditor.ingest.roster.StaffRosterReader;
import uk.schoolaccess.auditor.ingest.roster.TeachingGroupsReader;
import uk.schoolaccess.auditor.ingest.source.Sniff;
import uk.schoolaccess.auditor.ingest.windows.SecurityLogNdjsonReader;
import uk.schoolaccess.auditor.ingest.windows.SentinelSecurityEventReader;
import uk.schoolaccess.auditor.ingest.windows.WinlogbeatEcsReader;

/**
 * Every format the auditor reads, named here by hand, and the one place a format is recognised:
 * the reader that finds the most of its identifying columns wins.
 */
public final class Readers {

    private final List<SourceReader> readers;
    /** The school's own profiles these readers were made with; null for readers given as they are. */
    private final List<Profile> ownProfiles;
    private final List<Profile> shippedProfiles;

    private Readers(List<SourceReader> readers, List<Profile> ownProfiles, List<Profile> shippedProfiles) {
        this.readers = List.copyOf(readers);
        this.ownProfiles = ownProfiles;
        this.shippedProfiles = shippedProfiles;
    }

    /** Exactly these readers (tests, and tools that read one format only). */
    public static Readers of(List<SourceReader> readers) {
        return new Readers(readers, null, null);
    }

    public static Readers builtIn() {
        return with(List.of());
    }

    /** The built-in readers plus a school's own mapping profiles (--profile), tried first. */
    public static Readers with(List<Profile> ownProfiles) {
        return with(ownProfiles, Profiles.shipped());
    }

    private static Readers with(List<Profile> ownProfiles, List<Profile> shippedProfiles) {
        List<SourceReader> all = new ArrayList<>();
        ownProfiles.forEach(p -> all.add(new MappedCsvReader(p)));
        all.add(new StaffRosterReader());
        all.add(new PupilRosterReader());
        all.add(new TeachingGroupsReader());
        all.add(new PastoralReader());
        all.add(new IncidentsReader());
        // Microsoft Entra ID sign-in logs (FORMATS §1)
        all.add(new AdminCentreCsvReader());
        all.add(new LogAnalyticsCsvReader());
        all.add(new GraphSignInsJsonReader());
        all.add(new AzureMonitorJsonReader());
        // Windows Security log (FORMATS §3): logons, logoffs, locks, RDP, password changes
        all.add(new SecurityLogNdjsonReader());
        all.add(new SentinelSecurityEventReader());
        all.add(new WinlogbeatEcsReader());
        // Google Workspace login audit (FORMATS §2) and Arbor Login History (FORMATS §4)
        all.add(new GoogleReportsApiReader());
        all.add(new GoogleSentinelCsvReader());
        all.add(new ArborLoginHistoryReader());
        shippedProfiles.forEach(p -> all.add(new MappedCsvReader(p)));
        return new Readers(all, List.copyOf(ownProfiles), List.copyOf(shippedProfiles));
    }

    /**
     * The same readers again, as new objects: a reader keeps look-up caches while it reads a
     * file, so two files read at once on two threads each need their own. Null for readers given
     * as they are ({@link #of}), which cannot be copied.
     */
    public Readers again() {
        return ownProfiles == null ? null : with(ownProfiles, shippedProfiles);
    }

    public List<SourceReader> all() {
        return readers;
    }

    public Optional<SourceReader> byFormat(String format) {
        return readers.stream().filter(r -> r.format().equalsIgnoreCase(format)).findFirst();
    }

    /** The best-matching reader; on a tie the one listed first (a school's own profile). */
    public Optional<SourceReader> detect(Sniff sniff) {
        SourceReader best = null;
        int bestScore = 0;
        for (SourceReader r : readers) {
            int score = r.recognises(sniff);
            if (score > bestScore) {
                best = r;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    public List<String> formats() {
        return readers.stream().map(SourceReader::format).sorted(Comparator.naturalOrder()).toList();
    }
}
