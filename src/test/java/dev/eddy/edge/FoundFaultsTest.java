package dev.eddy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.sqs.SqsClients;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The requests the fault hunt found never answered or answered 500 (issue 14), each now answered
 * with AWS's error within a deadline.
 */
@QuarkusTest
class FoundFaultsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(DEADLINE).build();

    static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(SqsClients.endpoint().resolve(path)).timeout(DEADLINE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getObjectHeaderOverridesWithControlCharactersAreInvalidArguments() throws Exception {
        String bucket = "faults-" + UUID.randomUUID();
        assertEquals(200, send("PUT", "/" + bucket, null, null).statusCode());
        assertEquals(200, send("PUT", "/" + bucket + "/k", null, "hello").statusCode());
        for (String parameter : new String[] {"response-content-type", "response-content-language", "response-expires",
                "response-cache-control", "response-content-disposition", "response-content-encoding"}) {
            for (String value : new String[] {"a%00b", "a%0ab", "a%0d%0ab", "a%7fb"}) {
                HttpResponse<String> response = send("GET", "/" + bucket + "/k?" + parameter + "=" + value, null, null);
                assertEquals(400, response.statusCode(), parameter + "=" + value);
                assertTrue(response.body().contains("<Code>InvalidArgument</Code>"), response.body());
                assertTrue(response.body().contains("<ArgumentName>" + parameter + "</ArgumentName>"), response.body());
            }
        }
        HttpResponse<String> plain = send("GET", "/" + bucket + "/k?response-content-type=text%2Fplain%09x", null, null);
        assertEquals(200, plain.statusCode());
        assertTrue(plain.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
    }

    @Test
    void registeringAFunctionWithAnInvalidNameIsRefused() throws Exception {
        for (String name : new String[] {"a b", "x".repeat(100)}) {
            HttpResponse<String> response = send("POST", "/_eddy/functions", "application/json",
                    "{\"name\": \"" + name + "\", \"url\": \"http://localhost:1/\"}");
            assertEquals(400, response.statusCode(), response.body());
            assertTrue(response.body().contains("invalid"), response.body());
        }
    }

    @Test
    void snsAttributeEntriesWithoutAValueAreReadAsEmpty() throws Exception {
        String topic = "faults-" + UUID.randomUUID();
        HttpResponse<String> created = send("POST", "/", "application/x-www-form-urlencoded",
                "Action=CreateTopic&Version=2010-03-31&Name=" + topic + "&Attributes.entry.1.key=DisplayName");
        assertEquals(200, created.statusCode(), created.body());
        String arn = created.body().replaceAll("(?s).*<TopicArn>(.*)</TopicArn>.*", "$1");
        HttpResponse<String> subscribed = send("POST", "/", "application/x-www-form-urlencoded",
                "Action=Subscribe&Version=2010-03-31&TopicArn=" + arn + "&Protocol=sqs&Endpoint=arn:aws:sqs:us-east-1:"
                        + "000000000000:q&Attributes.entry.1.key=RawMessageDelivery");
        assertEquals(400, subscribed.statusCode(), subscribed.body());
        assertTrue(subscribed.body().contains("<Code>InvalidParameter</Code>"), subscribed.body());
    }

    @Test
    void lambdaBodiesOfJsonNullAreRequestsWithNoMembers() throws Exception {
        String name = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, send("POST", "/_eddy/functions", "application/json",
                "{\"name\": \"" + name + "\", \"url\": \"http://localhost:1/\"}").statusCode());
        for (String[] call : new String[][] {{"POST", "/2015-03-31/functions"},
                {"PUT", "/2015-03-31/functions/" + name + "/configuration"},
                {"POST", "/2015-03-31/event-source-mappings"}}) {
            HttpResponse<String> response = send(call[0], call[1], "application/json", "null");
            assertTrue(response.statusCode() == 400 || response.statusCode() == 200, call[1] + " " + response.body());
        }
        assertEquals(400, send("POST", "/2015-03-31/functions", "application/json", "null").statusCode());
        assertEquals(400, send("POST", "/2015-03-31/event-source-mappings", "application/json", "null").statusCode());
    }

    @Test
    void adminQueueListingAnswersForAThousandQueues() throws Exception {
        String prefix = "many-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        var sqs = SqsClients.json();
        for (int i = 0; i < 1000; i++) {
            String name = prefix + i;
            sqs.createQueue(b -> b.queueName(name));
        }
        HttpResponse<String> response = send("GET", "/_eddy/queues", null, null);
        assertEquals(200, response.statusCode());
        assertEquals(1000, response.body().split("\"name\":\"" + prefix, -1).length - 1);
    }

    @Test
    void unknownHttpVersionsAreAnswered505() throws Exception {
        String answer = raw("GET /_eddy/queues HTTP/9.9\r\nHost: localhost\r\n\r\n");
        assertTrue(answer.matches("(?s)HTTP/\\S+ 505 .*"), answer);
    }

    @Test
    void aMalformedChunkOfAChunkedBodyIsAnsweredWithS3sError() throws Exception {
        String answer = raw("PUT /faults-bucket/k HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\nhello\r\n0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("<Code>IncompleteBody</Code>"), answer);
    }

    /** Sends raw bytes and reads until the server closes or 10 s pass. */
    static String raw(String request) throws Exception {
        try (Socket socket = new Socket(SqsClients.endpoint().getHost(), SqsClients.endpoint().getPort())) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            int n;
            try {
                while ((n = in.read(buffer)) > 0) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    if (answer.indexOf("\r\n\r\n") > 0 && complete(answer.toString())) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // what arrived is the answer
            }
            return answer.toString();
        }
    }

    private static boolean complete(String answer) {
        int head = answer.indexOf("\r\n\r\n");
        var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(answer.substring(0, head));
        return length.find() && answer.length() - head - 4 >= Integer.parseInt(length.group(1));
    }
}
