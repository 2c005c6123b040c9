package dev.berth.build.run;

import com.fasterxml.jackson.databind.JsonNode;

/** What a build tells its client, in the order it happens (dockerd's {@code /build} stream messages). */
public interface BuildOutput {
    /** Text of the build log ({@code {"stream": ...}}). */
    void stream(String text);

    /** A step begins: {@code Step n/M : instruction} as its own line. */
    default void step(int number, int total, String instruction) {
        stream("Step " + number + "/" + total + " : " + instruction);
        stream("\n");
    }

    /** A RUN's stderr, marked as dockerd marks it (red, {@code \u001b[91m ... \u001b[0m}). */
    void stderr(String text);

    /** A pull's progress message, passed on as it came. */
    void progress(JsonNode message);

    /** The image id at the end of a stage ({@code {"aux":{"ID":...}}}). */
    void aux(String imageId);

    /** The build failed: the final message, with the exit code a failed RUN had (else 1). */
    void error(String message, int code);

    /** The build succeeded with this image: quiet output prints its id now. */
    default void succeeded(String imageId) {
    }
}
