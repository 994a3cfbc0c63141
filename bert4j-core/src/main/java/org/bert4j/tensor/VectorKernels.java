package org.bert4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} with the Vector API ({@code jdk.incubator.vector}) and, for the matrix products,
 * the {@link Parallel} worker team.
 *
 * <p>Matrix products: the right-hand operand is consumed as strips of {@code W = 2 * lanes}
 * columns (32 floats for 512-bit vectors), k-blocks of {@link #KC} and row blocks of {@link #MC};
 * the innermost register tile is 8 rows x W columns held in 16 accumulators. Prepacked weights
 * ({@link #pack}) are already in strip layout; otherwise each worker packs the panel it needs into
 * thread-local scratch (or, for {@code B[k, n]} operands, reads full strips in place). Work is split
 * across the team by strips of N, or by 8-row tiles of M when N has too few strips.
 *
 * <p>{@code exp} (softmax, GELU) is a Cephes-style polynomial with FMA, about 1-2 ulp; the normal
 * CDF in exact GELU is {@code 0.5 erfc(-x / sqrt 2)} with Numerical Recipes' {@code erfcc}
 * (fractional error below 1.2e-7), accurate in relative terms on the negative side too. The
 * activations (GELU, tanh, forward and backward) run a partial last vector through the same vector
 * code on a zero-padded copy, so an element's result does not depend on its position or on the
 * array's length (a sequence batched with others equals the sequence alone); the scalar tails of
 * the other ops use the double-precision formulas of {@link ScalarKernels}.
 *
 * <p>The species is {@link FloatVector#SPECIES_PREFERRED} unless the system property
 * {@code bert4j.vectorBits} (128, 256 or 512) says otherwise; it is a static constant (see
 * {@link #DEFAULT_SPECIES}). Tests get kernels for other species from
 * {@link #create(VectorSpecies)}.
 *
 * <p>JIT notes. The Vector API is only fast in C2-compiled code; in the interpreter and C1 every
 * vector is a heap object, 50-100x slower. Tiered compilation promotes a method to C2 after
 * thousands of invocations (or a loop to on-stack replacement after many iterations), and a
 * method called a dozen times per forward pass with one long loop inside would stay slow for a
 * long time. So every vector loop here has its body in a small private method called once per
 * vector, row or block of {@link #BLOCK} elements: those are invoked often, get compiled early,
 * and take arrays and ints, never vectors, as arguments (a FloatVector crossing a call that is
 * not inlined is boxed).
 */
public final class VectorKernels implements Kernels {

    /**
     * The species of this copy of the class, a static final so that C2 sees it as a constant (the
     * Vector API only compiles to SIMD instructions when the species is a compile-time constant;
     * an instance field is not one). {@link FloatVector#SPECIES_PREFERRED} unless
     * {@code bert4j.vectorBits} says otherwise; copies made by {@link #create(VectorSpecies)} for
     * another species get theirs from their class loader's name.
     */
    public static final VectorSpecies<Float> DEFAULT_SPECIES = defaultSpecies();

    /** Rows per register tile. */
    static final int MR = 8;
    /** Depth of a k-block. */
    static final int KC = 512;
    /** Rows per row block (the A block one strip sweeps while its panel stays in cache). */
    static final int MC = 128;
    /** {@link #gemmBlockPackedA} from this many rows of A read down its columns ... */
    static final int SLIVER_MIN_ROWS = 512;
    /** ... and this many strips to reuse the slivers (attention-sized products: 128 x 64 x 128 ran at 78 instead of 98 GFLOP per CPU-second packed). */
    static final int SLIVER_MIN_STRIPS = 4;
    /** Elements per call of the private block methods of elementwise ops (see class notes). */
    static final int BLOCK = 256;
    /** Elements per float-accumulated block of a reduction before it is added up in double. */
    static final int REDUCE_BLOCK = 1024;
    /** Rows per row block when B is packed on the fly (the A block is then read from L2 or L3). */
    static final int SWEEP_ROWS = 1024;
    /** From this many rows on, {@code B[k, n]} operands are packed into panels rather than read in place. */
    static final int PLAIN_PACK_MIN_ROWS = 32;
    /** Elementwise ops over at least this many elements may be split across the team. */
    static final int PARALLEL_MIN_ELEMENTS = 1 << 16;
    /** Below this many multiply-adds a product runs on the calling thread only. */
    static final long PARALLEL_MIN_WORK = 1L << 18;

    // The transcendental functions below are written out inline in every loop that uses them
    // (generated from one template, so they are identical): a helper method taking and returning
    // FloatVector is only fast when C2 inlines it, and for methods this size it often does not,
    // which boxes every vector (measured: 100x slower).

    // exp: Cephes expf polynomial, range reduction with a two-part ln 2, about 1-2 ulp
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float EXP_HI = 88.0f;
    private static final float EXP_LO = -86.0f; // below: 0 (keeps 2^n normal)
    private static final float ROUND_MAGIC = 12582912f; // 1.5 * 2^23
    private static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
    private static final float EXP_P0 = 1.9875691500E-4f;
    private static final float EXP_P1 = 1.3981999507E-3f;
    private static final float EXP_P2 = 8.3334519073E-3f;
    private static final float EXP_P3 = 4.1665795894E-2f;
    private static final float EXP_P4 = 1.6666665459E-1f;
    private static final float EXP_P5 = 5.0000001201E-1f;
    // erfc(a) = t exp(-a^2 + poly(t)), t = 1 / (1 + a/2), a >= 0: Numerical Recipes' erfcc,
    // fractional error < 1.2e-7 everywhere. The normal CDF is taken from it on both sides,
    // Phi(x) = 0.5 erfc(-x / sqrt 2), so the negative tail keeps its relative accuracy (no
    // cancellation in 1 + erf). An erf-plus-erfc version (Eigen's float erf for the centre) was
    // twice the code and, at that size, 5x slower after C2 gave up inlining parts of it.
    private static final float ERFC_C0 = -1.26551223f;
    private static final float ERFC_C1 = 1.00002368f;
    private static final float ERFC_C2 = 0.37409196f;
    private static final float ERFC_C3 = 0.09678418f;
    private static final float ERFC_C4 = -0.18628806f;
    private static final float ERFC_C5 = 0.27886807f;
    private static final float ERFC_C6 = -1.13520398f;
    private static final float ERFC_C7 = 1.48851587f;
    private static final float ERFC_C8 = -0.82215223f;
    private static final float ERFC_C9 = 0.17087277f;

    private final VectorSpecies<Float> species;
    private final int stripWidth;
    private final ThreadLocal<float[]> panelScratch;
    private final ThreadLocal<float[]> tileScratch;
    private final ThreadLocal<float[]> slivers;

    /** Vector kernels with {@link #DEFAULT_SPECIES}: the fast, normal choice. */
    public VectorKernels() {
        this.species = DEFAULT_SPECIES;
        this.stripWidth = 2 * species.length();
        int w = stripWidth;
        this.panelScratch = ThreadLocal.withInitial(() -> new float[KC * w]);
        this.tileScratch = ThreadLocal.withInitial(() -> new float[MR * w]);
        this.slivers = ThreadLocal.withInitial(() -> new float[SWEEP_ROWS * KC]);
    }

    /** Vector kernels with {@link #DEFAULT_SPECIES}. */
    public static VectorKernels create() {
        return new VectorKernels();
    }

    /**
     * Vector kernels for any float species (tests: 128, 256 and 512 bits). For a species other
     * than {@link #DEFAULT_SPECIES} this is a separate copy of this class, loaded by its own class
     * loader with that species as its static constant, so that the default copy's JIT profiles
     * and compiled code never see a second species (one shared class with a per-instance species
     * would leave every JVM that ever ran the tests with slow, species-generic code). Hence the
     * return type: the copy is a different class that also implements {@link Kernels}.
     */
    public static Kernels create(VectorSpecies<Float> species) {
        if (species.equals(DEFAULT_SPECIES)) return new VectorKernels();
        int bits = species.vectorBitSize();
        return COPIES.computeIfAbsent(bits, b -> {
            try {
                ClassLoader loader = new CopyLoader(LOADER_PREFIX + b, VectorKernels.class.getClassLoader());
                return (Kernels) Class.forName(VectorKernels.class.getName(), true, loader)
                        .getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load a " + b + "-bit copy of VectorKernels", e);
            }
        });
    }

    private static final String LOADER_PREFIX = "bert4j-vector-";
    private static final java.util.Map<Integer, Kernels> COPIES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Loads VectorKernels (and its nested and lambda classes) afresh; everything else from the parent. */
    private static final class CopyLoader extends ClassLoader {
        CopyLoader(String name, ClassLoader parent) {
            super(name, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(VectorKernels.class.getName())) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String resource = name.replace('.', '/') + ".class";
                    try (java.io.InputStream in = getParent().getResourceAsStream(resource)) {
                        if (in == null) throw new ClassNotFoundException(name);
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (java.io.IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) resolveClass(c);
                return c;
            }
        }
    }

    /**
     * The sum of {@code v}'s lanes, always in the same order: halves added lanewise (lanes 0-7 plus 8-15,
     * then 0-3 plus 4-7, ...), each step an exact IEEE lanewise add, so interpreted and compiled code agree.
     * {@code reduceLanes(ADD)} may add the lanes in another order once C2 compiles the caller (measured on
     * JDK 25: interpreted and compiled results of the same softmax / LayerNorm rows differed in the last bit
     * for about half the rows), so a computation repeated later in the same JVM, such as a resumed training
     * run, would not repeat bit for bit. The slices have constant origins: C2 turns them into single
     * permutes (5.9 ns per 16-lane sum, against 11.8 ns for a copy to an array and 83 ns for a loop of slices).
     */
    private static float addLanes(FloatVector v) {
        final int n = sp().length();
        if (n >= 16) v = v.add(v.slice(8));
        if (n >= 8) v = v.add(v.slice(4));
        if (n >= 4) v = v.add(v.slice(2));
        if (n >= 2) v = v.add(v.slice(1));
        return v.lane(0);
    }

    /** The species, a static final: see {@link #DEFAULT_SPECIES}. */
    private static VectorSpecies<Float> sp() {
        return DEFAULT_SPECIES;
    }

    private static VectorSpecies<Float> defaultSpecies() {
        ClassLoader loader = VectorKernels.class.getClassLoader();
        String loaderName = loader == null ? null : loader.getName();
        String bits = loaderName != null && loaderName.startsWith(LOADER_PREFIX_LITERAL)
                ? loaderName.substring(LOADER_PREFIX_LITERAL.length())
                : System.getProperty("bert4j.vectorBits");
        if (bits == null || bits.isBlank()) return FloatVector.SPECIES_PREFERRED;
        return switch (bits.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("bert4j.vectorBits must be 128, 256 or 512, not " + bits);
        };
    }

    /** Same as LOADER_PREFIX, usable during static initialisation (a compile-time constant). */
    private static final String LOADER_PREFIX_LITERAL = "bert4j-vector-";

    /** The float species in use. */
    public VectorSpecies<Float> species() {
        return species;
    }

    @Override
    public String name() {
        return "vector-" + species.vectorBitSize();
    }

    // ================================================================ matrix products

    /** How the right-hand operand is laid out. */
    private enum BLayout {
        /** {@code b} is a {@link PackedMatrix}'s data with this instance's strip width. */
        PACKED,
        /** {@code b} is {@code B[n, k]} row-major: the product uses its transpose. */
        TRANSPOSED,
        /** {@code b} is {@code B[k, n]} row-major. */
        PLAIN
    }

    @Override
    public void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int m, int n, int k, float[] bias, boolean accumulate) {
        // a: [m, k], b: [n, k], c: [m, n]
        gemm(a, aOff, k, 1, b, bOff, BLayout.TRANSPOSED, c, cOff, m, n, k, bias, accumulate);
    }

    @Override
    public void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                       int m, int n, int k, boolean accumulate) {
        // a: [m, k], b: [k, n], c: [m, n]
        gemm(a, aOff, k, 1, b, bOff, BLayout.PLAIN, c, cOff, m, n, k, null, accumulate);
    }

    @Override
    public void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                             int m, int n, int k, boolean accumulate) {
        // a: [k, m] read as A^T: element (i, p) at aOff + p*m + i; b: [k, n], c: [m, n]
        gemm(a, aOff, 1, m, b, bOff, BLayout.PLAIN, c, cOff, m, n, k, null, accumulate);
    }

    @Override
    public PackedMatrix pack(float[] w, int off, int n, int k) {
        return PackedMatrix.pack(w, off, n, k, stripWidth);
    }

    @Override
    public void matmulPacked(float[] a, int aOff, PackedMatrix w, float[] c, int cOff, int m,
                             float[] bias, boolean accumulate) {
        if (w.stripWidth() != stripWidth) {
            throw new IllegalArgumentException(w + " was not packed by " + name()
                    + " (strip width " + stripWidth + ")");
        }
        gemm(a, aOff, w.k(), 1, w.data(), 0, BLayout.PACKED, c, cOff, m, w.n(), w.k(), bias, accumulate);
    }

    /**
     * C[m, n] (+)= A . B (+ bias), with A(i, p) = a[aOff + i*sai + p*sap] and B given by
     * {@code layout}; splits the work across the {@link Parallel} team.
     */
    private void gemm(float[] a, int aOff, int sai, int sap, float[] b, int bOff, BLayout layout,
                      float[] c, int cOff, int m, int n, int k, float[] bias, boolean accumulate) {
        if (m <= 0 || n <= 0) return;
        startC(c, cOff, m, n, bias, accumulate); // the blocks below only add into C
        if (k <= 0) return; // empty product: C = (C or 0) + bias, which startC did
        final int strips = (n + stripWidth - 1) / stripWidth;
        final int rowTiles = (m + MR - 1) / MR;
        final int threads = Parallel.threads();
        if (threads <= 1 || (long) m * n * k < PARALLEL_MIN_WORK) {
            gemmBlock(a, aOff, sai, sap, b, bOff, layout, c, cOff, m, n, k, 0, strips, 0, m);
        } else if (strips >= 4 * threads || strips % threads == 0 || rowTiles < threads) {
            Parallel.forRange(strips, (s0, s1) ->
                    gemmBlock(a, aOff, sai, sap, b, bOff, layout, c, cOff, m, n, k, s0, s1, 0, m));
        } else {
            Parallel.forRange(rowTiles, (t0, t1) ->
                    gemmBlock(a, aOff, sai, sap, b, bOff, layout, c, cOff, m, n, k,
                            0, strips, t0 * MR, Math.min(m, t1 * MR)));
        }
    }

    /**
     * Before the product: C[m, n] = bias (zero without one), or C += bias when accumulating. The register tiles then
     * only ever add into C. In bits: {@code bias + tile} is what the tiles computed before as {@code tile + bias};
     * only accumulating with a bias rounds differently ({@code (C + bias) + tile}).
     */
    private void startC(float[] c, int cOff, int m, int n, float[] bias, boolean accumulate) {
        if (accumulate && bias == null) return;
        IntRangeBody rows = (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                final int row = cOff + r * n;
                if (!accumulate && bias == null) java.util.Arrays.fill(c, row, row + n, 0f);
                else if (!accumulate) System.arraycopy(bias, 0, c, row, n);
                else for (int s = 0; s < n; s += BLOCK) addBlock(c, row + s, bias, s, c, row + s, Math.min(BLOCK, n - s));
            }
        };
        if ((long) m * n < PARALLEL_MIN_ELEMENTS || Parallel.threads() <= 1) rows.run(0, m);
        else Parallel.forRange(m, rows);
    }

    /** The part of {@link #gemm} for strips {@code [s0, s1)} and rows {@code [i0, i1)}. */
    private void gemmBlock(float[] a, int aOff, int sai, int sap, float[] b, int bOff, BLayout layout,
                           float[] c, int cOff, int m, int n, int k, int s0, int s1, int i0, int i1) {
        if (sap != 1 && i1 - i0 >= SLIVER_MIN_ROWS && s1 - s0 >= SLIVER_MIN_STRIPS) { // A read down its columns: pack it first
            gemmBlockPackedA(a, aOff, sap, b, bOff, layout, c, cOff, m, n, k, s0, s1, i0, i1);
            return;
        }
        final int w = stripWidth;
        final float[] panel = layout == BLayout.PACKED ? null : panelScratch.get();
        // Prepacked B: row blocks of MC keep the A block in L2 while the packed strips stream by.
        // Otherwise each (strip, k-block) panel is packed once and swept by up to SWEEP_ROWS rows, so
        // packing is paid once per SWEEP_ROWS rows, not once per MC (BERT training, m = 1024 tokens:
        // matmulTransB from 78 to 85-94 GFLOP per CPU-second, the backward products by up to 20%).
        final int mc = layout == BLayout.PACKED ? MC : SWEEP_ROWS;
        // B[k, n] is read in place only for few rows; for more, a contiguous panel is faster than ldb-strided rows
        final boolean plainInPlace = i1 - i0 < PLAIN_PACK_MIN_ROWS;
        for (int ib = i0; ib < i1; ib += mc) {
            final int ie = Math.min(i1, ib + mc);
            for (int s = s0; s < s1; s++) {
                final int j0 = s * w;
                final int cols = Math.min(w, n - j0);
                for (int pc = 0; pc < k; pc += KC) {
                    final int kc = Math.min(KC, k - pc);
                    // locate (or build) the panel B[pc .. pc+kc, j0 .. j0+w) as P(p, j) = arr[idx + p*ldb + j]
                    final float[] arr;
                    final int idx, ldb;
                    if (layout == BLayout.PACKED) {
                        arr = b;
                        idx = bOff + s * k * w + pc * w;
                        ldb = w;
                    } else if (layout == BLayout.PLAIN && cols == w && plainInPlace) {
                        arr = b;
                        idx = bOff + pc * n + j0;
                        ldb = n;
                    } else {
                        if (layout == BLayout.PLAIN) packPlain(b, bOff, n, j0, cols, pc, kc, panel);
                        else packTransposed(b, bOff, k, j0, cols, pc, kc, panel);
                        arr = panel;
                        idx = 0;
                        ldb = w;
                    }
                    int i = ib;
                    for (; i + 8 <= ie; i += 8) tile(8, a, aOff + i * sai + pc * sap, sai, sap, arr, idx, ldb, c, cOff + i * n + j0, n, kc, cols);
                    if (i + 4 <= ie) {
                        tile(4, a, aOff + i * sai + pc * sap, sai, sap, arr, idx, ldb, c, cOff + i * n + j0, n, kc, cols);
                        i += 4;
                    }
                    for (; i < ie; i++) tile(1, a, aOff + i * sai + pc * sap, sai, sap, arr, idx, ldb, c, cOff + i * n + j0, n, kc, cols);
                }
            }
        }
    }

    /**
     * {@link #gemmBlock} for an A read down its columns, {@code A(i, p) = a[aOff + i + p*sap]}: the weight
     * gradient {@code dW = dY^T X}, whose A is the output gradient {@code dY[tokens, out]} transposed. Read in
     * place, the 8 rows of a register tile are 8 neighbouring floats of each of kc rows {@code sap} apart,
     * and with sap a multiple of 256 (BERT's widths) all those lines fall into a handful of L1 sets; the tile
     * then reads A from L2 (1024 x 1024 x 256, operands out of cache: 58-72 against 96 GFLOP per CPU-second for
     * the forward product). So each (row block, k-block) of A is first copied into slivers, one per 8 rows,
     * {@code sliver[p*8 + r] = A(i0 + 8t + r, pc + p)}, which every strip then reads front to back.
     */
    private void gemmBlockPackedA(float[] a, int aOff, int sap, float[] b, int bOff, BLayout layout,
                                  float[] c, int cOff, int m, int n, int k, int s0, int s1, int i0, int i1) {
        final int w = stripWidth;
        final float[] panel = layout == BLayout.PACKED ? null : panelScratch.get();
        final float[] sl = slivers.get();
        final boolean plainInPlace = i1 - i0 < PLAIN_PACK_MIN_ROWS;
        for (int ib = i0; ib < i1; ib += SWEEP_ROWS) {
            final int ie = Math.min(i1, ib + SWEEP_ROWS);
            for (int pc = 0; pc < k; pc += KC) {
                final int kc = Math.min(KC, k - pc);
                packSlivers(a, aOff + pc * sap + ib, sap, ie - ib, kc, sl);
                for (int s = s0; s < s1; s++) {
                    final int j0 = s * w;
                    final int cols = Math.min(w, n - j0);
                    final float[] arr;
                    final int idx, ldb;
                    if (layout == BLayout.PACKED) {
                        arr = b;
                        idx = bOff + s * k * w + pc * w;
                        ldb = w;
                    } else if (layout == BLayout.PLAIN && cols == w && plainInPlace) {
                        arr = b;
                        idx = bOff + pc * n + j0;
                        ldb = n;
                    } else {
                        if (layout == BLayout.PLAIN) packPlain(b, bOff, n, j0, cols, pc, kc, panel);
                        else packTransposed(b, bOff, k, j0, cols, pc, kc, panel);
                        arr = panel;
                        idx = 0;
                        ldb = w;
                    }
                    int i = ib;
                    for (; i + 8 <= ie; i += 8) tile(8, sl, (i - ib) * kc, 1, MR, arr, idx, ldb, c, cOff + i * n + j0, n, kc, cols);
                    if (i + 4 <= ie) {
                        tile(4, sl, (i - ib) * kc, 1, MR, arr, idx, ldb, c, cOff + i * n + j0, n, kc, cols);
                        i += 4;
                    }
                    for (; i < ie; i++) {
                        final int t = (i - ib) & ~(MR - 1);
                        tile(1, sl, t * kc + (i - ib - t), 1, MR, arr, idx, ldb, c, cOff + i * n + j0, n, kc, cols);
                    }
                }
            }
        }
    }

    /**
     * sl[t*8*kc + p*8 + r] = a[src + p*sap + 8t + r] for rows {@code 8t + r < rows}, p &lt; kc: the slivers of
     * {@link #gemmBlockPackedA}. Source rows are read front to back; the last sliver's missing rows are left
     * as they are (no tile reads them).
     */
    private static void packSlivers(float[] a, int src, int sap, int rows, int kc, float[] sl) {
        final int full = rows & ~(MR - 1);
        for (int p = 0; p < kc; p++) {
            final int s = src + p * sap;
            int t = 0;
            for (; t < full; t += MR) {
                final int d = t * kc + p * MR;
                for (int r = 0; r < MR; r++) sl[d + r] = a[s + t + r];
            }
            for (int r = 0; t + r < rows; r++) sl[t * kc + p * MR + r] = a[s + t + r];
        }
    }

    /** panel[p, j] = B[pc + p, j0 + j] for B[k, n] row-major; zero past {@code cols}. */
    private void packPlain(float[] b, int bOff, int n, int j0, int cols, int pc, int kc, float[] panel) {
        final int w = stripWidth;
        for (int p = 0; p < kc; p++) {
            final int src = bOff + (pc + p) * n + j0;
            final int dst = p * w;
            System.arraycopy(b, src, panel, dst, cols);
            for (int j = cols; j < w; j++) panel[dst + j] = 0f;
        }
    }

    /**
     * panel[p, j] = B[j0 + j, pc + p] for B[n, k] row-major; zero past {@code cols}. Full strips of 16- and
     * 8-lane species are transposed a square block at a time in registers (2.7x the scalar copy below on a
     * 32 x 512 panel of a 768 x 768 matrix, 512-bit species); the rest element by element.
     */
    private void packTransposed(float[] b, int bOff, int k, int j0, int cols, int pc, int kc, float[] panel) {
        final int w = stripWidth;
        final int src = bOff + j0 * k + pc;
        final int lanes = sp().length();
        int pv = 0; // p below pv: done by the register transpose
        if (cols == w && (lanes == 16 || lanes == 8)) {
            pv = kc - kc % lanes;
            for (int jb = 0; jb < w; jb += lanes) {
                for (int p0 = 0; p0 < pv; p0 += lanes) {
                    if (lanes == 16) transpose16(b, src + jb * k + p0, k, panel, p0 * w + jb, w);
                    else transpose8(b, src + jb * k + p0, k, panel, p0 * w + jb, w);
                }
            }
        }
        // 16 steps of p (one cache line of each B row) at a time: every line read is used whole
        // right away, whatever k is (a large power-of-two-ish k would otherwise thrash L1 sets)
        for (int p0 = pv; p0 < kc; p0 += 16) {
            final int pe = Math.min(kc, p0 + 16);
            for (int j = 0; j < cols; j++) {
                final int s = src + j * k;
                for (int p = p0; p < pe; p++) panel[p * w + j] = b[s + p];
            }
            for (int p = p0; p < pe; p++) {
                for (int j = cols; j < w; j++) panel[p * w + j] = 0f;
            }
        }
    }

    /** Permute indices of {@link #transpose16} (offset 0) and {@link #transpose8} (offset 128): per round, low then high. */
    private static final float[] TRANSPOSE_INDEX = {
        0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23,
        8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31,
        0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27,
        4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31,
        0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29,
        2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31,
        0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30,
        1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31,
        0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15,
        0, 1, 8, 9, 4, 5, 12, 13, 2, 3, 10, 11, 6, 7, 14, 15,
        0, 8, 2, 10, 4, 12, 6, 14, 1, 9, 3, 11, 5, 13, 7, 15,
    };

    /**
     * panel[p0 + t, jb + r] = B[row r, p0 + t] for r, t &lt; 16: a 16 x 16 block transposed in registers, row r of B
     * read from {@code b[s + r*k ..]}, row t of the panel written at {@code panel[d + t*w ..]}. 4 rounds of
     * two-source permutes ({@code selectFrom}, one instruction each with AVX-512) swap ever smaller off-diagonal blocks.
     */
    private static void transpose16(float[] b, int s, int k, float[] panel, int d, int w) {
        final VectorSpecies<Float> sp = sp();
        FloatVector r0 = FloatVector.fromArray(sp, b, s + 0 * k);
        FloatVector r1 = FloatVector.fromArray(sp, b, s + 1 * k);
        FloatVector r2 = FloatVector.fromArray(sp, b, s + 2 * k);
        FloatVector r3 = FloatVector.fromArray(sp, b, s + 3 * k);
        FloatVector r4 = FloatVector.fromArray(sp, b, s + 4 * k);
        FloatVector r5 = FloatVector.fromArray(sp, b, s + 5 * k);
        FloatVector r6 = FloatVector.fromArray(sp, b, s + 6 * k);
        FloatVector r7 = FloatVector.fromArray(sp, b, s + 7 * k);
        FloatVector r8 = FloatVector.fromArray(sp, b, s + 8 * k);
        FloatVector r9 = FloatVector.fromArray(sp, b, s + 9 * k);
        FloatVector r10 = FloatVector.fromArray(sp, b, s + 10 * k);
        FloatVector r11 = FloatVector.fromArray(sp, b, s + 11 * k);
        FloatVector r12 = FloatVector.fromArray(sp, b, s + 12 * k);
        FloatVector r13 = FloatVector.fromArray(sp, b, s + 13 * k);
        FloatVector r14 = FloatVector.fromArray(sp, b, s + 14 * k);
        FloatVector r15 = FloatVector.fromArray(sp, b, s + 15 * k);
        FloatVector t;
        final FloatVector lo0 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 0), hi0 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 16);
        t = lo0.selectFrom(r0, r8); r8 = hi0.selectFrom(r0, r8); r0 = t;
        t = lo0.selectFrom(r1, r9); r9 = hi0.selectFrom(r1, r9); r1 = t;
        t = lo0.selectFrom(r2, r10); r10 = hi0.selectFrom(r2, r10); r2 = t;
        t = lo0.selectFrom(r3, r11); r11 = hi0.selectFrom(r3, r11); r3 = t;
        t = lo0.selectFrom(r4, r12); r12 = hi0.selectFrom(r4, r12); r4 = t;
        t = lo0.selectFrom(r5, r13); r13 = hi0.selectFrom(r5, r13); r5 = t;
        t = lo0.selectFrom(r6, r14); r14 = hi0.selectFrom(r6, r14); r6 = t;
        t = lo0.selectFrom(r7, r15); r15 = hi0.selectFrom(r7, r15); r7 = t;
        final FloatVector lo1 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 32), hi1 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 48);
        t = lo1.selectFrom(r0, r4); r4 = hi1.selectFrom(r0, r4); r0 = t;
        t = lo1.selectFrom(r1, r5); r5 = hi1.selectFrom(r1, r5); r1 = t;
        t = lo1.selectFrom(r2, r6); r6 = hi1.selectFrom(r2, r6); r2 = t;
        t = lo1.selectFrom(r3, r7); r7 = hi1.selectFrom(r3, r7); r3 = t;
        t = lo1.selectFrom(r8, r12); r12 = hi1.selectFrom(r8, r12); r8 = t;
        t = lo1.selectFrom(r9, r13); r13 = hi1.selectFrom(r9, r13); r9 = t;
        t = lo1.selectFrom(r10, r14); r14 = hi1.selectFrom(r10, r14); r10 = t;
        t = lo1.selectFrom(r11, r15); r15 = hi1.selectFrom(r11, r15); r11 = t;
        final FloatVector lo2 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 64), hi2 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 80);
        t = lo2.selectFrom(r0, r2); r2 = hi2.selectFrom(r0, r2); r0 = t;
        t = lo2.selectFrom(r1, r3); r3 = hi2.selectFrom(r1, r3); r1 = t;
        t = lo2.selectFrom(r4, r6); r6 = hi2.selectFrom(r4, r6); r4 = t;
        t = lo2.selectFrom(r5, r7); r7 = hi2.selectFrom(r5, r7); r5 = t;
        t = lo2.selectFrom(r8, r10); r10 = hi2.selectFrom(r8, r10); r8 = t;
        t = lo2.selectFrom(r9, r11); r11 = hi2.selectFrom(r9, r11); r9 = t;
        t = lo2.selectFrom(r12, r14); r14 = hi2.selectFrom(r12, r14); r12 = t;
        t = lo2.selectFrom(r13, r15); r15 = hi2.selectFrom(r13, r15); r13 = t;
        final FloatVector lo3 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 96), hi3 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 112);
        t = lo3.selectFrom(r0, r1); r1 = hi3.selectFrom(r0, r1); r0 = t;
        t = lo3.selectFrom(r2, r3); r3 = hi3.selectFrom(r2, r3); r2 = t;
        t = lo3.selectFrom(r4, r5); r5 = hi3.selectFrom(r4, r5); r4 = t;
        t = lo3.selectFrom(r6, r7); r7 = hi3.selectFrom(r6, r7); r6 = t;
        t = lo3.selectFrom(r8, r9); r9 = hi3.selectFrom(r8, r9); r8 = t;
        t = lo3.selectFrom(r10, r11); r11 = hi3.selectFrom(r10, r11); r10 = t;
        t = lo3.selectFrom(r12, r13); r13 = hi3.selectFrom(r12, r13); r12 = t;
        t = lo3.selectFrom(r14, r15); r15 = hi3.selectFrom(r14, r15); r14 = t;
        r0.intoArray(panel, d + 0 * w);
        r1.intoArray(panel, d + 1 * w);
        r2.intoArray(panel, d + 2 * w);
        r3.intoArray(panel, d + 3 * w);
        r4.intoArray(panel, d + 4 * w);
        r5.intoArray(panel, d + 5 * w);
        r6.intoArray(panel, d + 6 * w);
        r7.intoArray(panel, d + 7 * w);
        r8.intoArray(panel, d + 8 * w);
        r9.intoArray(panel, d + 9 * w);
        r10.intoArray(panel, d + 10 * w);
        r11.intoArray(panel, d + 11 * w);
        r12.intoArray(panel, d + 12 * w);
        r13.intoArray(panel, d + 13 * w);
        r14.intoArray(panel, d + 14 * w);
        r15.intoArray(panel, d + 15 * w);
    }

    /**
     * panel[p0 + t, jb + r] = B[row r, p0 + t] for r, t &lt; 8: a 8 x 8 block transposed in registers, row r of B
     * read from {@code b[s + r*k ..]}, row t of the panel written at {@code panel[d + t*w ..]}. 3 rounds of
     * two-source permutes ({@code selectFrom}, one instruction each with AVX-512) swap ever smaller off-diagonal blocks.
     */
    private static void transpose8(float[] b, int s, int k, float[] panel, int d, int w) {
        final VectorSpecies<Float> sp = sp();
        FloatVector r0 = FloatVector.fromArray(sp, b, s + 0 * k);
        FloatVector r1 = FloatVector.fromArray(sp, b, s + 1 * k);
        FloatVector r2 = FloatVector.fromArray(sp, b, s + 2 * k);
        FloatVector r3 = FloatVector.fromArray(sp, b, s + 3 * k);
        FloatVector r4 = FloatVector.fromArray(sp, b, s + 4 * k);
        FloatVector r5 = FloatVector.fromArray(sp, b, s + 5 * k);
        FloatVector r6 = FloatVector.fromArray(sp, b, s + 6 * k);
        FloatVector r7 = FloatVector.fromArray(sp, b, s + 7 * k);
        FloatVector t;
        final FloatVector lo0 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 128), hi0 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 136);
        t = lo0.selectFrom(r0, r4); r4 = hi0.selectFrom(r0, r4); r0 = t;
        t = lo0.selectFrom(r1, r5); r5 = hi0.selectFrom(r1, r5); r1 = t;
        t = lo0.selectFrom(r2, r6); r6 = hi0.selectFrom(r2, r6); r2 = t;
        t = lo0.selectFrom(r3, r7); r7 = hi0.selectFrom(r3, r7); r3 = t;
        final FloatVector lo1 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 144), hi1 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 152);
        t = lo1.selectFrom(r0, r2); r2 = hi1.selectFrom(r0, r2); r0 = t;
        t = lo1.selectFrom(r1, r3); r3 = hi1.selectFrom(r1, r3); r1 = t;
        t = lo1.selectFrom(r4, r6); r6 = hi1.selectFrom(r4, r6); r4 = t;
        t = lo1.selectFrom(r5, r7); r7 = hi1.selectFrom(r5, r7); r5 = t;
        final FloatVector lo2 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 160), hi2 = FloatVector.fromArray(sp, TRANSPOSE_INDEX, 168);
        t = lo2.selectFrom(r0, r1); r1 = hi2.selectFrom(r0, r1); r0 = t;
        t = lo2.selectFrom(r2, r3); r3 = hi2.selectFrom(r2, r3); r2 = t;
        t = lo2.selectFrom(r4, r5); r5 = hi2.selectFrom(r4, r5); r4 = t;
        t = lo2.selectFrom(r6, r7); r7 = hi2.selectFrom(r6, r7); r6 = t;
        r0.intoArray(panel, d + 0 * w);
        r1.intoArray(panel, d + 1 * w);
        r2.intoArray(panel, d + 2 * w);
        r3.intoArray(panel, d + 3 * w);
        r4.intoArray(panel, d + 4 * w);
        r5.intoArray(panel, d + 5 * w);
        r6.intoArray(panel, d + 6 * w);
        r7.intoArray(panel, d + 7 * w);
    }

    /**
     * C[rows, cols] += A[rows, kc] . P[kc, cols] for one row group (8, 4 or 1 rows) of one strip. A full strip goes
     * straight into C; the last, partial one through a zeroed full-width scratch tile whose valid columns are then
     * added into C (the panel is zero past cols). The tiles themselves thus have no branch after their loop: in
     * session 5 such branches (bias or not, accumulate or not, partial or not) turned "unstable" as new kinds of
     * calls came, C2 deoptimized the tile, and a thread could then run it interpreted for tens of seconds.
     */
    private void tile(int rows, float[] a, int ai, int sai, int sap, float[] b, int bi, int ldb,
                      float[] c, int ci, int ldc, int kc, int cols) {
        final int w = stripWidth;
        if (cols == w) {
            tileRows(rows, a, ai, sai, sap, b, bi, ldb, c, ci, ldc, kc);
            return;
        }
        final float[] t = tileScratch.get();
        java.util.Arrays.fill(t, 0, rows * w, 0f);
        tileRows(rows, a, ai, sai, sap, b, bi, ldb, t, 0, w, kc);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) c[ci + r * ldc + j] += t[r * w + j];
        }
    }

    private void tileRows(int rows, float[] a, int ai, int sai, int sap, float[] b, int bi, int ldb,
                          float[] c, int ci, int ldc, int kc) {
        if (rows == 8) tile8(a, ai, sai, sap, b, bi, ldb, c, ci, ldc, kc);
        else if (rows == 4) tile4(a, ai, sai, sap, b, bi, ldb, c, ci, ldc, kc);
        else tile1(a, ai, sai, sap, b, bi, ldb, c, ci, ldc, kc);
    }

    // ---------------------------------------------------------------- register tiles: 8, 4 and 1 rows
    // (written out by a script from one template; 2 vectors of columns each)

    /**
     * Register tile: C[8 rows, W] += A[8, kc] . P[kc, W] with 2*8 vector accumulators.
     * A(r, p) = a[ai + r*sai + p*sap]; P(p, j) = b[bi + p*ldb + j], W = 2 lanes.
     */
    private void tile8(float[] a, int ai, int sai, int sap, float[] b, int bi, int ldb,
                        float[] c, int ci, int ldc, int kc) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        FloatVector c00 = FloatVector.zero(sp), c01 = FloatVector.zero(sp);
        FloatVector c10 = FloatVector.zero(sp), c11 = FloatVector.zero(sp);
        FloatVector c20 = FloatVector.zero(sp), c21 = FloatVector.zero(sp);
        FloatVector c30 = FloatVector.zero(sp), c31 = FloatVector.zero(sp);
        FloatVector c40 = FloatVector.zero(sp), c41 = FloatVector.zero(sp);
        FloatVector c50 = FloatVector.zero(sp), c51 = FloatVector.zero(sp);
        FloatVector c60 = FloatVector.zero(sp), c61 = FloatVector.zero(sp);
        FloatVector c70 = FloatVector.zero(sp), c71 = FloatVector.zero(sp);
        final int a0 = ai + 0 * sai;
        final int a1 = ai + 1 * sai;
        final int a2 = ai + 2 * sai;
        final int a3 = ai + 3 * sai;
        final int a4 = ai + 4 * sai;
        final int a5 = ai + 5 * sai;
        final int a6 = ai + 6 * sai;
        final int a7 = ai + 7 * sai;
        for (int p = 0; p < kc; p++) {
            final int bp = bi + p * ldb;
            final int ap = p * sap;
            final FloatVector b0 = FloatVector.fromArray(sp, b, bp);
            final FloatVector b1 = FloatVector.fromArray(sp, b, bp + lanes);
            final FloatVector x0 = FloatVector.broadcast(sp, a[a0 + ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            final FloatVector x1 = FloatVector.broadcast(sp, a[a1 + ap]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            final FloatVector x2 = FloatVector.broadcast(sp, a[a2 + ap]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            final FloatVector x3 = FloatVector.broadcast(sp, a[a3 + ap]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            final FloatVector x4 = FloatVector.broadcast(sp, a[a4 + ap]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            final FloatVector x5 = FloatVector.broadcast(sp, a[a5 + ap]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
            final FloatVector x6 = FloatVector.broadcast(sp, a[a6 + ap]);
            c60 = x6.fma(b0, c60);
            c61 = x6.fma(b1, c61);
            final FloatVector x7 = FloatVector.broadcast(sp, a[a7 + ap]);
            c70 = x7.fma(b0, c70);
            c71 = x7.fma(b1, c71);
        }
        // C += the tile, always: gemm started C at its bias (or zero) and a partial strip comes through a zeroed
        // full-width scratch (tile), so no branch here can turn out unstable and deoptimize the compiled tile
        c00 = c00.add(FloatVector.fromArray(sp, c, ci + 0 * ldc));
        c01 = c01.add(FloatVector.fromArray(sp, c, ci + 0 * ldc + lanes));
        c10 = c10.add(FloatVector.fromArray(sp, c, ci + 1 * ldc));
        c11 = c11.add(FloatVector.fromArray(sp, c, ci + 1 * ldc + lanes));
        c20 = c20.add(FloatVector.fromArray(sp, c, ci + 2 * ldc));
        c21 = c21.add(FloatVector.fromArray(sp, c, ci + 2 * ldc + lanes));
        c30 = c30.add(FloatVector.fromArray(sp, c, ci + 3 * ldc));
        c31 = c31.add(FloatVector.fromArray(sp, c, ci + 3 * ldc + lanes));
        c40 = c40.add(FloatVector.fromArray(sp, c, ci + 4 * ldc));
        c41 = c41.add(FloatVector.fromArray(sp, c, ci + 4 * ldc + lanes));
        c50 = c50.add(FloatVector.fromArray(sp, c, ci + 5 * ldc));
        c51 = c51.add(FloatVector.fromArray(sp, c, ci + 5 * ldc + lanes));
        c60 = c60.add(FloatVector.fromArray(sp, c, ci + 6 * ldc));
        c61 = c61.add(FloatVector.fromArray(sp, c, ci + 6 * ldc + lanes));
        c70 = c70.add(FloatVector.fromArray(sp, c, ci + 7 * ldc));
        c71 = c71.add(FloatVector.fromArray(sp, c, ci + 7 * ldc + lanes));
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + lanes);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + lanes);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + lanes);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + lanes);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + lanes);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + lanes);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + lanes);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + lanes);
    }

    /**
     * Register tile: C[4 rows, W] += A[4, kc] . P[kc, W] with 2*4 vector accumulators.
     * A(r, p) = a[ai + r*sai + p*sap]; P(p, j) = b[bi + p*ldb + j], W = 2 lanes.
     */
    private void tile4(float[] a, int ai, int sai, int sap, float[] b, int bi, int ldb,
                        float[] c, int ci, int ldc, int kc) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        FloatVector c00 = FloatVector.zero(sp), c01 = FloatVector.zero(sp);
        FloatVector c10 = FloatVector.zero(sp), c11 = FloatVector.zero(sp);
        FloatVector c20 = FloatVector.zero(sp), c21 = FloatVector.zero(sp);
        FloatVector c30 = FloatVector.zero(sp), c31 = FloatVector.zero(sp);
        final int a0 = ai + 0 * sai;
        final int a1 = ai + 1 * sai;
        final int a2 = ai + 2 * sai;
        final int a3 = ai + 3 * sai;
        for (int p = 0; p < kc; p++) {
            final int bp = bi + p * ldb;
            final int ap = p * sap;
            final FloatVector b0 = FloatVector.fromArray(sp, b, bp);
            final FloatVector b1 = FloatVector.fromArray(sp, b, bp + lanes);
            final FloatVector x0 = FloatVector.broadcast(sp, a[a0 + ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            final FloatVector x1 = FloatVector.broadcast(sp, a[a1 + ap]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            final FloatVector x2 = FloatVector.broadcast(sp, a[a2 + ap]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            final FloatVector x3 = FloatVector.broadcast(sp, a[a3 + ap]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        // C += the tile, always: gemm started C at its bias (or zero) and a partial strip comes through a zeroed
        // full-width scratch (tile), so no branch here can turn out unstable and deoptimize the compiled tile
        c00 = c00.add(FloatVector.fromArray(sp, c, ci + 0 * ldc));
        c01 = c01.add(FloatVector.fromArray(sp, c, ci + 0 * ldc + lanes));
        c10 = c10.add(FloatVector.fromArray(sp, c, ci + 1 * ldc));
        c11 = c11.add(FloatVector.fromArray(sp, c, ci + 1 * ldc + lanes));
        c20 = c20.add(FloatVector.fromArray(sp, c, ci + 2 * ldc));
        c21 = c21.add(FloatVector.fromArray(sp, c, ci + 2 * ldc + lanes));
        c30 = c30.add(FloatVector.fromArray(sp, c, ci + 3 * ldc));
        c31 = c31.add(FloatVector.fromArray(sp, c, ci + 3 * ldc + lanes));
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + lanes);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + lanes);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + lanes);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + lanes);
    }

    /**
     * Register tile: C[1 rows, W] += A[1, kc] . P[kc, W] with 2*1 vector accumulators.
     * A(r, p) = a[ai + r*sai + p*sap]; P(p, j) = b[bi + p*ldb + j], W = 2 lanes.
     */
    private void tile1(float[] a, int ai, int sai, int sap, float[] b, int bi, int ldb,
                        float[] c, int ci, int ldc, int kc) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        FloatVector c00 = FloatVector.zero(sp), c01 = FloatVector.zero(sp);
        final int a0 = ai + 0 * sai;
        for (int p = 0; p < kc; p++) {
            final int bp = bi + p * ldb;
            final int ap = p * sap;
            final FloatVector b0 = FloatVector.fromArray(sp, b, bp);
            final FloatVector b1 = FloatVector.fromArray(sp, b, bp + lanes);
            final FloatVector x0 = FloatVector.broadcast(sp, a[a0 + ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
        }
        // C += the tile, always: gemm started C at its bias (or zero) and a partial strip comes through a zeroed
        // full-width scratch (tile), so no branch here can turn out unstable and deoptimize the compiled tile
        c00 = c00.add(FloatVector.fromArray(sp, c, ci + 0 * ldc));
        c01 = c01.add(FloatVector.fromArray(sp, c, ci + 0 * ldc + lanes));
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + lanes);
    }

    // ================================================================ row-wise ops

    @Override
    public void softmaxRows(float[] x, int off, int rows, int cols, float[] additiveMask, float scale) {
        for (int r = 0; r < rows; r++) softmaxRowsRow(x, off, rows, cols, additiveMask, scale, r);
    }

    /** Row {@code r} of {@link #softmaxRows}; a separate method so C2 compiles it early (see class notes). */
    private void softmaxRowsRow(float[] x, int off, int rows, int cols, float[] additiveMask, float scale, int r) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(cols);
        final int base = off + r * cols;
        // pass 1: z = x * scale + mask (stored back), and its max
        FloatVector vmax = FloatVector.broadcast(sp, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < bound; j += lanes) {
            FloatVector z = FloatVector.fromArray(sp, x, base + j).mul(scale);
            if (additiveMask != null) z = z.add(FloatVector.fromArray(sp, additiveMask, j));
            z.intoArray(x, base + j);
            vmax = vmax.max(z);
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; j < cols; j++) {
            float z = x[base + j] * scale + (additiveMask == null ? 0f : additiveMask[j]);
            x[base + j] = z;
            max = Math.max(max, z);
        }
        // pass 2: e = exp(z - max), and the sum
        FloatVector vsum = FloatVector.zero(sp);
        j = 0;
        for (; j < bound; j += lanes) {
            final FloatVector zs = FloatVector.fromArray(sp, x, base + j).sub(max);
            // e = exp(zs): Cephes-style, 2^n * poly(r), n = round(x log2 e) by the 1.5*2^23 trick
            final VectorMask<Float> eTiny = zs.compare(VectorOperators.LT, EXP_LO);
            final FloatVector eXc = zs.min(EXP_HI).max(EXP_LO);
            final FloatVector eBig = eXc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUND_MAGIC));
            final FloatVector eN = eBig.sub(ROUND_MAGIC);
            final FloatVector eR = eN.fma(FloatVector.broadcast(sp, -LN2_LO), eN.fma(FloatVector.broadcast(sp, -LN2_HI), eXc));
            FloatVector eP = FloatVector.broadcast(sp, EXP_P0).fma(eR, FloatVector.broadcast(sp, EXP_P1));
            eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P2));
            eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P3));
            eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P4));
            eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P5));
            final FloatVector eY = eP.fma(eR.mul(eR), eR).add(1f);
            final IntVector eNi = eBig.reinterpretAsInts().sub(ROUND_MAGIC_BITS).lanewise(VectorOperators.LSHL, 23);
            final FloatVector e = eY.reinterpretAsInts().add(eNi).reinterpretAsFloats().blend(0f, eTiny);
            e.intoArray(x, base + j);
            vsum = vsum.add(e);
        }
        float sum = addLanes(vsum);
        for (; j < cols; j++) {
            float e = (float) Math.exp(x[base + j] - max);
            x[base + j] = e;
            sum += e;
        }
        // pass 3: normalise
        final float inv = 1f / sum;
        j = 0;
        for (; j < bound; j += lanes) {
            FloatVector.fromArray(sp, x, base + j).mul(inv).intoArray(x, base + j);
        }
        for (; j < cols; j++) x[base + j] *= inv;
    }

    @Override
    public void softmaxRowsBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                    int rows, int cols, float scale) {
        for (int r = 0; r < rows; r++) softmaxRowsBackwardRow(y, yOff, dy, dyOff, dx, dxOff, rows, cols, scale, r);
    }

    /** Row {@code r} of {@link #softmaxRowsBackward}; a separate method so C2 compiles it early (see class notes). */
    private void softmaxRowsBackwardRow(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                    int rows, int cols, float scale, int r) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(cols);
        final int yb = yOff + r * cols, db = dyOff + r * cols, xb = dxOff + r * cols;
        float dot = dot(y, yb, dy, db, cols);
        int j = 0;
        for (; j < bound; j += lanes) {
            FloatVector yv = FloatVector.fromArray(sp, y, yb + j);
            FloatVector g = FloatVector.fromArray(sp, dy, db + j).sub(dot);
            yv.mul(g).mul(scale).intoArray(dx, xb + j);
        }
        for (; j < cols; j++) dx[xb + j] = scale * y[yb + j] * (dy[db + j] - dot);
    }

    @Override
    public double crossEntropyRow(float[] logits, int off, int cols, int label, float[] d, int dOff, double scale) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(cols);
        // pass 1: the max
        FloatVector vmax = FloatVector.broadcast(sp, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < bound; j += lanes) vmax = vmax.max(FloatVector.fromArray(sp, logits, off + j));
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; j < cols; j++) max = Math.max(max, logits[off + j]);
        // pass 2: e = exp(x - max), kept in d when there is one; the sum in float blocks added up in double
        double sum = 0;
        j = 0;
        while (j < bound) {
            final int blockEnd = Math.min(bound, j + REDUCE_BLOCK);
            FloatVector vsum = FloatVector.zero(sp);
            for (; j < blockEnd; j += lanes) {
                final FloatVector zs = FloatVector.fromArray(sp, logits, off + j).sub(max);
            // e = exp(zs): Cephes-style, 2^n * poly(r), n = round(x log2 e) by the 1.5*2^23 trick
            final VectorMask<Float> eTiny = zs.compare(VectorOperators.LT, EXP_LO);
            final FloatVector eXc = zs.min(EXP_HI).max(EXP_LO);
            final FloatVector eBig = eXc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUND_MAGIC));
            final FloatVector eN = eBig.sub(ROUND_MAGIC);
            final FloatVector eR = eN.fma(FloatVector.broadcast(sp, -LN2_LO), eN.fma(FloatVector.broadcast(sp, -LN2_HI), eXc));
            FloatVector eP = FloatVector.broadcast(sp, EXP_P0).fma(eR, FloatVector.broadcast(sp, EXP_P1));
            eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P2));
            eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P3));
            eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P4));
            eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P5));
            final FloatVector eY = eP.fma(eR.mul(eR), eR).add(1f);
            final IntVector eNi = eBig.reinterpretAsInts().sub(ROUND_MAGIC_BITS).lanewise(VectorOperators.LSHL, 23);
            final FloatVector e = eY.reinterpretAsInts().add(eNi).reinterpretAsFloats().blend(0f, eTiny);
                if (d != null) e.intoArray(d, dOff + j);
                vsum = vsum.add(e);
            }
            sum += addLanes(vsum);
        }
        for (; j < cols; j++) {
            double e = Math.exp((double) logits[off + j] - max);
            if (d != null) d[dOff + j] = (float) e;
            sum += e;
        }
        // pass 3: d = scale * (e / sum - onehot)
        if (d != null) {
            final float f = (float) (scale / sum);
            j = 0;
            for (; j < bound; j += lanes) FloatVector.fromArray(sp, d, dOff + j).mul(f).intoArray(d, dOff + j);
            for (; j < cols; j++) d[dOff + j] *= f;
            d[dOff + label] -= (float) scale;
        }
        return max + Math.log(sum) - logits[off + label];
    }

    @Override
    public void layerNorm(float[] x, int xOff, float[] out, int outOff, int rows, int cols,
                          float[] gamma, float[] beta, float eps, float[] meanOut, float[] rstdOut) {
        // rows are independent: split across the team for large inputs (each row computed as alone, same bits)
        IntRangeBody body = (r0, r1) -> {
            for (int r = r0; r < r1; r++) layerNormRow(x, xOff, out, outOff, rows, cols, gamma, beta, eps, meanOut, rstdOut, r);
        };
        if ((long) rows * cols < PARALLEL_MIN_ELEMENTS || Parallel.threads() <= 1) body.run(0, rows);
        else Parallel.forRange(rows, body);
    }

    /** Row {@code r} of {@link #layerNorm}; a separate method so C2 compiles it early (see class notes). */
    private void layerNormRow(float[] x, int xOff, float[] out, int outOff, int rows, int cols,
                          float[] gamma, float[] beta, float eps, float[] meanOut, float[] rstdOut, int r) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(cols);
        final int xb = xOff + r * cols, ob = outOff + r * cols;
        FloatVector vs = FloatVector.zero(sp);
        int j = 0;
        for (; j < bound; j += lanes) vs = vs.add(FloatVector.fromArray(sp, x, xb + j));
        float sum = addLanes(vs);
        for (; j < cols; j++) sum += x[xb + j];
        final float mean = cols == 0 ? 0f : sum / cols;
        FloatVector vq = FloatVector.zero(sp);
        j = 0;
        for (; j < bound; j += lanes) {
            FloatVector d = FloatVector.fromArray(sp, x, xb + j).sub(mean);
            vq = d.fma(d, vq);
        }
        float sq = addLanes(vq);
        for (; j < cols; j++) {
            float d = x[xb + j] - mean;
            sq += d * d;
        }
        final float var = cols == 0 ? 0f : sq / cols;
        final float rstd = (float) (1.0 / Math.sqrt((double) var + eps));
        j = 0;
        for (; j < bound; j += lanes) {
            FloatVector v = FloatVector.fromArray(sp, x, xb + j).sub(mean).mul(rstd);
            if (gamma != null) v = v.mul(FloatVector.fromArray(sp, gamma, j));
            if (beta != null) v = v.add(FloatVector.fromArray(sp, beta, j));
            v.intoArray(out, ob + j);
        }
        for (; j < cols; j++) {
            float v = (x[xb + j] - mean) * rstd;
            if (gamma != null) v *= gamma[j];
            if (beta != null) v += beta[j];
            out[ob + j] = v;
        }
        if (meanOut != null) meanOut[r] = mean;
        if (rstdOut != null) rstdOut[r] = rstd;
    }

    @Override
    public void layerNormBackward(float[] dy, int dyOff, float[] x, int xOff, float[] mean, float[] rstd,
                                  float[] gamma, float[] dx, int dxOff, float[] dGamma, float[] dBeta,
                                  int rows, int cols) {
        for (int r = 0; r < rows; r++) layerNormBackwardRow(dy, dyOff, x, xOff, mean, rstd, gamma, dx, dxOff, dGamma, dBeta, rows, cols, r);
    }

    /** Row {@code r} of {@link #layerNormBackward}; a separate method so C2 compiles it early (see class notes). */
    private void layerNormBackwardRow(float[] dy, int dyOff, float[] x, int xOff, float[] mean, float[] rstd,
                                  float[] gamma, float[] dx, int dxOff, float[] dGamma, float[] dBeta,
                                  int rows, int cols, int r) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(cols);
        final int xb = xOff + r * cols, db = dyOff + r * cols, ob = dxOff + r * cols;
        final float mu = mean[r], rs = rstd[r];
        // pass 1: sums of g = dy * gamma and g * xhat; parameter gradients
        FloatVector vg = FloatVector.zero(sp), vgx = FloatVector.zero(sp);
        int j = 0;
        for (; j < bound; j += lanes) {
            FloatVector xhat = FloatVector.fromArray(sp, x, xb + j).sub(mu).mul(rs);
            FloatVector d = FloatVector.fromArray(sp, dy, db + j);
            FloatVector g = gamma == null ? d : d.mul(FloatVector.fromArray(sp, gamma, j));
            vg = vg.add(g);
            vgx = g.fma(xhat, vgx);
            if (dGamma != null) d.fma(xhat, FloatVector.fromArray(sp, dGamma, j)).intoArray(dGamma, j);
            if (dBeta != null) d.add(FloatVector.fromArray(sp, dBeta, j)).intoArray(dBeta, j);
        }
        float sumG = addLanes(vg), sumGX = addLanes(vgx);
        for (; j < cols; j++) {
            float xhat = (x[xb + j] - mu) * rs;
            float d = dy[db + j];
            float g = gamma == null ? d : d * gamma[j];
            sumG += g;
            sumGX += g * xhat;
            if (dGamma != null) dGamma[j] += d * xhat;
            if (dBeta != null) dBeta[j] += d;
        }
        final float mg = sumG / cols, mgx = sumGX / cols;
        // pass 2: dx = rstd * (g - mean(g) - xhat * mean(g * xhat))
        j = 0;
        for (; j < bound; j += lanes) {
            FloatVector xhat = FloatVector.fromArray(sp, x, xb + j).sub(mu).mul(rs);
            FloatVector d = FloatVector.fromArray(sp, dy, db + j);
            FloatVector g = gamma == null ? d : d.mul(FloatVector.fromArray(sp, gamma, j));
            g.sub(mg).sub(xhat.mul(mgx)).mul(rs).intoArray(dx, ob + j);
        }
        for (; j < cols; j++) {
            float xhat = (x[xb + j] - mu) * rs;
            float g = gamma == null ? dy[db + j] : dy[db + j] * gamma[j];
            dx[ob + j] = rs * (g - mg - xhat * mgx);
        }
    }

    @Override
    public void sumRows(float[] x, int off, int rows, int cols, float[] out, int outOff, boolean accumulate) {
        if (!accumulate) java.util.Arrays.fill(out, outOff, outOff + cols, 0f);
        for (int r = 0; r < rows; r++) addInPlace(out, outOff, x, off + r * cols, cols);
    }

    // ================================================================ activations

    private static final float INV_SQRT_2 = (float) ScalarKernels.INV_SQRT_2;
    private static final float INV_SQRT_2PI = (float) ScalarKernels.INV_SQRT_2PI;
    private static final float TWO_C = (float) (2 * ScalarKernels.SQRT_2_OVER_PI);
    private static final float TWO_C_K = (float) (2 * ScalarKernels.SQRT_2_OVER_PI * ScalarKernels.GELU_TANH_C);
    private static final float C = (float) ScalarKernels.SQRT_2_OVER_PI;
    private static final float C_3K = (float) (ScalarKernels.SQRT_2_OVER_PI * 3 * ScalarKernels.GELU_TANH_C);

    /** One vector step of an in-place activation, {@code x[xi .. xi + lanes)}. */
    @FunctionalInterface
    private interface InPlaceStep {
        void run(float[] x, int xi);
    }

    /** One vector step of an activation's backward. */
    @FunctionalInterface
    private interface BackwardStep {
        void run(float[] x, int xi, float[] dy, int dyi, float[] dx, int dxi);
    }

    /**
     * The last {@code n < lanes} elements of an activation, through the same vector step on a
     * zero-padded copy: every element gets the vector formula wherever it sits, so a row's result
     * does not depend on how many rows share the array (batched equals alone, bit for bit).
     */
    private void tail(float[] x, int xi, int n, InPlaceStep step) {
        final float[] t = new float[species.length()];
        System.arraycopy(x, xi, t, 0, n);
        step.run(t, 0);
        System.arraycopy(t, 0, x, xi, n);
    }

    private void tail(float[] x, int xi, float[] dy, int dyi, float[] dx, int dxi, int n, BackwardStep step) {
        final int lanes = species.length();
        final float[] tx = new float[lanes], tdy = new float[lanes], tdx = new float[lanes];
        System.arraycopy(x, xi, tx, 0, n);
        System.arraycopy(dy, dyi, tdy, 0, n);
        step.run(tx, 0, tdy, 0, tdx, 0);
        System.arraycopy(tdx, 0, dx, dxi, n);
    }

    /**
     * Runs {@code body} over {@code [0, len)}: split across the team in chunks of whole {@link #BLOCK}s
     * (so every element takes the same vector or scalar path as in one sweep) when {@code len} is at
     * least {@link #PARALLEL_MIN_ELEMENTS}, else on the calling thread.
     */
    private static void elementwise(int len, IntRangeBody body) {
        if (len < PARALLEL_MIN_ELEMENTS || Parallel.threads() <= 1) {
            body.run(0, len);
            return;
        }
        final int blocks = (len + BLOCK - 1) / BLOCK;
        Parallel.forRange(blocks, (b0, b1) -> body.run(b0 * BLOCK, Math.min(len, b1 * BLOCK)));
    }

    @Override
    public void geluErf(float[] x, int off, int len) {
        elementwise(len, (from, to) -> geluErfRange(x, off, from, to, len));
    }

    /** Elements {@code [from, to)} of {@link #geluErf} over {@code len}; a partial last vector goes through {@link #tail}. */
    private void geluErfRange(float[] x, int off, int from, int to, int len) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = Math.min(to, sp.loopBound(len));
        int i = from;
        for (; i < bound; i += lanes) geluErfStep(x, off + i);
        if (i < to) tail(x, off + i, to - i, this::geluErfStep);
    }

    /** One vector of {@link #geluErf}; a separate method so C2 compiles it early (see class notes). */
    private void geluErfStep(float[] x, int xi) {
        final VectorSpecies<Float> sp = sp();
        // x Phi(x)
        final FloatVector v = FloatVector.fromArray(sp, x, xi);
        // cdf = Phi(v) = 0.5 erfc(-x / sqrt 2): half = 0.5 erfc(|z|), Phi = z < 0 ? half : 1 - half
        final FloatVector cZ = v.mul(INV_SQRT_2);
        final FloatVector cA = cZ.abs();
        final FloatVector cT = FloatVector.broadcast(sp, 1f).div(cA.fma(FloatVector.broadcast(sp, 0.5f), FloatVector.broadcast(sp, 1f)));
        FloatVector cPoly = FloatVector.broadcast(sp, ERFC_C9).fma(cT, FloatVector.broadcast(sp, ERFC_C8));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C7));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C6));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C5));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C4));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C3));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C2));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C1));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C0));
        final FloatVector cAA = cA.mul(cA);
        final FloatVector cAAErr = cA.fma(cA, cAA.neg()); // a*a - fl(a*a), exact
        final FloatVector cArg = cPoly.sub(cAA);
        // cEx = exp(cArg): Cephes-style, 2^n * poly(r), n = round(x log2 e) by the 1.5*2^23 trick
        final VectorMask<Float> cxTiny = cArg.compare(VectorOperators.LT, EXP_LO);
        final FloatVector cxXc = cArg.min(EXP_HI).max(EXP_LO);
        final FloatVector cxBig = cxXc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUND_MAGIC));
        final FloatVector cxN = cxBig.sub(ROUND_MAGIC);
        final FloatVector cxR = cxN.fma(FloatVector.broadcast(sp, -LN2_LO), cxN.fma(FloatVector.broadcast(sp, -LN2_HI), cxXc));
        FloatVector cxP = FloatVector.broadcast(sp, EXP_P0).fma(cxR, FloatVector.broadcast(sp, EXP_P1));
        cxP = cxP.fma(cxR, FloatVector.broadcast(sp, EXP_P2));
        cxP = cxP.fma(cxR, FloatVector.broadcast(sp, EXP_P3));
        cxP = cxP.fma(cxR, FloatVector.broadcast(sp, EXP_P4));
        cxP = cxP.fma(cxR, FloatVector.broadcast(sp, EXP_P5));
        final FloatVector cxY = cxP.fma(cxR.mul(cxR), cxR).add(1f);
        final IntVector cxNi = cxBig.reinterpretAsInts().sub(ROUND_MAGIC_BITS).lanewise(VectorOperators.LSHL, 23);
        final FloatVector cEx = cxY.reinterpretAsInts().add(cxNi).reinterpretAsFloats().blend(0f, cxTiny);
        final FloatVector cHalf = cT.mul(cEx).mul(cAAErr.neg().add(1f)).mul(0.5f);
        final FloatVector cdf = cHalf.neg().add(1f).blend(cHalf, cZ.compare(VectorOperators.LT, 0f));
        v.mul(cdf).intoArray(x, xi);
    }

    @Override
    public void geluTanh(float[] x, int off, int len) {
        elementwise(len, (from, to) -> geluTanhRange(x, off, from, to, len));
    }

    /** Elements {@code [from, to)} of {@link #geluTanh} over {@code len}; a partial last vector goes through {@link #tail}. */
    private void geluTanhRange(float[] x, int off, int from, int to, int len) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = Math.min(to, sp.loopBound(len));
        int i = from;
        for (; i < bound; i += lanes) geluTanhStep(x, off + i);
        if (i < to) tail(x, off + i, to - i, this::geluTanhStep);
    }

    /** One vector of {@link #geluTanh}; a separate method so C2 compiles it early (see class notes). */
    private void geluTanhStep(float[] x, int xi) {
        final VectorSpecies<Float> sp = sp();
        // 0.5 (1 + tanh(u)) = sigmoid(2u), 2u = x (2c + 2ck x^2)
        final FloatVector v = FloatVector.fromArray(sp, x, xi);
        final FloatVector twoU = v.mul(v).fma(FloatVector.broadcast(sp, TWO_C_K), FloatVector.broadcast(sp, TWO_C)).mul(v);
        final FloatVector sNeg = twoU.neg();
        // sE = exp(sNeg): Cephes-style, 2^n * poly(r), n = round(x log2 e) by the 1.5*2^23 trick
        final VectorMask<Float> sxTiny = sNeg.compare(VectorOperators.LT, EXP_LO);
        final FloatVector sxXc = sNeg.min(EXP_HI).max(EXP_LO);
        final FloatVector sxBig = sxXc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUND_MAGIC));
        final FloatVector sxN = sxBig.sub(ROUND_MAGIC);
        final FloatVector sxR = sxN.fma(FloatVector.broadcast(sp, -LN2_LO), sxN.fma(FloatVector.broadcast(sp, -LN2_HI), sxXc));
        FloatVector sxP = FloatVector.broadcast(sp, EXP_P0).fma(sxR, FloatVector.broadcast(sp, EXP_P1));
        sxP = sxP.fma(sxR, FloatVector.broadcast(sp, EXP_P2));
        sxP = sxP.fma(sxR, FloatVector.broadcast(sp, EXP_P3));
        sxP = sxP.fma(sxR, FloatVector.broadcast(sp, EXP_P4));
        sxP = sxP.fma(sxR, FloatVector.broadcast(sp, EXP_P5));
        final FloatVector sxY = sxP.fma(sxR.mul(sxR), sxR).add(1f);
        final IntVector sxNi = sxBig.reinterpretAsInts().sub(ROUND_MAGIC_BITS).lanewise(VectorOperators.LSHL, 23);
        final FloatVector sE = sxY.reinterpretAsInts().add(sxNi).reinterpretAsFloats().blend(0f, sxTiny);
        final FloatVector s = FloatVector.broadcast(sp, 1f).div(sE.add(1f));
        v.mul(s).intoArray(x, xi);
    }

    @Override
    public void geluErfBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        elementwise(len, (from, to) -> geluErfBackwardRange(x, xOff, dy, dyOff, dx, dxOff, from, to, len));
    }

    /** Elements {@code [from, to)} of {@link #geluErfBackward} over {@code len}. */
    private void geluErfBackwardRange(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int from, int to, int len) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = Math.min(to, sp.loopBound(len));
        int i = from;
        for (; i < bound; i += lanes) geluErfBackwardStep(x, xOff + i, dy, dyOff + i, dx, dxOff + i);
        if (i < to) tail(x, xOff + i, dy, dyOff + i, dx, dxOff + i, to - i, this::geluErfBackwardStep);
    }

    /** One vector of {@link #geluErfBackward}; a separate method so C2 compiles it early (see class notes). */
    private void geluErfBackwardStep(float[] x, int xi, float[] dy, int dyi, float[] dx, int dxi) {
        final VectorSpecies<Float> sp = sp();
        // gelu'(x) = Phi(x) + x phi(x)
        final FloatVector v = FloatVector.fromArray(sp, x, xi);
        // cdf = Phi(v) = 0.5 erfc(-x / sqrt 2): half = 0.5 erfc(|z|), Phi = z < 0 ? half : 1 - half
        final FloatVector cZ = v.mul(INV_SQRT_2);
        final FloatVector cA = cZ.abs();
        final FloatVector cT = FloatVector.broadcast(sp, 1f).div(cA.fma(FloatVector.broadcast(sp, 0.5f), FloatVector.broadcast(sp, 1f)));
        FloatVector cPoly = FloatVector.broadcast(sp, ERFC_C9).fma(cT, FloatVector.broadcast(sp, ERFC_C8));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C7));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C6));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C5));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C4));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C3));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C2));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C1));
        cPoly = cPoly.fma(cT, FloatVector.broadcast(sp, ERFC_C0));
        final FloatVector cAA = cA.mul(cA);
        final FloatVector cAAErr = cA.fma(cA, cAA.neg()); // a*a - fl(a*a), exact
        final FloatVector cArg = cPoly.sub(cAA);
        // cEx = exp(cArg): Cephes-style, 2^n * poly(r), n = round(x log2 e) by the 1.5*2^23 trick
        final VectorMask<Float> cxTiny = cArg.compare(VectorOperators.LT, EXP_LO);
        final FloatVector cxXc = cArg.min(EXP_HI).max(EXP_LO);
        final FloatVector cxBig = cxXc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUND_MAGIC));
        final FloatVector cxN = cxBig.sub(ROUND_MAGIC);
        final FloatVector cxR = cxN.fma(FloatVector.broadcast(sp, -LN2_LO), cxN.fma(FloatVector.broadcast(sp, -LN2_HI), cxXc));
        FloatVector cxP = FloatVector.broadcast(sp, EXP_P0).fma(cxR, FloatVector.broadcast(sp, EXP_P1));
        cxP = cxP.fma(cxR, FloatVector.broadcast(sp, EXP_P2));
        cxP = cxP.fma(cxR, FloatVector.broadcast(sp, EXP_P3));
        cxP = cxP.fma(cxR, FloatVector.broadcast(sp, EXP_P4));
        cxP = cxP.fma(cxR, FloatVector.broadcast(sp, EXP_P5));
        final FloatVector cxY = cxP.fma(cxR.mul(cxR), cxR).add(1f);
        final IntVector cxNi = cxBig.reinterpretAsInts().sub(ROUND_MAGIC_BITS).lanewise(VectorOperators.LSHL, 23);
        final FloatVector cEx = cxY.reinterpretAsInts().add(cxNi).reinterpretAsFloats().blend(0f, cxTiny);
        final FloatVector cHalf = cT.mul(cEx).mul(cAAErr.neg().add(1f)).mul(0.5f);
        final FloatVector cdf = cHalf.neg().add(1f).blend(cHalf, cZ.compare(VectorOperators.LT, 0f));
        final FloatVector halfSq = v.mul(v).mul(-0.5f);
        // g = exp(halfSq): Cephes-style, 2^n * poly(r), n = round(x log2 e) by the 1.5*2^23 trick
        final VectorMask<Float> gTiny = halfSq.compare(VectorOperators.LT, EXP_LO);
        final FloatVector gXc = halfSq.min(EXP_HI).max(EXP_LO);
        final FloatVector gBig = gXc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUND_MAGIC));
        final FloatVector gN = gBig.sub(ROUND_MAGIC);
        final FloatVector gR = gN.fma(FloatVector.broadcast(sp, -LN2_LO), gN.fma(FloatVector.broadcast(sp, -LN2_HI), gXc));
        FloatVector gP = FloatVector.broadcast(sp, EXP_P0).fma(gR, FloatVector.broadcast(sp, EXP_P1));
        gP = gP.fma(gR, FloatVector.broadcast(sp, EXP_P2));
        gP = gP.fma(gR, FloatVector.broadcast(sp, EXP_P3));
        gP = gP.fma(gR, FloatVector.broadcast(sp, EXP_P4));
        gP = gP.fma(gR, FloatVector.broadcast(sp, EXP_P5));
        final FloatVector gY = gP.fma(gR.mul(gR), gR).add(1f);
        final IntVector gNi = gBig.reinterpretAsInts().sub(ROUND_MAGIC_BITS).lanewise(VectorOperators.LSHL, 23);
        final FloatVector g = gY.reinterpretAsInts().add(gNi).reinterpretAsFloats().blend(0f, gTiny);
        final FloatVector grad = v.fma(g.mul(INV_SQRT_2PI), cdf);
        grad.mul(FloatVector.fromArray(sp, dy, dyi)).intoArray(dx, dxi);
    }

    @Override
    public void geluTanhBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        elementwise(len, (from, to) -> geluTanhBackwardRange(x, xOff, dy, dyOff, dx, dxOff, from, to, len));
    }

    /** Elements {@code [from, to)} of {@link #geluTanhBackward} over {@code len}. */
    private void geluTanhBackwardRange(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, int from, int to, int len) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = Math.min(to, sp.loopBound(len));
        int i = from;
        for (; i < bound; i += lanes) geluTanhBackwardStep(x, xOff + i, dy, dyOff + i, dx, dxOff + i);
        if (i < to) tail(x, xOff + i, dy, dyOff + i, dx, dxOff + i, to - i, this::geluTanhBackwardStep);
    }

    /** One vector of {@link #geluTanhBackward}; a separate method so C2 compiles it early (see class notes). */
    private void geluTanhBackwardStep(float[] x, int xi, float[] dy, int dyi, float[] dx, int dxi) {
        final VectorSpecies<Float> sp = sp();
        // gelu = x s(2u): gelu' = s + x * 2 s (1 - s) * u',  u' = c (1 + 3k x^2)
        final FloatVector v = FloatVector.fromArray(sp, x, xi);
        final FloatVector x2 = v.mul(v);
        final FloatVector twoU = x2.fma(FloatVector.broadcast(sp, TWO_C_K), FloatVector.broadcast(sp, TWO_C)).mul(v);
        final FloatVector sNeg = twoU.neg();
        // sE = exp(sNeg): Cephes-style, 2^n * poly(r), n = round(x log2 e) by the 1.5*2^23 trick
        final VectorMask<Float> sxTiny = sNeg.compare(VectorOperators.LT, EXP_LO);
        final FloatVector sxXc = sNeg.min(EXP_HI).max(EXP_LO);
        final FloatVector sxBig = sxXc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUND_MAGIC));
        final FloatVector sxN = sxBig.sub(ROUND_MAGIC);
        final FloatVector sxR = sxN.fma(FloatVector.broadcast(sp, -LN2_LO), sxN.fma(FloatVector.broadcast(sp, -LN2_HI), sxXc));
        FloatVector sxP = FloatVector.broadcast(sp, EXP_P0).fma(sxR, FloatVector.broadcast(sp, EXP_P1));
        sxP = sxP.fma(sxR, FloatVector.broadcast(sp, EXP_P2));
        sxP = sxP.fma(sxR, FloatVector.broadcast(sp, EXP_P3));
        sxP = sxP.fma(sxR, FloatVector.broadcast(sp, EXP_P4));
        sxP = sxP.fma(sxR, FloatVector.broadcast(sp, EXP_P5));
        final FloatVector sxY = sxP.fma(sxR.mul(sxR), sxR).add(1f);
        final IntVector sxNi = sxBig.reinterpretAsInts().sub(ROUND_MAGIC_BITS).lanewise(VectorOperators.LSHL, 23);
        final FloatVector sE = sxY.reinterpretAsInts().add(sxNi).reinterpretAsFloats().blend(0f, sxTiny);
        final FloatVector s = FloatVector.broadcast(sp, 1f).div(sE.add(1f));
        final FloatVector du = x2.fma(FloatVector.broadcast(sp, C_3K), FloatVector.broadcast(sp, C));
        final FloatVector grad = v.mul(s).mul(s.neg().add(1f)).mul(du).mul(2f).add(s);
        grad.mul(FloatVector.fromArray(sp, dy, dyi)).intoArray(dx, dxi);
    }

    @Override
    public void tanh(float[] x, int off, int len) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(len);
        int i = 0;
        for (; i < bound; i += lanes) tanhStep(x, off + i);
        if (i < len) tail(x, off + i, len - i, this::tanhStep);
    }

    /** One vector of {@link #tanh}; a separate method so C2 compiles it early (see class notes). */
    private void tanhStep(float[] x, int xi) {
        final VectorSpecies<Float> sp = sp();
        // |x| >= 0.125: sign(x) (1 - 2 / (e^{2|x|} + 1)); smaller: odd Taylor polynomial to x^7
        final FloatVector v = FloatVector.fromArray(sp, x, xi);
        final FloatVector a = v.abs();
        final FloatVector twoA = a.mul(2f);
        // e = exp(twoA): Cephes-style, 2^n * poly(r), n = round(x log2 e) by the 1.5*2^23 trick
        final VectorMask<Float> eTiny = twoA.compare(VectorOperators.LT, EXP_LO);
        final FloatVector eXc = twoA.min(EXP_HI).max(EXP_LO);
        final FloatVector eBig = eXc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUND_MAGIC));
        final FloatVector eN = eBig.sub(ROUND_MAGIC);
        final FloatVector eR = eN.fma(FloatVector.broadcast(sp, -LN2_LO), eN.fma(FloatVector.broadcast(sp, -LN2_HI), eXc));
        FloatVector eP = FloatVector.broadcast(sp, EXP_P0).fma(eR, FloatVector.broadcast(sp, EXP_P1));
        eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P2));
        eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P3));
        eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P4));
        eP = eP.fma(eR, FloatVector.broadcast(sp, EXP_P5));
        final FloatVector eY = eP.fma(eR.mul(eR), eR).add(1f);
        final IntVector eNi = eBig.reinterpretAsInts().sub(ROUND_MAGIC_BITS).lanewise(VectorOperators.LSHL, 23);
        final FloatVector e = eY.reinterpretAsInts().add(eNi).reinterpretAsFloats().blend(0f, eTiny);
        FloatVector t = FloatVector.broadcast(sp, 1f).sub(FloatVector.broadcast(sp, 2f).div(e.add(1f)));
        t = t.blend(t.neg(), v.compare(VectorOperators.LT, 0f));
        final FloatVector x2 = v.mul(v);
        FloatVector poly = x2.fma(FloatVector.broadcast(sp, -17f / 315f), FloatVector.broadcast(sp, 2f / 15f));
        poly = poly.fma(x2, FloatVector.broadcast(sp, -1f / 3f)).mul(x2).fma(v, v);
        t.blend(poly, a.compare(VectorOperators.LT, 0.125f)).intoArray(x, xi);
    }

    @Override
    public void tanhBackward(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        for (int s = 0; s < len; s += BLOCK) {
            final int n = Math.min(BLOCK, len - s);
            tanhBackwardBlock(y, yOff + s, dy, dyOff + s, dx, dxOff + s, n);
        }
    }

    private void tanhBackwardBlock(float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int len) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(len);
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector yv = FloatVector.fromArray(sp, y, yOff + i);
            FloatVector g = yv.neg().fma(yv, FloatVector.broadcast(sp, 1f));
            g.mul(FloatVector.fromArray(sp, dy, dyOff + i)).intoArray(dx, dxOff + i);
        }
        for (; i < len; i++) dx[dxOff + i] = dy[dyOff + i] * (1f - y[yOff + i] * y[yOff + i]);
    }

    // ================================================================ elementwise and reductions

    @Override
    public void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        elementwise(len, (from, to) -> {
            for (int s = from; s < to; s += BLOCK) {
                final int n = Math.min(BLOCK, to - s);
                addBlock(a, aOff + s, b, bOff + s, out, outOff + s, n);
            }
        });
    }

    private void addBlock(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(len);
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector.fromArray(sp, a, aOff + i).add(FloatVector.fromArray(sp, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
    }

    @Override
    public void addInPlace(float[] x, int xOff, float[] y, int yOff, int len) {
        add(x, xOff, y, yOff, x, xOff, len);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int s = 0; s < len; s += BLOCK) {
            final int n = Math.min(BLOCK, len - s);
            axpyBlock(alpha, x, xOff + s, y, yOff + s, n);
        }
    }

    private void axpyBlock(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(len);
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector.fromArray(sp, x, xOff + i).fma(FloatVector.broadcast(sp, alpha), FloatVector.fromArray(sp, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int s = 0; s < len; s += BLOCK) {
            final int n = Math.min(BLOCK, len - s);
            mulBlock(a, aOff + s, b, bOff + s, out, outOff + s, n);
        }
    }

    private void mulBlock(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(len);
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector.fromArray(sp, a, aOff + i).mul(FloatVector.fromArray(sp, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    @Override
    public void scale(float[] x, int off, int len, float factor) {
        for (int s = 0; s < len; s += BLOCK) scaleBlock(x, off + s, Math.min(BLOCK, len - s), factor);
    }

    private void scaleBlock(float[] x, int off, int len, float s) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(len);
        int i = 0;
        for (; i < bound; i += lanes) FloatVector.fromArray(sp, x, off + i).mul(s).intoArray(x, off + i);
        for (; i < len; i++) x[off + i] *= s;
    }


    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        double total = 0;
        for (int s = 0; s < len; s += REDUCE_BLOCK) {
            total += dotBlock(a, aOff + s, b, bOff + s, Math.min(REDUCE_BLOCK, len - s));
        }
        return (float) total;
    }

    private float dotBlock(float[] a, int aOff, float[] b, int bOff, int len) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final int bound = sp.loopBound(len);
        FloatVector acc = FloatVector.zero(sp);
        int i = 0;
        for (; i < bound; i += lanes) {
            acc = FloatVector.fromArray(sp, a, aOff + i).fma(FloatVector.fromArray(sp, b, bOff + i), acc);
        }
        float sum = addLanes(acc);
        for (; i < len; i++) sum += a[aOff + i] * b[bOff + i];
        return sum;
    }

    @Override
    public double sumSquares(float[] x, int off, int len) {
        double total = 0;
        for (int s = 0; s < len; s += REDUCE_BLOCK) total += dotBlock(x, off + s, x, off + s, Math.min(REDUCE_BLOCK, len - s));
        return total;
    }

    @Override
    public void adamwStep(float[] param, float[] grad, float[] m, float[] v, int off, int len,
                          float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        // memory-bound (four arrays streamed): large tensors are split over the team, whose cores
        // together draw more bandwidth than one (the result is the same, element by element)
        final int blocks = (len + BLOCK - 1) / BLOCK;
        IntRangeBody body = (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                final int s = b * BLOCK;
                adamwBlock(param, grad, m, v, off + s, Math.min(BLOCK, len - s), lr, beta1, beta2, eps, weightDecay, bc1, bc2);
            }
        };
        if (len >= PARALLEL_MIN_ELEMENTS) Parallel.forRange(blocks, body);
        else body.run(0, blocks);
    }

    private void adamwBlock(float[] param, float[] grad, float[] m, float[] v, int off, int len,
                          float lr, float beta1, float beta2, float eps, float weightDecay, float bc1, float bc2) {
        final VectorSpecies<Float> sp = sp();
        final int lanes = sp.length();
        final float decay = 1f - lr * weightDecay;
        final float step = lr / bc1;
        final float invSqrtBc2 = (float) (1.0 / Math.sqrt(bc2));
        final float oneMinusB1 = 1f - beta1, oneMinusB2 = 1f - beta2;
        final int bound = sp.loopBound(len);
        int i = 0;
        for (; i < bound; i += lanes) {
            final int o = off + i;
            FloatVector g = FloatVector.fromArray(sp, grad, o);
            FloatVector mi = FloatVector.fromArray(sp, m, o).mul(beta1).add(g.mul(oneMinusB1));
            FloatVector vi = FloatVector.fromArray(sp, v, o).mul(beta2).add(g.mul(g).mul(oneMinusB2));
            FloatVector denom = vi.sqrt().mul(invSqrtBc2).add(eps);
            FloatVector p = FloatVector.fromArray(sp, param, o).mul(decay).sub(mi.mul(step).div(denom));
            mi.intoArray(m, o);
            vi.intoArray(v, o);
            p.intoArray(param, o);
        }
        for (; i < len; i++) {
            final int o = off + i;
            float g = grad[o];
            float mi = beta1 * m[o] + oneMinusB1 * g;
            float vi = beta2 * v[o] + oneMinusB2 * g * g;
            param[o] = param[o] * decay - mi * step / ((float) Math.sqrt(vi) * invSqrtBc2 + eps);
            m[o] = mi;
            v[o] = vi;
        }
    }
}
