package dev.berth.build.context;

import java.nio.file.Path;

/**
 * One entry a COPY writes: where it comes from on this machine (null for a here-document or a directory that is
 * only made), where it goes (absolute, in the image), its kind and mode, and the digest of what it holds.
 */
public record CopyItem(Path source, String destination, Kind kind, int mode, long size, String linkTarget,
        String contentDigest, byte[] inlineContent) {

    public enum Kind { FILE, DIRECTORY, SYMLINK }

    /** A directory that is only made (0755), as WORKDIR makes it. */
    public static CopyItem directory(String destination) {
        return new CopyItem(null, destination, Kind.DIRECTORY, 0755, 0, null, null, null);
    }

    /** The directory and each of its parents below the root, outermost first: for an image that has nothing yet. */
    public static java.util.List<CopyItem> directoryWithParents(String destination) {
        java.util.List<CopyItem> items = new java.util.ArrayList<>();
        StringBuilder path = new StringBuilder();
        for (String part : destination.split("/")) {
            if (!part.isEmpty()) {
                items.add(directory(path.append('/').append(part).toString()));
            }
        }
        return items;
    }

    /** The line of the COPY's content manifest for this entry: path, kind, mode, size, link and content digest. */
    public String manifestLine(String relativeTo) {
        return destination.substring(Math.min(relativeTo.length(), destination.length())) + " " + kind.name()
                .charAt(0) + " " + Integer.toOctalString(mode & 07777) + " " + size + " "
                + (linkTarget == null ? "-" : linkTarget) + " " + (contentDigest == null ? "-" : contentDigest);
    }
}
