package io.github.eigengrad.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.eigengrad.runtime.DegenerateSpectrumException;
import io.github.eigengrad.runtime.EigenGradient;
import io.github.eigengrad.runtime.HermitianEigendecomposition;
import io.github.eigengrad.runtime.HermitianEigensolver;
import io.github.eigengrad.runtime.HermitianPullbackResult;
import io.github.eigengrad.runtime.HermitianPushforwardResult;
import io.github.eigengrad.runtime.InvalidInputException;
import io.github.eigengrad.runtime.MatrixFunction;

/**
 * Requests on complex Hermitian matrices (docs/math.md section 13): a {@code matrix} with an
 * entry {@code [re, im]} makes {@code vectors}, {@code vectorsBar}, {@code gradient},
 * {@code tangent} and {@code vectorsDot} complex, each entry {@code [re, im]} (a plain number in a
 * request is real); so are a matrix function's {@code functionBar}, {@code value},
 * {@code valueDot} and {@code gradient}. The generalised problem, top-k, float and the
 * Hessian-vector product of a matrix function do not apply.
 */
final class ComplexRequests {
    private ComplexRequests() {}

    /** Whether the request's matrix is complex. */
    static boolean isComplex(Request request) {
        return request.isComplex("matrix");
    }

    /** Refuses the fields that do not apply to a complex matrix, by name. */
    static void refuseOthers(Request request, String... fields) throws RequestException {
        for (String field : fields) {
            if (request.has(field)) {
                throw new RequestException(RequestException.INVALID_REQUEST, "'" + field + "' does not apply to a "
                        + "complex matrix");
            }
        }
        if (FloatRequests.isFloat(request)) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'precision' float does not apply to a "
                    + "complex matrix");
        }
    }

    static ObjectNode eigh(Request request, double epsilon) throws RequestException {
        refuseOthers(request, "matrixB");
        double[] a = request.optionalComplexMatrix("matrix");
        try {
            HermitianEigendecomposition e = HermitianEigensolver.builder().epsilon(epsilon).build()
                    .decompose(a, size(a));
            ObjectNode response = JsonLines.MAPPER.createObjectNode();
            response.set("values", JsonLines.array(e.values()));
            response.set("vectors", rows(e.vectorsInterleaved(), e.size()));
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        }
    }

    static ObjectNode pullback(Request request, EigenGradient gradient) throws RequestException {
        refuseOthers(request, "matrixB", "topK");
        double[] a = request.optionalComplexMatrix("matrix");
        try {
            HermitianEigendecomposition e = gradient.decomposeHermitian(a, size(a));
            double[] vectorsBar = request.optionalComplexMatrix("vectorsBar");
            HermitianPullbackResult r = gradient.pullback(e, request.optionalVector("valuesBar"), vectorsBar);
            ObjectNode response = JsonLines.MAPPER.createObjectNode();
            response.set("values", JsonLines.array(e.values()));
            response.set("vectors", rows(e.vectorsInterleaved(), e.size()));
            response.set("gradient", rows(r.gradientInterleaved(), e.size()));
            JsonLines.report(response, r.iterationsUsed(), r.maxPairError(), "gradientBound", r.gradientBound(),
                    r.shift(), r.warnings());
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        } catch (DegenerateSpectrumException x) {
            throw new RequestException(PullbackCommand.DEGENERATE_SPECTRUM, x.getMessage());
        }
    }

    static ObjectNode pushforward(Request request, EigenGradient gradient) throws RequestException {
        refuseOthers(request, "matrixB", "tangentB");
        double[] a = request.optionalComplexMatrix("matrix");
        try {
            HermitianEigendecomposition e = gradient.decomposeHermitian(a, size(a));
            HermitianPushforwardResult r = gradient.pushforward(e, request.optionalComplexMatrix("tangent"));
            ObjectNode response = JsonLines.MAPPER.createObjectNode();
            response.set("values", JsonLines.array(e.values()));
            response.set("vectors", rows(e.vectorsInterleaved(), e.size()));
            response.set("valuesDot", JsonLines.array(r.valuesDot()));
            response.set("vectorsDot", rows(r.vectorsDotInterleaved(), e.size()));
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
     * A matrix function of a complex Hermitian matrix (docs/math.md section 13): f(M) as
     * {@code value}; for a pullback the gradient of {@code Re <f(herm(A)), C>} with
     * {@code functionBar} C, for a pushforward the Frechet derivative along herm(tangent) as
     * {@code valueDot}.
     */
    static ObjectNode function(com.fasterxml.jackson.databind.JsonNode spec, Request request, boolean pullback)
            throws RequestException {
        MatrixFunction f = pullback
                ? MethodOptions.function(spec, request, "matrixB", "valuesBar", "vectorsBar", "topK", "method",
                        "iterations", "tolerance", "maxIterations", "eigenvalueTerm", "degeneracyTolerance", "mask")
                : MethodOptions.function(spec, request, "matrixB", "tangentB", "method", "iterations", "tolerance",
                        "maxIterations", "eigenvalueTerm", "degeneracyTolerance", "mask");
        if (!pullback && request.has("functionBar")) {
            throw new RequestException(RequestException.INVALID_REQUEST, "'functionBar' with a pushforward asks for "
                    + "gradientDot, the Hessian-vector product, which is not offered for a complex matrix; the "
                    + "gradient is the pullback's");
        }
        refuseOthers(request);
        double[] a = request.optionalComplexMatrix("matrix");
        try {
            HermitianEigendecomposition e = HermitianEigensolver.builder().epsilon(request.number("epsilon", 0))
                    .build().decompose(a, size(a));
            int n = e.size();
            ObjectNode response = JsonLines.MAPPER.createObjectNode();
            response.set("values", JsonLines.array(e.values()));
            response.set("vectors", rows(e.vectorsInterleaved(), n));
            if (pullback) {
                double[] c = request.optionalComplexMatrix("functionBar");
                if (c == null) {
                    throw new RequestException(RequestException.INVALID_REQUEST, "'function' with a pullback needs "
                            + "'functionBar', the C of <f(herm(A)), C>");
                }
                response.set("gradient", rows(f.gradient(e, c), n));
                response.putNull("iterationsUsed");
                response.put("maxPairError", 0.0);
                response.putNull("gradientBound");
                response.put("shift", 0.0);
                response.putArray("warnings");
                response.set("value", rows(f.value(e), n));
            } else {
                double[] t = request.optionalComplexMatrix("tangent");
                response.set("value", rows(f.value(e), n));
                response.set("valueDot", rows(f.derivative(e, t == null ? new double[2 * n * n] : t), n));
            }
            return response;
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        }
    }

    /** n of an interleaved n x n matrix. */
    private static int size(double[] interleaved) {
        return (int) Math.round(Math.sqrt(interleaved.length / 2.0));
    }

    /** Rows of {@code [re, im]} entries. */
    static ArrayNode rows(double[] interleaved, int n) {
        ArrayNode rows = JsonLines.MAPPER.createArrayNode();
        for (int i = 0; i < n; i++) {
            ArrayNode row = rows.addArray();
            for (int j = 0; j < n; j++) {
                row.addArray().add(interleaved[2 * (i * n + j)]).add(interleaved[2 * (i * n + j) + 1]);
            }
        }
        return rows;
    }
}
