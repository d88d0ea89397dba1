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
}
