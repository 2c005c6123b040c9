package dev.berth.common.errors;

/** A failure with a kind; its message is what the Docker client shows the user. */
public class BerthException extends RuntimeException {
    private final ErrorKind kind;

    public BerthException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BerthException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public static BerthException notFound(String message) {
        return new BerthException(ErrorKind.NOT_FOUND, message);
    }

    public static BerthException conflict(String message) {
        return new BerthException(ErrorKind.CONFLICT, message);
    }

    public static BerthException invalid(String message) {
        return new BerthException(ErrorKind.INVALID, message);
    }

    public static BerthException internal(String message, Throwable cause) {
        return new BerthException(ErrorKind.INTERNAL, message, cause);
    }
}
