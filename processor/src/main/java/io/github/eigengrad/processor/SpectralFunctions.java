package io.github.eigengrad.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import io.github.eigengrad.generator.emit.RuleSpecException;
import io.github.eigengrad.generator.emit.UserFunctionEmitter;
import io.github.eigengrad.runtime.SpectralFunction;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The {@link SpectralFunction} half of the processor: for an interface {@code Name}, the
 * classes of the user's function {@code NameFunction} (implementing {@code Name}),
 * {@code MatrixFunction<n>Name} and {@code MatrixFunctionGeneralName} in its package. Every
 * misuse is a compile error on the interface or the attribute at fault.
 */
final class SpectralFunctions {
    /** The methods of {@code ScalarFunction} the generated class implements. */
    private static final Set<String> IMPLEMENTED = Set.of("name", "value", "taylor", "checkDomain");

    private final ProcessingEnvironment env;
    private final Diagnostics diagnostics;

    SpectralFunctions(ProcessingEnvironment env, Diagnostics diagnostics) {
        this.env = env;
        this.diagnostics = diagnostics;
    }

    /** Reports errors on elements and their annotation attributes. */
    interface Diagnostics {
        void error(Element element, String message);

        void errorOnAttribute(Element element, String annotation, String field, String message);
    }

    void generate(Element element) {
        String annotation = SpectralFunction.class.getCanonicalName();
        if (element.getKind() != ElementKind.INTERFACE) {
            diagnostics.error(element, "@SpectralFunction goes on an interface, not on "
                    + element.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " "
                    + element.getSimpleName());
            return;
        }
        TypeElement type = (TypeElement) element;
        if (type.getModifiers().contains(Modifier.PRIVATE) || type.getNestingKind() == NestingKind.LOCAL) {
            diagnostics.error(type, "@SpectralFunction interface " + type.getSimpleName() + " must be top-level or a "
                    + "member type that is not private");
            return;
        }
        for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement t; outer = t.getEnclosingElement()) {
            if (t.getModifiers().contains(Modifier.PRIVATE)) {
                diagnostics.error(type, "@SpectralFunction interface " + type.getSimpleName() + " is nested in the "
                        + "private type " + t.getSimpleName() + "; the generated class cannot reach it");
                return;
            }
        }
        if (!type.getTypeParameters().isEmpty() || type.getModifiers().contains(Modifier.SEALED)) {
            diagnostics.error(type, "@SpectralFunction interface " + type.getSimpleName() + " cannot be generic or "
                    + "sealed; the generated class implements it");
            return;
        }
        for (ExecutableElement method : ElementFilter.methodsIn(env.getElementUtils().getAllMembers(type))) {
            if (method.getModifiers().contains(Modifier.ABSTRACT)
                    && !IMPLEMENTED.contains(method.getSimpleName().toString())) {
                diagnostics.error(type, "@SpectralFunction interface " + type.getSimpleName() + " declares abstract "
                        + "method " + method + ", which the generated ScalarFunction does not implement");
                return;
            }
        }
        SpectralFunction spec = type.getAnnotation(SpectralFunction.class);
        String packageName = env.getElementUtils().getPackageOf(type).getQualifiedName().toString();
        UserFunctionEmitter.UserFunction user;
        try {
            user = UserFunctionEmitter.UserFunction.of(type.getSimpleName().toString(), spec.expression(),
                    List.of(spec.parameters()), spec.domain(), packageName).implementing(ClassName.get(type));
        } catch (RuleSpecException x) {
            if (x.field().equals("name") || x.field().equals("package")) {
                diagnostics.error(type, "@SpectralFunction " + x.getMessage());
            } else {
                diagnostics.errorOnAttribute(type, annotation, x.field().equals("expression") && x.getMessage()
                        .contains("parameter") ? "parameters" : x.field(), "@SpectralFunction " + x.getMessage());
            }
            return;
        }
        for (JavaFile file : UserFunctionEmitter.emit(user)) {
            String name = (packageName.isEmpty() ? "" : packageName + ".") + file.typeSpec().name();
            try {
                javax.tools.JavaFileObject out = env.getFiler().createSourceFile(name, type);
                try (Writer w = out.openWriter()) {
                    w.write(file.toString());
                }
            } catch (FilerException x) {
                diagnostics.error(type, "@SpectralFunction cannot write " + name + ": " + x.getMessage()
                        + " (another type of the same name in this package?)");
                return;
            } catch (IOException x) {
                diagnostics.error(type, "@SpectralFunction cannot write " + name + ": " + x);
                return;
            }
        }
    }
}
