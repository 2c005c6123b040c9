package dev.berth.image.load;

import dev.berth.image.catalog.StagedImage;
import java.util.List;

/** The verified images of a save archive and the blobs pinned for them (unpin after the rows committed). */
public record LoadedArchive(List<StagedImage> images, List<String> pinned) {
}
