package dev.eddy.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.common.Json;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A subscription filter policy: on message attributes (flat: key to a list of conditions) or on the
 * JSON message body (nested). Keys are ANDed, the conditions of a key ORed, {@code $or} ORs whole
 * policies. Conditions: exact strings and numbers, prefix, suffix, equals-ignore-case, anything-but,
 * numeric ranges, exists and cidr. SNS filters subscriptions with it and Lambda's event filtering
 * filters the records of event source mappings; each reports a malformed policy its own way.
 */
public final class FilterPolicy {
    private static final Set<String> OPERATORS =
            Set.of("prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists", "cidr");

    private final JsonNode policy;
    private final boolean onBody;

    /** A message attribute as a policy sees it: its SNS data type and its string value. */
    public record Attribute(String dataType, String stringValue) {
    }

    /** A policy that is not well formed; the message says what is wrong, as AWS says it. */
    public static final class Invalid extends RuntimeException {
        Invalid(String reason) {
            super(reason);
        }
    }

    private FilterPolicy(JsonNode policy, boolean onBody) {
        this.policy = policy;
        this.onBody = onBody;
    }

    /**
     * Parses and checks a policy with SNS's limits, on the message body when the scope is
     * MessageBody, else on the attributes; throws {@link Invalid} describing what is wrong.
     */
    public static FilterPolicy parse(String json, String scope) {
        boolean onBody = "MessageBody".equals(scope);
        JsonNode node = Json.parseOrNull(json);
        if (node == null || !node.isObject()) {
            throw invalid("failed to parse JSON.");
        }
        if (json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 256 * 1024) {
            throw invalid("Filter policy is too large");
        }
        check(node, onBody, 0);
        if (leafKeys(node) > 5) {
            throw invalid("Filter policy can not have more than 5 keys");
        }
        if (combinations(node) > 150) {
            throw invalid("Filter policy is too complex");
        }
        return new FilterPolicy(node, onBody);
    }

    /**
     * An event pattern of Lambda event filtering: the same language applied to a whole JSON
     * document (an SQS record, with its body parsed when it is JSON). Null if it is not a valid
     * pattern.
     */
    public static FilterPolicy eventPattern(String json) {
        JsonNode node = Json.parseOrNull(json);
        if (node == null || !node.isObject()) {
            return null;
        }
        try {
            check(node, true, 0);
        } catch (Invalid e) {
            return null;
        }
        return new FilterPolicy(node, true);
    }

    /** Whether a JSON document matches this pattern. */
    public boolean matches(JsonNode document) {
        return document != null && document.isObject() && matchesBody(policy, document);
    }

    /** Keys holding conditions; with $or, the largest alternative counts. */
    private static int leafKeys(JsonNode node) {
        int keys = 0;
        int widestAlternative = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("$or")) {
                for (JsonNode alternative : field.getValue()) {
                    widestAlternative = Math.max(widestAlternative, leafKeys(alternative));
                }
            } else if (field.getValue().isObject()) {
                keys += leafKeys(field.getValue());
            } else {
                keys++;
            }
        }
        return keys + widestAlternative;
    }

    /** AWS's complexity measure: the product of the condition counts of all keys ($or alternatives add up). */
    private static long combinations(JsonNode node) {
        long product = 1;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("$or")) {
                long sum = 0;
                for (JsonNode alternative : field.getValue()) {
                    sum += combinations(alternative);
                }
                product *= Math.max(1, sum);
            } else if (field.getValue().isObject()) {
                product *= combinations(field.getValue());
            } else {
                product *= Math.max(1, field.getValue().size());
            }
        }
        return product;
    }

    private static void check(JsonNode node, boolean onBody, int depth) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (field.getKey().equals("$or")) {
                if (!value.isArray() || value.size() < 2) {
                    throw invalid("$or must be an array of at least two policies.");
                }
                value.forEach(p -> {
                    if (!p.isObject()) {
                        throw invalid("$or must hold objects.");
                    }
                    check(p, onBody, depth);
                });
            } else if (value.isObject()) {
                if (!onBody) {
                    throw invalid("Filter policy scope MessageAttributes does not support nested filter policy");
                }
                check(value, true, depth + 1);
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw invalid("Empty arrays are not allowed");
                }
                value.forEach(FilterPolicy::checkCondition);
            } else {
                throw invalid("\"" + field.getKey() + "\" must be an object or an array");
            }
        }
    }

    private static void checkCondition(JsonNode condition) {
        if (!condition.isObject()) {
            return;
        }
        if (condition.size() != 1) {
            throw invalid("Only one key allowed in match expression");
        }
        String operator = condition.fieldNames().next();
        JsonNode operand = condition.get(operator);
        if (!OPERATORS.contains(operator)) {
            throw invalid("Unrecognized match type " + operator);
        }
        switch (operator) {
            case "prefix", "suffix", "equals-ignore-case" -> {
                if (!operand.isTextual()) {
                    throw invalid(operator + " match pattern must be a string");
                }
            }
            case "exists" -> {
                if (!operand.isBoolean()) {
                    throw invalid("exists match pattern must be either true or false.");
                }
            }
            case "numeric" -> {
                if (!operand.isArray() || (operand.size() != 2 && operand.size() != 4)) {
                    throw invalid("Value of numeric must be an array of an operator and a number, or two of them.");
                }
                for (int i = 0; i < operand.size(); i += 2) {
                    if (!Set.of("=", "<", "<=", ">", ">=").contains(operand.get(i).asText())
                            || !operand.get(i + 1).isNumber()) {
                        throw invalid("Bad numeric range operator or value.");
                    }
                }
            }
            case "cidr" -> cidr(operand.asText(), "0.0.0.0");
            default -> { }
        }
    }

    /** Whether a message matches this policy: its attributes, or with scope MessageBody its JSON body. */
    public boolean matches(Map<String, Attribute> attributes, String message) {
        if (onBody) {
            JsonNode body = Json.parseOrNull(message);
            return body != null && body.isObject() && matchesBody(policy, body);
        }
        return matchesAttributes(policy, attributes == null ? Map.of() : attributes);
    }

    private static boolean matchesAttributes(JsonNode policy, Map<String, Attribute> attributes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = policy.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : field.getValue()) {
                    any |= matchesAttributes(alternative, attributes);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            Attribute attribute = attributes.get(field.getKey());
            List<JsonNode> values = attribute == null ? null : valuesOf(attribute);
            if (!matchesKey(field.getValue(), values)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesBody(JsonNode policy, JsonNode body) {
        for (Iterator<Map.Entry<String, JsonNode>> it = policy.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : field.getValue()) {
                    any |= matchesBody(alternative, body);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            JsonNode value = body.get(field.getKey());
            if (field.getValue().isObject()) {
                if (value == null || !value.isObject() || !matchesBody(field.getValue(), value)) {
                    return false;
                }
                continue;
            }
            List<JsonNode> values = null;
            if (value != null && !value.isNull()) {
                values = new ArrayList<>();
                if (value.isArray()) {
                    value.forEach(values::add);
                } else {
                    values.add(value);
                }
            }
            if (!matchesKey(field.getValue(), values)) {
                return false;
            }
        }
        return true;
    }

    /** One key's conditions (ORed) against its values, or null when the key is absent. */
    private static boolean matchesKey(JsonNode conditions, List<JsonNode> values) {
        for (JsonNode condition : conditions) {
            if (condition.isObject() && condition.has("exists")) {
                if (condition.get("exists").asBoolean() == (values != null)) {
                    return true;
                }
                continue;
            }
            if (values == null) {
                continue;
            }
            for (JsonNode value : values) {
                if (matchesCondition(condition, value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesCondition(JsonNode condition, JsonNode value) {
        if (condition.isTextual()) {
            return value.isTextual() && value.asText().equals(condition.asText());
        }
        if (condition.isNumber()) {
            BigDecimal number = number(value);
            return number != null && number.compareTo(condition.decimalValue()) == 0;
        }
        if (!condition.isObject()) {
            return condition.equals(value);
        }
        String operator = condition.fieldNames().next();
        JsonNode operand = condition.get(operator);
        String text = value.isTextual() ? value.asText() : null;
        return switch (operator) {
            case "prefix" -> text != null && text.startsWith(operand.asText());
            case "suffix" -> text != null && text.endsWith(operand.asText());
            case "equals-ignore-case" -> text != null && text.equalsIgnoreCase(operand.asText());
            case "anything-but" -> anythingBut(operand, value);
            case "numeric" -> numeric(operand, number(value));
            case "cidr" -> text != null && cidr(operand.asText(), text);
            default -> false;
        };
    }

    private static boolean anythingBut(JsonNode operand, JsonNode value) {
        if (operand.isObject() && operand.has("prefix")) {
            return !value.isTextual() || !value.asText().startsWith(operand.get("prefix").asText());
        }
        if (operand.isObject() && operand.has("suffix")) {
            return !value.isTextual() || !value.asText().endsWith(operand.get("suffix").asText());
        }
        List<JsonNode> excluded = new ArrayList<>();
        if (operand.isArray()) {
            operand.forEach(excluded::add);
        } else {
            excluded.add(operand);
        }
        for (JsonNode e : excluded) {
            if (matchesCondition(e, value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean numeric(JsonNode operand, BigDecimal number) {
        if (number == null) {
            return false;
        }
        for (int i = 0; i < operand.size(); i += 2) {
            int compared = number.compareTo(operand.get(i + 1).decimalValue());
            boolean holds = switch (operand.get(i).asText()) {
                case "=" -> compared == 0;
                case "<" -> compared < 0;
                case "<=" -> compared <= 0;
                case ">" -> compared > 0;
                default -> compared >= 0;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static BigDecimal number(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return null;
    }

    /** An attribute's values as JSON: a Number as a number, a String.Array as its elements. */
    private static List<JsonNode> valuesOf(Attribute attribute) {
        String type = attribute.dataType() == null ? "" : attribute.dataType();
        String text = attribute.stringValue();
        List<JsonNode> values = new ArrayList<>();
        if (type.startsWith("Binary") || text == null) {
            return values;
        }
        if (type.startsWith("Number")) {
            try {
                values.add(Json.MAPPER.getNodeFactory().numberNode(new BigDecimal(text.trim())));
            } catch (NumberFormatException e) {
                values.add(Json.MAPPER.getNodeFactory().textNode(text));
            }
        } else if (type.equals("String.Array")) {
            JsonNode array = Json.parseOrNull(text);
            if (array != null && array.isArray()) {
                array.forEach(values::add);
            }
        } else {
            values.add(Json.MAPPER.getNodeFactory().textNode(text));
        }
        return values;
    }

    private static boolean cidr(String range, String address) {
        // Literal addresses only: anything else would make InetAddress look a name up.
        if (!address.matches("[0-9A-Fa-f.:]+") || !range.matches("[0-9A-Fa-f.:]+/[0-9]+")) {
            if (!range.matches("[0-9A-Fa-f.:]+/[0-9]+")) {
                throw invalid("Malformed CIDR " + range);
            }
            return false;
        }
        try {
            int slash = range.indexOf('/');
            byte[] network = InetAddress.getByName(range.substring(0, slash)).getAddress();
            byte[] ip = InetAddress.getByName(address).getAddress();
            int bits = Integer.parseInt(range.substring(slash + 1));
            if (ip.length != network.length || bits < 0 || bits > network.length * 8) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((network[i / 8] & mask) != (ip[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    private static Invalid invalid(String reason) {
        return new Invalid(reason);
    }
}
