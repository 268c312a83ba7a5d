package dev.memorysdk.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.ibatis.session.Configuration;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The exact SQL text the SDK sends for one of its mapper statements, taken from the mapper XML in
 * the SDK's jar through MyBatis (read as a resource: the bench uses no SDK class outside its public
 * API), with the order of its parameters. What raw JDBC runs to measure the
 * limit the SDK can approach.
 *
 * @param sql            the statement text with {@code ?} placeholders, as the driver receives it
 * @param parameterNames the mapper parameter bound at each placeholder, in order
 */
public record SdkStatementText(String sql, List<String> parameterNames) {

    /** The SDK's statements, as packaged in its jar. */
    static final String MAPPER_RESOURCE = "dev/memorysdk/internal/store/SessionMemoryMapper.xml";
    private static final String NAMESPACE = "dev.memorysdk.internal.store.SessionMemoryMapper";

    private static final Configuration MAPPER = mapperConfiguration();

    public SdkStatementText {
        parameterNames = List.copyOf(parameterNames);
    }

    /**
     * The text of {@code statement} (e.g. {@code appendOne}) for parameters like {@code parameters};
     * only values that steer dynamic SQL matter (none of the statements measured has any).
     */
    public static SdkStatementText of(String statement, Map<String, Object> parameters) {
        BoundSql bound = MAPPER.getMappedStatement(NAMESPACE + "." + statement)
                .getBoundSql(parameters);
        return new SdkStatementText(bound.getSql(),
                bound.getParameterMappings().stream().map(ParameterMapping::getProperty).toList());
    }

    private static Configuration mapperConfiguration() {
        Configuration configuration = new Configuration();
        try (InputStream xml = new ByteArrayInputStream(statementsOnly())) {
            new XMLMapperBuilder(xml, configuration, MAPPER_RESOURCE, configuration.getSqlFragments()).parse();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return configuration;
    }

    /**
     * The mapper XML without its result maps and without the internal Java types its parameters
     * name: they only matter for binding values and reading results, never for the text sent.
     */
    private static byte[] statementsOnly() throws IOException {
        try (InputStream in = SdkStatementText.class.getClassLoader().getResourceAsStream(MAPPER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(MAPPER_RESOURCE + " is not on the class path");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document document = factory.newDocumentBuilder().parse(in);
            NodeList resultMaps = document.getElementsByTagName("resultMap");
            while (resultMaps.getLength() > 0) {
                Node resultMap = resultMaps.item(0);
                resultMap.getParentNode().removeChild(resultMap);
            }
            for (String kind : new String[] {"select", "insert", "update", "delete"}) {
                NodeList statements = document.getElementsByTagName(kind);
                for (int i = 0; i < statements.getLength(); i++) {
                    ((Element) statements.item(i)).removeAttribute("resultMap");
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.DOCTYPE_PUBLIC, "-//mybatis.org//DTD Mapper 3.0//EN");
            transformer.setOutputProperty(OutputKeys.DOCTYPE_SYSTEM, "https://mybatis.org/dtd/mybatis-3-mapper.dtd");
            transformer.transform(new DOMSource(document), new StreamResult(out));
            // Parameters that name an internal Java type get the default handler: their text is the same.
            return out.toString(StandardCharsets.UTF_8).replaceAll(",\\s*javaType=dev\\.memorysdk\\.internal\\.[\\w.]+", "")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (ParserConfigurationException | SAXException | TransformerException failure) {
            throw new IllegalStateException("reading " + MAPPER_RESOURCE + " failed", failure);
        }
    }
}
