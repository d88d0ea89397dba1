package dev.eddy.protocol.restxml;

import dev.eddy.common.AwsException;
import dev.eddy.common.Digest;
import dev.eddy.common.EddyClock;
import dev.eddy.common.EddyConfig;
import dev.eddy.common.RequestContext;
import dev.eddy.s3.S3Errors;
import dev.eddy.s3.S3Exception;
import dev.eddy.s3.S3Owner;
import dev.eddy.s3.S3Xml;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * S3's REST-XML protocol: resolves the addressing, decodes the query once, removes the aws-chunked
 * encoding, checks a presigned URL's expiry, picks the operation ({@link S3Wire}), binds the
 * request into its record, calls the service and writes its result, or its error in S3's
 * {@code <Error>} shape (a HEAD answer has no body).
 */
@ApplicationScoped
public class RestXmlCodec {
    private static final Logger LOG = Logger.getLogger(RestXmlCodec.class);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private final S3Wire wire;
    private final RequestBinder binder = new RequestBinder(S3Wire.SHAPE);
    private final ResultWriter writer = new ResultWriter(S3Wire.SHAPE);
    private final S3Addressing addressing;
    private final EddyClock clock;

    RestXmlCodec(S3Wire wire, EddyConfig config, EddyClock clock) {
        this.wire = wire;
        this.addressing = new S3Addressing(config.publicBaseUrl());
        this.clock = clock;
    }

    /**
     * Serves one request; the answer is never a failure (errors come back as S3 error replies).
     *
     * @param headers request headers by lowercase name
     * @param named   told the S3 operation the request is, once known (for metrics)
     */
    public Uni<RestXmlResponse> handle(String method, String rawPath, Map<String, String> query,
                                       String malformedQuery, Map<String, String> headers, byte[] body,
                                       RequestContext context, String sourceIp,
                                       java.util.function.Consumer<String> named) {
        Uni<RestXmlResponse> reply;
        try {
            if (malformedQuery != null) {
                throw S3Errors.invalidArgument("Invalid query string", "query", malformedQuery);
            }
            RestXmlRequest call = call(method, rawPath, query, headers, body, sourceIp);
            String operation = S3Wire.operation(call);
            named.accept(operation);
            S3Wire.Route route = wire.route(operation);
            Object request = binder.bind(route.operation().requestType(), call);
            reply = Uni.createFrom().deferred(() -> route.operation().invoke(context, request))
                    .map(result -> writer.render(result, route.status(), route.root(), route.headerMembers()));
        } catch (RuntimeException e) {
            reply = Uni.createFrom().failure(e);
        }
        return reply.onFailure().recoverWithItem(e -> error(e, method, context.requestId()))
                .map(r -> r.header("x-amz-request-id", context.requestId())
                        .header("x-amz-id-2", S3Owner.hostId(context.requestId())));
    }

    private RestXmlRequest call(String method, String rawPath, Map<String, String> query,
                                Map<String, String> headers, byte[] body, String sourceIp) {
        checkPresignedExpiry(query);
        S3Addressing.Target target = addressing.target(headers.get("host"), rawPath);
        Map<String, String> trailers = Map.of();
        byte[] payload = body;
        if (AwsChunked.applies(headers.get("content-encoding"), headers.get("x-amz-content-sha256"))) {
            AwsChunked decoded = AwsChunked.decode(body);
            payload = decoded.payload();
            trailers = decoded.trailers();
        }
        return new RestXmlRequest(method, target.bucket(), target.key(), query, headers, payload, trailers, sourceIp);
    }

    /** A presigned URL (SigV4 X-Amz-Date + X-Amz-Expires, or SigV2 Expires) is refused once expired. */
    private void checkPresignedExpiry(Map<String, String> query) {
        long now = clock.now();
        String date = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        if (date != null && expires != null) {
            try {
                long signed = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC).toEpochMilli();
                long seconds = Long.parseLong(expires);
                if (seconds < 1 || seconds > 604800) {
                    throw S3Errors.invalidArgument("X-Amz-Expires must be less than a week (in seconds) that is 7 "
                            + "days", "X-Amz-Expires", expires);
                }
                if (now > signed + seconds * 1000) {
                    throw S3Exception.with("AccessDenied", 403, "Request has expired", "X-Amz-Expires", expires,
                            "Expires", S3Xml.time(signed + seconds * 1000), "ServerTime", S3Xml.time(now));
                }
            } catch (DateTimeParseException | NumberFormatException e) {
                throw S3Errors.accessDenied("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
            }
        } else if (query.containsKey("AWSAccessKeyId") && query.get("Expires") != null) {
            try {
                if (now > Long.parseLong(query.get("Expires")) * 1000) {
                    throw S3Exception.with("AccessDenied", 403, "Request has expired", "Expires",
                            S3Xml.time(Long.parseLong(query.get("Expires")) * 1000), "ServerTime", S3Xml.time(now));
                }
            } catch (NumberFormatException e) {
                throw S3Errors.accessDenied("Invalid date (should be seconds since epoch): " + query.get("Expires"));
            }
        }
    }

    /** The answer to a body larger than Eddy reads (the edge refuses it before it is sent). */
    public RestXmlResponse entityTooLarge(long size, long max, String requestId) {
        return failure(S3Errors.entityTooLarge(size, max), "PUT", requestId);
    }

    /** S3's error answer for a failure met outside an operation (a body that could not be read). */
    public RestXmlResponse failure(Throwable failure, String method, String requestId) {
        return error(failure, method, requestId).header("x-amz-request-id", requestId)
                .header("x-amz-id-2", S3Owner.hostId(requestId));
    }

    /** The answer to a chunked body whose chunks could not be read. */
    public static AwsException incompleteBody() {
        return S3Errors.incompleteBody();
    }

    private static RestXmlResponse error(Throwable failure, String method, String requestId) {
        AwsException error;
        if (failure instanceof AwsException aws) {
            error = aws;
        } else {
            LOG.error("S3 request failed unexpectedly", failure);
            error = new S3Exception("InternalError", 500, "We encountered an internal error. Please try again.");
        }
        if (method.equals("HEAD")) {
            return RestXmlResponse.empty(error.status());
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
        Map<String, String> elements = new LinkedHashMap<>();
        elements.put("Code", error.code());
        elements.put("Message", error.getMessage());
        elements.putAll(error.details());
        elements.put("RequestId", requestId);
        elements.put("HostId", S3Owner.hostId(requestId));
        elements.forEach((name, value) -> {
            if (value != null) {
                xml.append('<').append(name).append('>');
                ResultWriter.escape(value, xml);
                xml.append("</").append(name).append('>');
            }
        });
        RestXmlResponse reply = RestXmlResponse.xml(xml.append("</Error>").toString().getBytes(StandardCharsets.UTF_8));
        return new RestXmlResponse(error.status(), reply.headers(), reply.body(), null, reply.body().length);
    }
}
