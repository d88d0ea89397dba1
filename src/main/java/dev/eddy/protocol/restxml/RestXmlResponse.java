package dev.eddy.protocol.restxml;

import io.smallrye.mutiny.Multi;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A REST-XML answer: status, headers and either a body in hand or a stream of an object's bytes read
 * from the store piece by piece ({@code length} bytes in all), so large objects never sit whole in
 * memory.
 */
public record RestXmlResponse(int status, Map<String, String> headers, byte[] body, Multi<byte[]> stream, long length) {

    static RestXmlResponse of(int status, Map<String, String> headers, byte[] body) {
        return new RestXmlResponse(status, headers, body, null, body.length);
    }

    static RestXmlResponse xml(byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/xml");
        return of(200, headers, body);
    }

    static RestXmlResponse empty(int status) {
        return of(status, new LinkedHashMap<>(), new byte[0]);
    }

    RestXmlResponse header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }
}
