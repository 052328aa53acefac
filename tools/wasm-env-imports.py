#!/usr/bin/env python3
"""Lists the imports a wasm module takes from the module "env": a C symbol left
undefined at link time (e.g. by a SQLite OMIT option). The page cannot load such a
module. Exit status 1 when there are any."""
import sys
b=open(sys.argv[1],'rb').read()
def leb(b,i):
    r=0;s=0
    while True:
        x=b[i];i+=1;r|=(x&0x7f)<<s;s+=7
        if x<0x80: return r,i
i=8;out=[]
while i<len(b):
    sid=b[i];i+=1
    size,i=leb(b,i)
    if sid==2:
        j=i;n,j=leb(b,j)
        for _ in range(n):
            l,j=leb(b,j);mod=b[j:j+l].decode();j+=l
            l,j=leb(b,j);name=b[j:j+l].decode();j+=l
            kind=b[j];j+=1
            if kind==0: _,j=leb(b,j)
            else: raise SystemExit("unexpected import kind %d"%kind)
            if mod=='env': out.append(name)
        break
    i+=size
print(' '.join(out))
sys.exit(1 if out else 0)
