package io.github.eigengrad.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import io.github.eigengrad.generator.emit.Emitters;
import io.github.eigengrad.generator.emit.RuleSpec;
import io.github.eigengrad.generator.formula.Precision;
import io.github.eigengrad.generator.emit.RuleSpecException;
import io.github.eigengrad.runtime.EigenRule;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Writes {@code <Name>Impl} for every abstract class or interface {@code Name} annotated with
 * {@link EigenRule}: a pullback (or, with {@code direction = PUSHFORWARD}, a pushforward) rule
 * from the same emitters as the runtime's own rules, which extends or implements {@code Name}
 * and implements {@code PullbackRule} (or {@code PushforwardRule}).
 *
 * <p>Every misuse is a compile error on the annotated type (or on the attribute at fault):
 * the wrong kind of type, a final, private, generic or inner type, a class without a
 * constructor taking no arguments, abstract methods that a pullback rule does not implement,
 * and invalid attribute values. Each generated file has its annotated type as its only
 * originating element, so the processor is isolating for incremental builds.
 *
 * <p>For an interface annotated with {@link io.github.eigengrad.runtime.SpectralFunction} it
 * writes the classes of a user's spectral function ({@link SpectralFunctions}).
 */
@AutoService(Processor.class)
public final class EigenRuleProcessor extends AbstractProcessor {
    private static final String ANNOTATION = EigenRule.class.getCanonicalName();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(ANNOTATION, io.github.eigengrad.runtime.SpectralFunction.class.getCanonicalName());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (Element element : round.getElementsAnnotatedWith(EigenRule.class)) {
            generate(element);
        }
        SpectralFunctions functions = new SpectralFunctions(processingEnv, new SpectralFunctions.Diagnostics() {
            @Override
            public void error(Element element, String message) {
                EigenRuleProcessor.this.error(element, message);
            }

            @Override
            public void errorOnAttribute(Element element, String annotation, String field, String message) {
                EigenRuleProcessor.this.errorOnAttribute(element, annotation, field, message);
            }
        });
        for (Element element : round.getElementsAnnotatedWith(io.github.eigengrad.runtime.SpectralFunction.class)) {
            functions.generate(element);
        }
        return true;
    }

    private void generate(Element element) {
        if (element.getKind() != ElementKind.INTERFACE && element.getKind() != ElementKind.CLASS) {
            error(element, "@EigenRule goes on an abstract class or an interface, not on "
                    + element.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " "
                    + element.getSimpleName());
            return;
        }
        TypeElement type = (TypeElement) element;
        boolean isInterface = type.getKind() == ElementKind.INTERFACE;
        if (!isInterface && !type.getModifiers().contains(Modifier.ABSTRACT)) {
            error(type, "@EigenRule needs an abstract class or an interface; " + type.getSimpleName()
                    + " is a concrete class (make it abstract, or an interface)");
            return;
        }
        if (type.getModifiers().contains(Modifier.PRIVATE)) {
            error(type, "@EigenRule type " + type.getSimpleName() + " is private; the generated class must extend it");
            return;
        }
        if (type.getNestingKind() == NestingKind.MEMBER && !isInterface
                && !type.getModifiers().contains(Modifier.STATIC)) {
            error(type, "@EigenRule type " + type.getSimpleName() + " is an inner class; make it static");
            return;
        }
        if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
            error(type, "@EigenRule type " + type.getSimpleName() + " must be top-level or a static member type");
            return;
        }
        for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement t; outer = t.getEnclosingElement()) {
            if (t.getModifiers().contains(Modifier.PRIVATE)) {
                error(type, "@EigenRule type " + type.getSimpleName() + " is nested in the private type "
                        + t.getSimpleName() + "; the generated class cannot reach it");
                return;
            }
        }
        if (type.getModifiers().contains(Modifier.SEALED)) {
            error(type, "@EigenRule type " + type.getSimpleName() + " is sealed; the generated class must extend it "
                    + "(remove sealed, or make it non-sealed)");
            return;
        }
        if (!type.getTypeParameters().isEmpty()) {
            error(type, "@EigenRule type " + type.getSimpleName() + " has type parameters; a rule type cannot be generic");
            return;
        }
        if (!isInterface && !hasNoArgumentConstructor(type)) {
            error(type, "@EigenRule class " + type.getSimpleName()
                    + " needs a constructor without arguments, not private and without checked exceptions, that the "
                    + "generated subclass can call");
            return;
        }
        EigenRule rule = type.getAnnotation(EigenRule.class);
        boolean forward = rule.direction() == EigenRule.Direction.PUSHFORWARD;
        boolean single = rule.precision() == EigenRule.Precision.FLOAT;
        String ruleMethod = forward ? "pushforward" : "pullback";
        String contract = (single ? "Float" : "") + (forward ? "PushforwardRule" : "PullbackRule");
        TypeKind elementKind = single ? TypeKind.FLOAT : TypeKind.DOUBLE;
        for (ExecutableElement method : ElementFilter.methodsIn(processingEnv.getElementUtils().getAllMembers(type))) {
            String clash = clashWithRule(method, ruleMethod, contract, elementKind);
            if (clash != null) {
                error(type, "@EigenRule type " + type.getSimpleName() + " has " + clash + ", which the generated "
                        + "rule must implement as " + contract + " declares it");
                return;
            }
            if (method.getModifiers().contains(Modifier.ABSTRACT) && !isRuleMethod(method, ruleMethod, elementKind)) {
                error(type, "@EigenRule type " + type.getSimpleName() + " declares abstract method " + method
                        + ", which a generated " + ruleMethod + " rule does not implement");
                return;
            }
        }
        String packageName = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
        String simpleName = type.getSimpleName() + "Impl";
        RuleSpec spec;
        try {
            RuleSpec.Builder builder = RuleSpec.builder()
                    .precision(single ? Precision.FLOAT : Precision.DOUBLE)
                    .size(rule.size())
                    .direction(RuleSpec.Direction.valueOf(rule.direction().name()))
                    .method(RuleSpec.Method.valueOf(rule.method().name()))
                    .iterations(rule.iterations())
                    .tolerance(rule.tolerance())
                    .maxIterations(rule.maxIterations())
                    .eigenvalueTerm(rule.eigenvalueTerm())
                    .generalized(rule.problem() == EigenRule.Problem.GENERALIZED)
                    .complex(rule.field() == EigenRule.Field.COMPLEX)
                    .className(packageName.isEmpty() ? simpleName : packageName + "." + simpleName)
                    .supertype(ClassName.get(type), isInterface);
            if (!Double.isNaN(rule.degeneracyTolerance())) { // NaN: the precision's default
                builder.degeneracyTolerance(rule.degeneracyTolerance());
            }
            spec = builder.build();
        } catch (RuleSpecException x) {
            errorOnAttribute(type, x.field(), "@EigenRule " + x.getMessage());
            return;
        }
        write(type, spec);
    }

    private void write(TypeElement type, RuleSpec spec) {
        Filer filer = processingEnv.getFiler();
        try {
            javax.tools.JavaFileObject file = filer.createSourceFile(spec.className(), type);
            try (Writer out = file.openWriter()) {
                out.write(Emitters.emit(spec).toString());
            }
        } catch (FilerException x) {
            error(type, "@EigenRule cannot write " + spec.className() + ": " + x.getMessage()
                    + " (another type of the same simple name in this package?)");
        } catch (IOException x) {
            error(type, "@EigenRule cannot write " + spec.className() + ": " + x);
        }
    }

    /** A visible constructor without arguments that declares no checked exception. */
    private boolean hasNoArgumentConstructor(TypeElement type) {
        for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            if (c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE)
                    && c.getThrownTypes().stream().allMatch(this::isUnchecked)) {
                return true;
            }
        }
        return false;
    }

    private boolean isUnchecked(TypeMirror thrown) {
        javax.lang.model.util.Types types = processingEnv.getTypeUtils();
        javax.lang.model.util.Elements elements = processingEnv.getElementUtils();
        return types.isAssignable(thrown, elements.getTypeElement("java.lang.RuntimeException").asType())
                || types.isAssignable(thrown, elements.getTypeElement("java.lang.Error").asType());
    }

    /**
     * A method with the signature of {@code size()} or {@code <ruleMethod>(double[] x 5)} that the
     * generated class could not override as the rule interface {@code contract} needs (final,
     * static, another return type), described; null if none.
     */
    private static String clashWithRule(ExecutableElement method, String ruleMethod, String contract,
            TypeKind element) {
        String name = method.getSimpleName().toString();
        List<? extends javax.lang.model.element.VariableElement> parameters = method.getParameters();
        boolean size = name.equals("size") && parameters.isEmpty();
        boolean rule = name.equals(ruleMethod) && parameters.size() == 5 && parameters.stream().allMatch(p ->
                p.asType().getKind() == TypeKind.ARRAY
                        && ((javax.lang.model.type.ArrayType) p.asType()).getComponentType().getKind() == element);
        if (!size && !rule) {
            return null;
        }
        String array = element == TypeKind.FLOAT ? "float[]" : "double[]";
        String signature = size ? "size()" : ruleMethod + "(" + String.join(", ", java.util.Collections.nCopies(5, array))
                + ")";
        if (method.getModifiers().contains(Modifier.FINAL)) {
            return "a final " + signature;
        }
        if (method.getModifiers().contains(Modifier.STATIC)) {
            return "a static " + signature;
        }
        TypeKind expected = size ? TypeKind.INT : TypeKind.VOID;
        if (method.getReturnType().getKind() != expected) {
            return signature + " returning " + method.getReturnType() + " (" + contract + "'s returns "
                    + (size ? "int" : "void") + ")";
        }
        return null;
    }

    /** {@code int size()} or {@code void <ruleMethod>(x[], x[], x[], x[], x[])} with x the element kind. */
    private static boolean isRuleMethod(ExecutableElement method, String ruleMethod, TypeKind element) {
        String name = method.getSimpleName().toString();
        List<? extends javax.lang.model.element.VariableElement> parameters = method.getParameters();
        if (name.equals("size")) {
            return parameters.isEmpty() && method.getReturnType().getKind() == TypeKind.INT;
        }
        if (name.equals(ruleMethod) && parameters.size() == 5 && method.getReturnType().getKind() == TypeKind.VOID) {
            for (javax.lang.model.element.VariableElement p : parameters) {
                TypeMirror t = p.asType();
                if (t.getKind() != TypeKind.ARRAY
                        || ((javax.lang.model.type.ArrayType) t).getComponentType().getKind() != element) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private void error(Element element, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    }

    /** An error on the attribute {@code field} of the element's @EigenRule when it is written out, else on the element. */
    private void errorOnAttribute(Element element, String field, String message) {
        errorOnAttribute(element, ANNOTATION, field, message);
    }

    /** An error on the attribute {@code field} of the element's {@code annotation}, as above. */
    private void errorOnAttribute(Element element, String annotation, String field, String message) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (!((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation)) {
                continue;
            }
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
                if (e.getKey().getSimpleName().contentEquals(field)) {
                    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element, mirror, e.getValue());
                    return;
                }
            }
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element, mirror);
            return;
        }
        error(element, message);
    }
}
