package dev.eddy.s3;

import dev.eddy.common.EddyClock;
import dev.eddy.common.RequestContext;
import dev.eddy.s3.S3Model.Bucket;
import dev.eddy.s3.S3Model.BucketRequest;
import dev.eddy.s3.S3Model.CreateBucketConfiguration;
import dev.eddy.s3.S3Model.CreateBucketRequest;
import dev.eddy.s3.S3Model.CreateBucketResult;
import dev.eddy.s3.S3Model.Empty;
import dev.eddy.s3.S3Model.HeadBucketResult;
import dev.eddy.s3.S3Model.ListAllMyBucketsResult;
import dev.eddy.s3.S3Model.ListBucketsRequest;
import dev.eddy.s3.S3Model.LocationConstraint;
import dev.eddy.s3.S3Model.VersioningConfiguration;
import dev.eddy.store.BucketRecord;
import dev.eddy.store.ObjectStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Bucket operations: CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation, and
 * the settings Eddy never has, read as AWS answers for a bucket without them.
 */
@ApplicationScoped
public class S3Buckets {
    private static final String US_EAST_1 = "us-east-1";

    private final ObjectStore store;
    private final EddyClock clock;

    S3Buckets(ObjectStore store, EddyClock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The bucket, or NoSuchBucket. */
    Uni<BucketRecord> existing(String name) {
        return store.bucket(name).onItem().ifNull().failWith(() -> S3Errors.noSuchBucket(name));
    }

    public Uni<CreateBucketResult> create(RequestContext context, CreateBucketRequest call) {
        String name = call.bucket();
        if (!BucketNames.valid(name)) {
            throw S3Errors.invalidBucketName(name);
        }
        String region = context.region();
        CreateBucketConfiguration configuration = call.createBucketConfiguration().get();
        String constraint = configuration == null ? null : configuration.locationConstraint();
        if (constraint != null && !constraint.isEmpty()) {
            if (constraint.equals(US_EAST_1)) {
                throw S3Exception.with("InvalidLocationConstraint", 400,
                        "The specified location-constraint is not valid", "LocationConstraint", constraint);
            }
            if (!constraint.equals(region)) {
                throw new S3Exception("IllegalLocationConstraintException", 400, "The " + constraint
                        + " location constraint is incompatible for the region specific endpoint this request was "
                        + "sent to.");
            }
        } else if (!region.equals(US_EAST_1)) {
            throw new S3Exception("IllegalLocationConstraintException", 400, "The unspecified location constraint "
                    + "is incompatible for the region specific endpoint this request was sent to.");
        }
        long now = clock.now() / 1000 * 1000;
        BucketRecord bucket = new BucketRecord(name, context.accountId(), region, now);
        return store.createBucket(bucket).chain(created -> {
            if (created) {
                return Uni.createFrom().item(new CreateBucketResult("/" + name));
            }
            return store.bucket(name).map(existing -> {
                // us-east-1 keeps its legacy answer: re-creating your own bucket there succeeds.
                if (existing != null && existing.region().equals(US_EAST_1) && region.equals(US_EAST_1)) {
                    return new CreateBucketResult("/" + name);
                }
                throw S3Errors.bucketAlreadyOwnedByYou(name);
            });
        });
    }

    public Uni<Empty> delete(RequestContext context, BucketRequest call) {
        return store.deleteBucket(call.bucket()).map(outcome -> switch (outcome) {
            case DELETED -> Empty.INSTANCE;
            case NOT_EMPTY -> throw S3Errors.bucketNotEmpty(call.bucket());
            case NO_SUCH_BUCKET -> throw S3Errors.noSuchBucket(call.bucket());
        });
    }

    public Uni<HeadBucketResult> head(RequestContext context, BucketRequest call) {
        return existing(call.bucket()).map(b -> new HeadBucketResult(b.region(), "false"));
    }

    public Uni<LocationConstraint> location(RequestContext context, BucketRequest call) {
        // us-east-1 buckets answer an empty constraint.
        return existing(call.bucket()).map(b -> new LocationConstraint(b.region().equals(US_EAST_1) ? "" : b.region()));
    }

    /** Eddy does not version: every bucket answers as one whose versioning was never enabled. */
    public Uni<VersioningConfiguration> versioning(RequestContext context, BucketRequest call) {
        return existing(call.bucket()).map(b -> new VersioningConfiguration());
    }

    /** Eddy keeps no bucket policies: every bucket answers as one without. */
    public Uni<Empty> policy(RequestContext context, BucketRequest call) {
        return existing(call.bucket()).map(b -> {
            throw S3Exception.with("NoSuchBucketPolicy", 404, "The bucket policy does not exist", "BucketName",
                    call.bucket());
        });
    }

    /** Eddy keeps no bucket tags: every bucket answers as one without. */
    public Uni<Empty> tagging(RequestContext context, BucketRequest call) {
        return existing(call.bucket()).map(b -> {
            throw S3Exception.with("NoSuchTagSet", 404, "The TagSet does not exist", "BucketName", call.bucket());
        });
    }

    public Uni<ListAllMyBucketsResult> list(RequestContext context, ListBucketsRequest call) {
        String prefix = call.prefix();
        String token = call.continuationToken();
        int max = S3Params.integer("max-buckets", call.maxBuckets(), 10000, 1, 10000);
        return store.buckets().map(all -> {
            List<BucketRecord> selected = all.stream()
                    .filter(b -> prefix == null || b.name().startsWith(prefix))
                    .filter(b -> token == null || b.name().compareTo(S3Params.untoken(token)) > 0)
                    .filter(b -> call.bucketRegion() == null || b.region().equals(call.bucketRegion()))
                    .toList();
            boolean truncated = selected.size() > max;
            List<BucketRecord> page = truncated ? selected.subList(0, max) : selected;
            return new ListAllMyBucketsResult(S3Owner.of(context.accountId()),
                    page.stream().map(b -> new Bucket(b.name(), Instant.ofEpochMilli(b.created()), b.region())).toList(),
                    truncated ? S3Params.token(page.get(page.size() - 1).name()) : null, prefix);
        });
    }
}
