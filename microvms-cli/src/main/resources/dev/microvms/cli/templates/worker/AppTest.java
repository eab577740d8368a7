package {{package}};

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The worker's job parsing. */
class AppTest {
    @Test
    void parseItems_jobPayload_readsTheCount() {
        assertEquals(100, App.parseItems("{\"items\": 100}"));
        assertEquals(0, App.parseItems(""));
    }
}
