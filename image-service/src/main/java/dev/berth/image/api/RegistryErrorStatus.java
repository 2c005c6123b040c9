package dev.berth.image.api;

import dev.berth.image.registry.RegistryException;
import java.util.Map;

/**
 * The status dockerd answers with when it passes a registry's error on as it is (moby's
 * {@code statusCodeFromDistributionError}): the HTTP status the distribution spec gives the error code, else the
 * registry's own 401/403/429, else what the error's kind says.
 */
final class RegistryErrorStatus {
    private static final Map<String, Integer> BY_CODE = Map.ofEntries(
            Map.entry("UNAUTHORIZED", 401), Map.entry("DENIED", 403), Map.entry("TOOMANYREQUESTS", 429),
            Map.entry("UNSUPPORTED", 405), Map.entry("UNAVAILABLE", 503),
            Map.entry("NAME_UNKNOWN", 404), Map.entry("MANIFEST_UNKNOWN", 404), Map.entry("BLOB_UNKNOWN", 404),
            Map.entry("NAME_INVALID", 400), Map.entry("TAG_INVALID", 400), Map.entry("DIGEST_INVALID", 400),
            Map.entry("MANIFEST_INVALID", 400), Map.entry("MANIFEST_UNVERIFIED", 400),
            Map.entry("MANIFEST_BLOB_UNKNOWN", 400));

    private RegistryErrorStatus() {
    }

    static int of(RegistryException e) {
        Integer byCode = e.code() == null ? null : BY_CODE.get(e.code());
        if (byCode != null) {
            return byCode;
        }
        if (e.status() == 401 || e.status() == 403 || e.status() == 429) {
            return e.status();
        }
        return e.kind().status();
    }
}
