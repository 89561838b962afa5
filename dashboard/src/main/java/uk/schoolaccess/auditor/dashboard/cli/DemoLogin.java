package uk.schoolaccess.auditor.dashboard.cli;

import java.security.SecureRandom;

/** The demo's one-off DPO password: random, readable, long enough for the password rule. */
final class DemoLogin {

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoLogin() {
    }

    static String randomPassword() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
