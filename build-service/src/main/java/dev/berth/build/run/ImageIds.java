package dev.berth.build.run;

/** Docker's short image and container ids: 12 hex digits without the {@code sha256:} prefix. */
final class ImageIds {
    private ImageIds() {
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
