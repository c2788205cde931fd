package org.cinegraph.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Messages users read: one line, the value they gave, no raw control characters. */
class MessagesTest {
    @Test
    void aHugeNumberForAWholeNumberParameterIsReportedAsGiven() {
        ParamSpec width = ParamSpec.integer("width", 64, 1, 16384, "");
        assertThatThrownBy(() -> width.coerce(1e308)).hasMessageContaining("1.0E308").hasMessageNotContaining("9.223372036854776E18");
        ParamSpec seed = ParamSpec.seed("seed", "");
        assertThatThrownBy(() -> seed.coerce(1e308)).hasMessageNotContaining("9.223372036854776E18").hasMessageContaining("seed")
                .hasMessageContaining("1.0E308").hasMessageContaining("9223372036854775807");
        assertThat(width.coerce(640.0)).isEqualTo(640L);
    }

    @Test
    void libraryTracesBecomeTheOneLineThatSaysWhatWentWrong() {
        String torch = """
                The following operation failed in the TorchScript interpreter.
                Traceback of TorchScript, serialized code (most recent call last):
                  File "code/__torch__.py", line 9, in forward
                    x = torch.mul(image, amount)
                        ~~~~~~~~~ <--- HERE
                RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1
                """;
        assertThat(NodeException.oneLine(torch)).isEqualTo("RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1");
        String c10 = "PytorchStreamReader failed reading zip archive: failed finding central directory\n"
                + "Exception raised from valid at ../caffe2/serialize/inline_container.cc:184 (most recent call first):\n"
                + "frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x57 (0x7f in libc10.so)\n";
        assertThat(NodeException.oneLine(c10)).isEqualTo("PytorchStreamReader failed reading zip archive: failed finding central directory");
        assertThat(NodeException.oneLine("bad\u0000name")).doesNotContain("\u0000");
    }

    @Test
    void outputNamesAreQuotedWithTheirControlCharactersEscaped() {
        assertThat(OutputNames.quote("a\nb\u0000c")).isEqualTo("'a\\nb\\u0000c'");
        assertThat(OutputNames.problem("plates/shot.png")).isNull();
        assertThat(OutputNames.problem("a\u0000b.png")).contains("U+0000");
        assertThat(OutputNames.problem("C:/x.png")).contains("absolute");
        assertThat(OutputNames.problem("..\\x.png")).contains("..");
    }
}
