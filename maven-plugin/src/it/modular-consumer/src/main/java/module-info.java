/** A consumer of the runtime as a named module. */
module com.example.consumer {
    requires io.github.eigengrad.runtime;
}
