package dev.eddy.s3;

import dev.eddy.common.EddyClock;
import dev.eddy.store.BucketRecord;
import dev.eddy.store.ObjectStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.w3c.dom.Element;

/** Bucket operations: CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation. */
@ApplicationScoped
class S3Buckets {
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

    Uni<S3Reply> create(S3Call call) {
        String name = call.bucket();
        if (!BucketNames.valid(name)) {
            throw S3Errors.invalidBucketName(name);
        }
        String region = call.context().region();
        String constraint = null;
        if (call.body().length > 0) {
            Element root = S3Xml.parse(call.body(), "CreateBucketConfiguration");
            constraint = S3Xml.childText(root, "LocationConstraint");
        }
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
        BucketRecord bucket = new BucketRecord(name, call.context().accountId(), region, now);
        return store.createBucket(bucket).chain(created -> {
            if (created) {
                return Uni.createFrom().item(S3Reply.empty(200).header("Location", "/" + name));
            }
            return store.bucket(name).map(existing -> {
                // us-east-1 keeps its legacy answer: re-creating your own bucket there succeeds.
                if (existing != null && existing.region().equals(US_EAST_1) && region.equals(US_EAST_1)) {
                    return S3Reply.empty(200).header("Location", "/" + name);
                }
                throw S3Errors.bucketAlreadyOwnedByYou(name);
            });
        });
    }

    Uni<S3Reply> delete(S3Call call) {
        return store.deleteBucket(call.bucket()).map(outcome -> switch (outcome) {
            case DELETED -> S3Reply.empty(204);
            case NOT_EMPTY -> throw S3Errors.bucketNotEmpty(call.bucket());
            case NO_SUCH_BUCKET -> throw S3Errors.noSuchBucket(call.bucket());
        });
    }

    Uni<S3Reply> head(S3Call call) {
        return existing(call.bucket()).map(b -> S3Reply.empty(200).header("x-amz-bucket-region", b.region())
                .header("x-amz-access-point-alias", "false"));
    }

    Uni<S3Reply> location(S3Call call) {
        return existing(call.bucket()).map(b -> {
            S3Xml xml = S3Xml.document("LocationConstraint");
            // us-east-1 buckets answer an empty constraint.
            return S3Reply.xml(xml.closeWithText("LocationConstraint",
                    b.region().equals(US_EAST_1) ? "" : b.region()));
        });
    }

    /** Eddy does not version: every bucket answers as one whose versioning was never enabled. */
    Uni<S3Reply> versioning(S3Call call) {
        return existing(call.bucket()).map(b -> S3Reply.xml(S3Xml.document("VersioningConfiguration")
                .close("VersioningConfiguration")));
    }

    Uni<S3Reply> list(S3Call call) {
        String prefix = call.param("prefix");
        String token = call.param("continuation-token");
        int max = S3Params.integer(call, "max-buckets", 10000, 1, 10000);
        return store.buckets().map(all -> {
            List<BucketRecord> selected = all.stream()
                    .filter(b -> prefix == null || b.name().startsWith(prefix))
                    .filter(b -> token == null || b.name().compareTo(S3Params.untoken(token)) > 0)
                    .filter(b -> call.param("bucket-region") == null || b.region().equals(call.param("bucket-region")))
                    .toList();
            boolean truncated = selected.size() > max;
            List<BucketRecord> page = truncated ? selected.subList(0, max) : selected;
            S3Xml xml = S3Xml.document("ListAllMyBucketsResult");
            S3Owner.write(xml, "Owner", call.context().accountId());
            xml.start("Buckets");
            for (BucketRecord b : page) {
                xml.start("Bucket").text("Name", b.name()).text("CreationDate", S3Xml.time(b.created()))
                        .text("BucketRegion", b.region()).end("Bucket");
            }
            xml.end("Buckets");
            if (truncated) {
                xml.text("ContinuationToken", S3Params.token(page.get(page.size() - 1).name()));
            }
            xml.text("Prefix", prefix);
            return S3Reply.xml(xml.close("ListAllMyBucketsResult"));
        });
    }
}
