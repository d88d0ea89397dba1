package dev.eddy.protocol.restxml;

import dev.eddy.common.FormEncoding;
import dev.eddy.s3.S3Errors;
import dev.eddy.s3.S3Exception;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code aws-chunked} content encoding SDKs stream uploads in: chunks of
 * {@code <hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n}, a zero-size chunk, then trailing
 * headers ({@code x-amz-checksum-crc32:<base64>}, {@code x-amz-trailer-signature:…}) and an empty
 * line. Eddy does not check signatures, so signed and unsigned streams decode alike.
 */
record AwsChunked(byte[] payload, Map<String, String> trailers) {

    /** Whether a request's body is aws-chunked: its Content-Encoding or x-amz-content-sha256 says so. */
    static boolean applies(String contentEncoding, String contentSha256) {
        boolean encoded = contentEncoding != null && contentEncoding.toLowerCase(Locale.ROOT).contains("aws-chunked");
        return encoded || (contentSha256 != null && contentSha256.startsWith("STREAMING-"));
    }

    static AwsChunked decode(byte[] body) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(body.length);
        int at = 0;
        while (true) {
            int eol = lineEnd(body, at);
            String header = new String(body, at, eol - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            String hex = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw S3Errors.incompleteBody();
            }
            at = eol + 2;
            if (size == 0) {
                break;
            }
            if (size < 0 || at + size + 2 > body.length || body[(int) (at + size)] != '\r'
                    || body[(int) (at + size + 1)] != '\n') {
                throw S3Errors.incompleteBody();
            }
            payload.write(body, at, (int) size);
            at += (int) size + 2;
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        while (at < body.length) {
            int eol = lineEnd(body, at);
            String line = new String(body, at, eol - at, StandardCharsets.UTF_8);
            at = eol + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw S3Errors.incompleteBody();
            }
            trailers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new AwsChunked(payload.toByteArray(), trailers);
    }

    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        // A stream whose last line lacks its CRLF still ends there.
        if (from < body.length) {
            return body.length;
        }
        throw S3Errors.incompleteBody();
    }
}
