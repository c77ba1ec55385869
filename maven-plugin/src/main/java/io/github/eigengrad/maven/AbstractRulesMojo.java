package io.github.eigengrad.maven;

import io.github.eigengrad.generator.emit.Emitters;
import io.github.eigengrad.generator.emit.RuleSpec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * The work of both goals: validate the rules, write one class per rule (and, for
 * {@code derive}, its formula in LaTeX) unless the output is already up to date, and add the
 * output directory as a compile source root.
 */
abstract class AbstractRulesMojo extends AbstractMojo {
    /** The file in the output directory that records what was generated from which configuration. */
    static final String FINGERPRINT = ".eigengrad-rules";

    /** The rules to generate: one {@code <rule>} each (see the README for the fields and defaults). */
    @Parameter(required = true)
    List<Rule> rules;

    /** Where the sources are written; added to the compile source roots. The plugin owns this folder. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/eigengrad", required = true)
    File outputDirectory;

    /** Skip the goal (nothing written, no source root added). */
    @Parameter(property = "eigengrad.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;

    /** Whether the goal also writes the LaTeX of each rule's formula next to its source. */
    abstract boolean latex();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("eigengrad: skipped");
            return;
        }
        List<RuleSpec> specs;
        try {
            specs = RuleConfigurations.toSpecs(rules);
        } catch (IllegalArgumentException x) {
            throw new MojoFailureException(x.getMessage());
        }
        Path root = outputDirectory.toPath();
        try {
            write(specs, root);
        } catch (IOException | RuntimeException x) {
            throw new MojoExecutionException("eigengrad: cannot write the rules to " + root + ": " + x.getMessage(), x);
        }
        project.addCompileSourceRoot(root.toString());
    }

    private void write(List<RuleSpec> specs, Path root) throws IOException {
        String fingerprint = fingerprint(specs);
        Path recorded = root.resolve(FINGERPRINT);
        if (Files.isRegularFile(recorded) && Files.readString(recorded, StandardCharsets.UTF_8).equals(fingerprint)
                && specs.stream().allMatch(s -> Files.isRegularFile(root.resolve(Emitters.relativePath(s)))
                        && (!latex() || Files.isRegularFile(root.resolve(latexPath(s)))))) {
            getLog().info("eigengrad: " + specs.size() + " rule(s) up to date in " + root);
            return;
        }
        Emitters.writeTree(specs, root);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path stale : files.filter(p -> p.toString().endsWith(".tex")).toList()) {
                Files.delete(stale);
            }
        }
        if (latex()) {
            for (RuleSpec s : specs) {
                Files.writeString(root.resolve(latexPath(s)), Emitters.latex(s), StandardCharsets.UTF_8);
            }
        }
        Files.writeString(recorded, fingerprint, StandardCharsets.UTF_8);
        getLog().info("eigengrad: wrote " + specs.size() + " rule(s)" + (latex() ? " and their LaTeX" : "") + " to "
                + root);
    }

    /** Everything the output depends on: the plugin version, the goal and every rule. */
    private String fingerprint(List<RuleSpec> specs) {
        StringBuilder b = new StringBuilder("eigengrad-maven-plugin ").append(plugin.getVersion())
                .append(latex() ? " derive" : " generate").append('\n');
        for (RuleSpec s : specs) {
            b.append(s.describe()).append('\n');
        }
        return b.toString();
    }

    static String latexPath(RuleSpec spec) {
        return spec.className().replace('.', '/') + ".tex";
    }
}
