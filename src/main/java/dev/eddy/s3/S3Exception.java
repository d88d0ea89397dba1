package dev.eddy.s3;

import dev.eddy.common.AwsException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An S3 error: AWS's code, status and message, plus the extra elements S3 puts in its
 * {@code <Error>} body (Resource, BucketName, Key, ArgumentName, ArgumentValue…).
 */
public class S3Exception extends AwsException {
    private final Map<String, String> details;

    public S3Exception(String code, int status, String message, Map<String, String> details) {
        super(code, code, status, status < 500, message);
        this.details = details;
    }

    public S3Exception(String code, int status, String message) {
        this(code, status, message, Map.of());
    }

    @Override
    public Map<String, String> details() {
        return details;
    }

    public static S3Exception with(String code, int status, String message, String... pairs) {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                details.put(pairs[i], pairs[i + 1]);
            }
        }
        return new S3Exception(code, status, message, details);
    }
}
