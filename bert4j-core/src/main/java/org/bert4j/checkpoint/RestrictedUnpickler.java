package org.bert4j.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted interpreter for Python's pickle format (protocols 2 to 5, see CPython Lib/pickletools.py),
 * enough to read a PyTorch state dict and nothing more. It never executes code: the only globals it
 * accepts are {@code collections.OrderedDict}, the {@code torch._utils} tensor/parameter rebuild functions
 * and the {@code torch.*Storage} types, each interpreted here in Java; any other global is refused with
 * "refusing to load global X".
 * <p>Objects are represented as: String, Long/BigInteger, Double, Boolean, null (None),
 * {@code List} (tuples and lists), {@code LinkedHashMap} (dicts), {@link StorageRef} (a persistent id
 * naming a storage) and {@link TensorRef} (a rebuilt tensor: storage + offset + size + stride).
 */
final class RestrictedUnpickler {

    /** A typed storage named by a persistent id ('storage', type, key, location, numel[, view]). */
    record StorageRef(DType dtype, String key, long numel) {}

    /** A tensor: a strided view of a storage (offsets, sizes and strides count elements). */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    private record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    private final String file;
    private final ByteBuffer in;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /** Unpickles one object from {@code in} (advancing it past the STOP opcode); {@code file} is named in errors. */
    static Object load(String file, ByteBuffer in) {
        return new RestrictedUnpickler(file, in).run();
    }

    private RestrictedUnpickler(String file, ByteBuffer in) {
        this.file = file;
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
    }

    private Object run() {
        try {
            while (true) {
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80 -> in.get();                                   // PROTO n
                    case 0x95 -> in.getLong();                               // FRAME length (framing is advisory)
                    case '.' -> { return pop(); }                            // STOP
                    case '(' -> { marks.add(stack.size()); }                 // MARK
                    case '}' -> push(new LinkedHashMap<>());                 // EMPTY_DICT
                    case ']' -> push(new ArrayList<>());                     // EMPTY_LIST
                    case ')' -> push(new ArrayList<>());                     // EMPTY_TUPLE
                    case 't' -> push(popMark());                             // TUPLE
                    case 0x85 -> push(new ArrayList<>(Arrays.asList(pop())));                 // TUPLE1
                    case 0x86 -> { Object b = pop(), a = pop(); push(new ArrayList<>(Arrays.asList(a, b))); }  // TUPLE2
                    case 0x87 -> { Object c = pop(), b = pop(), a = pop(); push(new ArrayList<>(Arrays.asList(a, b, c))); } // TUPLE3
                    case 'a' -> { Object v = pop(); asList(peek()).add(v); } // APPEND
                    case 'e' -> { List<Object> items = popMark(); asList(peek()).addAll(items); } // APPENDS
                    case 'X' -> push(string(in.getInt() & 0xffffffffL));     // BINUNICODE
                    case 0x8c -> push(string(in.get() & 0xff));              // SHORT_BINUNICODE
                    case 0x8d -> push(string(in.getLong()));                 // BINUNICODE8
                    case 'T' -> push(string(in.getInt() & 0xffffffffL));     // BINSTRING (Python 2 str)
                    case 'U' -> push(string(in.get() & 0xff));               // SHORT_BINSTRING
                    case 'q' -> memo.put((long) (in.get() & 0xff), peek());  // BINPUT
                    case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek()); // LONG_BINPUT
                    case 0x94 -> memo.put((long) memo.size(), peek());       // MEMOIZE
                    case 'h' -> push(memoGet(in.get() & 0xff));              // BINGET
                    case 'j' -> push(memoGet(in.getInt() & 0xffffffffL));    // LONG_BINGET
                    case 'c' -> push(global(line(), line()));                // GLOBAL "module\nname\n"
                    case 0x93 -> { Object name = pop(), module = pop(); push(global((String) module, (String) name)); } // STACK_GLOBAL
                    case 'Q' -> push(persistentLoad(pop()));                 // BINPERSID
                    case 'J' -> push((long) in.getInt());                    // BININT
                    case 'K' -> push((long) (in.get() & 0xff));              // BININT1
                    case 'M' -> push((long) (in.getShort() & 0xffff));       // BININT2
                    case 0x8a -> push(long1(in.get() & 0xff));               // LONG1
                    case 'G' -> push(in.order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT (big-endian!)
                    case 0x88 -> push(Boolean.TRUE);                         // NEWTRUE
                    case 0x89 -> push(Boolean.FALSE);                        // NEWFALSE
                    case 'N' -> push(null);                                  // NONE
                    case 'R' -> { List<Object> args = asList(pop()); push(call(pop(), args)); } // REDUCE
                    case 's' -> { Object v = pop(), k = pop(); asMap(peek()).put(k, v); }       // SETITEM
                    case 'u' -> {                                                               // SETITEMS
                        List<Object> kv = popMark();
                        Map<Object, Object> d = asMap(peek());
                        for (int i = 0; i + 1 < kv.size(); i += 2) d.put(kv.get(i), kv.get(i + 1));
                    }
                    case 'b' -> {                                            // BUILD: only the no-op cases of a state dict
                        Object state = pop();
                        Object obj = peek();
                        if (!(obj instanceof Map || obj instanceof TensorRef)) throw fail("BUILD on " + describe(obj) + " is not supported");
                        if (state != null && !(state instanceof Map)) throw fail("BUILD with state " + describe(state) + " is not supported");
                    }
                    default -> throw fail(String.format("unsupported pickle opcode 0x%02x at byte %d", op, in.position() - 1));
                }
                in.order(ByteOrder.LITTLE_ENDIAN);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw fail("pickle data ends before STOP: truncated");
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw fail("malformed pickle at byte " + in.position() + ": " + e.getMessage());
        }
    }

    private Global global(String module, String name) {
        boolean allowed = switch (module) {
            case "collections" -> name.equals("OrderedDict");
            case "torch._utils" -> name.equals("_rebuild_tensor_v2") || name.equals("_rebuild_parameter")
                    || name.equals("_rebuild_parameter_with_state");
            case "torch" -> storageType(name) != null;
            default -> false;
        };
        if (!allowed) throw fail("refusing to load global " + module + "." + name + " (only state-dict tensors are allowed)");
        return new Global(module, name);
    }

    private static DType storageType(String name) {
        return switch (name) {
            case "FloatStorage" -> DType.F32;
            case "HalfStorage" -> DType.F16;
            case "BFloat16Storage" -> DType.BF16;
            case "DoubleStorage" -> DType.F64;
            case "LongStorage" -> DType.I64;
            case "IntStorage" -> DType.I32;
            case "CharStorage" -> DType.I8;
            case "ByteStorage" -> DType.U8;
            case "BoolStorage" -> DType.BOOL;
            default -> null;
        };
    }

    /** torch.save's persistent ids: ('storage', storage type, key, location, numel[, view metadata]). */
    private Object persistentLoad(Object pid) {
        List<Object> t = asList(pid);
        if (t.size() < 5 || !"storage".equals(t.get(0)) || !(t.get(1) instanceof Global g) || !g.module.equals("torch")) {
            throw fail("unsupported persistent id " + describe(pid));
        }
        return new StorageRef(storageType(g.name), String.valueOf(t.get(2)), toLong(t.get(4)));
    }

    private Object call(Object callable, List<Object> args) {
        if (!(callable instanceof Global g)) throw fail("REDUCE on " + describe(callable) + ", which is not a callable");
        switch (g.toString()) {
            case "collections.OrderedDict" -> {
                if (!args.isEmpty()) throw fail("OrderedDict with arguments is not supported");
                return new LinkedHashMap<>();
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (!(args.get(0) instanceof StorageRef s)) throw fail("_rebuild_tensor_v2 without a storage");
                return new TensorRef(s, toLong(args.get(1)), longs(args.get(2)), longs(args.get(3)));
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                return args.get(0);             // (data, requires_grad, backward_hooks[, state]): the tensor itself
            }
            default -> throw fail("calling " + g + " is not supported");
        }
    }

    private long[] longs(Object tuple) {
        return asList(tuple).stream().mapToLong(this::toLong).toArray();
    }

    private long toLong(Object o) {
        if (o instanceof Long l) return l;
        if (o instanceof BigInteger b) return b.longValueExact();
        throw fail("expected an integer, found " + describe(o));
    }

    /** LONG1: a little-endian two's complement integer of n bytes. */
    private Object long1(int n) {
        byte[] b = new byte[n];
        in.get(b);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = b[n - 1 - i];
        BigInteger v = n == 0 ? BigInteger.ZERO : new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String string(long n) {
        if (n < 0 || n > in.remaining()) throw fail("string of " + n + " bytes runs past the end: truncated");
        byte[] b = new byte[(int) n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private String line() {
        StringBuilder sb = new StringBuilder();
        for (byte c; (c = in.get()) != '\n'; ) sb.append((char) c);
        return sb.toString();
    }

    private Object memoGet(long i) {
        if (!memo.containsKey(i)) throw fail("memo key " + i + " was never stored");
        return memo.get(i);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty()) throw fail("stack underflow at byte " + in.position());
        return stack.removeLast();
    }

    private Object peek() {
        if (stack.isEmpty()) throw fail("stack underflow at byte " + in.position());
        return stack.getLast();
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) throw fail("no MARK on the stack at byte " + in.position());
        int m = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    @SuppressWarnings("unchecked")
    private List<Object> asList(Object o) {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw fail("expected a tuple or list, found " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o) {
        if (o instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw fail("expected a dict, found " + describe(o));
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName() + " " + (o instanceof String || o instanceof Number || o instanceof Global ? o : "");
    }

    private CheckpointException fail(String what) {
        return new CheckpointException("PyTorch pickle in " + file + ": " + what);
    }
}
