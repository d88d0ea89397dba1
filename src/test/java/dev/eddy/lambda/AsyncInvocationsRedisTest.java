package dev.eddy.lambda;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import dev.eddy.store.OutboxEntry;
import dev.eddy.store.redis.RedisDeliveryOutbox;
import dev.eddy.store.redis.RedisStoreProfile;
import dev.eddy.store.redis.RedisTestServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous invocations (Invoke Event, S3 events to functions) are recorded in Redis before the
 * caller is answered, so a replica that stops before invoking loses nothing: here "another
 * replica" (an outbox client of its own) records or claims an invocation and dies, and the
 * running Eddy makes it.
 */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class AsyncInvocationsRedisTest {
    private final LinkedBlockingQueue<String> invocations = new LinkedBlockingQueue<>();
    private HttpServer function;
    private String name;
    private String arn;
    private Vertx vertx;
    private RedisDeliveryOutbox otherReplica;

    @BeforeEach
    void start() throws Exception {
        function = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        function.createContext("/", exchange -> {
            invocations.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        function.start();
        name = "async-" + UUID.randomUUID().toString().substring(0, 8);
        arn = given().body("{\"name\":\"" + name + "\",\"url\":\"http://127.0.0.1:" + function.getAddress().getPort()
                + "/\"}").post("/_eddy/functions").then().statusCode(200).extract().path("FunctionArn");
        vertx = Vertx.vertx();
        otherReplica = new RedisDeliveryOutbox(Redis.createClient(vertx, RedisTestServer.url()));
    }

    @AfterEach
    void stop() {
        function.stop(0);
        vertx.closeAndAwait();
    }

    private OutboxEntry invocation(String event, long now) {
        String payload = "{\"account\":\"000000000000\",\"function\":\"" + name + "\",\"event\":"
                + dev.eddy.common.Json.write(event) + "}";
        return OutboxEntry.of(UUID.randomUUID().toString(), AsyncInvocations.KIND, arn, payload, now);
    }

    @Test
    void anInvocationRecordedByAReplicaThatStoppedIsMadeByAnother() throws Exception {
        otherReplica.record(List.of(invocation("{\"recorded\":\"elsewhere\"}", System.currentTimeMillis())))
                .await().indefinitely();
        assertEquals("{\"recorded\":\"elsewhere\"}", invocations.poll(10, TimeUnit.SECONDS));
        assertNull(invocations.poll(2, TimeUnit.SECONDS), "invoked once");
    }

    @Test
    void anInvocationClaimedByAReplicaThatStoppedIsTakenOverWhenItsLeaseEnds() throws Exception {
        OutboxEntry entry = invocation("{\"claimed\":\"then lost\"}", System.currentTimeMillis() + 60_000);
        otherReplica.record(List.of(entry)).await().indefinitely();
        // The other replica claims it (due, from its clock's point of view) with a short lease, then dies.
        List<OutboxEntry> claimed = otherReplica.claim(1000, System.currentTimeMillis() + 60_000, -57_000)
                .await().indefinitely().stream().filter(e -> e.id().equals(entry.id())).toList();
        assertEquals(1, claimed.size());
        assertNull(invocations.poll(1, TimeUnit.SECONDS), "leased: nobody invokes it yet");
        String made = invocations.poll(10, TimeUnit.SECONDS);
        assertNotNull(made, "taken over after the lease");
        assertEquals("{\"claimed\":\"then lost\"}", made);
    }
}
