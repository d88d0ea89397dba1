package dev.eddy.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Every {@code eddy.*} setting ({@code EDDY_*} in the environment). */
@ConfigMapping(prefix = "eddy")
public interface EddyConfig {

    /** Where state lives: {@code memory} or {@code redis}. */
    @WithDefault("memory")
    String store();

    /** Region used when a request carries no SigV4 credential scope. */
    @WithDefault("us-east-1")
    String region();

    /** The account that owns every resource. */
    @WithDefault("000000000000")
    String accountId();

    /**
     * Base URL put in queue URLs (e.g. {@code http://eddy.messaging:4566}); when absent, the request's
     * Host header is used, so URLs work from other containers and pods.
     */
    Optional<String> publicBaseUrl();

    Sqs sqs();

    Sns sns();

    Delivery delivery();

    S3 s3();

    Memory memory();

    Redis redis();

    /** Functions registered at start: {@code eddy.functions.<name>=<url>}. */
    Map<String, String> functions();

    interface Sqs {
        /**
         * AWS's 60-second rules: a second PurgeQueue within 60 s fails with PurgeQueueInProgress and a
         * deleted queue's name cannot be reused for 60 s. Off by default because test suites purge and
         * recreate queues between cases.
         */
        @WithDefault("false")
        boolean enforceSixtySecondRules();
    }

    /**
     * The memory store's guard against a full heap: writes that add data fail with ServiceUnavailable
     * while reads, receives and deletes go on, so consumers can drain instead of Eddy dying of
     * OutOfMemoryError. The Redis store has Redis's own {@code maxmemory} instead.
     */
    interface Memory {
        /**
         * Heap use after a collection, in percent of the maximum, at which writes start failing; 100
         * turns the guard off.
         */
        @WithDefault("90")
        int fullHeapPercent();

        /** Heap use after a collection below which writes are accepted again; 10 below the full mark when unset. */
        OptionalInt resumeHeapPercent();
    }

    /** The Redis store's guarantees beyond Redis's own settings ({@code quarkus.redis.*}). */
    interface Redis {
        /**
         * Replicas that must hold a write before the client hears it succeeded (Redis {@code WAIT} on
         * the write's connection). 0, the default, answers as soon as the primary has it: Redis
         * replicates asynchronously, so a failover may then undo an acknowledged write.
         */
        @WithDefault("0")
        int waitReplicas();

        /**
         * How long a write waits for those replicas; when they do not confirm in time the client gets
         * ServiceUnavailable (503), though the write may still be there. Under 5 s, the limit of any
         * one Redis call.
         */
        @WithDefault("1s")
        java.time.Duration waitTimeout();
    }

    interface S3 {
        /**
         * Check, as AWS does, that a notification destination's Policy lets {@code s3.amazonaws.com}
         * send to it. Off by default: local queues and topics rarely carry such a policy.
         */
        @WithDefault("false")
        boolean checkDestinationPermissions();
    }

    interface Sns {
        /**
         * Hosts HTTP/HTTPS subscriptions may deliver to; when unset, any. A shared deployment sets it
         * so that nobody can point Eddy at internal addresses.
         */
        Optional<java.util.List<String>> httpAllowedHosts();

        /** How long one HTTP delivery attempt may take. */
        @WithDefault("15s")
        java.time.Duration httpTimeout();

        /**
         * Connections Eddy opens to one subscriber host at most; deliveries beyond them wait for
         * one (not a failed attempt), as many as the outbox has in flight.
         */
        @WithDefault("20")
        int httpConnectionsPerHost();
    }

    /** The outbox of deliveries that outlive the request that caused them (SNS to HTTP and functions). */
    interface Delivery {
        /**
         * How long a replica holds a delivery it claimed before another replica may take it over:
         * longer than one attempt may take, short enough that a dead replica's deliveries resume soon.
         */
        @WithDefault("60s")
        java.time.Duration lease();

        /** How often each replica looks for deliveries that are due (retries, other replicas' expired leases). */
        @WithDefault("1s")
        java.time.Duration scanInterval();
    }
}
