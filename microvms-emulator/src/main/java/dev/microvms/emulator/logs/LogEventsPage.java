package dev.microvms.emulator.logs;

import java.util.List;

/**
 * What GetLogEvents answers.
 *
 * @param events the events, oldest first
 * @param nextForwardToken where reading forward goes on (the same token again at the end)
 * @param nextBackwardToken where reading backward goes on
 */
public record LogEventsPage(List<OutputEvent> events, String nextForwardToken, String nextBackwardToken) {
    public LogEventsPage {
        events = List.copyOf(events);
    }
}
