package dev.eddy.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.common.Json;
import dev.eddy.filter.FilterPolicy.Attribute;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterPolicyTest {

    @Test
    void attributePolicyMatchesNumbersAndStringArrayElements() {
        FilterPolicy policy = FilterPolicy.parse(
                "{\"price\":[{\"numeric\":[\">\",10]}],\"colour\":[\"red\"]}", null);
        assertTrue(policy.matches(Map.of("price", new Attribute("Number", "12.5"),
                "colour", new Attribute("String.Array", "[\"blue\",\"red\"]")), "body"));
        assertFalse(policy.matches(Map.of("price", new Attribute("Number", "9"),
                "colour", new Attribute("String", "red")), "body"));
        assertFalse(policy.matches(Map.of(), "body"));
    }

    @Test
    void bodyPolicyMatchesTheJsonMessageNotTheAttributes() {
        FilterPolicy policy = FilterPolicy.parse("{\"order\":{\"status\":[{\"prefix\":\"ship\"}]}}", "MessageBody");
        assertTrue(policy.matches(Map.of(), "{\"order\":{\"status\":\"shipped\"}}"));
        assertFalse(policy.matches(Map.of("status", new Attribute("String", "shipped")), "not json"));
    }

    @Test
    void malformedPolicyIsInvalidWithAwsReason() {
        assertEquals("Filter policy scope MessageAttributes does not support nested filter policy",
                assertThrows(FilterPolicy.Invalid.class,
                        () -> FilterPolicy.parse("{\"a\":{\"b\":[\"c\"]}}", "MessageAttributes")).getMessage());
        assertEquals("Filter policy can not have more than 5 keys", assertThrows(FilterPolicy.Invalid.class,
                () -> FilterPolicy.parse("{\"a\":[1],\"b\":[1],\"c\":[1],\"d\":[1],\"e\":[1],\"f\":[1]}", null))
                .getMessage());
    }

    @Test
    void eventPatternIsNullWhenMalformedAndMatchesWholeDocuments() throws Exception {
        assertNull(FilterPolicy.eventPattern("{\"body\":[{\"wildcard\":\"x\"}]}"));
        FilterPolicy pattern = FilterPolicy.eventPattern("{\"body\":{\"kind\":[\"a\"]}}");
        assertNotNull(pattern);
        assertTrue(pattern.matches(Json.MAPPER.readTree("{\"body\":{\"kind\":\"a\"}}")));
        assertFalse(pattern.matches(Json.MAPPER.readTree("{\"body\":{\"kind\":\"b\"}}")));
    }
}
