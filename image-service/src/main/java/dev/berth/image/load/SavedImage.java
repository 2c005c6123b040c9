package dev.berth.image.load;

import java.util.List;

/** One image to write into a save archive: its config bytes, layers as stored, and the tags to record. */
public record SavedImage(String id, byte[] config, List<Layer> layers, List<String> repoTags) {

    public record Layer(String digest, long size, String mediaType) {
    }
}
