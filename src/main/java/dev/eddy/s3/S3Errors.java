package dev.eddy.s3;

/** S3's errors, with the codes, statuses and messages AWS answers. */
public final class S3Errors {
    private S3Errors() {
    }

    public static S3Exception noSuchBucket(String bucket) {
        return S3Exception.with("NoSuchBucket", 404, "The specified bucket does not exist", "BucketName", bucket);
    }

    public static S3Exception noSuchKey(String key) {
        return S3Exception.with("NoSuchKey", 404, "The specified key does not exist.", "Key", key);
    }

    public static S3Exception noSuchUpload(String uploadId) {
        return S3Exception.with("NoSuchUpload", 404, "The specified upload does not exist. The upload ID may be "
                + "invalid, or the upload may have been aborted or completed.", "UploadId", uploadId);
    }

    public static S3Exception bucketAlreadyOwnedByYou(String bucket) {
        return S3Exception.with("BucketAlreadyOwnedByYou", 409, "Your previous request to create the named bucket "
                + "succeeded and you already own it.", "BucketName", bucket);
    }

    public static S3Exception bucketNotEmpty(String bucket) {
        return S3Exception.with("BucketNotEmpty", 409, "The bucket you tried to delete is not empty", "BucketName",
                bucket);
    }

    public static S3Exception invalidBucketName(String bucket) {
        return S3Exception.with("InvalidBucketName", 400, "The specified bucket is not valid.", "BucketName", bucket);
    }

    public static S3Exception malformedXml() {
        return new S3Exception("MalformedXML", 400, "The XML you provided was not well-formed or did not validate "
                + "against our published schema");
    }

    public static S3Exception invalidArgument(String message, String name, String value) {
        return S3Exception.with("InvalidArgument", 400, message, "ArgumentName", name, "ArgumentValue", value);
    }

    public static S3Exception invalidRequest(String message) {
        return new S3Exception("InvalidRequest", 400, message);
    }

    public static S3Exception invalidRange(long size, String range) {
        return S3Exception.with("InvalidRange", 416, "The requested range is not satisfiable", "RangeRequested",
                range, "ActualObjectSize", String.valueOf(size));
    }

    public static S3Exception preconditionFailed(String condition) {
        return S3Exception.with("PreconditionFailed", 412, "At least one of the pre-conditions you specified did "
                + "not hold", "Condition", condition);
    }

    public static S3Exception methodNotAllowed(String method, String resourceType) {
        return S3Exception.with("MethodNotAllowed", 405, "The specified method is not allowed against this resource.",
                "Method", method, "ResourceType", resourceType);
    }

    public static S3Exception notImplemented(String what) {
        return new S3Exception("NotImplemented", 501, "A header or query you provided implies functionality that is "
                + "not implemented: " + what);
    }

    public static S3Exception badDigest(String algorithm) {
        String name = algorithm.startsWith("SHA") ? algorithm.toLowerCase() : algorithm;
        return new S3Exception("BadDigest", 400, "The " + name + " you specified did not match the calculated checksum.");
    }

    public static S3Exception badContentMd5(String expected, String calculated) {
        return S3Exception.with("BadDigest", 400, "The Content-MD5 you specified did not match what we received.",
                "ExpectedDigest", expected, "CalculatedDigest", calculated);
    }

    public static S3Exception invalidDigest(String md5) {
        return S3Exception.with("InvalidDigest", 400, "The Content-MD5 you specified is not valid.", "Content-MD5", md5);
    }

    public static S3Exception contentSha256Mismatch(String client, String computed) {
        return S3Exception.with("XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does "
                + "not match what was computed.", "ClientComputedContentSHA256", client, "S3ComputedContentSHA256",
                computed);
    }

    public static S3Exception incompleteBody() {
        return new S3Exception("IncompleteBody", 400, "You did not provide the number of bytes specified by the "
                + "Content-Length HTTP header.");
    }

    public static S3Exception invalidPart(String message) {
        return new S3Exception("InvalidPart", 400, message == null ? "One or more of the specified parts could not be "
                + "found.  The part may not have been uploaded, or the specified entity tag may not match the part's "
                + "entity tag." : message);
    }

    public static S3Exception invalidPartOrder() {
        return new S3Exception("InvalidPartOrder", 400, "The list of parts was not in ascending order. Parts must be "
                + "ordered by part number.");
    }

    public static S3Exception entityTooSmall(long size, int partNumber) {
        return S3Exception.with("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed "
                + "size", "ProposedSize", String.valueOf(size), "MinSizeAllowed", "5242880", "PartNumber",
                String.valueOf(partNumber));
    }

    public static S3Exception entityTooLarge(long size, long max) {
        return S3Exception.with("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size",
                "ProposedSize", String.valueOf(size), "MaxSizeAllowed", String.valueOf(max));
    }

    public static S3Exception accessDenied(String message) {
        return new S3Exception("AccessDenied", 403, message);
    }

    public static S3Exception invalidTag(String message) {
        return new S3Exception("InvalidTag", 400, message);
    }
}
