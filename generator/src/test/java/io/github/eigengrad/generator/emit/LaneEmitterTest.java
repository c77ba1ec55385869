package io.github.eigengrad.generator.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The lane emitter beyond the runtime's one class (whose values the runtime's
 * VectorLanesTest holds to the scalar rule bit for bit): every fixed size compiles, its parts
 * stay small enough for C1, and only power-iteration rules of a fixed size are accepted.
 */
class LaneEmitterTest {
    static List<RuleSpec> laneRules() {
        List<RuleSpec> rules = new ArrayList<>();
        for (int n = 2; n <= 4; n++) {
            for (boolean term : new boolean[] {true, false}) {
                rules.add(RuleSpec.builder().size(n).eigenvalueTerm(term).iterations(7)
                        .className("com.example.lanes.Lanes" + n + (term ? "" : "Paper")).build());
            }
        }
        return rules;
    }

    /** Each compiles; the only warning javac may give is the one about the incubating module. */
    @Test
    void everyFixedSizeCompiles() {
        List<JavaFileObject> sources = laneRules().stream()
                .map(r -> JavaFileObjects.forSourceString(r.className(), LaneEmitter.emit(r).toString())).toList();
        Compilation compilation = Compiler.javac()
                .withOptions("-Xlint:all", "--add-modules", "jdk.incubator.vector").compile(sources);
        assertThat(compilation).succeeded();
        for (Diagnostic<? extends JavaFileObject> w : compilation.warnings()) {
            assertTrue(w.getMessage(null).contains("incubat"), w.getMessage(null));
        }
        assertEquals(6, sources.size());
    }

    /**
     * The body is cut into parts between temporaries; a part is at most one temporary past
     * the budget, and the largest temporary of these rules is well under it, so each part's
     * source stays within twice the budget (C1 gave up on a 2.7 KB method of vector code).
     */
    @Test
    void partsStaySmall() {
        for (RuleSpec spec : laneRules()) {
            String source = LaneEmitter.emit(spec).toString();
            Matcher part = Pattern.compile("private static long part\\d+\\(").matcher(source);
            List<Integer> starts = new ArrayList<>();
            while (part.find()) {
                starts.add(part.start());
            }
            assertTrue(starts.size() >= (spec.size() == 2 ? 1 : 2), spec + ": " + starts.size() + " parts");
            starts.add(source.indexOf("private static void patch0("));
            for (int k = 0; k + 1 < starts.size(); k++) {
                int length = (starts.get(k + 1) > 0 ? starts.get(k + 1) : source.length()) - starts.get(k);
                assertTrue(length < 2 * LaneEmitter.SEGMENT_CHARACTERS, spec + " part " + k + ": " + length);
            }
        }
    }

    @Test
    void onlyFixedSizePowerIterationRules() {
        for (RuleSpec spec : List.of(RuleSpec.builder().size(3).method(RuleSpec.Method.ADAPTIVE).className("A").build(),
                RuleSpec.builder().size(3).method(RuleSpec.Method.ANALYTIC).className("B").build(),
                RuleSpec.builder().size(RuleSpec.GENERAL).className("C").build())) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> LaneEmitter.emit(spec));
            assertTrue(x.getMessage().startsWith("LaneEmitter needs a fixed-size power-iteration rule"), x.getMessage());
        }
    }
}
