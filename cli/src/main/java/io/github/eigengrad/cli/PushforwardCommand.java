package io.github.eigengrad.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.eigengrad.runtime.DegenerateSpectrumException;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.GeneralizedEigendecomposition;
import io.github.eigengrad.runtime.GeneralizedPushforwardResult;
import io.github.eigengrad.runtime.InvalidInputException;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.PushforwardResult;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code eigengrad pushforward}: forward mode through the eigendecomposition as a JSON Lines service (docs/cli.md). */
@Command(name = "pushforward",
        header = "Tangents through the symmetric eigendecomposition (forward mode), a JSON Lines service.",
        description = {
            "Forward mode through the symmetric eigendecomposition as JSON Lines: one request per line on standard",
            "input, one response per line on standard output, in order. The method fields are those of pullback,",
            "and the pushforward is the exact transpose of the pullback with the same fields.",
            "",
            "Request fields (default in brackets; docs/cli.md has the details):",
            "  id                any JSON value, echoed as sent                    [null]",
            "  matrix            n x n array of rows                               (required)",
            "  tangent           n x n rows, ADot (only sym(ADot) acts)            [zero]",
            "  method, iterations, tolerance, maxIterations, eigenvalueTerm, epsilon, degeneracyTolerance, mask, precision:",
            "                    as for pullback",
            "  function          {\"name\": sqrt|invsqrt|log|exp|pow, \"power\": p}: a matrix function  [none]",
            "  functionBar       n x n C: with function, also the gradient of <f(sym(A)), C> and its derivative",
            "A matrix with an entry [re, im] is complex Hermitian: vectors, tangent, vectorsDot, value and valueDot",
            "are complex too; functionBar does not apply then (docs/cli.md).",
            "Response: id, values, vectors, valuesDot, vectorsDot (column j = tangent of v_j), iterationsUsed,",
            "maxPairError, vectorsDotBound, shift, warnings; with function: values, vectors, value, valueDot",
            "(and gradient, gradientDot with functionBar). A line that cannot be served gives",
            "{\"id\", \"error\": {\"code\", \"message\"}} and the stream goes on."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every line was served", "1:at least one line failed",
            "2:invalid command line, unreadable input or a failed write of the output"},
        mixinStandardHelpOptions = true)
final class PushforwardCommand implements Callable<Integer> {
    private static final Set<String> FIELDS = PullbackCommand.fields("matrix", "matrixB", "tangent", "tangentB", "function",
            "functionBar");

    @ParentCommand
    private EigengradCommand parent;

    @Mixin
    private LimitOptions limits = new LimitOptions();

    @Override
    public Integer call() throws IOException {
        int failed = JsonLines.serve(parent.input(), parent.output(), limits.limits(), PushforwardCommand::handle);
        return failed == 0 ? 0 : 1;
    }

    static ObjectNode handle(ObjectNode json, Limits limits) throws RequestException {
        Request request = new Request(json, FIELDS, limits);
        if (ComplexRequests.isComplex(request)) {
            if (request.has("function") || request.has("functionBar")) {
                return ComplexRequests.function(json.get("function"), request, false);
            }
            return ComplexRequests.pushforward(request, MethodOptions.gradient(request));
        }
        if (request.has("function") || request.has("functionBar")) {
            return function(json, request);
        }
        double[][] matrix = request.matrix("matrix");
        double[][] tangent = request.optionalMatrix("tangent");
        EigenGradient gradient = MethodOptions.gradient(request);
        if (request.has("matrixB")) {
            FloatRequests.refuse(request, "matrixB", "the generalised problem");
            try {
                GeneralizedEigendecomposition e = gradient.decompose(matrix, request.matrix("matrixB"));
                GeneralizedPushforwardResult r = gradient.pushforward(e, tangent, request.optionalMatrix("tangentB"));
                ObjectNode response = JsonLines.MAPPER.createObjectNode();
                response.set("values", JsonLines.array(e.values()));
                response.set("vectors", JsonLines.rows(e.vectors()));
                response.set("valuesDot", JsonLines.array(r.valuesDot()));
                response.set("vectorsDot", JsonLines.rows(r.vectorsDot()));
                JsonLines.report(response, r.iterationsUsed(), r.maxPairError(), "vectorsDotBound", r.vectorsDotBound(),
                        r.shift(), r.warnings());
                return response;
            } catch (InvalidInputException x) {
                throw new RequestException(x.problem().code(), x.getMessage());
            } catch (DegenerateSpectrumException x) {
                throw new RequestException(PullbackCommand.DEGENERATE_SPECTRUM, x.getMessage());
            }
        }
        if (request.has("tangentB")) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'tangentB' needs 'matrixB'");
        }
        if (FloatRequests.isFloat(request)) {
            return FloatRequests.pushforward(gradient, matrix, tangent);
        }
        try {
            SymmetricEigendecomposition e = gradient.decompose(matrix);
            PushforwardResult r = gradient.pushforward(e, tangent);
            ObjectNode response = JsonLines.MAPPER.createObjectNode();
            response.set("values", JsonLines.array(e.values()));
            response.set("vectors", JsonLines.rows(e.vectors()));
            response.set("valuesDot", JsonLines.array(r.valuesDot()));
            response.set("vectorsDot", JsonLines.rows(r.vectorsDot()));
            JsonLines.report(response, r.iterationsUsed(), r.maxPairError(), "vectorsDotBound", r.vectorsDotBound(),
                    r.shift(), r.warnings());
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        } catch (DegenerateSpectrumException x) {
            throw new RequestException(PullbackCommand.DEGENERATE_SPECTRUM, x.getMessage());
        }
    }

    /**
     * docs/math.md sections 9 and 10: f(M) and its Frechet derivative along sym(tangent); with
     * {@code functionBar} C also the gradient of {@code <f(sym(A)), C>} and its directional
     * derivative (the Hessian-vector product).
     */
    private static ObjectNode function(ObjectNode json, Request request) throws RequestException {
        MatrixFunction f = MethodOptions.function(json.get("function"), request, "matrixB", "tangentB", "method",
                "iterations", "tolerance",
                "maxIterations", "eigenvalueTerm", "degeneracyTolerance", "mask");
        double[][] matrix = request.matrix("matrix");
        double[][] tangent = request.optionalMatrix("tangent");
        double[][] c = request.optionalMatrix("functionBar");
        if (FloatRequests.isFloat(request)) {
            return FloatRequests.function(f, matrix, request.number("epsilon", 0), c,
                    tangent == null ? new double[matrix.length][matrix.length] : tangent);
        }
        try {
            SymmetricEigendecomposition e = SymmetricEigensolver.builder().epsilon(request.number("epsilon", 0)).build()
                    .decompose(matrix);
            int n = e.size();
            double[][] t = tangent == null ? new double[n][n] : tangent;
            ObjectNode response = JsonLines.MAPPER.createObjectNode();
            response.set("values", JsonLines.array(e.values()));
            response.set("vectors", JsonLines.rows(e.vectors()));
            response.set("value", JsonLines.rows(f.value(e)));
            response.set("valueDot", JsonLines.rows(f.derivative(e, t)));
            if (c != null) {
                response.set("gradient", JsonLines.rows(f.gradient(e, c)));
                response.set("gradientDot", JsonLines.rows(f.hessianVector(e, c, t)));
            }
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        }
    }
}
