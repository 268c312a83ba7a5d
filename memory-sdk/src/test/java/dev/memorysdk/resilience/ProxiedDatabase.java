package dev.memorysdk.resilience;

import dev.memorysdk.testsupport.TcpProxy;
import dev.memorysdk.testsupport.TestDatabase;
import dev.memorysdk.testsupport.TestPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database with the schema, reached through a {@link TcpProxy} the test switches between
 * forward, drop and hang, for one test class. Register as a static field with
 * {@code @RegisterExtension}.
 */
final class ProxiedDatabase implements BeforeAllCallback, AfterAllCallback {

    private TestDatabase database;
    private TcpProxy proxy;

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestPostgres.createDatabase().withSchema();
        proxy = TcpProxy.start("localhost", TestPostgres.server().getPort());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (proxy != null) {
            proxy.close();
        }
    }

    TestDatabase database() {
        return database;
    }

    TcpProxy proxy() {
        return proxy;
    }
}
