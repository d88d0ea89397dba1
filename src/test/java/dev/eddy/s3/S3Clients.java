package dev.eddy.s3;

import dev.eddy.sqs.SqsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Real S3 clients (AWS SDK for Java v2, default checksums on) pointed at the running test Eddy. */
public final class S3Clients {
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
    private static final Map<URI, S3Client> PATH = new ConcurrentHashMap<>();
    private static final Map<URI, S3Client> VIRTUAL = new ConcurrentHashMap<>();
    private static final Map<URI, S3AsyncClient> ASYNC = new ConcurrentHashMap<>();
    /** The hosts the virtual-host client addressed (to check that it did use virtual-host style). */
    static final java.util.List<String> VIRTUAL_HOSTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private S3Clients() {
    }

    /** Path-style addressing: {@code http://localhost:<port>/<bucket>/<key>}. */
    public static S3Client pathStyle() {
        return PATH.computeIfAbsent(SqsClients.endpoint(), endpoint -> S3Client.builder().endpointOverride(endpoint)
                .forcePathStyle(true).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build()).build());
    }

    /**
     * Virtual-host addressing: the SDK sends to {@code http://<bucket>.localhost:<port>/<key>}. Names
     * under .localhost do not resolve on every machine, so the connection goes to localhost while
     * the Host header the SDK signed ({@code <bucket>.localhost:<port>}) is sent unchanged.
     */
    public static S3Client virtualHost() {
        return VIRTUAL.computeIfAbsent(SqsClients.endpoint(), endpoint -> S3Client.builder().endpointOverride(endpoint)
                .forcePathStyle(false).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(new ToLocalhost(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60))
                        .build())).build());
    }

    /** The SDK's own multipart upload (S3AsyncClient with multipart on, 5 MiB parts). */
    public static S3AsyncClient multipartAsync() {
        return ASYNC.computeIfAbsent(SqsClients.endpoint(), endpoint -> S3AsyncClient.builder().endpointOverride(endpoint)
                .forcePathStyle(true).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .multipartEnabled(true)
                .multipartConfiguration(c -> c.minimumPartSizeInBytes(5L * 1024 * 1024)
                        .thresholdInBytes(5L * 1024 * 1024))
                .build());
    }

    public static S3Presigner presigner() {
        return S3Presigner.builder().endpointOverride(SqsClients.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build())
                .build();
    }

    /** Connects to localhost whatever the URL's host, keeping the signed Host header. */
    private record ToLocalhost(SdkHttpClient delegate) implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            SdkHttpRequest http = request.httpRequest();
            VIRTUAL_HOSTS.add(http.host());
            String host = http.host() + (http.port() > 0 ? ":" + http.port() : "");
            SdkHttpRequest local = http.toBuilder().host("localhost")
                    .putHeader("Host", http.firstMatchingHeader("Host").orElse(host)).build();
            Optional<software.amazon.awssdk.http.ContentStreamProvider> body = request.contentStreamProvider();
            return delegate.prepareRequest(HttpExecuteRequest.builder().request(local)
                    .contentStreamProvider(body.orElse(null)).build());
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public String clientName() {
            return delegate.clientName();
        }
    }
}
