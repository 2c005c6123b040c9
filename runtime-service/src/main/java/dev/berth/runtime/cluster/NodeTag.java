package dev.berth.runtime.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The first 8 hex digits of the ids a node makes for things that live only in its memory (exec instances): any node
 * that receives {@code /exec/{id}/...} knows from the id alone which node holds the exec, with no shared table and no
 * lookup. The rest of the id stays random, so it is still Docker's 64 hex digits.
 */
public final class NodeTag {
    public static final int LENGTH = 8;

    private NodeTag() {
    }

    /** The tag of the node named {@code nodeName}: a digest, so names of any shape give hex. */
    public static String of(String nodeName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(nodeName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, LENGTH / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code randomId} (64 hex digits) with its first digits replaced by the tag of {@code nodeName}. */
    public static String stamp(String nodeName, String randomId) {
        return of(nodeName) + randomId.substring(LENGTH);
    }

    /** Whether {@code id} carries the tag of {@code nodeName}. */
    public static boolean carries(String id, String nodeName) {
        return id != null && id.length() > LENGTH && id.startsWith(of(nodeName));
    }
}
