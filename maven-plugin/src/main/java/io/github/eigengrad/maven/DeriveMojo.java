package io.github.eigengrad.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Does what {@code generate} does and also writes, next to each generated source, the LaTeX of
 * the formula the rule is generated from ({@code com/example/Eigh3Pi.tex}), for review.
 */
@Mojo(name = "derive", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class DeriveMojo extends AbstractRulesMojo {
    @Override
    boolean latex() {
        return true;
    }
}
