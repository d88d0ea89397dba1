package dev.eddy.edge;

import dev.eddy.protocol.lambda.LambdaWire;
import dev.eddy.protocol.sns.SnsWire;
import dev.eddy.protocol.sqs.SqsWire;
import java.util.Map;
import java.util.Set;

/**
 * Which service and wire protocol a request speaks (DESIGN.md §1), as a function of its head and,
 * for the AWS Query protocol, its parameters. No HTTP here: the table is testable on its own.
 *
 * @param sqsActions the actions SQS's Query protocol has
 * @param snsActions the actions SNS's Query protocol has
 */
record Dispatch(Set<String> sqsActions, Set<String> snsActions) {
    static final String FORM = "application/x-www-form-urlencoded";

    /** The service and protocol of a request. */
    enum Wire { LAMBDA, ADMIN, SQS_JSON, SQS_QUERY, SNS_QUERY, S3 }

    /**
     * What the head alone decides, or null when the parameters must (the Query protocol, or S3 for
     * a request that turns out to have no action).
     */
    static Wire known(RequestHead head) {
        String signedFor = head.signedFor();
        // Lambda's API spans several dated prefixes (/2015-03-31/, /2017-03-31/tags, ...), which are also
        // valid bucket names: a request signed for Lambda is Lambda's, whatever its path.
        if (head.path().startsWith(LambdaWire.PREFIX) || "lambda".equals(signedFor)) {
            return Wire.LAMBDA;
        }
        if (head.path().startsWith(Admin.PREFIX)) {
            return Wire.ADMIN;
        }
        if (head.isJson()) {
            return Wire.SQS_JSON;
        }
        return "s3".equals(signedFor) ? Wire.S3 : null;
    }

    /** What a request speaks as far as its head tells: how its errors look until its body is read. */
    static Wire provisional(RequestHead head) {
        Wire known = known(head);
        if (known != null) {
            return known;
        }
        String signedFor = head.signedFor();
        return head.contentTypeIs(FORM) || head.query().get("Action") != null || "sqs".equals(signedFor)
                || "sns".equals(signedFor) ? Wire.SQS_QUERY : Wire.S3;
    }

    /** What a request speaks, given its parameters (query string and form body). */
    Wire route(RequestHead head, Map<String, String> parameters) {
        Wire known = known(head);
        if (known != null) {
            return known;
        }
        String service = head.signedFor();
        String version = parameters.get("Version");
        String action = parameters.get("Action");
        // An unsigned, unversioned GET (an SNS UnsubscribeURL) is told apart by its action's name.
        boolean snsAction = action != null && snsActions.contains(action) && !sqsActions.contains(action);
        if ("sns".equals(service) || SnsWire.VERSION.equals(version)
                || (service == null && version == null && snsAction)) {
            return Wire.SNS_QUERY;
        }
        if ("sqs".equals(service) || SqsWire.VERSION.equals(version) || (service == null && action != null)) {
            return Wire.SQS_QUERY;
        }
        return Wire.S3;
    }
}
