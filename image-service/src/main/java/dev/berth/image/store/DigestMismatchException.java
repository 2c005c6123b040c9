package dev.berth.image.store;

import java.io.IOException;

/** Content did not hash to the digest it was asked for under. */
public class DigestMismatchException extends IOException {
    public DigestMismatchException(String expected, String actual) {
        super("digest mismatch: expected " + expected + ", got " + actual);
    }
}
