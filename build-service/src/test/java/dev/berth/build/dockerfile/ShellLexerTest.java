package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellLexerTest {
    private final ShellLexer lexer = new ShellLexer('\\');
    private final Map<String, String> env = new HashMap<>(Map.of("A", "apple", "EMPTY", "", "PATH", "/usr/bin:/bin",
            "FILE", "archive.tar.gz", "SPACED", "one two"));

    private String word(String text) {
        return lexer.word(text, env);
    }

    @Test
    void plainAndBracedNames() {
        assertEquals("apple", word("$A"));
        assertEquals("apple-pie", word("${A}-pie"));
        assertEquals("-", word("$UNSET-"));
        assertEquals("$", word("$"));
        assertEquals("a$1", word("a$1"));
    }

    @Test
    void quotesAndEscapes() {
        assertEquals("$A", word("'$A'"));
        assertEquals("apple pie", word("\"$A pie\""));
        assertEquals("$A", word("\\$A"));
        assertEquals("\"q\" \\n", word("\"\\\"q\\\" \\n\""));
        assertEquals("a b", word("a\\ b"));
    }

    @Test
    void modifiersTellSetFromEmpty() {
        assertEquals("x", word("${UNSET:-x}"));
        assertEquals("x", word("${EMPTY:-x}"));
        assertEquals("", word("${EMPTY-x}"));
        assertEquals("x", word("${UNSET-x}"));
        assertEquals("y", word("${A:+y}"));
        assertEquals("", word("${EMPTY:+y}"));
        assertEquals("y", word("${EMPTY+y}"));
        assertEquals("", word("${UNSET+y}"));
        assertEquals("nested apple", word("${UNSET:-nested $A}"));
        assertEquals("apple", word("${A:?must be set}"));
    }

    @Test
    void requiredVariableErrors() {
        DockerfileException unset = assertThrows(DockerfileException.class, () -> word("${UNSET:?give it}"));
        assertEquals("UNSET: give it", unset.getMessage());
        DockerfileException empty = assertThrows(DockerfileException.class, () -> word("${EMPTY:?}"));
        assertEquals("EMPTY: is not allowed to be empty", empty.getMessage());
    }

    @Test
    void patternRemovalAndReplacement() {
        assertEquals("tar.gz", word("${FILE#*.}"));
        assertEquals("gz", word("${FILE##*.}"));
        assertEquals("archive.tar", word("${FILE%.*}"));
        assertEquals("archive", word("${FILE%%.*}"));
        assertEquals("/usr/bin /bin", word("${PATH/:/ }"));
        assertEquals("archive-tar-gz", word("${FILE//./-}"));
    }

    @Test
    void wordsSplitOnUnquotedWhitespaceOnly() {
        assertEquals(List.of("one", "two", "one two", "x"), lexer.words("$SPACED \"$SPACED\"  x", env));
        assertEquals(List.of(""), lexer.words("''", env));
    }

    @Test
    void unterminatedInputIsAnError() {
        assertThrows(DockerfileException.class, () -> word("'abc"));
        assertThrows(DockerfileException.class, () -> word("\"abc"));
        assertThrows(DockerfileException.class, () -> word("${A"));
    }

    @Test
    void backtickEscapeForWindowsStyleFiles() {
        ShellLexer backtick = new ShellLexer('`');
        assertEquals("c:\\dir $A", backtick.word("c:\\dir `$A", env));
    }
}
