package dev.memorysdk.example.cli;

import dev.memorysdk.example.QueryProcessor;
import dev.memorysdk.example.processor.QueryProcessors;
import picocli.CommandLine.Option;

/** The {@code --processor} option: which {@link QueryProcessor} answers. */
final class ProcessorOption {

    @Option(names = "--processor", paramLabel = "NAME",
            description = "Query processor: offline (default, no network) or openai (an OpenAI-compatible "
                    + "endpoint from OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL). Default: $QUERY_PROCESSOR, else offline.")
    private String name;

    QueryProcessor create(ExampleApp app) {
        return QueryProcessors.create(name, app.env());
    }
}
