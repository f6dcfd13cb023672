/* cases/elf fakechk.c: a library exporting its own functions whose names end in _chk (case E2). */
int buffer_chk(const char *p) { return p && *p; }
int data_chk(int v) { return v > 0; }
int __memcpy_chk_like(int v) { return v; }
