package dev.berth.image.catalog;

/** A container created from an image. */
public record ImageUser(String containerId, boolean running) {
}
