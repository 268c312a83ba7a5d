package dev.memorysdk.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The {@code memory.*} meters need, besides Micrometer (which Boot's actuator brings), only what the
 * starter itself brings to an application: every class the meter auto-configuration waits for comes
 * from a jar the starter depends on neither optionally nor for tests.
 */
class MetersOnTheStarterAloneTest {

    /** Micrometer's core, on the class path of every application with Boot's actuator. */
    private static final String ACTUATOR_BRINGS = "micrometer-core";

    @Test
    void everyClassTheMeterConfigurationNeedsComesWithTheStarterOrTheActuator() throws Exception {
        List<String> starterBrings = dependenciesAnApplicationGets(Path.of("pom.xml"));
        Class<?>[] needed = MemoryAutoConfiguration.Metrics.class.getAnnotation(ConditionalOnClass.class).value();

        assertThat(needed).isNotEmpty();
        for (Class<?> type : needed) {
            String artifact = artifactOf(type);
            assertThat(artifact.equals(ACTUATOR_BRINGS) || starterBrings.contains(artifact))
                    .as("%s comes from %s, which the starter does not bring (brings %s)", type.getName(), artifact,
                            starterBrings)
                    .isTrue();
        }
    }

    /** The artifact id of the jar a class is loaded from, by the Maven repository layout (artifact/version/jar). */
    private static String artifactOf(Class<?> type) throws URISyntaxException {
        Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent().getFileName().toString();
    }

    /** The starter's dependencies that reach an application: neither optional nor test, provided or import scoped. */
    private static List<String> dependenciesAnApplicationGets(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(pom.toFile());
        Element project = document.getDocumentElement();
        List<String> brought = new ArrayList<>();
        NodeList children = project.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && element.getTagName().equals("dependencies")) {
                NodeList dependencies = element.getElementsByTagName("dependency");
                for (int d = 0; d < dependencies.getLength(); d++) {
                    Element dependency = (Element) dependencies.item(d);
                    String scope = text(dependency, "scope");
                    if (!"true".equals(text(dependency, "optional"))
                            && (scope == null || scope.equals("compile") || scope.equals("runtime"))) {
                        brought.add(text(dependency, "artifactId"));
                    }
                }
            }
        }
        return brought;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
