"""The few pieces of the wasm binary format the release tools read and write
(tools/wasm-order.py, tools/wasm-short-imports.py, tools/wasm-env-imports.py)."""
import sys


def leb(buf, i):
    """An unsigned LEB128 number at buf[i]: (value, index after it)."""
    value = shift = 0
    while True:
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def uleb(n):
    """n as unsigned LEB128."""
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sections(data, tool):
    """(id, the whole section with its header, its body) for each section of a module."""
    if data[:4] != b"\0asm":
        sys.exit(f"{tool}: not a wasm module")
    pos = 8
    while pos < len(data):
        sid = data[pos]
        size, start = leb(data, pos + 1)
        yield sid, data[pos:start + size], data[start:start + size]
        pos = start + size


def custom_name(body):
    """The name of a custom section (id 0), from its body."""
    n, i = leb(body, 0)
    return body[i:i + n]


def imports(body):
    """(module, name, kind, the import's descriptor bytes) for each entry of an import
    section's body."""
    count, i = leb(body, 0)
    for _ in range(count):
        n, i = leb(body, i)
        module = body[i:i + n]
        i += n
        n, i = leb(body, i)
        name = body[i:i + n]
        i += n
        start = i
        kind = body[i]
        i += 1
        if kind == 0:  # function: type index
            _, i = leb(body, i)
        elif kind in (1, 2):  # table (reftype first), memory: limits
            if kind == 1:
                i += 1
            flags, i = leb(body, i)
            _, i = leb(body, i)
            if flags & 1:
                _, i = leb(body, i)
        elif kind == 3:  # global: valtype, mutability
            i += 2
        elif kind == 4:  # tag: attribute, type index
            i += 1
            _, i = leb(body, i)
        else:
            sys.exit(f"wasmbin: unknown import kind {kind}")
        yield module, name, kind, body[start:i]
