package dev.memorysdk.example.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.memorysdk.MemoryException;
import dev.memorysdk.MemoryUnavailableException;
import dev.memorysdk.example.QueryProcessorException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Route} and maps what it throws to a JSON error, so no client ever sees a stack
 * trace: bad input 400, missing things 404, the model endpoint failing 502 (without the upstream's
 * words, which can name its address or carry credentials), memory unavailable 503 (only for what
 * passes: "try again later" must be true), anything else 500 with a generic message (the details
 * go to the server log).
 */
final class GuardedHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedHandler.class);

    private final Route route;
    private final ObjectMapper json;

    GuardedHandler(Route route, ObjectMapper json) {
        this.route = route;
        this.json = json;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        JsonExchange request = new JsonExchange(exchange, json);
        try (exchange) {
            try {
                route.handle(request);
            } catch (ApiException rejected) {
                request.sendError(rejected.status(), rejected.getMessage());
            } catch (IllegalArgumentException invalid) {
                request.sendError(400, invalid.getMessage());
            } catch (QueryProcessorException modelFailed) {
                LOG.warn("{} {}: the query processor failed: {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), modelFailed.reason());
                LOG.debug("Query processor failure", modelFailed);
                request.sendError(502, "the query processor failed");
            } catch (MemoryUnavailableException unavailable) {
                LOG.warn("{} {}: memory unavailable: {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), unavailable.getMessage());
                request.sendError(503, ApiException.MEMORY_UNAVAILABLE);
            } catch (MemoryException failed) {
                LOG.error("{} {}: memory failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        failed);
                request.sendError(500, "internal server error");
            } catch (IOException clientGone) {
                throw clientGone;
            } catch (RuntimeException bug) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), bug);
                request.sendError(500, "internal server error");
            }
        }
    }
}
