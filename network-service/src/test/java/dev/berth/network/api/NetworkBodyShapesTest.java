package dev.berth.network.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.json.StrictJson;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class NetworkBodyShapesTest {
    private static JsonNode json(String text) throws Exception {
        return StrictJson.JSON.readTree(text);
    }

    private static String refusal(Consumer<JsonNode> check, String body) throws Exception {
        JsonNode node = json(body);
        return assertThrows(BerthException.class, () -> check.accept(node)).getMessage();
    }

    @Test
    void acceptsWhatTheDockerCliAndComposeSend() {
        assertDoesNotThrow(() -> NetworkBodyShapes.checkCreate(json("""
                {"Name":"web","Driver":"bridge","Scope":"","Internal":false,"Attachable":true,"Ingress":false,
                 "EnableIPv6":null,"IPAM":{"Driver":"default","Config":[{"Subnet":"10.9.0.0/24"}],"Options":{}},
                 "Options":{"com.docker.network.bridge.name":"br9"},"Labels":{"a":"b"},"CheckDuplicate":true}""")));
        assertDoesNotThrow(() -> NetworkBodyShapes.checkConnect(json("""
                {"Container":"c","EndpointConfig":{"Aliases":["x"],"IPAMConfig":{"IPv4Address":"10.9.0.5"},
                 "GwPriority":10,"Links":null,"DriverOpts":{}}}""")));
        assertDoesNotThrow(() -> NetworkBodyShapes.checkDisconnect(json("{\"Container\":\"c\",\"Force\":true}")));
    }

    @Test
    void refusesFieldsOfTheWrongType() throws Exception {
        assertEquals("invalid JSON: Internal must be a boolean, not a string",
                refusal(NetworkBodyShapes::checkCreate, "{\"Name\":\"n\",\"Internal\":\"yes\"}"));
        assertEquals("invalid JSON: Driver must be a string, not an object",
                refusal(NetworkBodyShapes::checkCreate, "{\"Name\":\"n\",\"Driver\":{\"a\":1}}"));
        assertEquals("invalid JSON: IPAM must be an object, not an array",
                refusal(NetworkBodyShapes::checkCreate, "{\"Name\":\"n\",\"IPAM\":[\"x\"]}"));
        assertEquals("invalid JSON: IPAM.Config must be an array, not an object",
                refusal(NetworkBodyShapes::checkCreate, "{\"Name\":\"n\",\"IPAM\":{\"Config\":{}}}"));
        assertEquals("invalid JSON: Labels must be an object, not an array",
                refusal(NetworkBodyShapes::checkCreate, "{\"Name\":\"n\",\"Labels\":[\"a\"]}"));
        assertEquals("invalid JSON: EndpointConfig.GwPriority must be an integer, not a string",
                refusal(NetworkBodyShapes::checkConnect, "{\"Container\":\"c\",\"EndpointConfig\":{\"GwPriority\":\"x\"}}"));
        assertEquals("invalid JSON: Force must be a boolean, not a string",
                refusal(NetworkBodyShapes::checkDisconnect, "{\"Container\":\"c\",\"Force\":\"not-a-bool\"}"));
        assertEquals("invalid JSON: the body must be an object",
                refusal(NetworkBodyShapes::checkCreate, "[1,2]"));
    }
}
