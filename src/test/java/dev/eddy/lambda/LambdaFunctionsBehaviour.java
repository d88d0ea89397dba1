package dev.eddy.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.eddy.sqs.SqsClients;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Functions as HTTP endpoints, through the AWS SDK for Java v2 Lambda client. Each store runs it
 * through a subclass.
 */
abstract class LambdaFunctionsBehaviour {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private HttpServer function;
    private LambdaClient lambda;

    @BeforeEach
    void start() throws IOException {
        function = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        function.createContext("/ok", exchange -> {
            String event = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            events.add(event);
            byte[] answer = ("{\"echo\":" + event + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        function.createContext("/fails", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"errorType\":\"Boom\",\"errorMessage\":\"it broke\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        function.start();
        lambda = LambdaClient.builder().endpointOverride(SqsClients.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(40)).build())
                .build();
    }

    @AfterEach
    void stop() {
        function.stop(0);
        lambda.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + function.getAddress().getPort() + path;
    }

    private String create(String path) {
        String name = "fn-" + UUID.randomUUID().toString().substring(0, 8);
        lambda.createFunction(b -> b.functionName(name).runtime(Runtime.JAVA17).role("arn:aws:iam::000000000000:role/r")
                .handler("example.Handler").code(c -> c.zipFile(SdkBytes.fromUtf8String("code")))
                .environment(e -> e.variables(Map.of(LambdaFunctions.URL_VARIABLE, url(path)))));
        return name;
    }

    @Test
    void createGetListUpdateAndDeleteAFunction() {
        String name = create("/ok");
        var configuration = lambda.getFunctionConfiguration(b -> b.functionName(name));
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:" + name, configuration.functionArn());
        assertEquals(3, configuration.timeout());
        assertEquals(128, configuration.memorySize());
        assertEquals("$LATEST", configuration.version());
        assertEquals(url("/ok"), configuration.environment().variables().get(LambdaFunctions.URL_VARIABLE));
        assertEquals(name, lambda.getFunction(b -> b.functionName(configuration.functionArn()))
                .configuration().functionName());
        assertTrue(lambda.listFunctions().functions().stream().anyMatch(f -> f.functionName().equals(name)));

        var updated = lambda.updateFunctionConfiguration(b -> b.functionName(name).timeout(30)
                .description("updated"));
        assertEquals(30, updated.timeout());
        assertEquals("updated", lambda.getFunctionConfiguration(b -> b.functionName(name)).description());

        assertThrows(ResourceConflictException.class, () -> lambda.createFunction(b -> b.functionName(name)
                .runtime(Runtime.JAVA17).role("arn:aws:iam::000000000000:role/r").handler("h")
                .code(c -> c.zipFile(SdkBytes.fromUtf8String("code")))));
        lambda.deleteFunction(b -> b.functionName(name));
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
                () -> lambda.getFunction(b -> b.functionName(name)));
        assertEquals(404, missing.statusCode());
    }

    @Test
    void requestResponseInvocationReturnsTheFunctionsAnswer() throws Exception {
        String name = create("/ok");
        InvokeResponse response = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{\"a\":1}")));
        assertEquals(200, response.statusCode());
        assertNull(response.functionError());
        assertEquals("{\"echo\":{\"a\":1}}", response.payload().asUtf8String());
        assertEquals("{\"a\":1}", events.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void anErrorBodyIsAFunctionError() {
        String name = create("/fails");
        InvokeResponse response = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}")));
        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.functionError());
        assertTrue(response.payload().asUtf8String().contains("it broke"));
    }

    @Test
    void eventInvocationAnswers202AndDeliversLaterAndDryRunAnswers204() throws Exception {
        String name = create("/ok");
        assertEquals(202, lambda.invoke(b -> b.functionName(name).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"async\":true}"))).statusCode());
        assertEquals("{\"async\":true}", events.poll(5, TimeUnit.SECONDS));
        assertEquals(204, lambda.invoke(b -> b.functionName(name).invocationType(InvocationType.DRY_RUN)
                .payload(SdkBytes.fromUtf8String("{}"))).statusCode());
        assertNull(events.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void aFunctionRegisteredByUrlThroughTheAdminPathCanBeInvoked() throws Exception {
        String name = "registered-" + UUID.randomUUID().toString().substring(0, 8);
        RestAssured.given().body("{\"name\":\"" + name + "\",\"url\":\"" + url("/ok") + "\"}")
                .post("/_eddy/functions").then().statusCode(200);
        assertEquals("{\"echo\":{}}", lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}")))
                .payload().asUtf8String());
        assertNotNull(events.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void invokingAMissingFunctionIsResourceNotFound() {
        assertThrows(ResourceNotFoundException.class, () -> lambda.invoke(b -> b.functionName("no-such-function")
                .payload(SdkBytes.fromUtf8String("{}"))));
    }

    @Test
    void anSnsSubscriptionInvokesTheFunctionWithTheSnsEvent() throws Exception {
        String name = create("/ok");
        var sns = dev.eddy.sns.SnsClients.sns();
        String topic = sns.createTopic(b -> b.name("to-fn-" + UUID.randomUUID())).topicArn();
        String functionArn = lambda.getFunctionConfiguration(b -> b.functionName(name)).functionArn();
        sns.subscribe(b -> b.topicArn(topic).protocol("lambda").endpoint(functionArn));
        sns.publish(b -> b.topicArn(topic).message("for the function").subject("s"));
        String event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "the function was invoked");
        var record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(event).get("Records").get(0);
        assertEquals("aws:sns", record.get("EventSource").asText());
        assertEquals("for the function", record.get("Sns").get("Message").asText());
        assertEquals(topic, record.get("Sns").get("TopicArn").asText());
        assertEquals("Notification", record.get("Sns").get("Type").asText());
        assertTrue(record.get("Sns").has("SigningCertUrl"));
    }

    @Test
    void aLambdaRequestForAnOperationEddyLacksGetsLambdasErrorNotS3s() {
        // GET /2018-10-31/layers: a dated path that is also a valid bucket name; signed for Lambda.
        software.amazon.awssdk.services.lambda.model.LambdaException refused = assertThrows(
                software.amazon.awssdk.services.lambda.model.LambdaException.class, () -> lambda.listLayers());
        assertEquals(404, refused.statusCode());
        assertEquals("UnknownOperationException", refused.awsErrorDetails().errorCode());
        assertTrue(refused.awsErrorDetails().errorMessage().contains("/2018-10-31/layers"),
                refused.awsErrorDetails().errorMessage());
    }

    @Test
    void aBodyThatIsNotUtf8IsInvalidRequestContentInLambdasWords() throws Exception {
        byte[] body = "{\"FunctionName\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8);
        body[17] = (byte) 0xff;
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        SqsClients.endpoint().resolve("/2015-03-31/functions")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("Could not parse request body into json: Invalid UTF-8"), response.body());
        for (String internal : List.of("dev.eddy", "java.", "StreamReadFeature", "REDACTED")) {
            assertTrue(!response.body().contains(internal), response.body());
        }
    }

    @Test
    void aFunctionsTagsAreListedAddedAndRemoved() {
        String name = "tagged-" + UUID.randomUUID().toString().substring(0, 8);
        String arn = lambda.createFunction(b -> b.functionName(name).runtime(Runtime.JAVA17)
                .role("arn:aws:iam::000000000000:role/r").handler("h")
                .code(c -> c.zipFile(SdkBytes.fromUtf8String("code"))).tags(Map.of("team", "a", "cost", "1")))
                .functionArn();
        assertEquals(Map.of("team", "a", "cost", "1"), lambda.listTags(b -> b.resource(arn)).tags());
        lambda.tagResource(b -> b.resource(arn).tags(Map.of("team", "b", "stage", "dev")));
        lambda.untagResource(b -> b.resource(arn).tagKeys("cost", "stage"));
        assertEquals(Map.of("team", "b"), lambda.listTags(b -> b.resource(arn)).tags());
        assertEquals(Map.of("team", "b"), lambda.getFunction(b -> b.functionName(name)).tags());
        assertThrows(ResourceNotFoundException.class, () -> lambda.listTags(b -> b.resource(
                "arn:aws:lambda:us-east-1:000000000000:function:missing-" + UUID.randomUUID())));
        assertThrows(software.amazon.awssdk.services.lambda.model.InvalidParameterValueException.class,
                () -> lambda.tagResource(b -> b.resource(arn).tags(Map.of("aws:mine", "x"))));
    }

    @Test
    void reservedConcurrencyIsStoredReturnedAndThrottlesCallsBeyondIt() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        function.createContext("/held", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrived.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        String name = create("/held");
        // Long enough that the held call stays in flight; and a client that does not retry a 429 until it passes.
        lambda.updateFunctionConfiguration(b -> b.functionName(name).timeout(30));
        LambdaClient once = LambdaClient.builder().endpointOverride(SqsClients.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(40)).build())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
        assertNull(lambda.getFunctionConcurrency(b -> b.functionName(name)).reservedConcurrentExecutions());
        assertEquals(1, lambda.putFunctionConcurrency(b -> b.functionName(name).reservedConcurrentExecutions(1))
                .reservedConcurrentExecutions());
        assertEquals(1, lambda.getFunctionConcurrency(b -> b.functionName(name)).reservedConcurrentExecutions());

        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> lambda.invoke(b -> b.functionName(name)
                .payload(SdkBytes.fromUtf8String("{\"n\":1}"))));
        assertTrue(arrived.await(10, TimeUnit.SECONDS), "the first call reached the function");
        var throttled = assertThrows(software.amazon.awssdk.services.lambda.model.TooManyRequestsException.class,
                () -> once.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{\"n\":2}"))),
                "a second call while one runs is throttled");
        assertEquals(429, throttled.statusCode());
        release.countDown();
        assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());

        lambda.putFunctionConcurrency(b -> b.functionName(name).reservedConcurrentExecutions(0));
        assertThrows(software.amazon.awssdk.services.lambda.model.TooManyRequestsException.class,
                () -> once.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}"))),
                "0 reserved: every call throttled");
        once.close();
        lambda.deleteFunctionConcurrency(b -> b.functionName(name));
        assertNull(lambda.getFunctionConcurrency(b -> b.functionName(name)).reservedConcurrentExecutions());
        assertEquals(200, lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}"))).statusCode());

        assertThrows(software.amazon.awssdk.services.lambda.model.InvalidParameterValueException.class,
                () -> lambda.putFunctionConcurrency(b -> b.functionName(name).reservedConcurrentExecutions(901)),
                "the account keeps 100 unreserved");
        assertThrows(ResourceNotFoundException.class, () -> lambda.putFunctionConcurrency(
                b -> b.functionName("missing-" + UUID.randomUUID()).reservedConcurrentExecutions(1)));
    }

    @Test
    void accountSettingsReportLambdasQuotasAndWhatTheAccountUses() {
        String name = create("/ok");
        var before = lambda.getAccountSettings();
        assertEquals(1000, before.accountLimit().concurrentExecutions());
        assertEquals(80L * 1024 * 1024 * 1024, before.accountLimit().totalCodeSize());
        assertEquals(50L * 1024 * 1024, before.accountLimit().codeSizeZipped());
        assertEquals(250L * 1024 * 1024, before.accountLimit().codeSizeUnzipped());
        assertTrue(before.accountUsage().functionCount() >= 1);
        assertTrue(before.accountUsage().totalCodeSize() >= 4, "the function's code counts");
        lambda.putFunctionConcurrency(b -> b.functionName(name).reservedConcurrentExecutions(25));
        assertEquals(before.accountLimit().unreservedConcurrentExecutions() - 25,
                lambda.getAccountSettings().accountLimit().unreservedConcurrentExecutions());
        lambda.deleteFunctionConcurrency(b -> b.functionName(name));
        assertEquals(before.accountLimit().unreservedConcurrentExecutions(),
                lambda.getAccountSettings().accountLimit().unreservedConcurrentExecutions());
    }

    @Test
    void publishedVersionsKeepTheirConfigurationAndAliasesNameThem() {
        function.createContext("/v2", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"from\":\"v2\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        String name = create("/ok");
        var v1 = lambda.publishVersion(b -> b.functionName(name).description("first"));
        assertEquals(201, v1.sdkHttpResponse().statusCode());
        assertEquals("1", v1.version());
        assertTrue(v1.functionArn().endsWith(":function:" + name + ":1"), v1.functionArn());
        assertEquals("first", v1.description());
        assertEquals("1", lambda.publishVersion(b -> b.functionName(name)).version(), "unchanged: the same version");
        var wrongCode = assertThrows(software.amazon.awssdk.services.lambda.model.InvalidParameterValueException.class,
                () -> lambda.publishVersion(b -> b.functionName(name).codeSha256("not-the-code")));
        assertEquals(400, wrongCode.statusCode());

        lambda.updateFunctionConfiguration(b -> b.functionName(name).timeout(7)
                .environment(e -> e.variables(Map.of(LambdaFunctions.URL_VARIABLE, url("/v2")))));
        assertEquals("2", lambda.publishVersion(b -> b.functionName(name)).version());
        assertEquals(List.of("$LATEST", "1", "2"), lambda.listVersionsByFunction(b -> b.functionName(name)).versions()
                .stream().map(v -> v.version()).toList());
        assertEquals(3, lambda.getFunctionConfiguration(b -> b.functionName(name).qualifier("1")).timeout());
        assertEquals(7, lambda.getFunctionConfiguration(b -> b.functionName(name).qualifier("2")).timeout());

        // Version 1 still calls the URL it was published with.
        InvokeResponse old = lambda.invoke(b -> b.functionName(name).qualifier("1").payload(SdkBytes.fromUtf8String("{\"a\":1}")));
        assertEquals("1", old.executedVersion());
        assertEquals("{\"echo\":{\"a\":1}}", old.payload().asUtf8String());
        InvokeResponse latest = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}")));
        assertEquals("$LATEST", latest.executedVersion());
        assertEquals("{\"from\":\"v2\"}", latest.payload().asUtf8String());

        var live = lambda.createAlias(b -> b.functionName(name).name("live").functionVersion("1").description("prod"));
        assertEquals(201, live.sdkHttpResponse().statusCode());
        assertTrue(live.aliasArn().endsWith(":function:" + name + ":live"), live.aliasArn());
        assertEquals("1", lambda.invoke(b -> b.functionName(name + ":live").payload(SdkBytes.fromUtf8String("{}")))
                .executedVersion());
        var moved = lambda.updateAlias(b -> b.functionName(name).name("live").functionVersion("2"));
        assertEquals("2", moved.functionVersion());
        assertEquals("prod", lambda.getAlias(b -> b.functionName(name).name("live")).description());
        assertEquals("2", lambda.invoke(b -> b.functionName(name).qualifier("live").payload(SdkBytes.fromUtf8String("{}")))
                .executedVersion());
        lambda.createAlias(b -> b.functionName(name).name("edge").functionVersion("$LATEST"));
        assertEquals(List.of("edge", "live"), lambda.listAliases(b -> b.functionName(name)).aliases().stream()
                .map(a -> a.name()).toList());
        assertEquals(List.of("live"), lambda.listAliases(b -> b.functionName(name).functionVersion("2")).aliases()
                .stream().map(a -> a.name()).toList());

        assertThrows(software.amazon.awssdk.services.lambda.model.ResourceConflictException.class,
                () -> lambda.createAlias(b -> b.functionName(name).name("live").functionVersion("1")));
        assertThrows(ResourceNotFoundException.class,
                () -> lambda.createAlias(b -> b.functionName(name).name("later").functionVersion("9")));
        assertThrows(software.amazon.awssdk.services.lambda.model.InvalidParameterValueException.class,
                () -> lambda.createAlias(b -> b.functionName(name).name("123").functionVersion("1")));
        assertThrows(ResourceNotFoundException.class,
                () -> lambda.invoke(b -> b.functionName(name).qualifier("9").payload(SdkBytes.fromUtf8String("{}"))));
        lambda.deleteAlias(b -> b.functionName(name).name("live"));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getAlias(b -> b.functionName(name).name("live")));

        // DeleteFunction with a Qualifier removes that version only; an alias keeps its version.
        lambda.createAlias(b -> b.functionName(name).name("pinned").functionVersion("2"));
        assertThrows(software.amazon.awssdk.services.lambda.model.ResourceConflictException.class,
                () -> lambda.deleteFunction(b -> b.functionName(name).qualifier("2")));
        lambda.deleteFunction(b -> b.functionName(name).qualifier("1"));
        assertEquals(List.of("$LATEST", "2"), lambda.listVersionsByFunction(b -> b.functionName(name)).versions()
                .stream().map(v -> v.version()).toList());
        assertEquals(name, lambda.getFunction(b -> b.functionName(name)).configuration().functionName());
    }
}
