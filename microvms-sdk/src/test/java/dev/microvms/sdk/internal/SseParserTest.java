package dev.microvms.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microvms.sdk.ServerSentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    private static List<ServerSentEvent> parse(String... lines) {
        SseParser parser = new SseParser();
        List<ServerSentEvent> events = new ArrayList<>();
        for (String line : lines) {
            ServerSentEvent e = parser.line(line);
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    @Test
    void line_dataThenBlank_dispatchesMessage() {
        assertThat(parse("data: hello", "")).containsExactly(new ServerSentEvent(null, "message", "hello", null));
    }

    @Test
    void line_multiLineData_joinsWithNewline() {
        assertThat(parse("data: first", "data: second", "data:third", ""))
                .extracting(ServerSentEvent::data)
                .containsExactly("first\nsecond\nthird");
    }

    @Test
    void line_allFields_fillTheEvent() {
        assertThat(parse("id: 7", "event: tick", "retry: 1500", "data: {\"n\":1}", ""))
                .containsExactly(new ServerSentEvent("7", "tick", "{\"n\":1}", Duration.ofMillis(1500)));
    }

    @Test
    void line_idCarriesOverAndEventTypeDoesNot() {
        List<ServerSentEvent> events = parse("id: 1", "event: a", "data: x", "", "data: y", "");

        assertThat(events)
                .containsExactly(
                        new ServerSentEvent("1", "a", "x", null), new ServerSentEvent("1", "message", "y", null));
    }

    @Test
    void line_commentsAndUnknownFields_areIgnored() {
        assertThat(parse(": keep-alive", "foo: bar", "data: z", ""))
                .extracting(ServerSentEvent::data)
                .containsExactly("z");
    }

    @Test
    void line_blockWithoutData_dispatchesNothing() {
        assertThat(parse("event: ping", "", "id: 3", "")).isEmpty();
    }

    @Test
    void line_fieldWithoutColon_hasEmptyValue() {
        assertThat(parse("data", "data", "")).extracting(ServerSentEvent::data).containsExactly("\n");
    }

    @Test
    void line_onlyOneLeadingSpaceIsStripped() {
        assertThat(parse("data:  two spaces", ""))
                .extracting(ServerSentEvent::data)
                .containsExactly(" two spaces");
    }

    @Test
    void line_badRetryAndIdWithNul_areIgnored() {
        SseParser parser = new SseParser();
        parser.line("retry: soon");
        parser.line("id: a\0b");
        ServerSentEvent e = parser.line("data: x") == null ? parser.line("") : null;

        assertThat(e).isEqualTo(new ServerSentEvent(null, "message", "x", null));
        assertThat(parser.retry()).isNull();
    }

    @Test
    void line_byteOrderMarkOnFirstLine_isSkipped() {
        assertThat(parse("\uFEFFdata: a", "")).extracting(ServerSentEvent::data).containsExactly("a");
    }

    @Test
    void line_emptyIdResetsIt() {
        assertThat(parse("id: 1", "data: a", "", "id", "data: b", ""))
                .extracting(ServerSentEvent::id)
                .containsExactly("1", null);
    }
}
