package uk.schoolaccess.auditor.ingest.entra;

import java.util.List;
import java.util.regex.Pattern;

import uk.schoolaccess.auditor.ingest.csv.HeaderMatch;
import uk.schoolaccess.auditor.ingest.source.Sniff;

/**
 * How the Entra readers score a file: 0 unless every required column or key is there, then the
 * number of required and optional ones found, so a full export outscores a look-alike.
 * JSON keys are found in the sniffed text rather than parsed, because a wrapped document is
 * usually cut off mid-record by the sniff.
 */
final class Detection {

    private Detection() {
    }

    static int csv(Sniff sniff, List<String> required, List<String> optional) {
        int score = HeaderMatch.score(sniff, required);
        return score == 0 ? 0 : score + (int) optional.stream().filter(sniff.csvHeader()::has).count();
    }

    static int json(Sniff sniff, List<String> required, List<String> optional) {
        boolean json = sniff.firstChar() == '{' || sniff.firstChar() == '[';
        if (!json || !required.stream().allMatch(k -> hasKey(sniff, k))) {
            return 0;
        }
        return required.size() + (int) optional.stream().filter(k -> hasKey(sniff, k)).count();
    }

    static boolean hasKey(Sniff sniff, String key) {
        return Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:").matcher(sniff.head()).find();
    }
}
