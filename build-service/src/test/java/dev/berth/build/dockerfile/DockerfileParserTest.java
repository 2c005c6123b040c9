package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

    @Test
    void continuationsJoinLinesAndDropCommentsInside() {
        Dockerfile file = DockerfileParser.parse("""
                FROM busybox
                # a comment
                RUN echo a \\
                # dropped inside the continuation
                    && echo b \\

                    && echo c
                CMD ["sh"]
                """);
        List<Instruction> in = file.instructions();
        assertEquals(3, in.size());
        assertEquals("run", in.get(1).keyword());
        assertEquals("echo a     && echo b     && echo c", in.get(1).arguments());
        assertEquals(3, in.get(1).startLine());
        assertEquals(7, in.get(1).endLine());
    }

    @Test
    void directivesOnlyAtTheTop() {
        Dockerfile file = DockerfileParser.parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM busybox\n"
                + "RUN echo a `\n  b\n");
        assertEquals('`', file.directives().escape());
        assertEquals("docker/dockerfile:1", file.directives().syntax());
        assertEquals("echo a   b", file.instructions().get(1).arguments());

        Dockerfile late = DockerfileParser.parse("FROM busybox\n# escape=`\nRUN echo a \\\n b\n");
        assertEquals('\\', late.directives().escape());
        assertEquals("echo a  b", late.instructions().get(1).arguments());

        assertThrows(DockerfileException.class, () -> DockerfileParser.parse("# escape=x\nFROM busybox\n"));
        assertThrows(DockerfileException.class,
                () -> DockerfileParser.parse("# escape=`\n# escape=\\\nFROM busybox\n"));
    }

    @Test
    void flagsAreSplitFromArguments() {
        Instruction copy = DockerfileParser.parse("FROM a\ncopy --from=build --chown=1:2 --link /out /app\n")
                .instructions().get(1);
        assertEquals("copy", copy.keyword());
        assertEquals(List.of(new Flag("from", "build"), new Flag("chown", "1:2"), new Flag("link", null)),
                copy.flags());
        assertEquals("/out /app", copy.arguments());
        assertEquals("copy --from=build --chown=1:2 --link /out /app", copy.original());
    }

    @Test
    void heredocsAreCollected() {
        Dockerfile file = DockerfileParser.parse("FROM a\nRUN <<EOF\necho one\necho two\nEOF\n"
                + "COPY <<-'END' /greeting\n\thello $NAME\n\tEND\nCMD x\n");
        Instruction run = file.instructions().get(1);
        assertEquals(1, run.heredocs().size());
        assertEquals("echo one\necho two\n", run.heredocs().get(0).content());
        assertTrue(run.heredocs().get(0).expand());
        Heredoc greeting = file.instructions().get(2).heredocs().get(0);
        assertEquals("hello $NAME\n", greeting.content());
        assertFalse(greeting.expand());
        assertTrue(greeting.chomp());
        assertEquals("cmd", file.instructions().get(3).keyword());
        assertThrows(DockerfileException.class, () -> DockerfileParser.parse("FROM a\nRUN <<EOF\necho\n"));
    }

    @Test
    void unknownInstructionNamesTheLine() {
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> DockerfileParser.parse("FROM a\n\nFOO bar\n"));
        assertEquals("dockerfile parse error on line 3: unknown instruction: FOO", e.getMessage());
        assertThrows(DockerfileException.class, () -> DockerfileParser.parse("# only a comment\n\n"));
    }

    @Test
    void byteOrderMarkAndCrlfAreTolerated() {
        Dockerfile file = DockerfileParser.parse("\uFEFFFROM a\r\nRUN true\r\n");
        assertEquals("from", file.instructions().get(0).keyword());
        assertEquals("true", file.instructions().get(1).arguments());
        assertNull(file.directives().syntax());
    }
}
