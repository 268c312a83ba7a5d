package dev.memorysdk.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.memorysdk.Durability;
import dev.memorysdk.postgres.PostgresMemoryManager;
import dev.memorysdk.langchain4j.PostgresChatMemoryStore;
import dev.memorysdk.springai.PostgresChatMemoryRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.repository.jdbc.JdbcChatMemoryRepository;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * The frameworks group: each framework's own {@code MessageWindowChatMemory} over the SDK's adapter
 * and over a store that writes the whole window (Spring AI's {@code JdbcChatMemoryRepository}, the
 * real artifact with its own PostgreSQL schema; for LangChain4j, one upsert of the serialized list
 * per update, as SQL chat memory stores do): messages per second, on conversations that start empty
 * and on conversations whose window is full (every add drops the oldest message), and messages lost
 * when many threads add to one conversation at once.
 */
final class FrameworkComparison {

    /** Schema of the four stores' tables. */
    static final String SCHEMA = "bench_frameworks";
    /** The window both frameworks' memories keep in the throughput scenarios. */
    static final int WINDOW = 20;
    /** Adds of each thread to the one conversation of the lost-messages run. */
    static final int ADDS_PER_THREAD = 25;
    /** What the full-window scenarios' names and conversations add to the others'. */
    static final String FULL = "-full";

    private static final String SPRING_AI_SCHEMA =
            "org/springframework/ai/chat/memory/repository/jdbc/schema-postgresql.sql";

    private final BenchContext bench;
    private final BenchSettings settings;
    private final AtomicLong messageNumber = new AtomicLong();

    FrameworkComparison(BenchContext bench) {
        this.bench = bench;
        this.settings = bench.settings();
    }

    void run() throws Exception {
        List<String> scripts = new ArrayList<>(SchemaVariant.tuned().scripts());
        scripts.add(springAiSchema());
        scripts.add(WholeListChatMemoryStore.CREATE_TABLE);
        bench.database().recreateSchema(SCHEMA, scripts);
        int lostUpdatesWindow = settings.threads() * ADDS_PER_THREAD * 2;
        // The lost-messages run queues every thread on one row lock: the wait is not a failure there.
        try (PostgresMemoryManager sdk = PostgresMemoryManager.builder()
                .config(bench.sdkConfig(SCHEMA, lostUpdatesWindow, Durability.STRICT)
                     .statementTimeout(Duration.ofSeconds(60)).build()).build();
             HikariDataSource pool = bench.database().pool(SCHEMA, settings.threads())) {
            Map<String, Function<Integer, Adder>> stores = new LinkedHashMap<>();
            ChatMemoryRepository jdbc = JdbcChatMemoryRepository.builder().dataSource(pool).build();
            ChatMemoryRepository ours = PostgresChatMemoryRepository.create(sdk);
            ChatMemoryStore wholeList = new WholeListChatMemoryStore(pool);
            ChatMemoryStore lc4j = PostgresChatMemoryStore.create(sdk);
            stores.put("spring-ai-jdbc", window -> springAi(jdbc, window));
            stores.put("spring-ai-sdk", window -> springAi(ours, window));
            stores.put("langchain4j-whole-list", window -> langChain4j(wholeList, window));
            stores.put("langchain4j-sdk", window -> langChain4j(lc4j, window));
            throughput(stores, "", "");
            fillWindows(stores);
            throughput(stores, FULL, " at full windows");
            lostMessages(stores);
        }
        if (!bench.database().isEmbedded()) {
            bench.database().dropSchema(SCHEMA);
        }
    }

    private void throughput(Map<String, Function<Integer, Adder>> stores, String variant, String condition) {
        Map<String, Operation> scenarios = new LinkedHashMap<>();
        stores.forEach((name, store) -> {
            Adder adder = store.apply(WINDOW);
            scenarios.put(name + "-add" + variant, random -> adder.add(conversation(variant, name,
                    1 + random.nextInt(settings.sessions())), random));
        });
        bench.runner().runInterleaved(scenarios, settings.rounds()).forEach(bench.report()::add);
        bench.report().addRatio(Ratio.info("Spring AI adds/s" + condition
                + ", PostgresChatMemoryRepository / JdbcChatMemoryRepository",
                "spring-ai-sdk-add" + variant, "spring-ai-jdbc-add" + variant));
        bench.report().addRatio(Ratio.info("LangChain4j adds/s" + condition
                + ", PostgresChatMemoryStore / whole-list store", "langchain4j-sdk-add" + variant, "langchain4j-whole-list-add" + variant));
    }

    /** The conversation {@code number} of a store's scenario {@code variant} ("" or {@link #FULL}). */
    private static String conversation(String variant, String store, int number) {
        return "c" + variant + "-" + store.hashCode() + "-" + number;
    }

    /** Gives every conversation of the full-window scenarios a full window, in one write of each store's own. */
    private void fillWindows(Map<String, Function<Integer, Adder>> stores) throws InterruptedException {
        ExecutorService writers = Executors.newFixedThreadPool(settings.threads());
        try {
            List<Callable<Void>> fills = new ArrayList<>();
            stores.forEach((name, store) -> {
                Adder adder = store.apply(WINDOW);
                for (int number = 1; number <= settings.sessions(); number++) {
                    String conversation = conversation(FULL, name, number);
                    fills.add(() -> {
                        SplittableRandom random = new SplittableRandom(conversation.hashCode());
                        List<String> texts = new ArrayList<>(WINDOW);
                        for (int i = 0; i < WINDOW; i++) {
                            texts.add(uniqueText(random));
                        }
                        adder.fill(conversation, texts);
                        return null;
                    });
                }
            });
            for (Future<Void> fill : writers.invokeAll(fills)) {
                fill.get();
            }
            stores.forEach((name, store) -> {
                int stored = store.apply(WINDOW).distinctStored(conversation(FULL, name, 1));
                if (stored != WINDOW) {
                    throw new IllegalStateException(name + " holds " + stored + " messages after filling a window of "
                            + WINDOW);
                }
            });
        } catch (ExecutionException failure) {
            throw new IllegalStateException("filling the frameworks' windows failed", failure.getCause());
        } finally {
            writers.shutdownNow();
        }
    }

    private void lostMessages(Map<String, Function<Integer, Adder>> stores) throws Exception {
        int perThread = ADDS_PER_THREAD;
        int expected = settings.threads() * perThread;
        for (Map.Entry<String, Function<Integer, Adder>> store : stores.entrySet()) {
            Adder adder = store.getValue().apply(expected * 2);
            String conversation = "lost-" + Math.abs(store.getKey().hashCode());
            ConcurrentAppends.Outcome outcome = ConcurrentAppends.run(settings.threads(), perThread,
                    random -> adder.add(conversation, random));
            int stored = adder.distinctStored(conversation);
            bench.report().addFinding(String.format("%s under the framework's MessageWindowChatMemory, %d threads x %d "
                    + "adds to one conversation: %d of %d messages stored, %d lost%s", store.getKey(), settings.threads(),
                    perThread, stored, expected, expected - stored, outcome.describe()));
        }
    }

    /** Adds one message of random text to a conversation through a framework's window memory. */
    private interface Adder {
        void add(String conversation, SplittableRandom random);

        /** Stores {@code texts} as the conversation, alternately user and AI messages, in one write. */
        void fill(String conversation, List<String> texts);

        int distinctStored(String conversation);
    }

    private Adder springAi(ChatMemoryRepository repository, int window) {
        org.springframework.ai.chat.memory.ChatMemory memory = org.springframework.ai.chat.memory.MessageWindowChatMemory
                .builder().chatMemoryRepository(repository).maxMessages(window).build();
        return new Adder() {
            @Override
            public void add(String conversation, SplittableRandom random) {
                String text = uniqueText(random);
                memory.add(conversation, random.nextBoolean() ? new UserMessage(text) : new AssistantMessage(text));
            }

            @Override
            public void fill(String conversation, List<String> texts) {
                List<org.springframework.ai.chat.messages.Message> messages = new ArrayList<>(texts.size());
                for (int i = 0; i < texts.size(); i++) {
                    messages.add(i % 2 == 0 ? new UserMessage(texts.get(i)) : new AssistantMessage(texts.get(i)));
                }
                repository.saveAll(conversation, messages);
            }

            @Override
            public int distinctStored(String conversation) {
                return (int) repository.findByConversationId(conversation).stream().map(m -> m.getText()).distinct().count();
            }
        };
    }

    private Adder langChain4j(ChatMemoryStore store, int window) {
        return new Adder() {
            @Override
            public void add(String conversation, SplittableRandom random) {
                String text = uniqueText(random);
                dev.langchain4j.memory.chat.MessageWindowChatMemory.builder().id(conversation).maxMessages(window)
                        .chatMemoryStore(store).build()
                        .add(random.nextBoolean() ? dev.langchain4j.data.message.UserMessage.from(text)
                                : dev.langchain4j.data.message.AiMessage.from(text));
            }

            @Override
            public void fill(String conversation, List<String> texts) {
                List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>(texts.size());
                for (int i = 0; i < texts.size(); i++) {
                    messages.add(i % 2 == 0 ? dev.langchain4j.data.message.UserMessage.from(texts.get(i))
                            : dev.langchain4j.data.message.AiMessage.from(texts.get(i)));
                }
                store.updateMessages(conversation, messages);
            }

            @Override
            public int distinctStored(String conversation) {
                return (int) store.getMessages(conversation).stream()
                        .map(dev.langchain4j.data.message.ChatMessageSerializer::messageToJson).distinct().count();
            }
        };
    }

    /** Random text made unique, so every added message is a distinct one to count. */
    private String uniqueText(SplittableRandom random) {
        return bench.text().query(random) + " #" + messageNumber.incrementAndGet();
    }

    private static String springAiSchema() {
        try (InputStream in = JdbcChatMemoryRepository.class.getClassLoader().getResourceAsStream(SPRING_AI_SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SPRING_AI_SCHEMA + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
