package uk.schoolaccess.auditor.dashboard.web.auth;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import me.gosimple.nbvcxz.resources.DictionaryUtil;

/**
 * What a dashboard password must be (docs/security.md): at least {@value #MIN_LENGTH} characters;
 * not the user name, nor containing it; not one character repeated or whitespace only (at least
 * {@value #MIN_DIFFERENT} different characters); and neither one of the ~100,000 commonest leaked
 * passwords nor one of them with digits or symbols stuck on ("password1234"). The list is the one
 * nbvcxz ships (ranked, from public breach corpora), compared without regard to case.
 *
 * <p>Messages say which rule failed, never the password.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MIN_DIFFERENT = 4;
    /** Shorter names ("it") are too common as fragments to forbid inside a password. */
    static final int MIN_NAME_FRAGMENT = 3;
    /** Shorter words with digits stuck on ("abc123456789") are caught by the other rules or are not words. */
    static final int MIN_COMMON_CORE = 4;

    private static volatile Set<String> common;

    private PasswordPolicy() {
    }

    /** Throws with the rule a password breaks; returns quietly when it keeps them all. */
    public static void check(String userName, char[] password) {
        problem(userName, password).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    /** The first rule the password breaks, in words for the person choosing it. */
    public static Optional<String> problem(String userName, char[] password) {
        String pw = new String(password);
        if (pw.codePointCount(0, pw.length()) < MIN_LENGTH) {
            return Optional.of("passwords must be at least " + MIN_LENGTH + " characters");
        }
        if (pw.isBlank()) {
            return Optional.of("a password cannot be only spaces");
        }
        if (pw.codePoints().distinct().count() < MIN_DIFFERENT) {
            return Optional.of("a password needs at least " + MIN_DIFFERENT + " different characters, "
                    + "not one or two repeated");
        }
        String lower = pw.toLowerCase(Locale.ROOT);
        for (String name : nameForms(userName)) {
            if (lower.contains(name)) {
                return Optional.of("a password cannot contain the user name");
            }
        }
        Set<String> list = commonPasswords();
        if (list.contains(lower) || list.contains(lower.replaceAll("\\s+", ""))) {
            return Optional.of("that is one of the commonest leaked passwords; choose another (three or four "
                    + "unrelated words make a good one)");
        }
        String core = lower.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
        if (core.length() >= MIN_COMMON_CORE && !core.equals(lower)
                && (list.contains(core) || list.contains(core.replaceAll("\\s+", "")))) {
            return Optional.of("that is a common leaked password with digits or symbols added; choose another "
                    + "(three or four unrelated words make a good one)");
        }
        return Optional.empty();
    }

    /** The name, and for an e-mail address its local part, lower-cased; none when too short to matter. */
    private static Set<String> nameForms(String userName) {
        Set<String> forms = new HashSet<>();
        if (userName == null) {
            return forms;
        }
        String n = userName.toLowerCase(Locale.ROOT).strip();
        forms.add(n);
        int at = n.indexOf('@');
        if (at > 0) {
            forms.add(n.substring(0, at));
        }
        forms.removeIf(f -> f.length() < MIN_NAME_FRAGMENT);
        return forms;
    }

    /** nbvcxz's ranked leaked-password list, lower-cased; loaded once, on first use. */
    static Set<String> commonPasswords() {
        Set<String> s = common;
        if (s == null) {
            synchronized (PasswordPolicy.class) {
                if (common == null) {
                    Set<String> all = new HashSet<>();
                    for (String p : DictionaryUtil.loadRankedDictionary(DictionaryUtil.passwords).keySet()) {
                        all.add(p.strip().toLowerCase(Locale.ROOT));
                    }
                    common = Set.copyOf(all);
                }
                s = common;
            }
        }
        return s;
    }
}
