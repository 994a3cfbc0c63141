package org.bert4j.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the weights (initializers) of a BERT encoder exported to ONNX (https://onnx.ai/onnx/repo-docs/IR.html,
 * onnx/onnx.proto), hand-decoding the protobuf: ModelProto.graph = 7; GraphProto node = 1, initializer = 5;
 * NodeProto input = 1, output = 2, name = 3, op_type = 4, attribute = 5; TensorProto dims = 1,
 * data_type = 2, float_data = 4, int32_data = 5, int64_data = 7, name = 8, raw_data = 9 (little-endian),
 * double_data = 10, external_data = 13, data_location = 14.
 * <p>Exporters keep the Hugging Face names of biases, LayerNorm parameters and embeddings, but a
 * {@code Linear} becomes {@code MatMul(x, W) + b} with W an anonymous [in, out] initializer such as
 * {@code onnx::MatMul_787}. Such matrices are named from the graph: the MatMul's output feeds an Add whose
 * other operand is the named bias {@code X.bias}, so W is {@code X.kernel} (which {@link ParamNames} turns
 * into {@code X.weight}, transposed); failing that, the node name ({@code /encoder/layer.0/attention/self/query/MatMul})
 * gives X. If a dense bias has no identifiable matrix the file is rejected.
 * <p>The file is memory-mapped (ONNX files are below 2 GB by construction); raw_data tensors are views of it.
 */
public final class OnnxWeightsReader implements TensorSource {
    private record Node(String name, String op, List<String> inputs, List<String> outputs, Map<String, Long> intAttributes) {}

    private final Path file;
    private final Map<String, TensorData> initializers = new HashMap<>(); // by stored name
    private final Map<String, String> storedFor = new TreeMap<>();         // exposed name -> stored name

    private OnnxWeightsReader(Path file) throws IOException {
        this.file = file;
        ByteBuffer model;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) throw fail("file is over 2 GB, beyond the protobuf limit");
            model = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        List<Node> nodes = new ArrayList<>();
        try {
            ByteBuffer graph = null;
            ProtoReader m = new ProtoReader(model);
            while (m.next()) {
                if (m.field() == 7 && m.wireType() == ProtoReader.LEN) graph = m.readBytes();
                else m.skip();
            }
            if (graph == null) throw fail("no graph in the model (not an ONNX model, or truncated)");
            ProtoReader g = new ProtoReader(graph);
            while (g.next()) {
                switch (g.field()) {
                    case 1 -> nodes.add(parseNode(g.readBytes()));
                    case 5 -> {
                        TensorData t = parseTensor(g.readBytes());
                        if (t != null) initializers.put(t.name(), t);
                    }
                    default -> g.skip();
                }
            }
        } catch (IllegalArgumentException e) {
            throw fail("corrupt protobuf: " + e.getMessage());
        }
        if (initializers.isEmpty()) throw fail("the graph has no initializers (no weights)");
        nameFromGraph(nodes);
    }

    /** Opens an ONNX model file and names its weights. */
    public static OnnxWeightsReader open(Path file) {
        try {
            return new OnnxWeightsReader(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    private Node parseNode(ByteBuffer bytes) {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        Map<String, Long> attrs = new HashMap<>();
        String name = "", op = "";
        ProtoReader n = new ProtoReader(bytes);
        while (n.next()) {
            switch (n.field()) {
                case 1 -> in.add(n.readString());
                case 2 -> out.add(n.readString());
                case 3 -> name = n.readString();
                case 4 -> op = n.readString();
                case 5 -> {                           // AttributeProto: name = 1, i = 3
                    ProtoReader a = new ProtoReader(n.readBytes());
                    String an = null;
                    Long ai = null;
                    while (a.next()) {
                        if (a.field() == 1) an = a.readString();
                        else if (a.field() == 3 && a.wireType() == ProtoReader.VARINT) ai = a.readInt();
                        else a.skip();
                    }
                    if (an != null && ai != null) attrs.put(an, ai);
                }
                default -> n.skip();
            }
        }
        return new Node(name, op, in, out, attrs);
    }

    /** One TensorProto; null for types bert4j does not read (strings, complex, unsigned 16+ bits). */
    private TensorData parseTensor(ByteBuffer bytes) throws IOException {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        ByteBuffer raw = null;
        Map<String, String> external = new HashMap<>();
        java.io.ByteArrayOutputStream typed = new java.io.ByteArrayOutputStream(); // float/int/double_data, re-encoded LE
        ProtoReader t = new ProtoReader(bytes);
        while (t.next()) {
            switch (t.field()) {
                case 1 -> t.readRepeatedInt64(dims);
                case 2 -> type = (int) t.readInt();
                case 8 -> name = t.readString();
                case 9 -> raw = t.readBytes();
                case 4 -> {                           // float_data: packed or single fixed32
                    ByteBuffer b = t.wireType() == ProtoReader.LEN ? t.readBytes()
                            : ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, t.readFixed32());
                    typed.write(copy(b));
                }
                case 10 -> {                          // double_data
                    ByteBuffer b = t.wireType() == ProtoReader.LEN ? t.readBytes()
                            : ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, t.readFixed64());
                    typed.write(copy(b));
                }
                case 5, 7 -> {                        // int32_data / int64_data: varints, stored at the element width
                    List<Long> v = new ArrayList<>();
                    t.readRepeatedInt64(v);
                    for (long x : v) {
                        for (int i = 0; i < (t.field() == 7 ? 8 : widthOf(type)); i++) typed.write((int) (x >>> (8 * i)));
                    }
                }
                case 13 -> {                          // external_data: StringStringEntryProto key = 1, value = 2
                    ProtoReader e = new ProtoReader(t.readBytes());
                    String k = "", v = "";
                    while (e.next()) {
                        if (e.field() == 1) k = e.readString();
                        else if (e.field() == 2) v = e.readString();
                        else e.skip();
                    }
                    external.put(k, v);
                }
                default -> t.skip();
            }
        }
        DType dtype = switch (type) {                // TensorProto.DataType
            case 1 -> DType.F32;
            case 2 -> DType.U8;
            case 3 -> DType.I8;
            case 6 -> DType.I32;
            case 7 -> DType.I64;
            case 9 -> DType.BOOL;
            case 10 -> DType.F16;
            case 11 -> DType.F64;
            case 16 -> DType.BF16;
            default -> null;
        };
        if (dtype == null) return null;
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        ByteBuffer data;
        if (raw != null) {
            data = raw;
        } else if (external.containsKey("location")) {
            data = mapExternal(name, external);
        } else {
            data = ByteBuffer.wrap(typed.toByteArray());
        }
        long expected = TensorData.numel(shape) * dtype.byteSize();
        if (data.remaining() != expected) {
            throw fail("initializer '" + name + "' is " + dtype + java.util.Arrays.toString(shape) + " but has " + data.remaining() + " bytes");
        }
        return new TensorData(name, dtype, shape, data);
    }

    private static int widthOf(int onnxType) {
        return switch (onnxType) {
            case 2, 3, 9 -> 1;   // uint8, int8, bool
            case 10, 16 -> 2;    // float16, bfloat16 bits are carried in int32_data
            default -> 4;
        };
    }

    private static byte[] copy(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    private ByteBuffer mapExternal(String name, Map<String, String> ext) throws IOException {
        Path dataFile = file.toAbsolutePath().resolveSibling(ext.get("location"));
        try (FileChannel ch = FileChannel.open(dataFile, StandardOpenOption.READ)) {
            long offset = Long.parseLong(ext.getOrDefault("offset", "0"));
            long length = ext.containsKey("length") ? Long.parseLong(ext.get("length")) : ch.size() - offset;
            if (offset < 0 || offset + length > ch.size()) throw fail("external data of '" + name + "' lies outside " + dataFile);
            return ch.map(FileChannel.MapMode.READ_ONLY, offset, length);
        } catch (java.nio.file.NoSuchFileException e) {
            throw fail("external data file " + dataFile + " of '" + name + "' is missing");
        }
    }

    /** Gives each anonymous MatMul/Gemm weight matrix the name of the layer it belongs to. */
    private void nameFromGraph(List<Node> nodes) {
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node n : nodes) for (String in : n.inputs) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        Map<String, String> renamed = new HashMap<>(); // stored name -> exposed name
        for (Node n : nodes) {
            boolean gemm = n.op.equals("Gemm");
            if (!(n.op.equals("MatMul") || gemm) || n.inputs.size() < 2) continue;
            String w = n.inputs.get(1);
            TensorData weight = initializers.get(w);
            if (weight == null || weight.rank() != 2 || ParamNames.isCanonical(w)) continue;
            String layer = null;
            if (gemm && n.inputs.size() > 2 && n.inputs.get(2).endsWith(".bias")) {
                layer = n.inputs.get(2);
            } else {
                for (Node add : consumers.getOrDefault(n.outputs.get(0), List.of())) {
                    if (!add.op.equals("Add")) continue;
                    for (String operand : add.inputs) {
                        if (operand.endsWith(".bias") && initializers.containsKey(operand)) layer = operand;
                    }
                }
            }
            if (layer != null) {
                layer = layer.substring(0, layer.length() - ".bias".length());
            } else if (n.name.startsWith("/") && n.name.lastIndexOf('/') > 0) {
                layer = n.name.substring(1, n.name.lastIndexOf('/')).replace('/', '.');
            }
            ParamNames.Mapping weightName = layer == null ? null : ParamNames.map(layer + ".weight");
            if (weightName == null || !weightName.known()) continue; // an unknown layer: keep the stored name
            // MatMul's B and Gemm's B without transB are [in, out]: a "kernel".
            boolean inOut = !gemm || n.intAttributes.getOrDefault("transB", 0L) == 0;
            String exposed = inOut ? layer + ".kernel" : layer + ".weight";
            String previous = renamed.put(w, exposed);
            if (previous != null && !previous.equals(exposed)) {
                throw fail("initializer '" + w + "' is used as the weight of both " + previous + " and " + exposed);
            }
        }
        for (String stored : initializers.keySet()) {
            String exposed = renamed.getOrDefault(stored, stored);
            if (storedFor.put(exposed, stored) != null) throw fail("two initializers are both named '" + exposed + "'");
        }
        // Fail loudly: every dense layer with a bias must have found its matrix.
        for (String stored : initializers.keySet()) {
            if (!stored.endsWith(".bias")) continue;
            String layer = stored.substring(0, stored.length() - ".bias".length());
            ParamNames.Mapping m = ParamNames.map(layer + ".weight");
            boolean dense = m != null && m.known() && !layer.endsWith("LayerNorm") && !layer.equals("cls.predictions");
            if (dense && !storedFor.containsKey(layer + ".kernel") && !storedFor.containsKey(layer + ".weight")) {
                throw fail("cannot identify the weight matrix of layer '" + layer + "' in the graph (no MatMul/Gemm feeds its bias)");
            }
        }
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(storedFor.keySet());
    }

    /** The stored initializer name behind an exposed name (e.g. "onnx::MatMul_787"). */
    public String storedName(String name) {
        String s = storedFor.get(name);
        if (s == null) throw fail("no tensor '" + name + "'");
        return s;
    }

    /** All initializer names as stored in the file. */
    public Set<String> storedNames() {
        return Collections.unmodifiableSet(new TreeSet<>(initializers.keySet()));
    }

    @Override
    public TensorData get(String name) {
        return initializers.get(storedName(name)).withName(name);
    }

    @Override
    public String description() {
        return "ONNX model " + file;
    }

    private CheckpointException fail(String what) {
        return new CheckpointException(description() + ": " + what);
    }

    @Override
    public void close() {
        initializers.clear();
    }
}
