package org.bert4j.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch state dict saved with {@code torch.save} ({@code pytorch_model.bin}), without running
 * any Python: the pickle is interpreted by {@link RestrictedUnpickler}, which accepts only tensors.
 * <ul>
 * <li>Zip format (torch >= 1.6): a zip with {@code <root>/data.pkl} (the pickled dict, whose tensors
 *     reference storages by persistent id) and one entry {@code <root>/data/<key>} per storage holding its
 *     raw little-endian bytes. A storage is read from the zip when one of its tensors is asked for.</li>
 * <li>Legacy format (torch < 1.6): five consecutive pickles (magic number 0x1950a86a20f9469cfc6c,
 *     protocol version 1001, system info, the dict, the sorted list of storage keys) followed by each
 *     storage as an 8-byte little-endian element count and its raw bytes. The file is memory-mapped and
 *     contiguous tensors are views of it.</li>
 * </ul>
 */
public final class PyTorchBinReader implements TensorSource {
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private final Path file;
    private final Map<String, RestrictedUnpickler.TensorRef> tensors = new TreeMap<>();
    private ZipFile zip;
    private String zipRoot;
    /** Legacy format: the mapped file and the byte offset of each storage's data in it. */
    private ByteBuffer mapped;
    private final Map<String, Integer> legacyOffsets = new HashMap<>();

    private PyTorchBinReader(Path file) throws IOException {
        this.file = file;
        byte[] head = new byte[2];
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 2) < 2) throw fail("file is too short to be a PyTorch checkpoint");
        }
        if (head[0] == 'P' && head[1] == 'K') openZip();
        else if ((head[0] & 0xff) == 0x80) openLegacy();
        else throw fail("neither a zip nor a pickle (unknown PyTorch checkpoint format)");
    }

    /** Opens {@code file}, a zip-format or legacy-format {@code torch.save} of a state dict. */
    public static PyTorchBinReader open(Path file) {
        try {
            return new PyTorchBinReader(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read PyTorch checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private void openZip() throws IOException {
        try {
            zip = new ZipFile(file.toFile());
        } catch (java.util.zip.ZipException e) {
            throw fail("corrupt zip: " + e.getMessage());
        }
        try {
            ZipEntry pkl = zip.stream().filter(e -> e.getName().endsWith("/data.pkl")
                            && e.getName().indexOf('/') == e.getName().length() - "/data.pkl".length())
                    .findFirst().orElseThrow(() -> fail("zip has no <root>/data.pkl entry: not a torch.save file"));
            zipRoot = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            ZipEntry order = zip.getEntry(zipRoot + "byteorder");
            if (order != null) {
                String bo = new String(zip.getInputStream(order).readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
                if (!bo.equals("little")) throw fail("byte order '" + bo + "' is not supported");
            }
            collect(RestrictedUnpickler.load(file.toString(), ByteBuffer.wrap(zip.getInputStream(pkl).readAllBytes())));
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private void openLegacy() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) throw fail("legacy-format files over 2 GB are not supported");
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer in = mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        Object magic = RestrictedUnpickler.load(file.toString(), in);
        if (!LEGACY_MAGIC.equals(magic)) throw fail("pickle is not a torch.save file (bad magic number)");
        RestrictedUnpickler.load(file.toString(), in);  // protocol version
        RestrictedUnpickler.load(file.toString(), in);  // sys_info
        collect(RestrictedUnpickler.load(file.toString(), in));
        Object keys = RestrictedUnpickler.load(file.toString(), in.order(ByteOrder.LITTLE_ENDIAN));
        if (!(keys instanceof List<?> keyList)) throw fail("storage key list missing after the state dict");
        Map<String, RestrictedUnpickler.StorageRef> storages = new HashMap<>();
        for (RestrictedUnpickler.TensorRef t : tensors.values()) storages.put(t.storage().key(), t.storage());
        in.order(ByteOrder.LITTLE_ENDIAN);
        for (Object k : keyList) {
            if (in.remaining() < 8) throw fail("storage data ends early: truncated");
            long numel = in.getLong();
            RestrictedUnpickler.StorageRef s = storages.get(String.valueOf(k));
            long bytes = numel * (s == null ? 1 : s.dtype().byteSize());
            if (bytes < 0 || bytes > in.remaining()) throw fail("storage " + k + " runs past the end of the file: truncated");
            legacyOffsets.put(String.valueOf(k), in.position());
            in.position(in.position() + (int) bytes);
        }
    }

    /** Takes the tensors out of an unpickled state dict (or out of a training checkpoint's "state_dict"/"model"). */
    private void collect(Object root) {
        if (!(root instanceof Map<?, ?> dict)) throw fail("top-level object is not a dict (not a state dict)");
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (e.getValue() instanceof RestrictedUnpickler.TensorRef t) tensors.put(String.valueOf(e.getKey()), t);
        }
        if (tensors.isEmpty()) {
            for (String wrapper : List.of("state_dict", "model", "module")) {
                if (dict.get(wrapper) instanceof Map<?, ?> inner) {
                    collect(inner);
                    return;
                }
            }
            throw fail("the dict holds no tensors");
        }
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    @Override
    public TensorData get(String name) {
        RestrictedUnpickler.TensorRef t = tensors.get(name);
        if (t == null) throw fail("no tensor '" + name + "'");
        RestrictedUnpickler.StorageRef s = t.storage();
        ByteBuffer storage = storageBytes(s);
        int es = s.dtype().byteSize();
        long numel = TensorData.numel(t.size());
        // The farthest element the view touches must lie inside the storage.
        long last = t.offset();
        for (int i = 0; i < t.size().length; i++) if (t.size()[i] > 0) last += (t.size()[i] - 1) * t.stride()[i];
        if (numel > 0 && (t.offset() < 0 || (last + 1) * es > storage.remaining())) {
            throw fail("tensor '" + name + "' reaches past the end of its storage " + s.key());
        }
        if (isContiguous(t.size(), t.stride())) {
            return new TensorData(name, s.dtype(), t.size(), storage.slice((int) (t.offset() * es), (int) (numel * es)));
        }
        // A strided view (e.g. a transposed tensor saved as such): gather it into a heap copy.
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(numel * es));
        long[] index = new long[t.size().length];
        for (long n = 0; n < numel; n++) {
            long src = t.offset();
            for (int d = 0; d < index.length; d++) src += index[d] * t.stride()[d];
            out.put((int) (n * es), storage, (int) (src * es), es);
            for (int d = index.length - 1; d >= 0 && ++index[d] == t.size()[d]; d--) index[d] = 0;
        }
        return new TensorData(name, s.dtype(), t.size(), out);
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] != 1 && stride[i] != expected) return false;
            expected *= size[i];
        }
        return true;
    }

    private ByteBuffer storageBytes(RestrictedUnpickler.StorageRef s) {
        if (mapped != null) {
            Integer off = legacyOffsets.get(s.key());
            if (off == null) throw fail("storage " + s.key() + " has no data");
            long bytes = s.numel() * s.dtype().byteSize();
            return mapped.slice(off, (int) Math.min(bytes, mapped.limit() - off)).order(ByteOrder.LITTLE_ENDIAN);
        }
        ZipEntry e = zip.getEntry(zipRoot + "data/" + s.key());
        if (e == null) throw fail("storage entry " + zipRoot + "data/" + s.key() + " is missing");
        try (InputStream in = zip.getInputStream(e)) {
            return ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new CheckpointException("cannot read storage " + s.key() + " of " + description() + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public String description() {
        return "PyTorch checkpoint " + file;
    }

    private CheckpointException fail(String what) {
        return new CheckpointException(description() + ": " + what);
    }

    @Override
    public void close() {
        try {
            if (zip != null) zip.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
        mapped = null;
    }
}
