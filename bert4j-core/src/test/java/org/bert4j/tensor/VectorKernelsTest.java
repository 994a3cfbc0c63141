package org.bert4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@link VectorKernels} op against the {@link ScalarKernels} oracle, on awkward sizes, for
 * 128-, 256- and 512-bit species. Tolerances are stated per op, relative to the magnitude of the
 * values involved.
 */
class VectorKernelsTest {

    private static final Kernels ORACLE = new ScalarKernels();
    private static final int[][] MATMUL_SHAPES = {
        {1, 1, 1}, {3, 5, 7}, {13, 37, 36}, {17, 65, 129}, {128, 768, 768}, {9, 3072, 768}, {40, 70, 600},
        {1037, 130, 21}}; // the last: more rows than one sweep (SWEEP_ROWS), a partial strip, 8- 4- and 1-row tiles,
                         // enough rows and strips for matmulTransA to pack A into slivers

    /** Vector kernels for {@code bits}; for non-default species a separately loaded copy of the class. */
    private static Kernels kernels(int bits) {
        VectorSpecies<Float> sp = switch (bits) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            default -> FloatVector.SPECIES_512;
        };
        Kernels k = VectorKernels.create(sp);
        assertEquals("vector-" + bits, k.name());
        return k;
    }

    /** Lengths 0, 1, lanes +- 1, 7, 33, 37, 129, 768. */
    private static int[] lengths(Kernels k) {
        int l = Integer.parseInt(k.name().substring("vector-".length())) / 32;
        return IntStream.of(0, 1, l - 1, l + 1, 7, 33, 37, 129, 768).distinct().toArray();
    }

    @org.junit.jupiter.api.Test
    void otherSpeciesAreIsolatedCopies() {
        assertEquals(VectorKernels.class, VectorKernels.create(VectorKernels.DEFAULT_SPECIES).getClass());
        for (int bits : new int[] {128, 256, 512}) {
            Kernels k = kernels(bits);
            if (bits != VectorKernels.DEFAULT_SPECIES.vectorBitSize()) {
                org.junit.jupiter.api.Assertions.assertNotEquals(VectorKernels.class, k.getClass());
                org.junit.jupiter.api.Assertions.assertSame(k, kernels(bits), "copies are cached");
            }
        }
    }

    // ---------------------------------------------------------------- matrix products

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void matmulTransBAndPacked(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(bits);
        for (int[] s : MATMUL_SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            int aOff = 3, bOff = 5, cOff = 2;
            float[] a = gaussian(rnd, aOff + m * k), b = gaussian(rnd, bOff + n * k), bias = gaussian(rnd, n);
            float[] c0 = gaussian(rnd, cOff + m * n);
            for (boolean accumulate : new boolean[] {false, true}) {
                for (float[] bi : new float[][] {null, bias}) {
                    float[] expected = c0.clone(), actual = c0.clone();
                    ORACLE.matmulTransB(a, aOff, b, bOff, expected, cOff, m, n, k, bi, accumulate);
                    vk.matmulTransB(a, aOff, b, bOff, actual, cOff, m, n, k, bi, accumulate);
                    assertMatmul("matmulTransB " + Arrays.toString(s) + " acc=" + accumulate + " bias=" + (bi != null),
                            expected, actual, k);
                }
            }
            PackedMatrix packed = vk.pack(b, bOff, n, k);
            assertEquals(n, packed.n());
            float[] expected = new float[cOff + m * n], actual = new float[cOff + m * n];
            ORACLE.matmulTransB(a, aOff, b, bOff, expected, cOff, m, n, k, bias, false);
            vk.matmulPacked(a, aOff, packed, actual, cOff, m, bias);
            assertMatmul("matmulPacked " + Arrays.toString(s), expected, actual, k);
            float[] expectedAcc = c0.clone(), actualAcc = c0.clone();
            ORACLE.matmulTransB(a, aOff, b, bOff, expectedAcc, cOff, m, n, k, null, true);
            vk.matmulPacked(a, aOff, packed, actualAcc, cOff, m, null, true);
            assertMatmul("matmulPacked acc " + Arrays.toString(s), expectedAcc, actualAcc, k);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void matmulAndTransA(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(bits + 1);
        for (int[] s : MATMUL_SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = gaussian(rnd, 1 + m * k), b = gaussian(rnd, 2 + k * n), c0 = gaussian(rnd, 3 + m * n);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] expected = c0.clone(), actual = c0.clone();
                ORACLE.matmul(a, 1, b, 2, expected, 3, m, n, k, accumulate);
                vk.matmul(a, 1, b, 2, actual, 3, m, n, k, accumulate);
                assertMatmul("matmul " + Arrays.toString(s) + " acc=" + accumulate, expected, actual, k);
                expected = c0.clone();
                actual = c0.clone();
                ORACLE.matmulTransA(a, 1, b, 2, expected, 3, m, n, k, accumulate);
                vk.matmulTransA(a, 1, b, 2, actual, 3, m, n, k, accumulate);
                assertMatmul("matmulTransA " + Arrays.toString(s) + " acc=" + accumulate, expected, actual, k);
            }
        }
    }

    /** Without accumulate, whatever C held before (NaN here) must not leak into the result: C is overwritten. */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void overwriteIgnoresOldContents(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(bits + 2);
        int m = 13, n = 2 * bits / 32 + 5, k = 7; // a full and a partial strip, tiles of 8, 4 and 1 rows
        float[] a = gaussian(rnd, m * k), b = gaussian(rnd, n * k), bias = gaussian(rnd, n);
        for (float[] bi : new float[][] {null, bias}) {
            float[] expected = new float[m * n], actual = new float[m * n];
            Arrays.fill(actual, Float.NaN);
            ORACLE.matmulTransB(a, 0, b, 0, expected, 0, m, n, k, bi, false);
            vk.matmulTransB(a, 0, b, 0, actual, 0, m, n, k, bi, false);
            assertMatmul("matmulTransB over NaN, bias=" + (bi != null), expected, actual, k);
            Arrays.fill(actual, Float.NaN);
            vk.matmulPacked(a, 0, vk.pack(b, 0, n, k), actual, 0, m, bi, false);
            assertMatmul("matmulPacked over NaN, bias=" + (bi != null), expected, actual, k);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void emptyProducts(int bits) {
        Kernels vk = kernels(bits);
        float[] bias = {1, 2, 3};
        float[] c = {5, 5, 5, 5, 5, 5};
        vk.matmulTransB(new float[0], 0, new float[0], 0, c, 0, 2, 3, 0, bias, false);
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, c);
        vk.matmulTransB(new float[0], 0, new float[0], 0, c, 0, 2, 3, 0, bias, true);
        assertArrayEquals(new float[] {2, 4, 6, 2, 4, 6}, c);
        vk.matmul(new float[0], 0, new float[0], 0, c, 0, 0, 3, 4, false); // m = 0: nothing
        assertArrayEquals(new float[] {2, 4, 6, 2, 4, 6}, c);
    }

    /** The split across threads must not change any result bit (same per-element order). */
    @ParameterizedTest
    @ValueSource(ints = {512})
    void threadCountDoesNotChangeResults(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(7);
        for (int[] s : new int[][] {{128, 768, 768}, {64, 64, 700}, {200, 40, 64}, {33, 100, 65}, {600, 200, 50}}) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = gaussian(rnd, m * k), b = gaussian(rnd, n * k), bias = gaussian(rnd, n);
            float[] one = new float[m * n], many = new float[m * n];
            Parallel.withThreads(1, () -> vk.matmulTransB(a, 0, b, 0, one, 0, m, n, k, bias, false));
            vk.matmulTransB(a, 0, b, 0, many, 0, m, n, k, bias, false);
            assertArrayEquals(one, many, "matmulTransB " + Arrays.toString(s));
            Parallel.withThreads(1, () -> vk.matmul(a, 0, b, 0, one, 0, m, n, k, false));
            vk.matmul(a, 0, b, 0, many, 0, m, n, k, false);
            assertArrayEquals(one, many, "matmul " + Arrays.toString(s));
            Parallel.withThreads(1, () -> vk.matmulTransA(a, 0, b, 0, one, 0, m, n, k, false));
            vk.matmulTransA(a, 0, b, 0, many, 0, m, n, k, false);
            assertArrayEquals(one, many, "matmulTransA " + Arrays.toString(s));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void packedMatrixFromOtherKernelsIsRejected(int bits) {
        Kernels vk = kernels(bits);
        PackedMatrix foreign = new ScalarKernels().pack(new float[6], 0, 2, 3);
        if (foreign.stripWidth() != 2 * bits / 32) {
            assertThrows(IllegalArgumentException.class,
                    () -> vk.matmulPacked(new float[3], 0, foreign, new float[2], 0, 1, null));
        }
    }

    // ---------------------------------------------------------------- row-wise ops

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void softmaxRows(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(11);
        for (int cols : lengths(vk)) {
            int rows = 3;
            float[] mask = new float[cols];
            for (int j = 0; j < cols; j++) mask[j] = j % 3 == 2 ? -10000f : 0f;
            if (cols > 4) mask[1] = Float.NEGATIVE_INFINITY;
            for (float[] msk : new float[][] {null, mask}) {
                for (float scale : new float[] {1f, 0.125f}) {
                    float[] x = scaled(gaussian(rnd, 4 + rows * cols), 4f);
                    float[] expected = x.clone(), actual = x.clone();
                    ORACLE.softmaxRows(expected, 4, rows, cols, msk, scale);
                    vk.softmaxRows(actual, 4, rows, cols, msk, scale);
                    assertClose("softmax cols=" + cols, expected, actual, 2e-6, 1e-9);
                }
            }
            float[] y = x(rnd, rows * cols), dy = gaussian(rnd, rows * cols);
            ORACLE.softmaxRows(y, 0, rows, cols, null, 1f);
            float[] expected = new float[rows * cols], actual = new float[rows * cols];
            ORACLE.softmaxRowsBackward(y, 0, dy, 0, expected, 0, rows, cols, 0.5f);
            vk.softmaxRowsBackward(y, 0, dy, 0, actual, 0, rows, cols, 0.5f);
            assertClose("softmaxBackward cols=" + cols, expected, actual, 1e-5, 1e-6);
        }
    }

    /** Masked-LM sized rows too (30,522 classes: several float blocks of the sum). */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void crossEntropyRow(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(12);
        int[] sizes = IntStream.concat(Arrays.stream(lengths(vk)), IntStream.of(30522)).toArray();
        for (int cols : sizes) {
            if (cols == 0) continue;
            for (float spread : new float[] {1f, 8f, 40f}) {
                float[] x = scaled(gaussian(rnd, 3 + cols), spread);
                int label = rnd.nextInt(cols);
                float[] expected = new float[3 + cols], actual = new float[3 + cols];
                double le = ORACLE.crossEntropyRow(x, 3, cols, label, expected, 3, 0.25);
                double la = vk.crossEntropyRow(x, 3, cols, label, actual, 3, 0.25);
                double lossOnly = vk.crossEntropyRow(x, 3, cols, label, null, 0, 0.25);
                assertEquals(le, la, 2e-6 * Math.max(1, Math.abs(le)), "loss cols=" + cols + " spread=" + spread);
                assertEquals(la, lossOnly, 0, "loss without gradient cols=" + cols);
                assertClose("crossEntropy grad cols=" + cols + " spread=" + spread, expected, actual, 2e-6, 1e-9);
                assertEquals(0f, actual[0], "writes only its row");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void layerNormAndBackward(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(13);
        for (int cols : lengths(vk)) {
            if (cols == 0) continue;
            int rows = 5;
            float[] x = gaussian(rnd, 1 + rows * cols);
            for (int i = 0; i < x.length; i++) x[i] = x[i] * 3f + 10f; // offset mean, as real activations have
            float[] gamma = gaussian(rnd, cols), beta = gaussian(rnd, cols);
            float[] expected = new float[rows * cols], actual = new float[rows * cols];
            float[] em = new float[rows], er = new float[rows], am = new float[rows], ar = new float[rows];
            ORACLE.layerNorm(x, 1, expected, 0, rows, cols, gamma, beta, 1e-12f, em, er);
            vk.layerNorm(x, 1, actual, 0, rows, cols, gamma, beta, 1e-12f, am, ar);
            assertClose("layerNorm cols=" + cols, expected, actual, 1e-5, 1e-5);
            assertClose("layerNorm mean", em, am, 1e-6, 1e-6);
            assertClose("layerNorm rstd", er, ar, 1e-5, 0);

            float[] dy = gaussian(rnd, rows * cols);
            float[] edx = new float[rows * cols], adx = new float[rows * cols];
            float[] eg = gaussian(rnd, cols), eb = gaussian(rnd, cols);
            float[] ag = eg.clone(), ab = eb.clone();
            ORACLE.layerNormBackward(dy, 0, x, 1, em, er, gamma, edx, 0, eg, eb, rows, cols);
            vk.layerNormBackward(dy, 0, x, 1, em, er, gamma, adx, 0, ag, ab, rows, cols);
            double scale = rms(edx);
            assertClose("layerNormBackward dx cols=" + cols, edx, adx, 1e-4, 1e-5 * scale);
            assertClose("layerNormBackward dGamma", eg, ag, 1e-5, 1e-5);
            assertClose("layerNormBackward dBeta", eb, ab, 1e-5, 1e-5);
            // no gamma / beta, in place
            float[] e2 = x.clone(), a2 = x.clone();
            ORACLE.layerNorm(e2, 1, e2, 1, rows, cols, null, null, 1e-5f, null, null);
            vk.layerNorm(a2, 1, a2, 1, rows, cols, null, null, 1e-5f, null, null);
            assertClose("layerNorm in place", e2, a2, 1e-5, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void sumRows(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(17);
        for (int cols : lengths(vk)) {
            float[] x = gaussian(rnd, 7 * cols + 2), out0 = gaussian(rnd, cols + 1);
            for (boolean acc : new boolean[] {false, true}) {
                float[] e = out0.clone(), a = out0.clone();
                ORACLE.sumRows(x, 2, 7, cols, e, 1, acc);
                vk.sumRows(x, 2, 7, cols, a, 1, acc);
                assertClose("sumRows", e, a, 1e-5, 1e-5);
            }
        }
    }

    // ---------------------------------------------------------------- activations

    /** Inputs for activations: gaussian * 4 plus special values. */
    private static float[] x(Random rnd, int len) {
        float[] x = scaled(gaussian(rnd, len), 4f);
        float[] special = {0f, -0f, 1f, -1f, 1e-3f, -1e-3f, 5.5f, -5.5f, 9f, -9f, 20f, -20f, 100f, -100f, 3.9f, -3.9f};
        for (int i = 0; i < Math.min(len, special.length); i++) x[(i * 7) % len] = special[i];
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void gelu(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(19);
        for (int len : lengths(vk)) {
            float[] x = x(rnd, len + 3);
            float[] e = x.clone(), a = x.clone();
            ORACLE.geluErf(e, 3, len);
            vk.geluErf(a, 3, len);
            // 1 + erf(x / sqrt 2) cancels for negative x (as in PyTorch): allow ~1e-7 * |x| absolute
            assertGelu("geluErf len=" + len, x, e, a);
            e = x.clone();
            a = x.clone();
            ORACLE.geluTanh(e, 3, len);
            vk.geluTanh(a, 3, len);
            assertGelu("geluTanh len=" + len, x, e, a);
            float[] dy = gaussian(rnd, len + 1);
            float[] ed = new float[len + 2], ad = new float[len + 2];
            ORACLE.geluErfBackward(x, 3, dy, 1, ed, 2, len);
            vk.geluErfBackward(x, 3, dy, 1, ad, 2, len);
            assertClose("geluErfBackward len=" + len, ed, ad, 2e-6, 2e-7);
            ORACLE.geluTanhBackward(x, 3, dy, 1, ed, 2, len);
            vk.geluTanhBackward(x, 3, dy, 1, ad, 2, len);
            assertClose("geluTanhBackward len=" + len, ed, ad, 2e-6, 2e-7);
        }
    }

    /** Exact GELU keeps relative accuracy in the negative tail (no 1 + erf cancellation). */
    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void geluErfNegativeTailIsRelativelyAccurate(int bits) {
        Kernels vk = kernels(bits);
        int len = 4096;
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = -9f + 9f * i / len; // [-9, 0)
        float[] e = x.clone(), a = x.clone();
        ORACLE.geluErf(e, 0, len);
        vk.geluErf(a, 0, len);
        for (int i = 0; i < len; i++) {
            // float rounding of the exp argument (about -x^2 / 2) limits the far tail to ~|x|^2 * 6e-8
            double rel = x[i] >= -4f ? 2e-6 : 1e-5;
            assertEquals(e[i], a[i], rel * Math.abs(e[i]) + 1e-37, "geluErf(" + x[i] + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void tanhAndBackward(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(23);
        for (int len : lengths(vk)) {
            float[] x = x(rnd, len + 1);
            for (int i = 0; i < x.length; i += 5) x[i] *= 0.01f; // small arguments too
            float[] e = x.clone(), a = x.clone();
            ORACLE.tanh(e, 1, len);
            vk.tanh(a, 1, len);
            assertClose("tanh len=" + len, e, a, 1e-6, 1e-7);
            float[] dy = gaussian(rnd, len);
            float[] ed = new float[len], ad = new float[len];
            ORACLE.tanhBackward(e, 1, dy, 0, ed, 0, len);
            vk.tanhBackward(e, 1, dy, 0, ad, 0, len);
            assertClose("tanhBackward len=" + len, ed, ad, 1e-6, 1e-7);
        }
    }

    // ---------------------------------------------------------------- elementwise

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void elementwise(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(29);
        for (int len : lengths(vk)) {
            float[] a = gaussian(rnd, len + 1), b = gaussian(rnd, len + 2);
            float[] e = new float[len + 3], r = new float[len + 3];
            ORACLE.add(a, 1, b, 2, e, 3, len);
            vk.add(a, 1, b, 2, r, 3, len);
            assertClose("add", e, r, 0, 0);
            ORACLE.mul(a, 1, b, 2, e, 3, len);
            vk.mul(a, 1, b, 2, r, 3, len);
            assertClose("mul", e, r, 0, 0);
            float[] x1 = a.clone(), x2 = a.clone();
            ORACLE.addInPlace(x1, 1, b, 2, len);
            vk.addInPlace(x2, 1, b, 2, len);
            assertClose("addInPlace", x1, x2, 0, 0);
            ORACLE.axpy(0.3f, b, 2, x1, 1, len);
            vk.axpy(0.3f, b, 2, x2, 1, len);
            assertClose("axpy", x1, x2, 1e-6, 1e-7);
            ORACLE.scale(x1, 1, len, -1.7f);
            vk.scale(x2, 1, len, -1.7f);
            assertClose("scale", x1, x2, 1e-6, 1e-7);
            double absDot = 0;
            for (int i = 0; i < len; i++) absDot += Math.abs(a[1 + i] * b[2 + i]);
            assertEquals(ORACLE.dot(a, 1, b, 2, len), vk.dot(a, 1, b, 2, len), 1e-6 * absDot + 1e-30, "dot len=" + len);
            double ss = ORACLE.sumSquares(a, 1, len);
            assertEquals(ss, vk.sumSquares(a, 1, len), 1e-6 * ss + 1e-30, "sumSquares len=" + len);
        }
        float[] big = gaussian(rnd, 1_000_003);
        double ss = ORACLE.sumSquares(big, 0, big.length);
        assertEquals(ss, vk.sumSquares(big, 0, big.length), 1e-6 * ss, "sumSquares 1M");
    }

    /** GELU (both kinds, forward and backward) and AdamW split large arrays across the team: same bits as one thread, oracle-close. */
    @ParameterizedTest
    @ValueSource(ints = {512})
    void threadCountDoesNotChangeElementwiseResults(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(11);
        int len = 3 * 65536 + 1000 + 5; // several team chunks, a partial block and a scalar tail
        float[] x = scaled(gaussian(rnd, len + 3), 3f), dy = gaussian(rnd, len + 3);
        for (boolean erf : new boolean[] {true, false}) {
            float[] one = x.clone(), many = x.clone(), oracle = x.clone();
            Parallel.withThreads(1, () -> gelu(vk, erf, one, len));
            gelu(vk, erf, many, len);
            gelu(ORACLE, erf, oracle, len);
            assertArrayEquals(one, many, "gelu erf=" + erf);
            assertGelu("gelu erf=" + erf, x, oracle, many);
            float[] dOne = new float[len + 3], dMany = new float[len + 3], dOracle = new float[len + 3];
            Parallel.withThreads(1, () -> geluBackward(vk, erf, x, dy, dOne, len));
            geluBackward(vk, erf, x, dy, dMany, len);
            geluBackward(ORACLE, erf, x, dy, dOracle, len);
            assertArrayEquals(dOne, dMany, "gelu backward erf=" + erf);
            assertClose("gelu backward erf=" + erf, dOracle, dMany, 1e-5, 1e-6);
        }
        float[] p = gaussian(rnd, len + 3), g = gaussian(rnd, len + 3), m = scaled(gaussian(rnd, len + 3), 0.1f), v = new float[len + 3];
        for (int i = 0; i < v.length; i++) v[i] = 0.01f * g[i] * g[i];
        float[] p1 = p.clone(), m1 = m.clone(), v1 = v.clone();
        Parallel.withThreads(1, () -> vk.adamwStep(p1, g, m1, v1, 3, len, 1e-3f, 0.9f, 0.999f, 1e-6f, 0.01f, 0.1f, 0.001f));
        vk.adamwStep(p, g, m, v, 3, len, 1e-3f, 0.9f, 0.999f, 1e-6f, 0.01f, 0.1f, 0.001f);
        assertArrayEquals(p1, p, "adamw param");
        assertArrayEquals(m1, m, "adamw m");
        assertArrayEquals(v1, v, "adamw v");
        // add (the residual connections) and LayerNorm's forward, split by blocks and by rows
        float[] sumOne = new float[len + 3], sumMany = new float[len + 3];
        Parallel.withThreads(1, () -> vk.add(x, 3, dy, 3, sumOne, 3, len));
        vk.add(x, 3, dy, 3, sumMany, 3, len);
        assertArrayEquals(sumOne, sumMany, "add");
        for (int i = 0; i < len; i++) assertEquals(x[3 + i] + dy[3 + i], sumMany[3 + i], "add " + i);
        int cols = 384, rows = len / cols;
        float[] gamma = gaussian(rnd, cols), beta = gaussian(rnd, cols);
        float[] lnOne = new float[len + 3], lnMany = new float[len + 3], lnOracle = new float[len + 3];
        float[] muOne = new float[rows], rsOne = new float[rows], muMany = new float[rows], rsMany = new float[rows];
        Parallel.withThreads(1, () -> vk.layerNorm(x, 3, lnOne, 3, rows, cols, gamma, beta, 1e-12f, muOne, rsOne));
        vk.layerNorm(x, 3, lnMany, 3, rows, cols, gamma, beta, 1e-12f, muMany, rsMany);
        ORACLE.layerNorm(x, 3, lnOracle, 3, rows, cols, gamma, beta, 1e-12f, new float[rows], new float[rows]);
        assertArrayEquals(lnOne, lnMany, "layerNorm");
        assertArrayEquals(muOne, muMany, "layerNorm mean");
        assertArrayEquals(rsOne, rsMany, "layerNorm rstd");
        assertClose("layerNorm", lnOracle, lnMany, 1e-4, 1e-5);
    }

    private static void gelu(Kernels k, boolean erf, float[] x, int len) {
        if (erf) k.geluErf(x, 3, len);
        else k.geluTanh(x, 3, len);
    }

    private static void geluBackward(Kernels k, boolean erf, float[] x, float[] dy, float[] dx, int len) {
        if (erf) k.geluErfBackward(x, 3, dy, 3, dx, 3, len);
        else k.geluTanhBackward(x, 3, dy, 3, dx, 3, len);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 256, 512})
    void adamw(int bits) {
        Kernels vk = kernels(bits);
        Random rnd = new Random(31);
        for (int len : lengths(vk)) {
            float[] p = gaussian(rnd, len + 2), g = gaussian(rnd, len + 2);
            float[] m = scaled(gaussian(rnd, len + 2), 0.1f), v = gaussian(rnd, len + 2);
            for (int i = 0; i < v.length; i++) v[i] = v[i] * v[i] * 0.01f;
            float[] p1 = p.clone(), m1 = m.clone(), v1 = v.clone(), p2 = p.clone(), m2 = m.clone(), v2 = v.clone();
            for (int step = 1; step <= 3; step++) {
                float bc1 = (float) (1 - Math.pow(0.9, step)), bc2 = (float) (1 - Math.pow(0.999, step));
                ORACLE.adamwStep(p1, g, m1, v1, 2, len, 1e-3f, 0.9f, 0.999f, 1e-6f, 0.01f, bc1, bc2);
                vk.adamwStep(p2, g, m2, v2, 2, len, 1e-3f, 0.9f, 0.999f, 1e-6f, 0.01f, bc1, bc2);
            }
            assertClose("adamw param", p1, p2, 1e-6, 1e-7);
            assertClose("adamw m", m1, m2, 1e-6, 1e-8);
            assertClose("adamw v", v1, v2, 1e-6, 1e-10);
        }
    }

    // ---------------------------------------------------------------- helpers

    static float[] gaussian(Random rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }

    static float[] scaled(float[] x, float s) {
        for (int i = 0; i < x.length; i++) x[i] *= s;
        return x;
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) s += (double) v * v;
        return x.length == 0 ? 0 : Math.sqrt(s / x.length);
    }

    /** Matmul tolerance: 1e-5 * sqrt(k) relative to max(|expected|, rms(expected)). */
    static void assertMatmul(String what, float[] expected, float[] actual, int k) {
        double rms = rms(expected);
        double rel = 1e-5 * Math.sqrt(Math.max(1, k));
        for (int i = 0; i < expected.length; i++) {
            double tol = rel * Math.max(Math.abs(expected[i]), rms);
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + ": at " + i + " expected " + expected[i] + " got " + actual[i] + " (tol " + tol + ")");
            }
        }
    }

    /** GELU outputs: |expected - actual| <= 1e-6 |expected| + 1e-7. */
    static void assertGelu(String what, float[] x, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-6 * Math.abs(expected[i]) + 1e-7;
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + ": at " + i + " x=" + x[i] + " expected " + expected[i] + " got " + actual[i]);
            }
        }
    }

    /** |expected - actual| <= abs + rel * |expected| elementwise (NaN must match NaN). */
    static void assertClose(String what, float[] expected, float[] actual, double rel, double abs) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], a = actual[i];
            if (Float.isNaN(e) && Float.isNaN(a)) continue;
            if (e == a) continue;
            if (!(Math.abs(e - a) <= abs + rel * Math.abs(e))) {
                fail(what + ": at " + i + " expected " + e + " got " + a + " (diff " + Math.abs(e - a) + ")");
            }
        }
    }
}
