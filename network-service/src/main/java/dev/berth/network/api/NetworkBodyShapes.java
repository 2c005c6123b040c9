package dev.berth.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.json.BodyShape;

/**
 * The JSON kinds of the network create, connect and disconnect bodies ({@code network-*-shape.txt}, generated from the
 * swagger), checked before anything reads them: a {@code "Internal": "yes"} or {@code "Force": "no"} is dockerd's 400
 * {@code invalid JSON: …}, not a network made or a container disconnected with the field read as false.
 */
final class NetworkBodyShapes {
    private static final BodyShape CREATE = BodyShape.load("/network-create-shape.txt");
    private static final BodyShape CONNECT = BodyShape.load("/network-connect-shape.txt");
    private static final BodyShape DISCONNECT = BodyShape.load("/network-disconnect-shape.txt");

    private NetworkBodyShapes() {
    }

    static void checkCreate(JsonNode body) {
        CREATE.check(body);
    }

    static void checkConnect(JsonNode body) {
        CONNECT.check(body);
    }

    static void checkDisconnect(JsonNode body) {
        DISCONNECT.check(body);
    }
}
