package dev.eddy.store;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An S3 bucket. Bucket names are global in AWS, so the account is only its owner.
 *
 * @param created epoch milliseconds
 */
@RegisterForReflection
public record BucketRecord(String name, String account, String region, long created) {
}
