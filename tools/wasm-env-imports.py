#!/usr/bin/env python3
"""Lists the imports a wasm module takes from the module "env": a C symbol left
undefined at link time (e.g. by a SQLite OMIT option). The page cannot load such a
module. Exit status 1 when there are any."""
import sys

from wasmbin import imports, sections

data = open(sys.argv[1], "rb").read()
missing = [name.decode() for sid, _whole, body in sections(data, "wasm-env-imports") if sid == 2
           for module, name, _kind, _desc in imports(body) if module == b"env"]
print(" ".join(missing))
sys.exit(1 if missing else 0)
