package dev.eddy.s3;

import dev.eddy.common.RequestContext;
import dev.eddy.s3.S3Model.GetObjectRequest;
import dev.eddy.s3.S3Model.GetObjectResult;
import dev.eddy.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GetObject and HeadObject: preconditions, one range or one part, GetObject's {@code response-*}
 * overrides of the stored headers, and the bytes streamed from the store piece by piece.
 */
@ApplicationScoped
public class S3ObjectReads {
    /** GetObject's {@code response-*} parameters (prefix removed) and the headers they override. */
    private static final Map<String, String> OVERRIDES = Map.of("content-type", "Content-Type", "content-language",
            "Content-Language", "expires", "Expires", "cache-control", "Cache-Control", "content-disposition",
            "Content-Disposition", "content-encoding", "Content-Encoding");

    private final ObjectStore store;
    private final S3Objects objects;

    S3ObjectReads(ObjectStore store, S3Objects objects) {
        this.store = store;
        this.objects = objects;
    }

    public Uni<GetObjectResult> get(RequestContext context, GetObjectRequest call) {
        return read(call, false);
    }

    public Uni<GetObjectResult> head(RequestContext context, GetObjectRequest call) {
        return read(call, true);
    }

    private Uni<GetObjectResult> read(GetObjectRequest call, boolean head) {
        return objects.existing(call.bucket(), call.key()).map(object -> {
            Instant modified = Instant.ofEpochMilli(object.lastModified());
            if (Conditions.read(call.conditions(), object) == Conditions.Outcome.NOT_MODIFIED) {
                return new GetObjectResult(304, null, Map.of(), object.etag(), modified, null, Map.of(), null, null,
                        Map.of(), null, null, 0);
            }
            long first = 0;
            long last = object.size() - 1;
            boolean partial = false;
            Integer partsCount = null;
            String partNumber = call.partNumber();
            if (partNumber != null) {
                int n = S3Params.integer("partNumber", partNumber, 1, 1, 10000);
                int parts = Math.max(1, object.partsCount());
                if (n > parts) {
                    throw S3Exception.with("InvalidPartNumber", 416, "The requested partnumber is not satisfiable",
                            "PartNumberRequested", partNumber, "ActualPartCount", String.valueOf(parts));
                }
                if (object.partsCount() > 0) {
                    first = 0;
                    for (int i = 0; i < n - 1; i++) {
                        first += object.segments().get(i).size();
                    }
                    last = first + object.segments().get(n - 1).size() - 1;
                    partial = true;
                    partsCount = object.partsCount();
                }
            } else {
                ByteRange range = ByteRange.of(call.range(), object.size());
                if (range != null) {
                    first = range.first();
                    last = range.last();
                    partial = true;
                }
            }
            Map<String, String> headers = new LinkedHashMap<>(object.headers());
            overrides(call.responseHeaders(), headers);
            boolean checksums = !partial && "ENABLED".equalsIgnoreCase(call.checksumMode());
            long length = last - first + 1;
            return new GetObjectResult(partial ? 206 : 200,
                    partial ? "bytes " + first + "-" + last + "/" + object.size() : null, headers, object.etag(),
                    modified, "bytes", object.metadata(), object.tags().isEmpty() ? null : object.tags().size(),
                    partsCount, checksums ? object.checksums() : Map.of(), checksums ? object.checksumType() : null,
                    head || length <= 0 ? null : ObjectBytes.stream(store, object, first, last), Math.max(0, length));
        });
    }

    /** GetObject's {@code response-*} parameters override the stored headers. */
    private static void overrides(Map<String, String> parameters, Map<String, String> headers) {
        OVERRIDES.forEach((param, header) -> {
            String value = parameters.get(param);
            if (value != null) {
                checkHeaderValue("response-" + param, value);
                headers.put(header, value);
            }
        });
    }

    /** A value S3 is asked to send back as a header must be one HTTP can carry. */
    private static void checkHeaderValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff) {
                throw S3Errors.invalidArgument("Header value cannot be represented using ISO-8859-1.", name, value);
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw S3Errors.invalidArgument("Header value contains a control character.", name, value);
            }
        }
    }
}
