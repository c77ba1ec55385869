package io.github.eigengrad.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes one pullback or pushforward rule class per configured {@code <rule>} (the same emitters as
 * eigengrad's own {@code generated-src/}) into {@code outputDirectory} and adds it as a compile
 * source root. Runs only when the configuration changed since the last build.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractRulesMojo {
    @Override
    boolean latex() {
        return false;
    }
}
