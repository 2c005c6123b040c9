package dev.berth.runtime.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Docker's container path stat ({@code X-Docker-Container-Path-Stat}: base64 of this JSON). Mode is Go's os.FileMode. */
public record PathStat(String name, long size, long mode, String mtime, String linkTarget) {
    private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnXXX");

    static PathStat of(Path host, String name, String linkTarget) throws IOException {
        Map<String, Object> a = Files.readAttributes(host, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        FileTime mtime = (FileTime) a.get("lastModifiedTime");
        return new PathStat(name, ((Number) a.get("size")).longValue(), goMode(mode),
                RFC3339_NANO.format(mtime.toInstant().atOffset(ZoneOffset.UTC)), linkTarget);
    }

    /** Unix st_mode → Go's os.FileMode bits. */
    static long goMode(int mode) {
        long m = mode & 0777;
        switch (mode & 0170000) {
            case 0040000 -> m |= 1L << 31;
            case 0120000 -> m |= 1L << 27;
            case 0060000 -> m |= 1L << 26;
            case 0020000 -> m |= (1L << 26) | (1L << 21);
            case 0010000 -> m |= 1L << 25;
            case 0140000 -> m |= 1L << 24;
            default -> {
            }
        }
        if ((mode & 04000) != 0) {
            m |= 1L << 23;
        }
        if ((mode & 02000) != 0) {
            m |= 1L << 22;
        }
        if ((mode & 01000) != 0) {
            m |= 1L << 20;
        }
        return m;
    }

    public boolean isDirectory() {
        return (mode & (1L << 31)) != 0;
    }

    public String header() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("size", size);
        m.put("mode", mode);
        m.put("mtime", mtime);
        m.put("linkTarget", linkTarget);
        try {
            byte[] json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(m);
            return Base64.getEncoder().encodeToString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
