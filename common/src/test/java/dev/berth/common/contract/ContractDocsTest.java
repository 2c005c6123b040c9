package dev.berth.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md (internal calls) and docs/events.md (event payloads) carry, between
 * {@code <!-- contracts:begin -->} and {@code <!-- contracts:end -->}, the table this test renders from the contract
 * records: a renamed, added or retyped field fails here until the docs say it too (the failure prints the table).
 */
class ContractDocsTest {
    private static final String BEGIN = "<!-- contracts:begin (generated from common/…/contract; ContractDocsTest) -->\n";
    private static final String END = "<!-- contracts:end -->";

    @Test
    void designListsTheInternalCallContracts() throws IOException {
        check("design");
    }

    @Test
    void eventsListTheEventPayloadContracts() throws IOException {
        check("events");
    }

    @Test
    void everyContractIsInOneOfTheDocs() {
        assertFalse(ContractCatalog.all().isEmpty());
        for (Class<?> record : ContractCatalog.all()) {
            String doc = record.getAnnotation(WireContract.class).doc();
            assertTrue(doc.equals("design") || doc.equals("events"), record + " names doc " + doc);
        }
    }

    private static void check(String doc) throws IOException {
        Path file = docs().resolve(doc + ".md");
        String text = Files.readString(file);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END, Math.max(begin, 0));
        String expected = ContractShapes.table(doc);
        assertTrue(begin >= 0 && end > begin, file + " lacks the contracts block; put this there:\n" + BEGIN + expected
                + END);
        assertEquals(expected, text.substring(begin + BEGIN.length(), end), file + ": the contracts block is stale");
    }

    private static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docs/ above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docs");
    }
}
