package dev.eddy.protocol.restjson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.common.RequestContext;
import dev.eddy.protocol.RequestDecoder;
import dev.eddy.protocol.Response;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A REST-JSON routing table binds labels, query members and bodies and answers with each route's status; no HTTP. */
class RestJsonRoutesTest {
    record Echo(String name, String rest, Integer max, List<String> keys) {
    }

    private static final RestJsonRoutes ROUTES = new RestJsonRoutes()
            .add("GetThing", "GET", "/v1/things/{Name}", 200,
                    r -> Uni.createFrom().item(new Echo(r.label("Name"), null, r.intQuery("MaxItems"), null)))
            .add("DeleteThing", "DELETE", "/v1/things/{Name}", 204, r -> Uni.createFrom().voidItem())
            .add("Untag", "DELETE", "/v1/tags/{Resource+}", 200,
                    r -> Uni.createFrom().item(new Echo(null, r.label("Resource"), null, r.queryValues("tagKeys"))));

    private static Response call(String method, String path, String rawQuery, Map<String, String> query) {
        return ROUTES.handle(new RestJsonRequest(method, path, rawQuery, query, Map.of(), new byte[0],
                new RequestContext("id", "us-east-1", "000000000000", "http://localhost:4566", null, null)))
                .await().indefinitely();
    }

    private static JsonNode body(Response response) throws IOException {
        return RequestDecoder.MAPPER.readTree(new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aLabelIsPercentDecodedAndATrailingSlashAccepted() throws IOException {
        Response response = call("GET", "/v1/things/my%3Athing/", "MaxItems=5", Map.of("MaxItems", "5"));
        assertEquals(200, response.status());
        assertEquals("my:thing", body(response).get("Name").asText());
        assertEquals(5, body(response).get("Max").asInt());
    }

    @Test
    void aGreedyLabelTakesTheRestOfThePathAndRepeatedQueryMembersAreAList() throws IOException {
        Response response = call("DELETE", "/v1/tags/arn:aws:x:y/z", "tagKeys=a&tagKeys=b%20c", Map.of("tagKeys", "b c"));
        assertEquals("arn:aws:x:y/z", body(response).get("Rest").asText());
        assertEquals(List.of("a", "b c"), List.of(body(response).get("Keys").get(0).asText(),
                body(response).get("Keys").get(1).asText()));
    }

    @Test
    void aResultlessOperationAnswersItsStatusWithNoBody() {
        Response response = call("DELETE", "/v1/things/t", null, Map.of());
        assertEquals(204, response.status());
        assertEquals(0, response.body().length);
    }

    @Test
    void aPathOrMethodWithNoRouteIsAnUnknownOperation() {
        assertEquals("UnknownOperationException", call("PUT", "/v1/things/t", null, Map.of()).headers().get("x-amzn-ErrorType"));
        assertEquals(404, call("GET", "/v1/things/a/b", null, Map.of()).status());
    }

    @Test
    void anIntegerQueryMemberThatIsNoNumberIsInvalid() {
        Response response = call("GET", "/v1/things/t", "MaxItems=x", Map.of("MaxItems", "x"));
        assertEquals(400, response.status());
        assertEquals("InvalidParameterValueException", response.headers().get("x-amzn-ErrorType"));
    }
}
