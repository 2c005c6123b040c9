package dev.berth.build.cache;

import java.util.Map;
import java.util.Optional;

/** Where a build looks up and records its steps (shared by every worker). */
public interface StepCache {

    /** The image an identical step made on this parent before, if it is recorded. */
    Optional<String> lookup(String parent, String key);

    /** Records a step's result; {@code position} names the step within its Dockerfile (for explanations). */
    void record(String parent, String key, String child, String position, Map<String, String> components);

    /** The components of the newest step recorded at this position on this parent, to explain a miss. */
    Optional<Map<String, String>> previous(String parent, String position);

    /** Forgets a record whose image is gone. */
    void forget(String parent, String key);
}
