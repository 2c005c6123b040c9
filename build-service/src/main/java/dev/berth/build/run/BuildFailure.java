package dev.berth.build.run;

/** A build that failed after it started: the message and code of dockerd's final {@code errorDetail}. */
public class BuildFailure extends RuntimeException {
    private final int code;

    public BuildFailure(String message, int code) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
