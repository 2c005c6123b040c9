package dev.berth.image.distribution;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Errors in the Distribution API's format: {@code {"errors":[{"code","message","detail"}]}}. */
public final class DistributionErrors {
    private DistributionErrors() {
    }

    public static Response of(int status, String code, String message, Object detail) {
        Map<String, Object> error = detail == null ? Map.of("code", code, "message", message)
                : Map.of("code", code, "message", message, "detail", detail);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header(ServedManifests.API_VERSION_HEADER, ServedManifests.API_VERSION)
                .entity(Map.of("errors", List.of(error))).build();
    }

    public static Response manifestUnknown(String reference) {
        return of(404, "MANIFEST_UNKNOWN", "manifest unknown", Map.of("Tag", reference));
    }

    public static Response nameUnknown(String name) {
        return of(404, "NAME_UNKNOWN", "repository name not known to registry", Map.of("name", name));
    }

    public static Response nameInvalid(String name) {
        return of(400, "NAME_INVALID", "invalid repository name", Map.of("name", name));
    }

    public static Response blobUnknown(String digest) {
        return of(404, "BLOB_UNKNOWN", "blob unknown to registry", digest);
    }

    public static Response digestInvalid(String digest) {
        return of(400, "DIGEST_INVALID", "provided digest did not match uploaded content", digest);
    }
}
