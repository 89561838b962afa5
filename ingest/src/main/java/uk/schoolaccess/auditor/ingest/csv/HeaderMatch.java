package uk.schoolaccess.auditor.ingest.csv;

import java.util.List;

import uk.schoolaccess.auditor.ingest.source.Sniff;

/** Format recognition by header: all required columns present, scored by how many there are. */
public final class HeaderMatch {

    private HeaderMatch() {
    }

    public static int score(Sniff sniff, List<String> required) {
        return sniff.csvHeader().hasAll(required) ? required.size() : 0;
    }
}
