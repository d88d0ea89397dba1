package dev.eddy.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eddy.common.AwsException;
import dev.eddy.common.Json;
import java.util.ArrayList;
import java.util.List;

/** A dead-letter queue's RedriveAllowPolicy: which source queues may use it. */
record RedriveAllowPolicy(String redrivePermission, List<String> sourceQueueArns) {

    static final RedriveAllowPolicy ALLOW_ALL = new RedriveAllowPolicy("allowAll", List.of());

    static RedriveAllowPolicy parse(String value) {
        if (value == null || value.isEmpty()) {
            return ALLOW_ALL;
        }
        JsonNode node = Json.parseOrNull(value);
        if (node == null || !node.isObject() || !node.path("redrivePermission").isTextual()) {
            throw invalid(value, "Invalid value for redrivePermission.");
        }
        String permission = node.get("redrivePermission").asText();
        List<String> arns = new ArrayList<>();
        node.path("sourceQueueArns").forEach(a -> arns.add(a.asText()));
        switch (permission) {
            case "allowAll", "denyAll" -> {
                if (!arns.isEmpty()) {
                    throw invalid(value, "Only byQueue redrive permission allows sourceQueueArns.");
                }
            }
            case "byQueue" -> {
                if (arns.isEmpty() || arns.size() > 10) {
                    throw invalid(value, "Value of sourceQueueArns must contain between 1 and 10 queue ARNs.");
                }
            }
            default -> throw invalid(value, "Invalid value for redrivePermission.");
        }
        return new RedriveAllowPolicy(permission, List.copyOf(arns));
    }

    boolean allows(String sourceArn) {
        return switch (redrivePermission) {
            case "allowAll" -> true;
            case "denyAll" -> false;
            default -> sourceQueueArns.contains(sourceArn);
        };
    }

    String toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("redrivePermission", redrivePermission);
        if (!sourceQueueArns.isEmpty()) {
            ArrayNode arns = node.putArray("sourceQueueArns");
            sourceQueueArns.forEach(arns::add);
        }
        return node.toString();
    }

    private static AwsException invalid(String value, String reason) {
        return AwsException.invalidParameterValue(QueueAttributes.REDRIVE_ALLOW_POLICY, value, reason);
    }
}
