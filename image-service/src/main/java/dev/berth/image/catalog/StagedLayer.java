package dev.berth.image.catalog;

/** A layer of an image about to be recorded: its blob is in the store already. */
public record StagedLayer(String diffId, String digest, long size, long diffSize, String mediaType) {
}
