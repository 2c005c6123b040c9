package dev.berth.build.dockerfile;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;

/** A Dockerfile that cannot be parsed or planned: a 400 before the build starts, worded as dockerd words it. */
public class DockerfileException extends BerthException {

    public DockerfileException(String message) {
        super(ErrorKind.INVALID, message);
    }

    /** dockerd's form for errors tied to a line: {@code dockerfile parse error on line 3: unknown instruction: FOO}. */
    public static DockerfileException atLine(int line, String message) {
        return new DockerfileException("dockerfile parse error on line " + line + ": " + message);
    }
}
