package dev.berth.runtime.net;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.function.Function;

/** The little of RFC 1035 the embedded DNS server needs: read one question, answer A records. */
public final class DnsMessage {
    private DnsMessage() {
    }

    /** The answer for a query whose name is known (A: the address; other types: no records), or null to forward. */
    public static byte[] answer(byte[] q, Function<String, String> lookup) {
        if (q.length < 12 || (q[2] & 0x80) != 0 || ((q[4] << 8) | (q[5] & 0xff)) != 1) {
            return null;
        }
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (pos < q.length && q[pos] != 0) {
            int len = q[pos] & 0xff;
            if (len > 63 || pos + 1 + len > q.length) {
                return null;
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, pos + 1, len, java.nio.charset.StandardCharsets.US_ASCII));
            pos += 1 + len;
        }
        if (pos + 5 > q.length) {
            return null;
        }
        int qtype = ((q[pos + 1] & 0xff) << 8) | (q[pos + 2] & 0xff);
        int qclass = ((q[pos + 3] & 0xff) << 8) | (q[pos + 4] & 0xff);
        int end = pos + 5;
        String ip = lookup.apply(name.toString().toLowerCase(Locale.ROOT));
        if (ip == null || qclass != 1) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x80 | 0x04 | (q[2] & 0x01)); // QR, AA, RD copied
        out.write(0x80); // RA, NOERROR
        boolean a = qtype == 1;
        out.writeBytes(new byte[] {0, 1, 0, (byte) (a ? 1 : 0), 0, 0, 0, 0});
        out.write(q, 12, end - 12);
        if (a) {
            out.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 2, 88, 0, 4});
            for (String octet : ip.split("\\.")) {
                out.write(Integer.parseInt(octet));
            }
        }
        return out.toByteArray();
    }

    public static byte[] servfail(byte[] q) {
        if (q.length < 12) {
            return null;
        }
        byte[] r = q.clone();
        r[2] = (byte) (0x80 | (q[2] & 0x01));
        r[3] = (byte) 0x82;
        return r;
    }
}
