#!/usr/bin/env python3
"""Byte-patch an ELF file to produce the edge cases cra-elfcheck must handle (the tests build real binaries
and patch them here, so no binary is ever committed). Usage:

    elfpatch.py IN OUT OP [ARGS] [OP [ARGS]...]

Operations (applied in order):
  strip-shdrs                 e_shoff = e_shnum = e_shstrndx = 0 (what sstrip does; the file still runs)
  phdr-retype FROM TO         first program header of type FROM becomes type TO
  phdr-flags TYPE FLAGS [last] p_flags of the first (or last) header of TYPE; FLAGS like RW, RWX, R
  phdr-offset TYPE OFFSET     p_offset of the first header of TYPE
  ehdr-phoff OFFSET           e_phoff
  ehdr-phnum N                e_phnum
  dt-set TAG VALUE            d_val of the first dynamic entry with TAG
  dt-retype FROM TO           first dynamic entry with tag FROM gets tag TO
  dt-unterminate              every DT_NULL in PT_DYNAMIC becomes DT_DEBUG (no terminator)
  dt-loop                     PT_DYNAMIC's DT_STRTAB points back into PT_DYNAMIC itself
  gnu-hash-bogus              DT_GNU_HASH's nbuckets and symoffset set to 0xffffffff
  note-descsz TYPE VALUE      n_descsz of the first note inside the first header of TYPE (PT_NOTE, ...)
  truncate N                  keep the first N bytes (N may be a percentage: 40%)
Types: PT_LOAD PT_DYNAMIC PT_INTERP PT_NOTE PT_GNU_STACK PT_GNU_RELRO PT_GNU_PROPERTY PT_NULL or a number.
Tags: DT_NULL DT_BIND_NOW DT_FLAGS DT_FLAGS_1 DT_DEBUG DT_STRTAB DT_GNU_HASH DT_TEXTREL DT_RELACOUNT or a number."""
import struct
import sys

PT = {"PT_NULL": 0, "PT_LOAD": 1, "PT_DYNAMIC": 2, "PT_INTERP": 3, "PT_NOTE": 4, "PT_PHDR": 6,
      "PT_GNU_EH_FRAME": 0x6474E550, "PT_GNU_STACK": 0x6474E551, "PT_GNU_RELRO": 0x6474E552,
      "PT_GNU_PROPERTY": 0x6474E553}
DT = {"DT_NULL": 0, "DT_NEEDED": 1, "DT_STRTAB": 5, "DT_SYMTAB": 6, "DT_DEBUG": 21, "DT_TEXTREL": 22,
      "DT_BIND_NOW": 24, "DT_FLAGS": 30, "DT_FLAGS_1": 0x6FFFFFFB, "DT_GNU_HASH": 0x6FFFFEF5, "DT_HASH": 4,
      "DT_RUNPATH": 29, "DT_RPATH": 15, "DT_RELACOUNT": 0x6FFFFFF9}


def num(s, table=None):
    if table and s in table:
        return table[s]
    return int(s, 0)


class Elf:
    def __init__(self, data):
        self.b = bytearray(data)
        if self.b[:4] != b"\x7fELF":
            sys.exit("elfpatch: not an ELF file")
        self.c64 = self.b[4] == 2
        self.e = "<" if self.b[5] == 1 else ">"

    def u(self, fmt, off):
        return struct.unpack_from(self.e + fmt, self.b, off)[0]

    def p(self, fmt, off, v):
        struct.pack_into(self.e + fmt, self.b, off, v)

    # ELF header fields
    def ehdr(self):
        if self.c64:
            return dict(phoff=self.u("Q", 32), shoff=self.u("Q", 40), phentsize=self.u("H", 54),
                        phnum=self.u("H", 56))
        return dict(phoff=self.u("I", 28), shoff=self.u("I", 32), phentsize=self.u("H", 42), phnum=self.u("H", 44))

    def phdrs(self):
        h = self.ehdr()
        out = []
        for i in range(h["phnum"]):
            o = h["phoff"] + i * h["phentsize"]
            if self.c64:
                out.append(dict(at=o, type=self.u("I", o), flags=self.u("I", o + 4), offset=self.u("Q", o + 8),
                                vaddr=self.u("Q", o + 16), filesz=self.u("Q", o + 32)))
            else:
                out.append(dict(at=o, type=self.u("I", o), offset=self.u("I", o + 4), vaddr=self.u("I", o + 8),
                                filesz=self.u("I", o + 16), flags=self.u("I", o + 24)))
        return out

    def find(self, ptype, last=False):
        hits = [p for p in self.phdrs() if p["type"] == ptype]
        if not hits:
            sys.exit("elfpatch: no program header of type %#x" % ptype)
        return hits[-1] if last else hits[0]

    def dyn_entries(self):
        d = self.find(PT["PT_DYNAMIC"])
        size = 16 if self.c64 else 8
        out = []
        for i in range(d["filesz"] // size):
            o = d["offset"] + i * size
            tag = self.u("q" if self.c64 else "i", o)
            out.append((o, tag))
        return out

    def set_dyn(self, o, tag=None, val=None):
        f = "q" if self.c64 else "i"
        w = 8 if self.c64 else 4
        if tag is not None:
            self.p(f, o, tag)
        if val is not None:
            self.p("Q" if self.c64 else "I", o + w, val)

    def dyn_val(self, o):
        return self.u("Q" if self.c64 else "I", o + (8 if self.c64 else 4))

    def vaddr_to_off(self, addr):
        for p in self.phdrs():
            if p["type"] == PT["PT_LOAD"] and p["vaddr"] <= addr < p["vaddr"] + p["filesz"]:
                return p["offset"] + addr - p["vaddr"]
        sys.exit("elfpatch: address %#x not in a PT_LOAD" % addr)


def flags(s):
    v = 0
    for ch in s:
        v |= {"R": 4, "W": 2, "X": 1}[ch]
    return v


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    with open(argv[1], "rb") as fh:
        elf = Elf(fh.read())
    args = argv[3:]
    i = 0
    while i < len(args):
        op = args[i]
        i += 1
        if op == "strip-shdrs":
            if elf.c64:
                elf.p("Q", 40, 0); elf.p("H", 60, 0); elf.p("H", 62, 0)
            else:
                elf.p("I", 32, 0); elf.p("H", 48, 0); elf.p("H", 50, 0)
        elif op == "phdr-retype":
            ph = elf.find(num(args[i], PT)); elf.p("I", ph["at"], num(args[i + 1], PT)); i += 2
        elif op == "phdr-flags":
            last = i + 2 < len(args) and args[i + 2] == "last"
            ph = elf.find(num(args[i], PT), last)
            elf.p("I", ph["at"] + (4 if elf.c64 else 24), flags(args[i + 1]))
            i += 3 if last else 2
        elif op == "ehdr-phnum":
            elf.p("H", 56 if elf.c64 else 44, num(args[i])); i += 1
        elif op == "phdr-offset":
            ph = elf.find(num(args[i], PT))
            if elf.c64:
                elf.p("Q", ph["at"] + 8, num(args[i + 1]))
            else:
                elf.p("I", ph["at"] + 4, num(args[i + 1]))
            i += 2
        elif op == "ehdr-phoff":
            elf.p("Q" if elf.c64 else "I", 32 if elf.c64 else 28, num(args[i])); i += 1
        elif op in ("dt-set", "dt-retype"):
            tag = num(args[i], DT)
            hit = [o for o, t in elf.dyn_entries() if t == tag]
            if not hit:
                sys.exit("elfpatch: no dynamic entry %s" % args[i])
            if op == "dt-set":
                elf.set_dyn(hit[0], val=num(args[i + 1]))
            else:
                elf.set_dyn(hit[0], tag=num(args[i + 1], DT))
            i += 2
        elif op == "dt-unterminate":
            for o, t in elf.dyn_entries():
                if t == 0:
                    elf.set_dyn(o, tag=DT["DT_DEBUG"])
        elif op == "dt-loop":
            d = elf.find(PT["PT_DYNAMIC"])
            for o, t in elf.dyn_entries():
                if t == DT["DT_STRTAB"]:
                    elf.set_dyn(o, val=d["vaddr"])
        elif op == "gnu-hash-bogus":
            for o, t in elf.dyn_entries():
                if t == DT["DT_GNU_HASH"]:
                    at = elf.vaddr_to_off(elf.dyn_val(o))
                    elf.p("I", at, 0xFFFFFFFF); elf.p("I", at + 4, 0xFFFFFFFF)
        elif op == "note-descsz":
            ph = elf.find(num(args[i], PT))
            elf.p("I", ph["offset"] + 4, num(args[i + 1])); i += 2
        elif op == "truncate":
            n = args[i]; i += 1
            keep = len(elf.b) * int(n[:-1]) // 100 if n.endswith("%") else int(n, 0)
            del elf.b[keep:]
        else:
            sys.exit("elfpatch: unknown operation " + op)
    with open(argv[2], "wb") as fh:
        fh.write(elf.b)


if __name__ == "__main__":
    main(sys.argv)
