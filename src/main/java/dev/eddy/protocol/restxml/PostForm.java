package dev.eddy.protocol.restxml;

import dev.eddy.common.FormEncoding;
import dev.eddy.s3.S3Errors;
import dev.eddy.s3.S3Exception;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser-based upload (POST Object): a multipart/form-data body whose fields (key, Content-Type,
 * x-amz-meta-*, success_action_status…) come first and whose {@code file} field holds the bytes.
 * Field names are matched without regard to case, as S3 does.
 */
record PostForm(Map<String, String> fields, String filename, byte[] file) {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"?)([^\";]+)\\1");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    static boolean applies(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static PostForm parse(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw malformed();
        }
        byte[] delimiter = ("--" + m.group(2)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, String> fields = new LinkedHashMap<>();
        String filename = null;
        byte[] file = null;
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw malformed();
        }
        while (true) {
            at += delimiter.length;
            if (at + 1 < body.length && body[at] == '-' && body[at + 1] == '-') {
                break;
            }
            at = skipLine(body, at);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (headersEnd < 0) {
                throw malformed();
            }
            String headers = new String(body, at, headersEnd - at, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int next = indexOf(body, delimiter, contentStart);
            if (next < 0) {
                throw malformed();
            }
            int contentEnd = next - 2;
            if (contentEnd < contentStart) {
                throw malformed();
            }
            Matcher name = NAME.matcher(headers);
            if (!name.find()) {
                throw malformed();
            }
            String field = name.group(1).toLowerCase(Locale.ROOT);
            if (field.equals("file")) {
                Matcher f = FILENAME.matcher(headers);
                filename = f.find() ? f.group(1) : "";
                file = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
                break;
            }
            fields.put(field, new String(body, contentStart, contentEnd - contentStart, StandardCharsets.UTF_8));
            at = next;
        }
        if (file == null) {
            throw S3Errors.invalidArgument("POST requires exactly one file upload per request.", "file", "0");
        }
        return new PostForm(fields, filename, file);
    }

    private static S3Exception malformed() {
        return new S3Exception("MalformedPOSTRequest", 400, "The body of your POST request is not well-formed "
                + "multipart/form-data.");
    }

    private static int skipLine(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i + 2;
            }
        }
        throw malformed();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
