package io.github.eigengrad.generator.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project documents itself: every document a source, doc, POM or generated file names
 * (a name ending in ".md") exists in the repository, and every relative Markdown link in the
 * Markdown files points to a file that exists.
 */
class DocumentationLinksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules");
    static final Set<String> TEXT = Set.of(".java", ".md", ".xml", ".groovy", ".jsonl", ".txt", ".tex", ".properties",
            ".json", ".kts");
    static final Pattern DOCUMENT = Pattern.compile("(?<![\\w./-])((?:[\\w-]+/)*[\\w-]+\\.md)\\b");
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    static List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(ROOT)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> ROOT.relativize(p).toString().split("/").length > 0)
                    .filter(p -> {
                        for (Path part : ROOT.relativize(p)) {
                            if (SKIPPED_FOLDERS.contains(part.toString())) {
                                return false;
                            }
                        }
                        String name = p.getFileName().toString();
                        return name.equals("eigengrad") || TEXT.stream().anyMatch(name::endsWith);
                    })
                    .forEach(files::add);
        }
        return files;
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyNamedDocumentExists() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Path file : files()) {
            Matcher m = DOCUMENT.matcher(read(file));
            while (m.find()) {
                String name = m.group(1);
                checked++;
                if (!Files.exists(ROOT.resolve(name)) && !Files.exists(file.getParent().resolve(name))
                        && !Files.exists(ROOT.resolve("docs").resolve(name))) {
                    missing.add(ROOT.relativize(file) + " names " + name);
                }
            }
        }
        assertTrue(checked > 50, "found only " + checked + " mentions of documents");
        assertTrue(missing.isEmpty(), "documents that do not exist in the repository:\n" + String.join("\n", missing));
    }

    @Test
    void everyRelativeMarkdownLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : files()) {
            if (!file.toString().endsWith(".md")) {
                continue;
            }
            Matcher m = LINK.matcher(read(file));
            while (m.find()) {
                String target = m.group(1);
                if (target.contains("://") || target.startsWith("#") || target.startsWith("mailto:")) {
                    continue;
                }
                checked++;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                if (!Files.exists(file.getParent().resolve(path).normalize())) {
                    broken.add(ROOT.relativize(file) + " links to " + target);
                }
            }
        }
        assertTrue(checked > 5, "found only " + checked + " relative links");
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }
}
