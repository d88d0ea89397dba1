package dev.eddy.edge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SigV4 credential scope of a request ({@code Credential=KEY/DATE/REGION/SERVICE/aws4_request}),
 * from the Authorization header or a presigned URL's {@code X-Amz-Credential}. Eddy does not verify
 * signatures; the scope tells it the caller's region, service and access key.
 */
record SigV4Scope(String accessKeyId, String region, String service) {
    private static final Pattern CREDENTIAL =
            Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/([^/]+)/aws4_request");
    private static final Pattern PRESIGNED = Pattern.compile("([^/]+)/[^/]+/([^/]+)/([^/]+)/aws4_request");

    static SigV4Scope of(String authorization, String presignedCredential) {
        if (authorization != null) {
            Matcher m = CREDENTIAL.matcher(authorization);
            if (m.find()) {
                return new SigV4Scope(m.group(1), m.group(2), m.group(3));
            }
        }
        if (presignedCredential != null) {
            Matcher m = PRESIGNED.matcher(presignedCredential);
            if (m.matches()) {
                return new SigV4Scope(m.group(1), m.group(2), m.group(3));
            }
        }
        return null;
    }
}
