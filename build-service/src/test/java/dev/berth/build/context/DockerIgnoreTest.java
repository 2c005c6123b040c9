package dev.berth.build.context;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
    @Test
    void patternsAsPatternmatcherReadsThem() {
        DockerIgnore ignore = DockerIgnore.parse("""
                # comment
                 #not-a-comment
                node_modules
                /build/
                *.log
                !keep.log
                docs/**/*.md
                !docs/**/README.md
                """);
        assertTrue(ignore.excludes("node_modules/a/b.js"), "a directory pattern covers what is below");
        assertTrue(ignore.excludes("build/out.bin"));
        assertTrue(ignore.excludes("error.log"));
        assertFalse(ignore.excludes("keep.log"), "the last matching pattern decides");
        assertFalse(ignore.excludes("sub/error.log"), "* stays within one path element");
        assertTrue(ignore.excludes("docs/guide.md"), "**/ may match no element");
        assertTrue(ignore.excludes("docs/a/b/guide.md"));
        assertFalse(ignore.excludes("docs/a/README.md"));
        assertTrue(ignore.excludes("#not-a-comment"));
        assertFalse(ignore.excludes("Dockerfile"));
        assertThrows(BerthException.class, () -> DockerIgnore.parse("!\n"));
    }

    @Test
    void everythingButSomething() {
        DockerIgnore ignore = DockerIgnore.parse("*\n!src\n");
        assertTrue(ignore.excludes("Dockerfile"));
        assertFalse(ignore.excludes("src/main.c"));
    }
}
