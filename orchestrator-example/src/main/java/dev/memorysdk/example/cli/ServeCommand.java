package dev.memorysdk.example.cli;

import dev.memorysdk.example.OrchestratorWithMemory;
import dev.memorysdk.example.QueryProcessor;
import dev.memorysdk.example.database.MemoryBackend;
import dev.memorysdk.example.http.HttpApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code serve}: the HTTP API until the process is stopped (Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves the HTTP API (see docs/http-api.md) and the web console at / until stopped with Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    private ExampleApp app;

    @Spec
    private CommandSpec spec;

    @Mixin
    private BackendOptions backendOptions;

    @Mixin
    private ProcessorOption processorOption;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "Port to listen on, 0 for any free one. Default: ${DEFAULT-VALUE}")
    private int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (the API has no authentication). "
                    + "Default: ${DEFAULT-VALUE}")
    private String host;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, was " + port);
        }
        QueryProcessor processor = processorOption.create(app);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CountDownLatch stopped = new CountDownLatch(1);
        try (MemoryBackend backend = backendOptions.open(app, metrics, app.out());
             HttpApi api = listen(backend, processor, metrics)) {
            // Ctrl-C: stop taking requests before the backend's own hook closes memory.
            Runnable stopServing = api::close;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopServing.run();
                stopped.countDown();
            }, "http-api-shutdown"));
            app.out().printf("Processor: %s%n", processor.description());
            app.out().printf("Listening on %s (Ctrl-C to stop). Try: curl %s/health%n", api.baseUri(), api.baseUri());
            app.out().printf("Console: open %s/ in a browser%n", api.baseUri());
            stopped.await();
        }
        return ExitCodes.OK;
    }

    // A taken port or an unknown address is the user's flag to change, not a failure of the app.
    private HttpApi listen(MemoryBackend backend, QueryProcessor processor, PrometheusMeterRegistry metrics) {
        try {
            return HttpApi.start(new OrchestratorWithMemory(backend.memory(), processor), backend.memory(),
                    backend.analytics(), metrics, new InetSocketAddress(host, port));
        } catch (UncheckedIOException cannotListen) {
            throw new IllegalArgumentException("--host " + host + " --port " + port + " cannot be used: "
                    + cannotListen.getCause().getMessage(), cannotListen);
        }
    }
}
