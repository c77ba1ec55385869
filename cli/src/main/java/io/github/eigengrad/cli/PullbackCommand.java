package io.github.eigengrad.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.eigengrad.runtime.DegenerateSpectrumException;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.GeneralizedEigendecomposition;
import io.github.eigengrad.runtime.GeneralizedPullbackResult;
import io.github.eigengrad.runtime.InvalidInputException;
import io.github.eigengrad.runtime.MatrixFunction;
import io.github.eigengrad.runtime.PullbackResult;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import io.github.eigengrad.runtime.generated.RuleConstants;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code eigengrad pullback}: the gradient through the eigendecomposition as a JSON Lines service (docs/cli.md). */
@Command(name = "pullback",
        header = "Gradients through the symmetric eigendecomposition, a JSON Lines service on standard input and output.",
        description = {
            "Gradients through the symmetric eigendecomposition as JSON Lines: one request per line on standard",
            "input, one response per line on standard output, in order.",
            "",
            "Request fields (default in brackets; docs/cli.md has the details):",
            "  id                any JSON value, echoed as sent                    [null]",
            "  matrix            n x n array of rows                               (required)",
            "  valuesBar         n numbers, dL/dlambda                             [zero]",
            "  vectorsBar        n x n rows, column j = dL/dv_j                    [zero]",
            "  method            \"analytic\" | \"power-iteration\" | \"adaptive\"      [\"power-iteration\"]",
            "  iterations        K, a whole number 1..2^53 (power-iteration)       [19]",
            "  tolerance         relative error per pair, in (0, 1) (adaptive)     [1e-10]",
            "  maxIterations     cap on K, 1..2^53 (adaptive)                      [1000]",
            "  eigenvalueTerm    include V diag(valuesBar) V^T                     [true]",
            "  epsilon           >= 0, added to the diagonal                       [0]",
            "  degeneracyTolerance  relative gap of a tie (analytic)          [1e-8; 1e-4 in float]",
            "  mask              mask tied pairs instead of failing (analytic)     [false]",
            "  precision         \"double\" | \"float\": float rounds the input and runs the float rules  [\"double\"]",
            "  topK              k: cotangents of the top k pairs only (valuesBar k, vectorsBar n x k)  [none]",
            "  function          {\"name\": sqrt|invsqrt|log|exp|pow, \"power\": p}: a matrix function  [none]",
            "  functionBar       n x n C: with function, the gradient of <f(sym(A)), C>  [none]",
            "A matrix with an entry [re, im] is complex Hermitian: vectors, vectorsBar, gradient, functionBar and",
            "value are complex too (docs/cli.md).",
            "Response: id, values, vectors, gradient, iterationsUsed, maxPairError, gradientBound, shift, warnings",
            "(and value with function). A line that cannot be served gives {\"id\", \"error\": {\"code\", \"message\"}}",
            "and the stream goes on."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every line was served", "1:at least one line failed",
            "2:invalid command line, unreadable input or a failed write of the output"},
        mixinStandardHelpOptions = true)
final class PullbackCommand implements Callable<Integer> {
    static final String DEGENERATE_SPECTRUM = "degenerate-spectrum";

    private static final Set<String> FIELDS = fields("matrix", "matrixB", "valuesBar", "vectorsBar", "function",
            "functionBar", "topK");

    /** {@code own} and {@link MethodOptions#FIELDS}. */
    static Set<String> fields(String... own) {
        Set<String> all = new java.util.HashSet<>(MethodOptions.FIELDS);
        all.addAll(java.util.List.of(own));
        return Set.copyOf(all);
    }

    @ParentCommand
    private EigengradCommand parent;

    @Mixin
    private LimitOptions limits = new LimitOptions();

    @Override
    public Integer call() throws IOException {
        int failed = JsonLines.serve(parent.input(), parent.output(), limits.limits(), PullbackCommand::handle);
        return failed == 0 ? 0 : 1;
    }

    /**
     * docs/math.md section 7: {@code function} {@code {"name": ..., "power": p}} and {@code functionBar}
     * C give the exact gradient of {@code <f(sym(A)), C>} and, as {@code value}, f(M).
     */
    private static ObjectNode function(ObjectNode json, Request request) throws RequestException {
        MatrixFunction f = MethodOptions.function(json.get("function"), request, "matrixB", "valuesBar", "vectorsBar", "topK",
                "method", "iterations", "tolerance", "maxIterations", "eigenvalueTerm", "degeneracyTolerance", "mask");
        double[][] matrix = request.matrix("matrix");
        double[][] c = request.matrix("functionBar");
        if (FloatRequests.isFloat(request)) {
            return FloatRequests.function(f, matrix, request.number("epsilon", 0), c, null);
        }
        try {
            SymmetricEigendecomposition e = SymmetricEigensolver.builder().epsilon(request.number("epsilon", 0)).build()
                    .decompose(matrix);
            double[][] gradient = f.gradient(e, c);
            ObjectNode response = JsonLines.MAPPER.createObjectNode();
            response.set("values", JsonLines.array(e.values()));
            response.set("vectors", JsonLines.rows(e.vectors()));
            response.set("gradient", JsonLines.rows(gradient));
            response.putNull("iterationsUsed");
            response.put("maxPairError", 0.0);
            response.putNull("gradientBound");
            response.put("shift", 0.0);
            response.putArray("warnings");
            response.set("value", JsonLines.rows(f.value(e)));
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        }
    }

    /**
     * docs/math.md section 6: the cotangents of the first k pairs ({@code valuesBar} of length k,
     * {@code vectorsBar} n x k) pulled back from the matrix and its top k pairs.
     */
    private static PullbackResult topK(EigenGradient gradient, SymmetricEigendecomposition e, double[][] matrix, int k,
            double[] valuesBar, double[][] vectorsBar, Limits limits) throws RequestException {
        int n = e.size();
        if (k < 1 || k >= n) {
            throw new RequestException(InvalidInputException.Problem.INVALID_OPTION.code(),
                    "'topK' must be in [1, n - 1] = [1, " + (n - 1) + "], got " + k);
        }
        double work = (double) gradient.iterations() * k * n * n;
        if (work > limits.maxWork()) {
            throw new RequestException(RequestException.TOO_LARGE, "a top-k request costs about K k n^2 = "
                    + gradient.iterations() + " * " + k + " * " + n + "^2 = " + work + " operations, more than the "
                    + "limit of " + limits.maxWork() + " (--max-work)");
        }
        // the runtime takes positive definiteness beyond k on trust; here the whole spectrum is known
        if (!(e.value(n - 1) > RuleConstants.SHIFT_THRESHOLD * e.value(0))) {
            throw new RequestException(InvalidInputException.Problem.INVALID_OPTION.code(), "'topK' needs a positive "
                    + "definite matrix, lambda_k > " + RuleConstants.SHIFT_THRESHOLD + " lambda_1 for every k (no spectrum shift applies), got lambda_"
                    + (n - 1) + " = " + e.value(n - 1) + " and lambda_0 = " + e.value(0));
        }
        double[] flatBar = null;
        if (vectorsBar != null) {
            if (vectorsBar.length != n) {
                throw new RequestException(InvalidInputException.Problem.WRONG_LENGTH.code(),
                        "with 'topK', 'vectorsBar' must be n x k = " + n + " x " + k + ", got " + vectorsBar.length + " rows");
            }
            flatBar = new double[n * k];
            for (int i = 0; i < n; i++) {
                if (vectorsBar[i].length != k) {
                    throw new RequestException(InvalidInputException.Problem.WRONG_LENGTH.code(), "with 'topK', "
                            + "'vectorsBar' must be n x k = " + n + " x " + k + "; row " + i + " has " + vectorsBar[i].length);
                }
                System.arraycopy(vectorsBar[i], 0, flatBar, i * k, k);
            }
        }
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(matrix[i], 0, flat, i * n, n);
        }
        double[] vectors = e.vectorsRowMajor();
        double[] top = new double[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(vectors, i * n, top, i * k, k);
        }
        return gradient.pullbackTopK(flat, n, java.util.Arrays.copyOf(e.values(), k), top, valuesBar, flatBar);
    }

    /**
     * docs/math.md section 12: the generalised problem with {@code matrixB}; the response adds
     * {@code gradientB} (dL/dB) and its vectors are B-orthonormal.
     */
    private static ObjectNode generalized(Request request, EigenGradient gradient, double[][] matrix, double[] valuesBar,
            double[][] vectorsBar) throws RequestException {
        FloatRequests.refuse(request, "matrixB", "the generalised problem");
        if (request.has("topK")) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'topK' does not apply to the generalised "
                    + "problem ('matrixB')");
        }
        try {
            GeneralizedEigendecomposition e = gradient.decompose(matrix, request.matrix("matrixB"));
            GeneralizedPullbackResult r = gradient.pullback(e, valuesBar, vectorsBar);
            ObjectNode response = JsonLines.MAPPER.createObjectNode();
            response.set("values", JsonLines.array(e.values()));
            response.set("vectors", JsonLines.rows(e.vectors()));
            response.set("gradient", JsonLines.rows(r.gradient()));
            response.set("gradientB", JsonLines.rows(r.gradientB()));
            JsonLines.report(response, r.iterationsUsed(), r.maxPairError(), "gradientBound", r.gradientBound(),
                    r.shift(), r.warnings());
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        } catch (DegenerateSpectrumException x) {
            throw new RequestException(DEGENERATE_SPECTRUM, x.getMessage());
        }
    }

    static ObjectNode handle(ObjectNode json, Limits limits) throws RequestException {
        Request request = new Request(json, FIELDS, limits);
        if (ComplexRequests.isComplex(request)) {
            if (request.has("function") || request.has("functionBar")) {
                return ComplexRequests.function(json.get("function"), request, true);
            }
            return ComplexRequests.pullback(request, MethodOptions.gradient(request));
        }
        if (request.has("function") || request.has("functionBar")) {
            return function(json, request);
        }
        double[][] matrix = request.matrix("matrix");
        double[] valuesBar = request.optionalVector("valuesBar");
        double[][] vectorsBar = request.optionalMatrix("vectorsBar");
        EigenGradient gradient = MethodOptions.gradient(request);
        if (request.has("matrixB")) {
            return generalized(request, gradient, matrix, valuesBar, vectorsBar);
        }
        if (FloatRequests.isFloat(request)) {
            FloatRequests.refuse(request, "topK", "the top-k pullback");
            return FloatRequests.pullback(gradient, matrix, valuesBar, vectorsBar);
        }
        try {
            SymmetricEigendecomposition e = gradient.decompose(matrix);
            PullbackResult r = request.has("topK") ? topK(gradient, e, matrix, request.integer("topK", 0), valuesBar,
                    vectorsBar, limits) : gradient.pullback(e, valuesBar, vectorsBar);
            ObjectNode response = JsonLines.MAPPER.createObjectNode();
            response.set("values", JsonLines.array(e.values()));
            response.set("vectors", JsonLines.rows(e.vectors()));
            response.set("gradient", JsonLines.rows(r.gradient()));
            JsonLines.report(response, r.iterationsUsed(), r.maxPairError(), "gradientBound", r.gradientBound(),
                    r.shift(), r.warnings());
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        } catch (DegenerateSpectrumException x) {
            throw new RequestException(DEGENERATE_SPECTRUM, x.getMessage());
        }
    }
}
