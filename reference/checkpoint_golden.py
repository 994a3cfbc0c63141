#!/usr/bin/env python3
"""Independent (numpy-only) readers used to make golden values for the bert4j checkpoint tests.

Reads the TensorFlow tensor bundle (variables.index SSTable + data file) and the ONNX MiniLM
initializers with hand-written protobuf decoding, and prints a few statistics per tensor
(shape, sum as float64, first values) that CheckpointGoldenTest compares with the Java readers.

Usage: checkpoint_golden.py tf  <variables dir>
       checkpoint_golden.py onnx <model.onnx>
"""
import struct, sys
import numpy as np

def varint(b, p):
    r = s = 0
    while True:
        c = b[p]; p += 1
        r |= (c & 0x7f) << s; s += 7
        if c < 0x80: return r, p

def fields(b):
    """Yields (field number, wire type, value) of one protobuf message."""
    p = 0
    while p < len(b):
        k, p = varint(b, p); f, w = k >> 3, k & 7
        if w == 0: v, p = varint(b, p)
        elif w == 1: v = b[p:p+8]; p += 8
        elif w == 5: v = b[p:p+4]; p += 4
        elif w == 2: n, p = varint(b, p); v = b[p:p+n]; p += n
        else: raise ValueError("wire type %d" % w)
        yield f, w, v

def block_entries(data, off, size):
    blk = data[off:off+size]
    assert data[off+size] == 0, "compressed block"
    nrest = struct.unpack('<I', blk[-4:])[0]
    end = len(blk) - 4 - 4*nrest
    p, key = 0, b''
    while p < end:
        shared, p = varint(blk, p); nonshared, p = varint(blk, p); vlen, p = varint(blk, p)
        key = key[:shared] + blk[p:p+nonshared]; p += nonshared
        yield key, blk[p:p+vlen]; p += vlen

def tf(dirname):
    idx = open(dirname + '/variables.index', 'rb').read()
    foot = idx[-48:]
    assert struct.unpack('<Q', foot[-8:])[0] == 0xdb4775248b80fb57
    _, p = varint(foot, 0); _, p = varint(foot, p)  # metaindex handle
    io, p = varint(foot, p); isz, p = varint(foot, p)
    data = np.memmap(dirname + '/variables.data-00000-of-00001', dtype=np.uint8, mode='r')
    for _, h in block_entries(idx, io, isz):
        bo, q = varint(h, 0); bs, q = varint(h, q)
        for key, val in block_entries(idx, bo, bs):
            if key == b'': continue
            e = {'dtype': 0, 'shape': [], 'offset': 0, 'size': 0}
            for f, w, v in fields(val):
                if f == 1: e['dtype'] = v
                elif f == 2: e['shape'] = [dict((ff, vv) for ff, _, vv in fields(d)).get(1, 0) for ff, _, d in fields(v) if ff == 2]
                elif f == 4: e['offset'] = v
                elif f == 5: e['size'] = v
            if e['dtype'] != 1: print(key.decode(), 'dtype', e['dtype'], e['shape']); continue
            a = np.frombuffer(data[e['offset']:e['offset']+e['size']].tobytes(), '<f4')
            print(key.decode(), e['shape'], repr(float(a.astype(np.float64).sum())), ' '.join(repr(float(x)) for x in a[:3]))

def onnx(path):
    b = open(path, 'rb').read()
    graph = [v for f, w, v in fields(b) if f == 7][0]
    for f, w, v in fields(graph):
        if f == 5:
            t = {'dims': [], 'name': '', 'type': 0, 'raw': b''}
            for ff, ww, vv in fields(v):
                if ff == 1:
                    if ww == 2:
                        q = 0
                        while q < len(vv): d, q = varint(vv, q); t['dims'].append(d)
                    else: t['dims'].append(vv)
                elif ff == 2: t['type'] = vv
                elif ff == 8: t['name'] = vv.decode()
                elif ff == 9: t['raw'] = vv
            if t['type'] == 1 and t['raw']:
                a = np.frombuffer(t['raw'], '<f4')
                print(t['name'], t['dims'], repr(float(a.astype(np.float64).sum())), ' '.join(repr(float(x)) for x in a[:3]))
            else:
                print(t['name'], t['dims'], 'type', t['type'], 'raw', len(t['raw']))
        elif f == 1 and len(sys.argv) > 3:
            n = {1: [], 2: [], 3: '', 4: ''}
            for ff, ww, vv in fields(v):
                if ff in (1, 2): n[ff].append(vv.decode())
                elif ff in (3, 4): n[ff] = vv.decode()
            print('NODE', n[4], n[3], n[1], '->', n[2])

if __name__ == '__main__':
    {'tf': tf, 'onnx': onnx}[sys.argv[1]](sys.argv[2])
