// sec-world-writable: chmod modes that let every local user write, umask(0), and creation modes
// (open/mkdir/mkfifo) after the function cleared the umask, against 0644/0755/0600 modes, sticky
// shared directories, calls without a mode and 0666/0777 creation modes the umask filters.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin %s 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -DDEBUG %s 2>&1 | FileCheck %s --check-prefix=ON
// MARKERS: checked 1 files: 10 expected, 0 missing, 0 unexpected, 0 pending
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define SHARED_MODE 0666

void bad_modes(int fd) {
  chmod("/etc/gateway.conf", 0777);                               // EXPECT sec-world-writable
  // MSG: sec-world-writable.c:[[@LINE-1]]:3: warning: chmod() gives the file mode 0777: every local user may write it (S_IWOTH) [cra-sec-world-writable]
  chmod("/var/run/gw.sock", S_IRWXU | S_IRWXG | S_IRWXO);         // EXPECT sec-world-writable
  fchmod(fd, 0666);                                               // EXPECT sec-world-writable
  fchmodat(fd, "gw.ctl", 0622, 0);                                // EXPECT sec-world-writable
#ifdef DEBUG
  chmod("/etc/shadow", 0666);                                     // NOFLAG removed unless -DDEBUG
  // ON: sec-world-writable.c:[[@LINE-1]]:3: warning: chmod() gives the file mode 0666{{.*}}[cra-sec-world-writable]
#endif
}

/* dropbear: the pty is handed to the user with chmod, which no umask filters. */
void pty_setowner(const char *tty) {
  chmod(tty, 0666);                                               // EXPECT sec-world-writable
}

/* The umask is cleared first, so the creation modes are the final modes. */
void spool_setup(void) {
  umask(0);                                                       // EXPECT sec-world-writable
  open("/tmp/fw.bin", O_WRONLY | O_CREAT | O_TRUNC, SHARED_MODE); // EXPECT sec-world-writable
  // MSG: sec-world-writable.c:[[@LINE-1]]:3: warning: open() gives the file mode 0666 under umask(0): every local user may write it (S_IWOTH) [cra-sec-world-writable]
  mkdir("/var/lib/gw/staging", 0777);                             // EXPECT sec-world-writable
  mkdir("/var/tmp/gw-drop", 01777);                               // NOFLAG sticky, the /tmp pattern
  open("/var/lib/gw/key", O_WRONLY | O_CREAT, 0600);              // NOFLAG
}

/* Saved and put back, but the FIFO is created while the umask is 0. */
void make_control_fifo(void) {
  mode_t old = umask(0);                                          // NOFLAG restored below
  mkfifo("/var/run/gw.ctl", 0622);                                // EXPECT sec-world-writable
  umask(old);
  creat("/var/log/gw.log", 0646);                                 // NOFLAG the saved umask is back
}

/* POSIX creation idiom: the process umask (022 for services, 002/022 for users) decides. */
int create_output(const char *name) {
  return open(name, O_CREAT | O_WRONLY | O_EXCL, S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH); // NOFLAG
}
int make_collection(const char *path) { return mkdir(path, S_IRWXU | S_IRWXG | S_IRWXO); } // NOFLAG
void tighten_then_create(void) {
  umask(022);                                                     // NOFLAG
  creat("/var/log/gw.log", 0666);                                 // NOFLAG umask 022 removes S_IWOTH
  mkfifo("/var/run/gw.ctl", 0622);                                // NOFLAG
}

void good_modes(int fd) {
  chmod("/etc/gateway.conf", 0644);                               // NOFLAG
  chmod("/usr/sbin/gatewayd", 0755);                              // NOFLAG
  fchmod(fd, S_IRUSR | S_IWUSR);                                  // NOFLAG
  open("/var/lib/gw/state", O_WRONLY | O_CREAT | O_EXCL, 0600);   // NOFLAG
  open("/etc/gateway.conf", O_RDONLY);                            // NOFLAG no mode
  mkdir("/var/lib/gw", 0750);                                     // NOFLAG
  mkdir("/var/tmp/gw-shared", 01777);                             // NOFLAG sticky, the /tmp pattern
  umask(022);                                                     // NOFLAG
  umask(077);                                                     // NOFLAG
}

/* Reading the umask: set to 0 and put back at once. */
unsigned current_umask(void) {
  mode_t mask = umask(0);                                         // NOFLAG
  umask(mask);
  return (unsigned)mask;
}

/* Set to 0 and never put back. */
void daemonize(void) {
  mode_t old = umask(0);                                          // EXPECT sec-world-writable
  (void)old;
}
