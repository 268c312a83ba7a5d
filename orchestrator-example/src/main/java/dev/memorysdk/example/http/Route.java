package dev.memorysdk.example.http;

import java.io.IOException;

/** One part of the API: answers a request or throws; {@link GuardedHandler} turns throws into JSON errors. */
@FunctionalInterface
interface Route {

    void handle(JsonExchange exchange) throws IOException;
}
