package dev.eddy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eddy.edge.Dispatch.Wire;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The detection table of DESIGN.md §1, signal by signal, in its order; no HTTP server. */
class DispatchTest {
    private static final Dispatch DISPATCH = new Dispatch(Set.of("SendMessage", "TagResource"),
            Set.of("Publish", "Unsubscribe", "TagResource"));
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    private static RequestHead head(String method, String path, Map<String, String> query, String contentType,
                                    String target, String signedFor) {
        SigV4Scope scope = signedFor == null ? null : new SigV4Scope("AKID", "eu-west-1", signedFor);
        return new RequestHead(method, path, null, query, null, contentType, target, null, scope, "http",
                "localhost:4566", null);
    }

    private static Wire route(RequestHead head, Map<String, String> parameters) {
        return DISPATCH.route(head, parameters);
    }

    @Test
    void anSqsTargetIsSqsJsonWhateverElseTheRequestSays() {
        RequestHead head = head("POST", "/", Map.of(), "application/x-amz-json-1.0", "AmazonSQS.SendMessage", "sns");
        assertEquals(Wire.SQS_JSON, route(head, Map.of("Version", "2010-03-31")));
        assertEquals(Wire.SQS_JSON, Dispatch.provisional(head));
        assertEquals(Wire.SQS_JSON, route(head("POST", "/", Map.of(), "application/x-amz-json-1.0", null, null), Map.of()));
    }

    @Test
    void aPathUnderLambdasPrefixOrALambdaSignatureIsLambda() {
        assertEquals(Wire.LAMBDA, route(head("GET", "/2015-03-31/functions", Map.of(), null, null, null), Map.of()));
        // Other dated prefixes are valid bucket names: the signature decides.
        assertEquals(Wire.LAMBDA, route(head("GET", "/2017-03-31/tags/arn", Map.of(), null, null, "lambda"), Map.of()));
        assertEquals(Wire.S3, route(head("GET", "/2017-03-31/tags/arn", Map.of(), null, null, "s3"), Map.of()));
    }

    @Test
    void eddysOwnPathsAreAdmin() {
        assertEquals(Wire.ADMIN, route(head("POST", "/_eddy/reset", Map.of(), null, null, null), Map.of()));
    }

    @Test
    void theSignedServiceDecidesTheQueryProtocol() {
        assertEquals(Wire.SQS_QUERY, route(head("POST", "/", Map.of(), FORM, null, "sqs"),
                Map.of("Action", "TagResource")));
        assertEquals(Wire.SNS_QUERY, route(head("POST", "/", Map.of(), FORM, null, "sns"),
                Map.of("Action", "TagResource")));
        assertEquals(Wire.S3, route(head("POST", "/bucket", Map.of(), FORM, null, "s3"), Map.of("Action", "Publish")));
    }

    @Test
    void anUnsignedRequestIsToldByItsVersionThenByItsAction() {
        RequestHead form = head("POST", "/", Map.of(), FORM, null, null);
        assertEquals(Wire.SQS_QUERY, route(form, Map.of("Action", "TagResource", "Version", "2012-11-05")));
        assertEquals(Wire.SNS_QUERY, route(form, Map.of("Action", "TagResource", "Version", "2010-03-31")));
        // An SNS UnsubscribeURL: a GET with an action only SNS has and no version.
        assertEquals(Wire.SNS_QUERY, route(head("GET", "/", Map.of("Action", "Unsubscribe"), null, null, null),
                Map.of("Action", "Unsubscribe")));
        assertEquals(Wire.SQS_QUERY, route(form, Map.of("Action", "TagResource")));
    }

    @Test
    void aQueueUrlPathWithAnActionIsSqs() {
        assertEquals(Wire.SQS_QUERY, route(head("POST", "/000000000000/orders", Map.of(), FORM, null, null),
                Map.of("Action", "SendMessage")));
    }

    @Test
    void anythingElseIsS3() {
        RequestHead get = head("GET", "/bucket/key", Map.of("list-type", "2"), null, null, null);
        assertEquals(Wire.S3, route(get, Map.of("list-type", "2")));
        assertEquals(Wire.S3, Dispatch.provisional(get));
        assertEquals(Wire.S3, route(head("PUT", "/bucket/key", Map.of(), "text/plain", null, "s3"), Map.of()));
    }

    @Test
    void beforeItsBodyAFormOrAnActionReadsAsQueryAndIsRenderedSo() {
        assertEquals(Wire.SQS_QUERY, Dispatch.provisional(head("POST", "/", Map.of(), FORM, null, null)));
        assertEquals(Wire.SQS_QUERY, Dispatch.provisional(head("GET", "/", Map.of("Action", "Publish"), null, null, null)));
        assertEquals(Wire.SQS_QUERY, Dispatch.provisional(head("GET", "/", Map.of(), null, null, "sns")));
        // A form without an action is S3's after all.
        assertEquals(Wire.S3, route(head("POST", "/bucket", Map.of(), FORM, null, null), Map.of("key", "k")));
    }
}
