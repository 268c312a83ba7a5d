package dev.memorysdk.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every statement of every mapper XML the SDK ships, checked against the rules a distributed
 * PostgreSQL (Citus, {@code session_memory} distributed by {@code session_id}) puts on them. Citus
 * cannot run here; these rules are what docs/scaling.md says was checked. A new statement that
 * breaks one fails this test with the statement's id and the rule.
 */
class DistributedSqlContractTest {

    private static final Path MAPPERS = Path.of("src/main/resources");
    /** Functions whose result depends on the moment or the session: STABLE or VOLATILE in PostgreSQL. */
    private static final Pattern TIME_FUNCTION = Pattern.compile(
            "\\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|current_timestamp|localtimestamp)\\b",
            Pattern.CASE_INSENSITIVE);
    /** Settings that only steer the coordinator's own statement, which Citus applies there. */
    private static final Set<String> COORDINATOR_SETTINGS = Set.of("synchronous_commit", "statement_timeout");

    record Statement(String file, String id, String kind, String sql) {
        String name() {
            return file + "#" + id;
        }
    }

    @Test
    void findsTheStatementsItChecks() throws Exception {
        assertThat(statements()).extracting(Statement::id)
                .contains("appendOne", "appendMany", "readRecent", "deleteExpiredBatch", "deleteSession");
    }

    @Test
    void onConflictDoUpdateSetUsesNoFunctionOfTheMoment() throws Exception {
        List<String> violations = new ArrayList<>();
        for (Statement statement : statements()) {
            String sql = statement.sql();
            int doUpdate = indexOfIgnoreCase(sql, "DO UPDATE");
            if (doUpdate < 0) {
                continue;
            }
            String setClause = sql.substring(doUpdate);
            int where = indexOfIgnoreCase(setClause, "\n     WHERE");
            Matcher moment = TIME_FUNCTION.matcher(where < 0 ? setClause : setClause.substring(0, where));
            if (moment.find()) {
                violations.add(statement.name() + ": " + moment.group() + "() in ON CONFLICT DO UPDATE SET "
                        + "(Citus accepts only IMMUTABLE functions there: take the value from EXCLUDED)");
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void updatesAndDeletesApplyNoStableFunctionToAColumn() throws Exception {
        List<String> violations = new ArrayList<>();
        for (Statement statement : statements()) {
            if (!statement.kind().equals("update") && !statement.kind().equals("delete")
                    && !statement.sql().toUpperCase().contains("UPDATE SESSION_MEMORY")) {
                continue;
            }
            String sql = statement.sql();
            if (TIME_FUNCTION.matcher(sql).find()) {
                violations.add(statement.name() + ": a function of the moment in an UPDATE or DELETE "
                        + "(compare with a bound parameter: Citus refuses STABLE functions over columns there)");
            }
            if (Pattern.compile("make_interval\\s*\\([^)]*\\b(ttl_seconds|updated_at)\\b", Pattern.CASE_INSENSITIVE)
                    .matcher(sql).find()) {
                violations.add(statement.name() + ": interval arithmetic over a column in an UPDATE or DELETE");
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void rowLocksAreTakenOnlyWithinOneSession() throws Exception {
        List<String> violations = new ArrayList<>();
        for (Statement statement : statements()) {
            String sql = statement.sql();
            if (indexOfIgnoreCase(sql, "FOR UPDATE") >= 0 && !sql.matches("(?s).*session_id = #\\{sessionId\\b.*")) {
                violations.add(statement.name() + ": FOR UPDATE outside one session "
                        + "(Citus locks rows only within one shard)");
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void settingsSetInsideAStatementSteerOnlyTheCoordinator() throws Exception {
        List<String> violations = new ArrayList<>();
        Pattern setConfig = Pattern.compile("set_config\\s*\\(\\s*'([^']+)'", Pattern.CASE_INSENSITIVE);
        for (Statement statement : statements()) {
            Matcher matcher = setConfig.matcher(statement.sql());
            while (matcher.find()) {
                if (!COORDINATOR_SETTINGS.contains(matcher.group(1))) {
                    violations.add(statement.name() + ": set_config('" + matcher.group(1) + "') does not reach "
                            + "Citus workers: use SET LOCAL in the transaction");
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyStatementOfOneSessionNamesItsSessionId() throws Exception {
        List<String> violations = new ArrayList<>();
        for (Statement statement : statements()) {
            String sql = statement.sql();
            if (!sql.contains("#{sessionId")) {
                continue;
            }
            boolean filtered = sql.matches("(?s).*session_id = #\\{sessionId\\b.*");
            boolean insertedWithConflictOnIt = sql.matches("(?s).*INSERT INTO session_memory.*ON CONFLICT \\(session_id\\).*");
            if (!filtered && !insertedWithConflictOnIt) {
                violations.add(statement.name() + ": takes a session id but does not filter on session_id = ? "
                        + "(Citus routes a statement to one shard only by the distribution column)");
            }
        }
        assertThat(violations).isEmpty();
    }

    private static int indexOfIgnoreCase(String text, String part) {
        return text.toUpperCase().indexOf(part.toUpperCase());
    }

    /** Every select, insert, update and delete of every mapper XML, with its sql fragments inlined. */
    private static List<Statement> statements() throws Exception {
        List<Statement> statements = new ArrayList<>();
        List<Path> mappers;
        try (Stream<Path> files = Files.walk(MAPPERS)) {
            mappers = files.filter(file -> file.toString().endsWith("Mapper.xml")).toList();
        }
        assertThat(mappers).as("mapper XML files under " + MAPPERS).isNotEmpty();
        for (Path mapper : mappers) {
            Document document = parse(mapper);
            Map<String, Element> fragments = new HashMap<>();
            NodeList sqlNodes = document.getElementsByTagName("sql");
            for (int i = 0; i < sqlNodes.getLength(); i++) {
                Element fragment = (Element) sqlNodes.item(i);
                fragments.put(fragment.getAttribute("id"), fragment);
            }
            for (String kind : List.of("select", "insert", "update", "delete")) {
                NodeList nodes = document.getElementsByTagName(kind);
                for (int i = 0; i < nodes.getLength(); i++) {
                    Element element = (Element) nodes.item(i);
                    statements.add(new Statement(mapper.getFileName().toString(), element.getAttribute("id"), kind,
                            text(element, fragments)));
                }
            }
        }
        return statements;
    }

    private static String text(Node node, Map<String, Element> fragments) {
        StringBuilder sql = new StringBuilder();
        NodeList children = node.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                sql.append(child.getNodeValue());
            } else if (child instanceof Element element && element.getTagName().equals("include")) {
                sql.append(text(fragments.get(element.getAttribute("refid")), fragments));
            } else if (child instanceof Element element) {
                sql.append(text(element, fragments));
            }
        }
        return sql.toString();
    }

    private static Document parse(Path mapper) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setValidating(false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        try (InputStream in = Files.newInputStream(mapper)) {
            return builder.parse(in);
        } catch (IOException failure) {
            throw new IOException("reading " + mapper, failure);
        }
    }
}
