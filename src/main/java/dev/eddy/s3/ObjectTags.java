package dev.eddy.s3;

import dev.eddy.common.FormEncoding;
import dev.eddy.s3.S3Model.Tag;
import dev.eddy.s3.S3Model.Tagging;
import java.util.LinkedHashMap;
import java.util.Map;

/** Object tags: read from the x-amz-tagging header or a Tagging document, within S3's limits. */
final class ObjectTags {
    private ObjectTags() {
    }

    /** The tags of an {@code x-amz-tagging} header ({@code k1=v1&k2=v2}, URL-encoded). */
    static Map<String, String> fromHeader(String header) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (header == null || header.isEmpty()) {
            return tags;
        }
        try {
            FormEncoding.decode(header, (key, value) -> add(tags, key, value));
        } catch (FormEncoding.MalformedException e) {
            throw S3Errors.invalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded "
                    + "URL query parameters without tag name duplicates.", "x-amz-tagging", header);
        }
        return check(tags);
    }

    /** The tags of a Tagging document (PutObjectTagging's, or a browser upload's tagging field). */
    static Map<String, String> fromDocument(Tagging document) {
        if (document.tagSet() == null) {
            throw S3Errors.malformedXml();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : document.tagSet()) {
            if (tag.key() == null || tag.value() == null) {
                throw S3Errors.malformedXml();
            }
            add(tags, tag.key(), tag.value());
        }
        return check(tags);
    }

    private static void add(Map<String, String> tags, String key, String value) {
        if (tags.put(key, value) != null) {
            throw S3Errors.invalidTag("Cannot provide multiple Tags with the same key");
        }
    }

    private static Map<String, String> check(Map<String, String> tags) {
        if (tags.size() > 10) {
            throw S3Errors.invalidTag("Object tags cannot be greater than 10");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().isEmpty() || tag.getKey().codePointCount(0, tag.getKey().length()) > 128) {
                throw S3Errors.invalidTag("The TagKey you have provided is invalid");
            }
            if (tag.getValue().codePointCount(0, tag.getValue().length()) > 256) {
                throw S3Errors.invalidTag("The TagValue you have provided is invalid");
            }
        }
        return tags;
    }
}
