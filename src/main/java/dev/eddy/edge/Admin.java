package dev.eddy.edge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.Concurrently;
import dev.eddy.common.Json;
import dev.eddy.protocol.Response;
import dev.eddy.lambda.LambdaFunctions;
import dev.eddy.sns.SnsSigning;
import dev.eddy.sqs.SqsQueues;
import dev.eddy.store.DeliveryOutbox;
import dev.eddy.store.FunctionStore;
import dev.eddy.store.ObjectStore;
import dev.eddy.store.QueueDepth;
import dev.eddy.store.QueueRecord;
import dev.eddy.store.QueueStore;
import dev.eddy.store.TopicStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Eddy's own paths under {@code /_eddy/}: {@code POST /_eddy/reset} drops all state (between test
 * runs), {@code GET /_eddy/queues} shows every queue with its counts, and the SNS signing
 * certificate is served at its SigningCertURL; {@code POST /_eddy/functions} with
 * {@code {"name": …, "url": …}} registers a function by URL.
 */
@ApplicationScoped
class Admin {
    static final String PREFIX = "/_eddy/";

    private final QueueStore store;
    private final SqsQueues sqsQueues;
    private final TopicStore topics;
    private final SnsSigning signing;
    private final LambdaFunctions functions;
    private final FunctionStore functionStore;
    private final DeliveryOutbox outbox;
    private final ObjectStore objects;

    Admin(QueueStore store, SqsQueues sqsQueues, TopicStore topics, SnsSigning signing, LambdaFunctions functions,
          FunctionStore functionStore, DeliveryOutbox outbox, ObjectStore objects) {
        this.store = store;
        this.sqsQueues = sqsQueues;
        this.topics = topics;
        this.signing = signing;
        this.outbox = outbox;
        this.objects = objects;
        this.functions = functions;
        this.functionStore = functionStore;
    }

    Uni<Response> handle(String method, String path, String accountId, String region, byte[] body) {
        if (path.equals(PREFIX + "functions") && method.equals("POST")) {
            com.fasterxml.jackson.databind.JsonNode request = Json.parseOrNull(new String(body, StandardCharsets.UTF_8));
            if (request == null || !request.path("name").isTextual() || !request.path("url").isTextual()) {
                return Uni.createFrom().item(json(400, Json.MAPPER.createObjectNode()
                        .put("message", "Expected {\"name\": \"<function name>\", \"url\": \"<http url>\"}")));
            }
            return functions.register(accountId, region, request.get("name").asText(), request.get("url").asText())
                    .map(f -> json(200, Json.MAPPER.createObjectNode().put("FunctionArn", f.arn())));
        }
        if (path.equals(SnsSigning.CERTIFICATE_PATH) && method.equals("GET")) {
            return signing.certificatePem().map(pem -> new Response(200, "application/x-pem-file", Map.of(),
                    pem.getBytes(StandardCharsets.US_ASCII)));
        }
        if (path.equals(PREFIX + "reset") && method.equals("POST")) {
            return store.clear().chain(topics::clear).chain(functionStore::clear).chain(outbox::clear)
                    .chain(objects::clear)
                    .map(v -> json(200, Json.MAPPER.createObjectNode().put("reset", true)));
        }
        if (path.equals(PREFIX + "queues") && method.equals("GET")) {
            return store.queues(accountId).chain(queues -> {
                List<QueueRecord> sorted = queues.stream().sorted(Comparator.comparing(q -> q.id().name())).toList();
                // A few at a time: the Redis connection pool has far fewer slots than an account has queues.
                return Concurrently.all(sorted.stream().map(sqsQueues::depth).toList(), 16).map(depths -> {
                    ArrayNode list = Json.MAPPER.createArrayNode();
                    for (int i = 0; i < sorted.size(); i++) {
                        QueueRecord q = sorted.get(i);
                        QueueDepth depth = depths.get(i);
                        ObjectNode node = list.addObject();
                        node.put("name", q.id().name());
                        node.put("arn", q.arn());
                        node.put("fifo", q.fifo());
                        if (depth != null) {
                            node.put("visible", depth.visible());
                            node.put("inFlight", depth.inFlight());
                            node.put("delayed", depth.delayed());
                        }
                    }
                    ObjectNode answer = Json.MAPPER.createObjectNode();
                    answer.set("queues", list);
                    return json(200, answer);
                });
            });
        }
        return Uni.createFrom().item(json(404, Json.MAPPER.createObjectNode()
                .put("message", "Unknown admin path " + method + " " + path)));
    }

    private static Response json(int status, ObjectNode body) {
        return new Response(status, "application/json", Map.of(), body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
