package dev.eddy.sns;

import dev.eddy.sqs.SqsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/** A real SNS client (AWS SDK for Java v2, SNS Query protocol) pointed at the running test Eddy. */
public final class SnsClients {
    private static final Map<URI, SnsClient> CLIENTS = new ConcurrentHashMap<>();

    private SnsClients() {
    }

    public static SnsClient sns() {
        return CLIENTS.computeIfAbsent(SqsClients.endpoint(), endpoint -> SnsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(40)).build())
                .build());
    }
}
