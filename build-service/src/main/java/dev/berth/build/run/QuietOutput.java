package dev.berth.build.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code q=1}: the build's messages are held back; success prints only {@code sha256:<id>}, failure prints what
 * was held back and then the error, as dockerd does.
 */
public class QuietOutput implements BuildOutput {
    private final BuildOutput target;
    private final List<Runnable> held = new ArrayList<>();

    public QuietOutput(BuildOutput target) {
        this.target = target;
    }

    @Override
    public synchronized void stream(String text) {
        held.add(() -> target.stream(text));
    }

    @Override
    public synchronized void stderr(String text) {
        held.add(() -> target.stderr(text));
    }

    @Override
    public synchronized void progress(JsonNode message) {
        held.add(() -> target.progress(message));
    }

    @Override
    public void aux(String imageId) {
        // dockerd's quiet build prints only the id at the end
    }

    @Override
    public synchronized void error(String message, int code) {
        held.forEach(Runnable::run);
        held.clear();
        target.error(message, code);
    }

    @Override
    public synchronized void succeeded(String imageId) {
        held.clear();
        target.stream(imageId + "\n");
    }
}
