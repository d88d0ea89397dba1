package dev.eddy.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eddy.protocol.Operation;
import dev.eddy.protocol.ServiceApi;
import dev.eddy.sqs.SqsClients;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random and mutated requests over every operation of every protocol (SQS Query and JSON, SNS
 * Query, S3 REST-XML, Lambda REST-JSON, Eddy's admin paths), driven by the services' own operation
 * tables, and the fixed corpus of requests that once found bugs. Each request must be answered
 * within the deadline, never with a 5xx other than the store's 503, and a rejected one must leave
 * the fixture (a queue with messages, a topic, a bucket with an object) as it was. Runs are seeded
 * (the seed is in each failure's message): {@code -Dfuzz.seed=N -Dfuzz.rounds=N} repeats or
 * widens one. Run on each store by {@link FuzzTest} and {@link FuzzRedisTest}.
 */
public abstract class Fuzzing {
    private static final Duration DEADLINE = Duration.ofSeconds(25);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 6);

    @Inject
    @Named("sqs")
    ServiceApi sqs;

    @Inject
    @Named("sns")
    ServiceApi sns;

    private Fixture fixture;
    /** How many answers of each status the run saw, printed at its end: a fuzzer that only meets 400s is too blunt. */
    private static final Map<Integer, java.util.concurrent.atomic.AtomicInteger> STATUSES =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.println("Fuzzing answered, by status: " + STATUSES);
    }

    @BeforeEach
    void fixture() {
        fixture = Fixture.create();
    }

    @TestFactory
    Stream<DynamicTest> everyOperationOfEveryProtocol() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Operation<?, ?> op : sqs.operations().values()) {
            tests.add(DynamicTest.dynamicTest("sqs query " + op.name(), () -> fuzz(op.name(), r -> query(r,
                    "2012-11-05", op, r.nextInt(4) == 0))));
            tests.add(DynamicTest.dynamicTest("sqs json " + op.name(), () -> fuzz(op.name(), r -> json(r, op))));
        }
        for (Operation<?, ?> op : sns.operations().values()) {
            tests.add(DynamicTest.dynamicTest("sns query " + op.name(), () -> fuzz(op.name(), r -> query(r,
                    "2010-03-31", op, r.nextInt(4) == 0))));
        }
        for (S3Requests.Template template : S3Requests.TEMPLATES) {
            tests.add(DynamicTest.dynamicTest("s3 " + template.name(), () -> fuzz(template.name(),
                    r -> S3Requests.mutate(r, template, fixture))));
        }
        for (String[] route : LAMBDA_ROUTES) {
            tests.add(DynamicTest.dynamicTest("lambda " + route[0] + " " + route[1], () -> fuzz(route[1],
                    r -> new Raw(route[0], route[1].replace("{name}", Values.name(r)), Map.of("Content-Type",
                            "application/json"), Values.jsonBody(r)))));
        }
        tests.add(DynamicTest.dynamicTest("admin", () -> fuzz("admin", r -> new Raw(r.nextBoolean() ? "POST" : "GET",
                "/_eddy/" + Values.pick(r, "functions", "queues", "reset-not", "sns/certificate", Values.name(r)),
                Map.of("Content-Type", "application/json"), Values.jsonBody(r)))));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> theCorpusOfRequestsThatFoundBugs() throws IOException {
        return Corpus.load().stream().map(request -> DynamicTest.dynamicTest(request.method() + " " + request.path(),
                () -> check(request, "corpus")));
    }

    private static final String[][] LAMBDA_ROUTES = {
            {"POST", "/2015-03-31/functions"}, {"GET", "/2015-03-31/functions"},
            {"GET", "/2015-03-31/functions/{name}"}, {"DELETE", "/2015-03-31/functions/{name}"},
            {"PUT", "/2015-03-31/functions/{name}/configuration"}, {"POST", "/2015-03-31/functions/{name}/invocations"},
            {"POST", "/2015-03-31/event-source-mappings"}, {"GET", "/2015-03-31/event-source-mappings"},
            {"PUT", "/2015-03-31/event-source-mappings/{name}"}, {"DELETE", "/2015-03-31/event-source-mappings/{name}"},
    };

    /** A request as bytes on the wire: method, path with query, headers, body. */
    record Raw(String method, String path, Map<String, String> headers, byte[] body) {
    }

    private interface Generator {
        Raw next(Random random);
    }

    private void fuzz(String name, Generator generator) throws Exception {
        fixture = Fixture.create();
        long seed = SEED ^ name.hashCode();
        Random random = new Random(seed);
        for (int i = 0; i < ROUNDS; i++) {
            Raw request = generator.next(random);
            check(request, "seed " + seed + " round " + i);
        }
    }

    private void check(Raw request, String where) throws Exception {
        String before = fixture.snapshot();
        String answer = send(request);
        if (answer == null) {
            fail("no answer within " + DEADLINE + " (" + where + "): " + describe(request));
        }
        java.util.regex.Matcher statusLine = java.util.regex.Pattern.compile("^HTTP/1\\.[01] (\\d{3})").matcher(answer);
        assertTrue(statusLine.find(), "not an HTTP answer (" + where + ") to " + describe(request) + ": " + answer);
        int status = Integer.parseInt(statusLine.group(1));
        STATUSES.computeIfAbsent(status, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        assertTrue(status < 500 || status == 503, "HTTP " + status + " (" + where + ") for " + describe(request)
                + ": " + answer);
        if (status >= 400) {
            assertEquals(before, fixture.snapshot(), "a rejected request changed stored data (" + where + "): "
                    + describe(request));
        }
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(SqsClients.endpoint().resolve("/q/health/live"))
                .timeout(DEADLINE).build(), HttpResponse.BodyHandlers.discarding()).statusCode(), "Eddy is healthy");
    }

    /**
     * Sends the request's bytes as they are (no client tidies them up) on a connection of its own,
     * and reads the answer until Eddy closes it; null when none arrives within the deadline.
     */
    private static String send(Raw request) throws IOException {
        URI endpoint = SqsClients.endpoint();
        try (java.net.Socket socket = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.path())
                    .append(" HTTP/1.1\r\nHost: ").append(endpoint.getHost()).append(':').append(endpoint.getPort())
                    .append("\r\nConnection: close\r\nContent-Length: ").append(request.body().length).append("\r\n");
            request.headers().forEach((k, v) -> head.append(k).append(": ").append(v.replace("\r", "").replace("\n", ""))
                    .append("\r\n"));
            head.append("\r\n");
            var out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(request.body());
                out.flush();
            } catch (java.net.SocketException e) {
                // Eddy answered before reading it all (a head too large) and closed: read that answer
            }
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    if (request.method().equals("HEAD") && answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                return answer.size() == 0 ? null : answer.toString(StandardCharsets.UTF_8);
            } catch (java.net.SocketException e) {
                // reset after the answer (a body Eddy refused to read): what arrived is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static String describe(Raw request) {
        String body = new String(request.body(), StandardCharsets.UTF_8);
        return request.method() + " " + request.path() + " " + request.headers() + " "
                + (body.length() > 300 ? body.substring(0, 300) + "…(" + body.length() + " chars)" : body);
    }

    // ---- the AWS protocols, from the operation tables ---------------------------------------------

    private Raw query(Random random, String version, Operation<?, ?> op, boolean get) {
        List<String> pairs = new ArrayList<>();
        pairs.add("Action=" + op.name());
        if (random.nextInt(10) > 0) {
            pairs.add("Version=" + version);
        }
        for (RecordComponent component : op.requestType().getRecordComponents()) {
            if (random.nextInt(4) == 0) {
                continue; // missing
            }
            String member = pascal(component.getName());
            for (Map.Entry<String, String> e : queryMembers(random, member, component.getGenericType()).entrySet()) {
                pairs.add(Values.formEncode(random, e.getKey()) + "=" + Values.formEncode(random, e.getValue()));
                if (random.nextInt(12) == 0) {
                    pairs.add(Values.formEncode(random, e.getKey()) + "=" + Values.formEncode(random,
                            Values.string(random, fixture))); // duplicate
                }
            }
        }
        java.util.Collections.shuffle(pairs, random);
        String form = String.join("&", pairs);
        if (get) {
            return new Raw("GET", "/?" + form, Map.of(), new byte[0]);
        }
        return new Raw("POST", "/", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                Values.truncate(random, form.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private Map<String, String> queryMembers(Random random, String member, Type type) {
        Map<String, String> members = new TreeMap<>();
        Class<?> raw = rawClass(type);
        if (List.class.isAssignableFrom(raw)) {
            int n = random.nextInt(4);
            for (int i = 1; i <= n; i++) {
                String prefix = member + (random.nextBoolean() ? ".member." : ".") + Values.index(random, i);
                members.putAll(queryMembers(random, prefix, elementType(type, 0)));
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            int n = random.nextInt(4);
            for (int i = 1; i <= n; i++) {
                String prefix = member + (random.nextBoolean() ? ".entry." : ".") + Values.index(random, i);
                String keyName = random.nextBoolean() ? ".key" : ".Name";
                members.put(prefix + keyName, Values.string(random, fixture));
                if (random.nextInt(5) > 0) {
                    members.putAll(queryMembers(random, prefix + (keyName.equals(".key") ? ".value" : ".Value"),
                            elementType(type, 1)));
                }
            }
        } else if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                if (random.nextInt(3) > 0) {
                    members.putAll(queryMembers(random, member + "." + pascal(component.getName()),
                            component.getGenericType()));
                }
            }
        } else {
            members.put(member, Values.scalar(random, raw, member, fixture));
        }
        return members;
    }

    private Raw json(Random random, Operation<?, ?> op) {
        String body = random.nextInt(15) == 0 ? new String(Values.jsonBody(random), StandardCharsets.UTF_8)
                : jsonValue(random, op.requestType(), op.requestType(), "", 0);
        return new Raw("POST", "/", Map.of("Content-Type", "application/x-amz-json-1.0",
                "X-Amz-Target", "AmazonSQS." + op.name()), Values.truncate(random, body.getBytes(StandardCharsets.UTF_8)));
    }

    private String jsonValue(Random random, Type type, Class<?> raw, String member, int depth) {
        if (random.nextInt(25) == 0) {
            return Values.pick(random, "null", "[]", "{}", "\"\"", "1e400", "-0", "true", Values.nested(random));
        }
        if (List.class.isAssignableFrom(raw)) {
            StringBuilder json = new StringBuilder("[");
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                Type element = elementType(type, 0);
                json.append(i > 0 ? "," : "").append(jsonValue(random, element, rawClass(element), member, depth + 1));
            }
            return json.append(']').toString();
        }
        if (Map.class.isAssignableFrom(raw)) {
            StringBuilder json = new StringBuilder("{");
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                Type value = elementType(type, 1);
                json.append(i > 0 ? "," : "").append(Values.jsonString(Values.string(random, fixture))).append(':')
                        .append(jsonValue(random, value, rawClass(value), member, depth + 1));
            }
            return json.append('}').toString();
        }
        if (raw.isRecord()) {
            StringBuilder json = new StringBuilder("{");
            boolean first = true;
            for (RecordComponent component : raw.getRecordComponents()) {
                if (random.nextInt(4) == 0) {
                    continue;
                }
                json.append(first ? "" : ",").append('"').append(pascal(component.getName())).append("\":")
                        .append(jsonValue(random, component.getGenericType(), component.getType(),
                                component.getName(), depth + 1));
                first = false;
            }
            if (random.nextInt(20) == 0) {
                json.append(first ? "" : ",").append("\"Unknown\":1");
            }
            return json.append('}').toString();
        }
        String scalar = Values.scalar(random, raw, member, fixture);
        if (Number.class.isAssignableFrom(raw) || raw == int.class || raw == long.class || raw == boolean.class
                || raw == Boolean.class) {
            return random.nextInt(6) == 0 ? Values.jsonString(scalar) : scalar.matches("-?[0-9]+|true|false")
                    ? scalar : Values.jsonString(scalar);
        }
        return Values.jsonString(scalar);
    }

    private static String pascal(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type elementType(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : String.class;
    }
}
