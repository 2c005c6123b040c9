package dev.berth.common.errors;

/** Kinds of failure, mapped once, at the HTTP edge, to the status dockerd gives. */
public enum ErrorKind {
    INVALID(400),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    NOT_MODIFIED(304),
    UNAVAILABLE(503),
    /** dockerd's NotImplemented (e.g. reading the logs of a container whose log driver keeps none). */
    NOT_IMPLEMENTED(501),
    INTERNAL(500);

    private final int status;

    ErrorKind(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ErrorKind fromStatus(int status) {
        for (ErrorKind kind : values()) {
            if (kind.status == status) {
                return kind;
            }
        }
        return status >= 500 ? INTERNAL : INVALID;
    }
}
