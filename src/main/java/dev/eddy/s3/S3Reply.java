package dev.eddy.s3;

import io.smallrye.mutiny.Multi;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An S3 answer: status, headers and either a body in hand or a stream of the object's bytes read
 * from the store piece by piece ({@code length} bytes in all), so large objects never sit whole in
 * memory.
 */
public record S3Reply(int status, Map<String, String> headers, byte[] body, Multi<byte[]> stream, long length) {

    static S3Reply of(int status, Map<String, String> headers, byte[] body) {
        return new S3Reply(status, headers, body, null, body.length);
    }

    static S3Reply xml(byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/xml");
        return of(200, headers, body);
    }

    static S3Reply empty(int status) {
        return of(status, new LinkedHashMap<>(), new byte[0]);
    }

    S3Reply header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }
}
