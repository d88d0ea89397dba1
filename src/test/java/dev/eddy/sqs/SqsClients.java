package dev.eddy.sqs;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Real SQS clients pointed at the Eddy a {@code @QuarkusTest} started. */
public final class SqsClients {
    private SqsClients() {
    }

    /** The running test instance's base URL, e.g. {@code http://localhost:40123}. */
    public static URI endpoint() {
        return URI.create(ConfigProvider.getConfig().getValue("test.url", String.class));
    }

    private static final Map<URI, SqsClient> JSON_CLIENTS = new ConcurrentHashMap<>();
    private static final Map<URI, SqsClient> QUERY_CLIENTS = new ConcurrentHashMap<>();

    /** AWS SDK for Java v2: the SQS JSON 1.0 protocol. One client per running Eddy, reused. */
    public static SqsClient json() {
        return JSON_CLIENTS.computeIfAbsent(endpoint(), SqsClients::newJsonClient);
    }

    /** AWS SDK for Java v1 1.12.500 behind the v2 interface: the SQS Query protocol. */
    public static SqsClient query() {
        return QUERY_CLIENTS.computeIfAbsent(endpoint(), V1QuerySqsClient::new);
    }

    private static SqsClient newJsonClient(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(40)).build())
                .build();
    }
}
