package dev.speech4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code speech-bom} must import every published module, at the project's version. */
class BomTest {
  private static final Path ROOT = Path.of("..");
  private static final List<String> UNPUBLISHED = List.of("speech-bom", "benchmarks", "samples");

  @Test
  void bomListsEveryPublishedModuleAtTheProjectVersion() throws Exception {
    Document parent = parse(ROOT.resolve("pom.xml"));
    String version = text(parent.getDocumentElement(), "version");
    List<String> published = new ArrayList<>();
    NodeList modules = parent.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent();
      if (!UNPUBLISHED.contains(module)) {
        published.add(module);
      }
    }

    Document bom = parse(ROOT.resolve("speech-bom/pom.xml"));
    Map<String, String> imported = new TreeMap<>();
    NodeList dependencies = bom.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element d = (Element) dependencies.item(i);
      assertThat(text(d, "groupId")).isEqualTo("dev.speech4j");
      imported.put(text(d, "artifactId"), text(d, "version"));
    }

    assertThat(text(bom.getDocumentElement(), "version")).isEqualTo(version);
    assertThat(imported.keySet()).containsExactlyInAnyOrderElementsOf(published);
    assertThat(imported.values()).containsOnly(version);
  }

  private static Document parse(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static String text(Element parent, String child) {
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(child)) {
        return e.getTextContent().trim();
      }
    }
    throw new AssertionError(child + " missing under " + parent.getTagName());
  }
}
