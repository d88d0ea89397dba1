package dev.eddy.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Eddy, the AWS SQS/SNS/S3/Lambda emulator, as a Testcontainers container: every service on port
 * 4566, ready once {@code /q/health/ready} answers 200. Point an SDK at {@link #getEndpoint()}; any
 * credentials are accepted ({@link #getAccessKey()}, {@link #getSecretKey()} are conventional ones).
 *
 * <p>State lives in memory unless {@link #withRedis()} adds a Redis container as the store. Several
 * Eddy containers given the same Redis ({@link #withRedis(GenericContainer)}) behave as replicas of one
 * SQS.
 */
public class EddyContainer extends GenericContainer<EddyContainer> {
    /** The tag Eddy's Dockerfile ({@code src/main/docker/Dockerfile.jvm}) builds. */
    public static final String DEFAULT_IMAGE = "eddy:jvm";
    /** The one port every service answers on. */
    public static final int PORT = 4566;
    /** The image {@link #withRedis()} runs. */
    public static final String REDIS_IMAGE = "redis:8";
    /** The name Eddy reaches its Redis by on their shared network. */
    public static final String REDIS_ALIAS = "redis";

    private static final String DEFAULT_REGION = "us-east-1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GenericContainer<?> redis;
    // What withRedis() made itself, and so stops with this container.
    private GenericContainer<?> ownedRedis;
    private Network ownedNetwork;

    /** Eddy from {@link #DEFAULT_IMAGE}. */
    public EddyContainer() {
        this(DEFAULT_IMAGE);
    }

    /** Eddy from the named image, e.g. {@code "eddy:jvm"}. */
    public EddyContainer(String image) {
        this(DockerImageName.parse(image));
    }

    /** Eddy from the given image. */
    public EddyContainer(DockerImageName image) {
        super(image);
        withExposedPorts(PORT);
        // Readiness includes the store, so with Redis this also waits for Redis to answer PING.
        waitingFor(Wait.forHttp("/q/health/ready").forPort(PORT).forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(2)));
    }

    /**
     * Stores Eddy's state in a new Redis container ({@link #REDIS_IMAGE}, append-only file on), started
     * before Eddy and stopped with it. {@link #getRedis()} returns it, to share with another Eddy.
     */
    public EddyContainer withRedis() {
        GenericContainer<?> created = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
                .withCommand("redis-server", "--appendonly", "yes")
                .withExposedPorts(6379)
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
        withRedis(created);
        ownedRedis = created;
        return this;
    }

    /**
     * Stores Eddy's state in the given Redis container, which this container depends on (starting Eddy
     * starts it) but does not stop. Eddy joins the Redis container's network, or, when it has none, a
     * new network that both join; the Redis container gets the network alias {@link #REDIS_ALIAS}.
     */
    public EddyContainer withRedis(GenericContainer<?> redis) {
        Network network = redis.getNetwork();
        if (network == null) {
            network = Network.newNetwork();
            ownedNetwork = network;
            redis.withNetwork(network);
        }
        if (!redis.getNetworkAliases().contains(REDIS_ALIAS)) {
            redis.withNetworkAliases(REDIS_ALIAS);
        }
        this.redis = redis;
        return withNetwork(network)
                .withEnv("EDDY_STORE", "redis")
                .withEnv("QUARKUS_REDIS_HOSTS", "redis://" + REDIS_ALIAS + ":6379")
                .dependsOn(redis);
    }

    /** The Redis container Eddy stores its state in, if {@code withRedis} was called. */
    public Optional<GenericContainer<?>> getRedis() {
        return Optional.ofNullable(redis);
    }

    /** Eddy's endpoint as seen from the test, {@code http://host:mappedPort}: an SDK's {@code endpointOverride}. */
    public URI getEndpoint() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(PORT));
    }

    /** The region Eddy assumes for requests without a SigV4 scope ({@code EDDY_REGION}, default us-east-1). */
    public String getRegion() {
        return getEnvMap().getOrDefault("EDDY_REGION", DEFAULT_REGION);
    }

    /** An access key id for SDK clients; Eddy does not check signatures, so any would do. */
    public String getAccessKey() {
        return "test";
    }

    /** A secret access key for SDK clients; Eddy does not check signatures, so any would do. */
    public String getSecretKey() {
        return "test";
    }

    /**
     * Drops every queue, message, topic, function, bucket and object ({@code POST /_eddy/reset}), in
     * Redis too when Redis is the store: a clean Eddy between tests without restarting the container.
     */
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(getEndpoint().resolve("/_eddy/reset"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("POST /_eddy/reset failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST /_eddy/reset", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /_eddy/reset answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Stops Eddy, then the Redis container and network that {@link #withRedis()} created, if any. */
    @Override
    public void stop() {
        super.stop();
        if (ownedRedis != null) {
            ownedRedis.stop();
        }
        if (ownedNetwork != null) {
            ownedNetwork.close();
        }
    }
}
