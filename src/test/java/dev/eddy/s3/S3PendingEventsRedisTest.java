package dev.eddy.s3;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import dev.eddy.store.PendingEvent;
import dev.eddy.store.redis.RedisObjectStore;
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
 * Function notifications are recorded in Redis before the S3 request answers, so a replica that
 * stops before delivering loses nothing: here "another replica" (a store client of its own) records
 * or claims events and dies, and the running Eddy delivers them.
 */
@QuarkusTest
@TestProfile(RedisStoreProfile.class)
class S3PendingEventsRedisTest {
    private final LinkedBlockingQueue<String> invocations = new LinkedBlockingQueue<>();
    private HttpServer function;
    private String arn;
    private Vertx vertx;
    private RedisObjectStore otherReplica;

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
        String name = "pending-" + UUID.randomUUID().toString().substring(0, 8);
        arn = given().body("{\"name\":\"" + name + "\",\"url\":\"http://127.0.0.1:" + function.getAddress().getPort()
                + "/\"}").post("/_eddy/functions").then().statusCode(200).extract().path("FunctionArn");
        vertx = Vertx.vertx();
        otherReplica = new RedisObjectStore(Redis.createClient(vertx, RedisTestServer.url()));
    }

    @AfterEach
    void stop() {
        function.stop(0);
        vertx.closeAndAwait();
    }

    private PendingEvent event(String body) {
        return new PendingEvent(UUID.randomUUID().toString(), "function", arn, "ObjectCreated:Put", body,
                "000000000000", "us-east-1", "http://localhost:4566", 0);
    }

    @Test
    void anEventRecordedByAReplicaThatStoppedIsDeliveredByAnother() throws Exception {
        otherReplica.addPendingEvent(event("{\"recorded\":\"elsewhere\"}"), System.currentTimeMillis())
                .await().indefinitely();
        assertEquals("{\"recorded\":\"elsewhere\"}", invocations.poll(10, TimeUnit.SECONDS));
        assertNull(invocations.poll(2, TimeUnit.SECONDS), "delivered once");
    }

    @Test
    void anEventClaimedByAReplicaThatStoppedIsTakenOverWhenItsLeaseEnds() throws Exception {
        PendingEvent event = event("{\"claimed\":\"then lost\"}");
        long now = System.currentTimeMillis();
        otherReplica.addPendingEvent(event, now + 60_000).await().indefinitely();
        // The other replica claims it (due now, from its point of view) with a short lease, then dies.
        List<PendingEvent> claimed = otherReplica.claimPendingEvents(now + 60_000, -57_000, 1000).await()
                .indefinitely().stream().filter(e -> e.id().equals(event.id())).toList();
        assertEquals(1, claimed.size());
        assertNull(invocations.poll(1, TimeUnit.SECONDS), "leased: nobody delivers it yet");
        String delivered = invocations.poll(10, TimeUnit.SECONDS);
        assertNotNull(delivered, "taken over after the lease");
        assertEquals("{\"claimed\":\"then lost\"}", delivered);
    }
}
