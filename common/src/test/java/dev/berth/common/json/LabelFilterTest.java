package dev.berth.common.json;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelFilterTest {
    private static final Map<String, String> LABELS = Map.of("tier", "web", "empty", "", "a=b", "x");

    @Test
    void aKeyAloneAsksForTheLabelWithAnyValue() {
        assertTrue(LabelFilter.matches(LABELS, "tier"));
        assertTrue(LabelFilter.matches(LABELS, "empty"));
        assertFalse(LabelFilter.matches(LABELS, "missing"));
    }

    @Test
    void keyEqualsValueAsksForThatValueSplitAtTheFirstEquals() {
        assertTrue(LabelFilter.matches(LABELS, "tier=web"));
        assertFalse(LabelFilter.matches(LABELS, "tier=db"));
        assertTrue(LabelFilter.matches(LABELS, "empty="));
        assertFalse(LabelFilter.matches(LABELS, "missing="));
        assertFalse(LabelFilter.matches(LABELS, "a=b=x"), "the key ends at the first '='");
    }

    @Test
    void allAndNone() {
        assertTrue(LabelFilter.matchesAll(LABELS, List.of("tier", "tier=web")));
        assertFalse(LabelFilter.matchesAll(LABELS, List.of("tier", "missing")));
        assertTrue(LabelFilter.matchesAll(LABELS, null));
        assertTrue(LabelFilter.matchesNone(LABELS, List.of("missing", "tier=db")));
        assertFalse(LabelFilter.matchesNone(LABELS, List.of("missing", "tier")));
        assertTrue(LabelFilter.matchesNone(LABELS, null));
    }
}
