package dev.berth.common.digest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * OCI ChainIDs: chain(L1) = diffid1, chain(Ln) = sha256(chain(Ln-1) + " " + diffid_n). A runtime node names its
 * unpacked layers by them (image-service lists those its images need).
 */
public final class ChainIds {
    private ChainIds() {
    }

    /** The chain id of each layer of an image, bottom layer first, from its diff ids in the same order. */
    public static List<String> of(List<String> diffIdsBottomFirst) {
        List<String> chain = new ArrayList<>();
        String previous = null;
        for (String diffId : diffIdsBottomFirst) {
            previous = previous == null ? diffId : "sha256:" + HexFormat.of().formatHex(
                    Sha256.newDigest().digest((previous + " " + diffId).getBytes(StandardCharsets.UTF_8)));
            chain.add(previous);
        }
        return chain;
    }
}
