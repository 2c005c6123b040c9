package dev.berth.build.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.build.run.BuildOutput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepProgressTest {
    private final List<String> client = new ArrayList<>();
    private final List<String> finished = new ArrayList<>();
    private final BuildOutput target = new BuildOutput() {
        @Override
        public void stream(String text) {
            client.add(text);
        }

        @Override
        public void stderr(String text) {
            client.add("err:" + text);
        }

        @Override
        public void progress(JsonNode message) {
            client.add(message.toString());
        }

        @Override
        public void aux(String imageId) {
            client.add("aux:" + imageId);
        }

        @Override
        public void error(String message, int code) {
            client.add("error:" + message);
        }
    };

    private void build(StepProgress out) {
        out.step(1, 3, "FROM busybox");
        out.stream(" ---> 1111\n");
        out.step(2, 3, "RUN make");
        out.stream(" ---> Using cache\n");
        out.step(3, 3, "RUN test");
        out.stream(" ---> Running in 2222\n");
        out.stderr("oops\n");
        out.aux("sha256:3333");
        out.done();
        out.stream("Successfully built 3333\n");
    }

    @Test
    void aStepIsFinishedWhenTheNextBeginsAndTheLastWhenTheBuildIsDone() {
        build(new StepProgress(target, 0, (n, total) -> finished.add(n + "/" + total)));
        assertEquals(List.of("1/3", "2/3", "3/3"), finished);
        assertEquals(List.of("Step 1/3 : FROM busybox", "\n", " ---> 1111\n", "Step 2/3 : RUN make", "\n",
                " ---> Using cache\n", "Step 3/3 : RUN test", "\n", " ---> Running in 2222\n", "err:oops\n",
                "aux:sha256:3333", "Successfully built 3333\n"), client);
    }

    @Test
    void aTakeoverHoldsBackTheStepsTheClientSawFinish() {
        build(new StepProgress(target, 2, (n, total) -> finished.add(n + "/" + total)));
        assertEquals(List.of("1/3", "2/3", "3/3"), finished);
        assertEquals(List.of("Step 3/3 : RUN test", "\n", " ---> Running in 2222\n", "err:oops\n",
                "aux:sha256:3333", "Successfully built 3333\n"), client);
    }

    @Test
    void theFinalMessagesPassEvenWhenEveryStepWasSeen() {
        build(new StepProgress(target, 3, (n, total) -> finished.add(n + "/" + total)));
        assertEquals(List.of("Successfully built 3333\n"), client);
    }
}
