package dev.berth.image.registry;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;

/** A registry answered with an error, or could not be reached. */
public class RegistryException extends BerthException {
    private final int status;
    private final String code;

    public RegistryException(ErrorKind kind, int status, String code, String message) {
        super(kind, message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The registry's error code (MANIFEST_UNKNOWN, ...) or null. */
    public String code() {
        return code;
    }
}
