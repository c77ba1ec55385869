package io.github.eigengrad.maven;

import io.github.eigengrad.generator.emit.Emitters;
import io.github.eigengrad.generator.emit.RuleSpec;
import io.github.eigengrad.generator.emit.UserFunctionEmitter;
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
    /** The rules to generate: one {@code <rule>} each (see the README for the fields and defaults). */
    @Parameter
    List<Rule> rules;

    /**
     * Users' spectral functions to generate (docs/matrix-functions.md): one {@code <function>}
     * each, with {@code name}, {@code expression} and optionally {@code domain},
     * {@code parameters} and {@code packageName}.
     */
    @Parameter
    List<Function> functions;

    /** Where the sources are written; added to the compile source roots. The plugin owns this folder. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/eigengrad", required = true)
    File outputDirectory;

    /** Skip the goal (nothing written, no source root added): exactly true or false. */
    @Parameter(property = "eigengrad.skip", defaultValue = "false")
    String skip;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    org.apache.maven.plugin.MojoExecution execution;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;

    /** Whether the goal also writes the LaTeX of each rule's formula next to its source. */
    abstract boolean latex();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        List<RuleSpec> specs;
        List<UserFunctionEmitter.UserFunction> userFunctions;
        try {
            if (RuleConfigurations.bool(skip, "skip (eigengrad.skip)")) {
                getLog().info("eigengrad: skipped");
                return;
            }
            if ((rules == null || rules.isEmpty()) && (functions == null || functions.isEmpty())) {
                throw new IllegalArgumentException("rules: configure at least one <rule> or <function>");
            }
            specs = rules == null || rules.isEmpty() ? List.of() : RuleConfigurations.toSpecs(rules);
            userFunctions = RuleConfigurations.toFunctions(functions, project.getGroupId());
        } catch (IllegalArgumentException x) {
            throw new MojoFailureException(x.getMessage());
        }
        Path root = outputDirectory.toPath();
        try {
            new RuleWriter(root, owner(), latex(), getLog()::info).write(specs, userFunctions, configuration());
        } catch (IllegalStateException x) {
            throw new MojoFailureException("eigengrad: " + x.getMessage());
        } catch (IOException | RuntimeException x) {
            throw new MojoExecutionException("eigengrad: cannot write the rules to " + root + ": " + x.getMessage(), x);
        }
        project.addCompileSourceRoot(root.toString());
    }

    /** Everything the output depends on besides the rules: the plugin version and the goal. */
    private String configuration() {
        return "eigengrad-maven-plugin " + plugin.getVersion() + (latex() ? " derive" : " generate");
    }

    /** The execution, as the owner of its output folder. */
    private String owner() {
        String id = execution == null ? "?" : execution.getExecutionId();
        return project.getGroupId() + ":" + project.getArtifactId() + " execution '" + id + "' (goal "
                + (latex() ? "derive" : "generate") + ")";
    }

}
