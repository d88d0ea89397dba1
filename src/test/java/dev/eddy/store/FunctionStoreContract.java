package dev.eddy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
                "2026-01-01T00:00:00.000+0000", "Zip", Map.of("team", "a"), 5, List.of(), Map.of("live",
                new dev.eddy.store.FunctionAlias("live", "$LATEST", "", "r1")));
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

    private static MappingRecord mapping(String uuid, String queue, String function) {
        return new MappingRecord(uuid, ACCOUNT, "us-east-1", "arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + queue,
                "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + function, 10, 0, List.of("{\"body\":[\"a\"]}"),
                List.of("ReportBatchItemFailures"), 5, "Enabled", "USER_INITIATED", 1.5, 2, 10,
                List.of("EventCount"), Map.of("team", "a"));
    }

    @Test
    void aQueueAndFunctionAreMappedOnce() {
        FunctionStore store = store();
        String queue = "q-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        assertNull(store.createMapping(mapping(first, queue, "f")).await().indefinitely());
        assertEquals(first, store.createMapping(mapping(UUID.randomUUID().toString(), queue, "f"))
                .await().indefinitely());
        assertNull(store.createMapping(mapping(UUID.randomUUID().toString(), queue, "g")).await().indefinitely());
        assertEquals(mapping(first, queue, "f"), store.mapping(first).await().indefinitely());
        assertTrue(store.mappings().await().indefinitely().stream().anyMatch(m -> m.uuid().equals(first)));
    }

    @Test
    void updateMovesTheMappingToItsNewFunctionAndDeleteFreesThePair() {
        FunctionStore store = store();
        String queue = "q-" + UUID.randomUUID();
        String uuid = UUID.randomUUID().toString();
        store.createMapping(mapping(uuid, queue, "f")).await().indefinitely();
        assertTrue(store.updateMapping(mapping(uuid, queue, "g")).await().indefinitely());
        assertEquals(mapping(uuid, queue, "g").functionArn(), store.mapping(uuid).await().indefinitely().functionArn());
        // The old pair is free, the new one taken.
        assertNull(store.createMapping(mapping(UUID.randomUUID().toString(), queue, "f")).await().indefinitely());
        assertEquals(uuid, store.createMapping(mapping(UUID.randomUUID().toString(), queue, "g")).await().indefinitely());
        store.setProcessingResult(uuid, "OK").await().indefinitely();
        assertEquals("OK", store.processingResult(uuid).await().indefinitely());
        assertTrue(store.deleteMapping(uuid).await().indefinitely());
        assertNull(store.mapping(uuid).await().indefinitely());
        assertNull(store.processingResult(uuid).await().indefinitely());
        assertFalse(store.deleteMapping(uuid).await().indefinitely());
        assertFalse(store.updateMapping(mapping(uuid, queue, "g")).await().indefinitely());
        assertNull(store.createMapping(mapping(UUID.randomUUID().toString(), queue, "g")).await().indefinitely());
    }

    @Test
    void concurrencySlotsAreLimitedAndExpire() {
        FunctionStore store = store();
        String uuid = UUID.randomUUID().toString();
        assertTrue(store.acquireSlot(uuid, "a", 2, 1_000, 5_000).await().indefinitely());
        assertTrue(store.acquireSlot(uuid, "b", 2, 1_000, 9_000).await().indefinitely());
        assertFalse(store.acquireSlot(uuid, "c", 2, 1_000, 9_000).await().indefinitely());
        assertTrue(store.acquireSlot(uuid, "a", 2, 2_000, 9_000).await().indefinitely(), "a holder renews its slot");
        store.releaseSlot(uuid, "b").await().indefinitely();
        assertTrue(store.acquireSlot(uuid, "c", 2, 2_000, 9_000).await().indefinitely());
        assertFalse(store.acquireSlot(uuid, "d", 2, 8_999, 20_000).await().indefinitely());
        assertTrue(store.acquireSlot(uuid, "d", 2, 9_000, 20_000).await().indefinitely(), "expired slots are free");
    }
}
