package uk.schoolaccess.auditor.analytics.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

import uk.schoolaccess.auditor.ingest.config.ConfigException;

/** An address range such as 198.51.100.0/28 or 2001:db8::/32, and whether an address is in it. */
public record Cidr(BigInteger network, int bits, int length) {

    public static Cidr parse(String text, String key) {
        try {
            String[] p = text.strip().split("/");
            byte[] addr = literal(p[0]);
            int length = p.length > 1 ? Integer.parseInt(p[1]) : addr.length * 8;
            if (p.length > 2 || length < 0 || length > addr.length * 8) {
                throw new IllegalArgumentException();
            }
            return new Cidr(new BigInteger(1, addr).shiftRight(addr.length * 8 - length), addr.length * 8, length);
        } catch (RuntimeException e) {
            throw new ConfigException(key + ": '" + text + "' is not an address range such as 198.51.100.0/24");
        }
    }

    public boolean contains(String ip) {
        if (ip == null || ip.isBlank()) {
            return false;
        }
        try {
            byte[] a = literal(ip.strip());
            return a.length * 8 == bits && new BigInteger(1, a).shiftRight(bits - length).equals(network);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Parses only literal addresses: a hostname must never trigger a DNS look-up. */
    private static byte[] literal(String s) {
        if (!s.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("not an address literal");
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
