package dev.berth.runtime.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.runtime.node.LayerStore;

/** What a new container needs of its image: Docker's inspect object and its layers, whose blobs it serves. */
public interface ImageSource extends LayerStore.BlobSource {

    /** Docker's image inspect object; 404 "No such image: {name}" when there is none. */
    JsonNode inspect(String name);

    /** The layers of an image already inspected, bottom layer first. */
    ImageClient.ImageLayers layers(String name, JsonNode image);

    /** Forgets the layers kept for an image id (its blobs changed: removed, then pulled or loaded again). */
    default void forget(String id) {
    }
}
