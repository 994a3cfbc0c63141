package org.bert4j.tensor;

/**
 * Picks the {@link Kernels} implementation for this JVM: {@code VectorKernels} when the
 * {@code jdk.incubator.vector} module is in the boot layer (JVM started with
 * {@code --add-modules jdk.incubator.vector}), else {@link ScalarKernels} with a one-time note on
 * stderr. {@code -Dbert4j.kernels=scalar} forces the scalar kernels, {@code =vector} insists on
 * the vector ones (failing if unavailable).
 *
 * <p>{@code VectorKernels} is only touched reflectively, after the module check, so this class
 * loads fine on a JVM without the incubator module.
 */
public final class KernelsProvider {

    private static final String VECTOR_CLASS = "org.bert4j.tensor.VectorKernels";

    private KernelsProvider() {
    }

    private static final class Holder {
        static final Kernels INSTANCE = create(System.getProperty("bert4j.kernels", "auto"), true);
    }

    /** The process-wide kernels, chosen once. */
    public static Kernels get() {
        return Holder.INSTANCE;
    }

    /** Whether {@code jdk.incubator.vector} is resolved in the boot layer. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * A fresh instance for {@code mode}: {@code "scalar"}, {@code "vector"} or {@code "auto"}.
     *
     * @param noisy whether to explain a fallback on stderr
     */
    public static Kernels create(String mode, boolean noisy) {
        switch (mode) {
            case "scalar":
                return new ScalarKernels();
            case "vector":
                if (!vectorModulePresent()) {
                    throw new IllegalStateException("bert4j.kernels=vector but jdk.incubator.vector is not loaded;"
                            + " run java with --add-modules jdk.incubator.vector");
                }
                return loadVector();
            case "auto":
                if (!vectorModulePresent()) {
                    if (noisy) {
                        System.err.println("bert4j: jdk.incubator.vector is not loaded (add --add-modules "
                                + "jdk.incubator.vector to the java command line); using slow scalar kernels");
                    }
                    return new ScalarKernels();
                }
                try {
                    return loadVector();
                } catch (RuntimeException | LinkageError e) {
                    if (noisy) System.err.println("bert4j: vector kernels unavailable (" + e + "); using scalar kernels");
                    return new ScalarKernels();
                }
            default:
                throw new IllegalArgumentException("bert4j.kernels must be auto, vector or scalar, not " + mode);
        }
    }

    private static Kernels loadVector() {
        try {
            return (Kernels) Class.forName(VECTOR_CLASS).getMethod("create").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + VECTOR_CLASS, e);
        }
    }

    /** Prints the chosen kernels' name (used by a test that starts a JVM without the module). */
    public static void main(String[] args) {
        System.out.println(get().name());
    }
}
