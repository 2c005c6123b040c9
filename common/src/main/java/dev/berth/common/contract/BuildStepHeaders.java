package dev.berth.common.contract;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The headers of a build step's commit: the image config the builder worked out ({@link #CONFIG}, JSON) and the
 * history line ({@link #CREATED_BY}), both base64url without padding. build-service sends them to runtime-service's
 * {@code POST /internal/containers/{id}/build-step}, which passes them on unchanged with the step container's layer
 * to image-service's {@code POST /internal/build-step} (answered by {@link CreatedImage}); a step without a container
 * (metadata, {@code FROM scratch}) goes to image-service directly.
 */
public final class BuildStepHeaders {
    public static final String CONFIG = "X-Berth-Image-Config";
    public static final String CREATED_BY = "X-Berth-Created-By";

    private BuildStepHeaders() {
    }

    public static String encode(byte[] value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    public static String encode(String value) {
        return encode(value.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when {@code header} is not base64url */
    public static byte[] decode(String header) {
        return Base64.getUrlDecoder().decode(header);
    }
}
