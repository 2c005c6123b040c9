package dev.berth.image.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.InvalidJson;
import dev.berth.common.http.ClientApiVersion;
import dev.berth.common.json.BodyShape;
import dev.berth.common.json.StrictJson;
import java.util.List;

/**
 * The {@code platform} query of image inspect, history, push, save and load: a JSON-encoded OCI platform
 * ({@code {"os":"linux","architecture":"amd64"}}), read as moby's {@code httputils.DecodePlatform} and refused with
 * its 400s before anything else is done. From the API version that brought it to each route; an older client's
 * value is ignored, as dockerd ignores it. berth's images are all this node's platform, so a valid one selects
 * nothing.
 */
final class PlatformQuery {
    private static final BodyShape OCI_PLATFORM = BodyShape.load("/oci-platform-shape.txt");

    private PlatformQuery() {
    }

    /** One platform value ({@code null} or empty: none), checked when {@code apiVersion} is {@code since} or newer. */
    static void check(String value, String apiVersion, String since) {
        if (value == null || value.isEmpty() || ClientApiVersion.lessThan(apiVersion, since)) {
            return;
        }
        JsonNode platform;
        try {
            platform = StrictJson.JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw BerthException.invalid("failed to parse platform: " + InvalidJson.message(e));
        }
        if (platform == null || platform.isNull()) {
            platform = StrictJson.JSON.createObjectNode();
        }
        if (!platform.isObject()) {
            throw BerthException.invalid("failed to parse platform: invalid JSON: the platform must be an object");
        }
        try {
            OCI_PLATFORM.check(platform);
        } catch (BerthException e) {
            throw BerthException.invalid("failed to parse platform: " + e.getMessage());
        }
        boolean os = !platform.path("os").asText("").isEmpty();
        boolean arch = !platform.path("architecture").asText("").isEmpty();
        boolean optional = !platform.path("variant").asText("").isEmpty()
                || !platform.path("os.version").asText("").isEmpty() || !platform.path("os.features").isEmpty();
        if (!os && !arch && optional) {
            throw BerthException.invalid("optional platform fields provided, but OS and Architecture are missing");
        }
        if (!os || !arch) {
            throw BerthException.invalid("both OS and Architecture must be provided");
        }
    }

    /** The repeated platform of save and load (API 1.48 on; one at most before 1.52). */
    static void checkAll(List<String> values, String apiVersion) {
        if (values == null || values.isEmpty() || ClientApiVersion.lessThan(apiVersion, "1.48")) {
            return;
        }
        if (values.size() > 1 && ClientApiVersion.lessThan(apiVersion, "1.52")) {
            throw BerthException.invalid("multiple platform parameters are not supported in this API version;"
                    + " use API version 1.52 or later");
        }
        values.forEach(v -> check(v, apiVersion, "1.48"));
    }
}
