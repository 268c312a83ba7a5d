package dev.memorysdk.bench;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.memorysdk.Interaction;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The turns the load writes: a query and an answer of prose-like text (random words from a fixed
 * vocabulary, so it compresses like chat text does, about 2:1), together about
 * {@code payloadBytes} long. A pool of texts is made once so the load threads spend no time on it.
 * Thread-safe.
 */
public final class TurnText {

    /** Words the text is drawn from; the SQL prefill draws from the same list. */
    public static final List<String> VOCABULARY = List.of(
            "the", "session", "answer", "question", "memory", "order", "customer", "refund", "policy", "shipping",
            "account", "password", "reset", "invoice", "payment", "card", "delivery", "address", "product", "return",
            "please", "thank", "you", "can", "help", "with", "your", "request", "about", "this",
            "we", "have", "checked", "status", "and", "found", "that", "it", "is", "now",
            "available", "in", "stock", "will", "arrive", "within", "three", "business", "days", "after",
            "confirmation", "of", "a", "an", "for", "to", "on", "by", "from", "model",
            "context", "previous", "turn", "user", "asked", "what", "when", "where", "how", "why",
            "service", "support", "ticket", "number", "update", "email", "phone", "contact", "team", "manager",
            "discount", "coupon", "subscription", "plan", "upgrade", "downgrade", "cancel", "renewal", "date", "price",
            "tax", "currency", "euro", "dollar", "total", "amount", "balance", "credit", "limit", "transaction");

    private static final int POOL_SIZE = 512;

    private final int payloadBytes;
    private final String[] queries = new String[POOL_SIZE];
    private final String[] answers = new String[POOL_SIZE];
    private final String[] quotedQueries = new String[POOL_SIZE];
    private final String[] quotedAnswers = new String[POOL_SIZE];

    /** @param payloadBytes length of query plus answer, at least 10 */
    public TurnText(int payloadBytes, long seed) {
        if (payloadBytes < 10) {
            throw new IllegalArgumentException("payloadBytes must be at least 10, was " + payloadBytes);
        }
        this.payloadBytes = payloadBytes;
        SplittableRandom random = new SplittableRandom(seed);
        JsonStringEncoder quoter = JsonStringEncoder.getInstance();
        for (int i = 0; i < POOL_SIZE; i++) {
            queries[i] = words(random, queryBytes(payloadBytes));
            answers[i] = words(random, payloadBytes - queryBytes(payloadBytes));
            quotedQueries[i] = '"' + new String(quoter.quoteAsString(queries[i])) + '"';
            quotedAnswers[i] = '"' + new String(quoter.quoteAsString(answers[i])) + '"';
        }
    }

    /** A fifth of the payload is the query, the rest the answer. */
    public static int queryBytes(int payloadBytes) {
        return payloadBytes / 5;
    }

    public int payloadBytes() {
        return payloadBytes;
    }

    /** A query of the pool, picked at random. */
    public String query(SplittableRandom random) {
        return queries[random.nextInt(POOL_SIZE)];
    }

    /** A new turn with a random id, stamped now. */
    public Interaction interaction(SplittableRandom random) {
        int pick = random.nextInt(POOL_SIZE);
        return new Interaction(newId(random), queries[pick], answers[pick], Instant.now());
    }

    /**
     * A new turn already in the stored JSON form, built by concatenation from pre-quoted text: the
     * least client work a store can do per turn.
     */
    public EncodedTurn encodedTurn(SplittableRandom random) {
        int pick = random.nextInt(POOL_SIZE);
        String id = newId(random);
        String json = "{\"id\":\"" + id + "\",\"query\":" + quotedQueries[pick] + ",\"answer\":" + quotedAnswers[pick]
                + ",\"timestamp\":\"" + Instant.now() + "\"}";
        return new EncodedTurn(id, json);
    }

    /** A random id of 32 hex digits. */
    public static String newId(SplittableRandom random) {
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    /** Random vocabulary words, space separated, cut to exactly {@code length} characters. */
    static String words(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(VOCABULARY.get(random.nextInt(VOCABULARY.size())));
        }
        return text.substring(0, length);
    }

    /**
     * A turn as stored JSON.
     *
     * @param id   the turn's id
     * @param json the JSON object text
     */
    public record EncodedTurn(String id, String json) {
    }
}
