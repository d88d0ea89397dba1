package dev.eddy.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.AwsException;
import dev.eddy.common.Json;

/** A queue's RedrivePolicy: where messages go after maxReceiveCount receives. */
record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {

    /** Parses the attribute value; null for an absent or empty policy; throws for an invalid one. */
    static RedrivePolicy parse(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        JsonNode node = Json.parseOrNull(value);
        if (node == null || !node.isObject()) {
            throw invalid(value, "Redrive policy is not a valid JSON map.");
        }
        JsonNode arn = node.get("deadLetterTargetArn");
        JsonNode count = node.get("maxReceiveCount");
        if (arn == null || !arn.isTextual() || count == null) {
            throw invalid(value, "Redrive policy does not contain mandatory attribute: "
                    + (arn == null ? "deadLetterTargetArn" : "maxReceiveCount") + ".");
        }
        int max;
        try {
            max = count.isNumber() ? count.intValue() : Integer.parseInt(count.asText().trim());
        } catch (NumberFormatException e) {
            throw invalid(value, "Invalid value for maxReceiveCount: " + count.asText()
                    + ", valid values are from 1 to 1000 both inclusive.");
        }
        if (max < 1 || max > 1000) {
            throw invalid(value, "Invalid value for maxReceiveCount: " + max
                    + ", valid values are from 1 to 1000 both inclusive.");
        }
        return new RedrivePolicy(arn.asText(), max);
    }

    String toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("deadLetterTargetArn", deadLetterTargetArn);
        node.put("maxReceiveCount", maxReceiveCount);
        return node.toString();
    }

    private static AwsException invalid(String value, String reason) {
        return AwsException.invalidParameterValue(QueueAttributes.REDRIVE_POLICY, value, reason);
    }
}
