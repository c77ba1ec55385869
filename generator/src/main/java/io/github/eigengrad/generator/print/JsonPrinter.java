package io.github.eigengrad.generator.print;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.github.eigengrad.generator.expr.Expr;
import io.github.eigengrad.generator.expr.LibraryFunction;
import io.github.eigengrad.generator.formula.Formula;
import io.github.eigengrad.generator.formula.IndexDefinition;
import io.github.eigengrad.generator.simplify.OpCount;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The formula as JSON: every node of the DAG once, in evaluation order, with numeric ids its
 * users refer to; the temporaries of common-subexpression elimination (with their text); the
 * outputs (with their text in terms of the temporaries, so no text repeats a shared
 * subexpression); the general-n definitions; and the op counts before and after
 * elimination. Pretty-printed with "\n" line ends, so the bytes are the same everywhere.
 */
public final class JsonPrinter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private final ObjectNode root = MAPPER.createObjectNode();
    private final ArrayNode nodes = MAPPER.createArrayNode();
    private final Map<Expr, Integer> ids = new IdentityHashMap<>();

    private JsonPrinter() {}

    public static String print(Formula f) {
        return new JsonPrinter().render(f);
    }

    private String render(Formula f) {
        FormulaLayout layout = FormulaLayout.of(f);
        root.put("id", f.id());
        root.put("title", f.title());
        if (f.size() == Formula.GENERAL) {
            root.put("size", "general");
        } else {
            root.put("size", f.size());
        }
        ArrayNode inputs = root.putArray("inputs");
        layout.inputs().forEach(inputs::add);
        for (Expr e : f.expressions()) {
            id(e);
        }
        root.putRawValue("nodes", new RawValue(compactLines(nodes)));
        ArrayNode temporaries = root.putArray("temporaries");
        for (Expr t : layout.temporaries()) {
            temporaries.addObject().put("name", layout.nameOf(t)).put("node", id(t))
                    .put("text", TextPrinter.expression(layout, t, true));
        }
        ArrayNode outputs = root.putArray("outputs");
        for (Formula.Output o : f.outputs()) {
            outputs.addObject().put("name", o.name()).put("node", id(o.expr()))
                    .put("text", TextPrinter.expression(layout, o.expr(), false));
        }
        ArrayNode definitions = root.putArray("definitions");
        for (IndexDefinition d : f.definitions()) {
            ObjectNode def = definitions.addObject();
            def.put("array", d.array());
            ArrayNode indices = def.putArray("indices");
            d.indices().forEach(indices::add);
            def.put("text", TextPrinter.expression(d.body()));
        }
        List<LibraryFunction> calledFunctions = FormulaLayout.calledFunctions(f.definitions());
        ArrayNode functions = calledFunctions.isEmpty() ? null : root.putArray("functions");
        for (LibraryFunction called : calledFunctions) {
            ObjectNode fn = functions.addObject();
            fn.put("name", called.name());
            ArrayNode parameters = fn.putArray("parameters");
            called.parameters().forEach(parameters::add);
            fn.put("text", TextPrinter.expression(called.body()));
        }
        ObjectNode ops = root.putObject("opCounts");
        ops.set("beforeCse", counts(layout.opsBeforeCse()));
        ops.set("afterCse", counts(layout.opsAfterCse()));
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The nodes array with one node per line (a DAG of 10^5 nodes stays a few MB; the pretty
     * printer would spread each node over eight lines). Indented as the pretty printer would.
     */
    private static String compactLines(ArrayNode nodes) {
        if (nodes.isEmpty()) {
            return "[ ]";
        }
        StringBuilder b = new StringBuilder("[\n");
        try {
            for (int i = 0; i < nodes.size(); i++) {
                b.append("    ").append(MAPPER.writeValueAsString(nodes.get(i))).append(i + 1 < nodes.size() ? ",\n" : "\n");
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return b.append("  ]").toString();
    }

    /** The id of e, adding e (after its arguments) on first sight. */
    private int id(Expr e) {
        Integer known = ids.get(e);
        if (known != null) {
            return known;
        }
        ObjectNode node = MAPPER.createObjectNode();
        ArrayNode args = MAPPER.createArrayNode();
        for (Expr a : e.arguments()) {
            args.add(id(a));
        }
        int id = nodes.size();
        node.put("id", id);
        node.put("op", e.op().name().toLowerCase(Locale.ROOT));
        switch (e.op()) {
            case CONSTANT:
                node.put("value", e.value());
                break;
            case POWER:
                node.put("exponent", e.exponent());
                break;
            case SELECT:
                node.put("comparison", e.comparison().symbol());
                break;
            default:
                break;
        }
        if (e.name() != null) {
            node.put("name", e.name());
        }
        if (!args.isEmpty()) {
            node.set("args", args);
        }
        nodes.add(node);
        ids.put(e, id);
        return id;
    }

    private static ObjectNode counts(OpCount c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("additions", c.additions());
        o.put("multiplications", c.multiplications());
        o.put("divisions", c.divisions());
        o.put("functionCalls", c.functionCalls());
        o.put("branches", c.branches());
        o.put("total", c.total());
        return o;
    }
}
