package io.github.eigengrad.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.eigengrad.runtime.GeneralizedEigendecomposition;
import io.github.eigengrad.runtime.GeneralizedEigensolver;
import io.github.eigengrad.runtime.InvalidInputException;
import io.github.eigengrad.runtime.SymmetricEigendecomposition;
import io.github.eigengrad.runtime.SymmetricEigensolver;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code eigengrad eigh}: the forward eigendecomposition as a JSON Lines service. */
@Command(name = "eigh",
        header = "Eigendecomposition of symmetric matrices, a JSON Lines service on standard input and output.",
        description = {
            "Eigendecomposition of symmetric matrices as JSON Lines: one request per line on standard input,",
            "one response per line on standard output, in order.",
            "",
            "Request:  {\"id\": any, \"matrix\": [[...], ...], \"epsilon\": number (optional, default 0),",
            "           \"precision\": \"double\" (default) | \"float\" (the float solver, results as floats)}",
            "Response: {\"id\", \"values\": descending eigenvalues of sym(A) + epsilon*I,",
            "           \"vectors\": rows of V, column j is eigenvector j (largest-magnitude entry positive)}",
            "A line that cannot be served gives {\"id\", \"error\": {\"code\", \"message\"}} and the stream goes on.",
            "A matrix is rejected if max|A_ij - A_ji| > 1e-8 * max|A_ij|."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every line was served", "1:at least one line failed",
            "2:invalid command line, unreadable input or a failed write of the output"},
        mixinStandardHelpOptions = true)
final class EighCommand implements Callable<Integer> {
    private static final Set<String> FIELDS = Set.of("matrix", "matrixB", "epsilon", "precision");

    @ParentCommand
    private EigengradCommand parent;

    @Mixin
    private LimitOptions limits = new LimitOptions();

    @Override
    public Integer call() throws IOException {
        int failed = JsonLines.serve(parent.input(), parent.output(), limits.limits(), EighCommand::handle);
        return failed == 0 ? 0 : 1;
    }

    static ObjectNode handle(ObjectNode json, Limits limits) throws RequestException {
        Request request = new Request(json, FIELDS, limits);
        double epsilon = request.number("epsilon", 0);
        if (ComplexRequests.isComplex(request)) {
            return ComplexRequests.eigh(request, epsilon);
        }
        double[][] matrix = request.matrix("matrix");
        if (request.has("matrixB")) {
            FloatRequests.refuse(request, "matrixB", "the generalised problem");
            try {
                GeneralizedEigendecomposition g = GeneralizedEigensolver.builder().epsilon(epsilon).build()
                        .decompose(matrix, request.matrix("matrixB"));
                ObjectNode response = JsonLines.MAPPER.createObjectNode();
                response.set("values", JsonLines.array(g.values()));
                response.set("vectors", JsonLines.rows(g.vectors()));
                return response;
            } catch (InvalidInputException x) {
                throw new RequestException(x.problem().code(), x.getMessage());
            }
        }
        if (FloatRequests.isFloat(request)) {
            return FloatRequests.eigh(matrix, epsilon);
        }
        SymmetricEigendecomposition e;
        try {
            e = SymmetricEigensolver.builder().epsilon(epsilon).build().decompose(matrix);
        } catch (InvalidInputException x) {
            throw new RequestException(x.problem().code(), x.getMessage());
        }
        ObjectNode response = JsonLines.MAPPER.createObjectNode();
        response.set("values", JsonLines.array(e.values()));
        response.set("vectors", JsonLines.rows(e.vectors()));
        return response;
    }
}
