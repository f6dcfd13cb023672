/* The mmap floor for bench/elfcheck: for every path on standard input, open it, map it, read the ELF
 * header (touching the first page) and unmap it. Prints how many files had the ELF magic, so the work
 * cannot be optimised away. */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void) {
  char line[4096];
  unsigned long elf = 0, n = 0;
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = '\0';
    int fd = open(line, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      continue;
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_size >= (off_t)sizeof(Elf64_Ehdr)) {
      void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (m != MAP_FAILED) {
        const Elf64_Ehdr *eh = m;
        volatile unsigned type = eh->e_type; /* the read that faults the header page in */
        (void)type;
        elf += memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0;
        munmap(m, (size_t)st.st_size);
      }
    }
    close(fd);
    n++;
  }
  printf("%lu files, %lu ELF\n", n, elf);
  return 0;
}
