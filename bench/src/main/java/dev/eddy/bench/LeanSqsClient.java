package dev.eddy.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The lean load generator: the calls the workloads make, as AWS JSON 1.0 requests written by hand,
 * sent over one keep-alive HTTP/1.1 socket per calling thread, with one fixed Authorization header instead of per-request signing and no MD5 checks. It keeps
 * the client's CPU small so the figures show the server's capacity; the SDK client shows what
 * applications see. Behind the SDK's {@link SqsClient} interface, so the same workload code runs
 * with either.
 */
final class LeanSqsClient implements SqsClient {
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000";

    private final ThreadLocal<Connection> connection;

    LeanSqsClient(String endpoint) {
        URI uri = URI.create(endpoint);
        this.connection = ThreadLocal.withInitial(() -> new Connection(uri));
    }

    @Override
    public String serviceName() {
        return "sqs";
    }

    @Override
    public void close() {
    }

    @Override
    public CreateQueueResponse createQueue(CreateQueueRequest r) {
        Json json = new Json().string("QueueName", r.queueName());
        if (r.hasAttributes()) {
            json.map("Attributes", r.attributesAsStrings());
        }
        return CreateQueueResponse.builder().queueUrl(call("CreateQueue", json).field("QueueUrl").get().text()).build();
    }

    @Override
    public DeleteQueueResponse deleteQueue(DeleteQueueRequest r) {
        call("DeleteQueue", new Json().string("QueueUrl", r.queueUrl()));
        return DeleteQueueResponse.builder().build();
    }

    @Override
    public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest r) {
        JsonNode response = call("GetQueueAttributes", new Json().string("QueueUrl", r.queueUrl())
                .list("AttributeNames", r.attributeNamesAsStrings()));
        Map<String, String> attributes = new LinkedHashMap<>();
        response.field("Attributes").ifPresent(a -> a.asObject().forEach((k, v) -> attributes.put(k, v.text())));
        return GetQueueAttributesResponse.builder().attributesWithStrings(attributes).build();
    }

    @Override
    public SendMessageResponse sendMessage(SendMessageRequest r) {
        Json json = new Json().string("QueueUrl", r.queueUrl()).string("MessageBody", r.messageBody())
                .string("MessageGroupId", r.messageGroupId())
                .string("MessageDeduplicationId", r.messageDeduplicationId());
        JsonNode response = call("SendMessage", json);
        return SendMessageResponse.builder().messageId(text(response, "MessageId"))
                .md5OfMessageBody(text(response, "MD5OfMessageBody"))
                .sequenceNumber(text(response, "SequenceNumber")).build();
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest r) {
        StringBuilder entries = new StringBuilder("[");
        for (SendMessageBatchRequestEntry e : r.entries()) {
            entries.append(entries.length() > 1 ? "," : "").append(new Json().string("Id", e.id())
                    .string("MessageBody", e.messageBody()).string("MessageGroupId", e.messageGroupId())
                    .string("MessageDeduplicationId", e.messageDeduplicationId()).end());
        }
        JsonNode response = call("SendMessageBatch", new Json().string("QueueUrl", r.queueUrl())
                .raw("Entries", entries.append(']').toString()));
        List<SendMessageBatchResultEntry> ok = new ArrayList<>();
        response.field("Successful").ifPresent(list -> list.asArray().forEach(e -> ok.add(
                SendMessageBatchResultEntry.builder().id(text(e, "Id")).messageId(text(e, "MessageId"))
                        .md5OfMessageBody(text(e, "MD5OfMessageBody")).sequenceNumber(text(e, "SequenceNumber"))
                        .build())));
        return SendMessageBatchResponse.builder().successful(ok).failed(failed(response)).build();
    }

    @Override
    public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest r) {
        Json json = new Json().string("QueueUrl", r.queueUrl()).number("MaxNumberOfMessages", r.maxNumberOfMessages())
                .number("WaitTimeSeconds", r.waitTimeSeconds()).number("VisibilityTimeout", r.visibilityTimeout());
        if (r.hasMessageSystemAttributeNames()) {
            json.list("MessageSystemAttributeNames", r.messageSystemAttributeNamesAsStrings());
        }
        JsonNode response = call("ReceiveMessage", json);
        List<Message> messages = new ArrayList<>();
        response.field("Messages").ifPresent(list -> list.asArray().forEach(m -> {
            Map<String, String> attributes = new LinkedHashMap<>();
            m.field("Attributes").ifPresent(a -> a.asObject().forEach((k, v) -> attributes.put(k, v.text())));
            messages.add(Message.builder().messageId(text(m, "MessageId")).receiptHandle(text(m, "ReceiptHandle"))
                    .md5OfBody(text(m, "MD5OfBody")).body(text(m, "Body")).attributesWithStrings(attributes).build());
        }));
        return ReceiveMessageResponse.builder().messages(messages).build();
    }

    @Override
    public DeleteMessageResponse deleteMessage(DeleteMessageRequest r) {
        call("DeleteMessage", new Json().string("QueueUrl", r.queueUrl()).string("ReceiptHandle", r.receiptHandle()));
        return DeleteMessageResponse.builder().build();
    }

    @Override
    public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest r) {
        StringBuilder entries = new StringBuilder("[");
        for (DeleteMessageBatchRequestEntry e : r.entries()) {
            entries.append(entries.length() > 1 ? "," : "")
                    .append(new Json().string("Id", e.id()).string("ReceiptHandle", e.receiptHandle()).end());
        }
        JsonNode response = call("DeleteMessageBatch", new Json().string("QueueUrl", r.queueUrl())
                .raw("Entries", entries.append(']').toString()));
        List<DeleteMessageBatchResultEntry> ok = new ArrayList<>();
        response.field("Successful").ifPresent(list -> list.asArray().forEach(e -> ok.add(
                DeleteMessageBatchResultEntry.builder().id(text(e, "Id")).build())));
        return DeleteMessageBatchResponse.builder().successful(ok).failed(failed(response)).build();
    }

    private static List<BatchResultErrorEntry> failed(JsonNode response) {
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        response.field("Failed").ifPresent(list -> list.asArray().forEach(e -> failed.add(
                BatchResultErrorEntry.builder().id(text(e, "Id")).code(text(e, "Code")).message(text(e, "Message"))
                        .senderFault(e.field("SenderFault").map(JsonNode::asBoolean).orElse(false)).build())));
        return failed;
    }

    private static String text(JsonNode node, String field) {
        return node.field(field).filter(v -> !v.isNull()).map(JsonNode::text).orElse(null);
    }

    private JsonNode call(String operation, Json json) {
        byte[] body = json.end().getBytes(StandardCharsets.UTF_8);
        Connection.Answer answer;
        try {
            answer = connection.get().exchange(operation, body);
        } catch (IOException e) {
            connection.get().close();
            throw SdkClientException.create(operation + ": " + e.getMessage(), e);
        }
        JsonNode response = answer.body().length == 0 ? JsonNode.parser().parse("{}")
                : JsonNode.parser().parse(answer.body());
        if (answer.status() != 200) {
            String type = text(response, "__type");
            String message = text(response, "message");
            throw SqsException.builder().statusCode(answer.status())
                    .message(operation + ": " + type + ": " + message)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(type).errorMessage(message).build())
                    .build();
        }
        return response;
    }

    /**
     * One keep-alive HTTP/1.1 connection per calling thread: the request head is a fixed string but
     * for the target and length, the answer is read by its Content-Length.
     */
    private static final class Connection {
        record Answer(int status, byte[] body) {
        }

        private final String host;
        private final int port;
        private final String head;
        private static final long IDLE_NANOS = 5_000_000_000L;
        private Socket socket;
        private long lastUsed;
        private OutputStream out;
        private InputStream in;

        Connection(URI endpoint) {
            this.host = endpoint.getHost();
            this.port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
            this.head = "POST / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/x-amz-json-1.0\r\n"
                    + "Authorization: " + AUTHORIZATION + "\r\n";
        }

        Answer exchange(String operation, byte[] body) throws IOException {
            // A connection idle for a while may have been closed by the server (ElasticMQ's idle
            // timeout is 60 s): open a new one rather than send a request that may never be read.
            long now = System.nanoTime();
            if (socket != null && now - lastUsed > IDLE_NANOS) {
                close();
            }
            lastUsed = now;
            if (socket == null) {
                socket = new Socket(host, port);
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(45_000);
                out = new BufferedOutputStream(socket.getOutputStream(), 8192);
                in = new BufferedInputStream(socket.getInputStream(), 16384);
            }
            out.write((head + "X-Amz-Target: AmazonSQS." + operation + "\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String status = line();
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            boolean closes = false;
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closes = true;
                }
            }
            byte[] answer;
            if (chunked) {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    all.write(in.readNBytes(size));
                    line();
                }
                line();
                answer = all.toByteArray();
            } else {
                answer = in.readNBytes(Math.max(0, length));
            }
            if (closes) {
                close();
            }
            return new Answer(code, answer);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) c);
            }
            return line.isEmpty() ? null : line.toString();
        }

        void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }

    /** A JSON object written field by field; absent (null) members are left out. */
    private static final class Json {
        private final StringBuilder out = new StringBuilder(512).append('{');

        Json string(String name, String value) {
            if (value != null) {
                name(name);
                quote(value);
            }
            return this;
        }

        Json number(String name, Integer value) {
            if (value != null) {
                name(name);
                out.append(value.intValue());
            }
            return this;
        }

        Json list(String name, List<String> values) {
            name(name);
            out.append('[');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quote(values.get(i));
            }
            out.append(']');
            return this;
        }

        Json map(String name, Map<String, String> values) {
            name(name);
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(e.getKey());
                out.append(':');
                quote(e.getValue());
            }
            out.append('}');
            return this;
        }

        Json raw(String name, String json) {
            name(name);
            out.append(json);
            return this;
        }

        String end() {
            return out.toString() + '}';
        }

        private void name(String name) {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(name);
            out.append(':');
        }

        private void quote(String value) {
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
