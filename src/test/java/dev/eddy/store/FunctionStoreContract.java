package dev.eddy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link FunctionStore} must do; each store runs it through a subclass. */
public abstract class FunctionStoreContract {
    private static final String ACCOUNT = "000000000000";

    protected abstract FunctionStore store();

    private static FunctionRecord function(String name, String url) {
        return new FunctionRecord(name, "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + name, ACCOUNT,
                "java17", "role", "h", "", 3, 128, Map.of("EDDY_FUNCTION_URL", url), url, "sha", 4,
                "2026-01-01T00:00:00.000+0000", "Zip", Map.of());
    }

    @Test
    void createKeepsTheFirstAndPutReplaces() {
        FunctionStore store = store();
        String name = "fn-" + UUID.randomUUID();
        assertTrue(store.createFunction(function(name, "http://a")).await().indefinitely());
        assertFalse(store.createFunction(function(name, "http://b")).await().indefinitely());
        assertEquals("http://a", store.function(ACCOUNT, name).await().indefinitely().url());
        store.putFunction(function(name, "http://c")).await().indefinitely();
        assertEquals("http://c", store.function(ACCOUNT, name).await().indefinitely().url());
        assertTrue(store.functions(ACCOUNT).await().indefinitely().stream().anyMatch(f -> f.name().equals(name)));
    }

    @Test
    void deleteRemovesTheFunction() {
        FunctionStore store = store();
        String name = "fn-" + UUID.randomUUID();
        store.createFunction(function(name, "http://a")).await().indefinitely();
        assertTrue(store.deleteFunction(ACCOUNT, name).await().indefinitely());
        assertNull(store.function(ACCOUNT, name).await().indefinitely());
        assertFalse(store.deleteFunction(ACCOUNT, name).await().indefinitely());
    }
}
