package dev.berth.image.store;

import dev.berth.common.errors.BerthException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** sha256 digests: {@code sha256:<64 lowercase hex>}; the only form a path is ever built from. */
public final class Digests {
    public static final String PREFIX = "sha256:";
    private static final Pattern SHA256 = Pattern.compile("^sha256:[a-f0-9]{64}$");
    private static final Pattern REFERENCE_DIGEST = Pattern.compile("^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$");

    private Digests() {
    }

    public static boolean isValid(String digest) {
        return digest != null && SHA256.matcher(digest).matches();
    }

    public static boolean isValidReferenceDigest(String digest) {
        return digest != null && REFERENCE_DIGEST.matcher(digest).matches();
    }

    /** The digest, or 400 {@code invalid digest} when it is not a well-formed sha256 digest. */
    public static String requireValid(String digest) {
        if (!isValid(digest)) {
            throw BerthException.invalid("invalid digest format: " + digest);
        }
        return digest;
    }

    public static String hex(String digest) {
        return requireValid(digest).substring(PREFIX.length());
    }

    public static String of(byte[] bytes) {
        return format(sha256().digest(bytes));
    }

    public static String format(byte[] hash) {
        return PREFIX + HexFormat.of().formatHex(hash);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Docker's short id: the first 12 hex characters. */
    public static String shortId(String id) {
        String hex = id.startsWith(PREFIX) ? id.substring(PREFIX.length()) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
