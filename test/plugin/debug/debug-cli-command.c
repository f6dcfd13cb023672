// debug-cli-command: command tables with debug verbs and handlers that run received text as a shell
// command, against ordinary verbs, log-level tables and constant commands.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin %s 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -DFACTORY_BUILD %s 2>&1 | FileCheck %s --check-prefix=ON
// MARKERS: checked 1 files: 8 expected, 0 missing, 0 unexpected, 0 pending
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* A UART console: name + handler(argc, argv). */
struct con_cmd { const char *name; int (*fn)(int argc, char **argv); };
static int con_help(int argc, char **argv) { (void)argc; (void)argv; return 0; }
static int con_reboot(int argc, char **argv) { (void)argc; (void)argv; return 0; }
static int con_peek(int argc, char **argv) { (void)argc; (void)argv; return 0; }
static int con_run(int argc, char **argv) {
  char cmd[256];
  if (argc < 2)
    return -1;
  snprintf(cmd, sizeof cmd, "%s", argv[1]);
  return system(cmd);
}
static const struct con_cmd g_console[] = {
  { "help", con_help },                                           // NOFLAG
  { "reboot", con_reboot },                                       // NOFLAG
  { "memdump", con_peek },                                        // EXPECT debug-cli-command
  // MSG: debug-cli-command.c:[[@LINE-1]]:3: warning: command 'memdump' in the command table 'g_console' is a debug command (memory access, shell, factory or test function) [cra-debug-cli-command]
  { "peek", con_peek },                                           // EXPECT debug-cli-command
  { "shell", con_help },                                          // EXPECT debug-cli-command
  { "run", con_run },                                             // EXPECT debug-cli-command
#ifdef FACTORY_BUILD
  { "factory_reset_keys", con_help },                             // NOFLAG removed unless -DFACTORY_BUILD
  // ON: debug-cli-command.c:[[@LINE-1]]:3: warning: command 'factory_reset_keys' {{.*}}[cra-debug-cli-command]
#endif
};
int console_count(void) { return (int)(sizeof g_console / sizeof g_console[0]); }

/* A telnet CLI keyed by name and a string handler. */
typedef struct { const char *command; void (*handler)(const char *args); } cli_entry_t;
static void cli_show(const char *args) { (void)args; }
static void cli_exec(const char *args) { system(args); }
static const cli_entry_t cli_table[] = {
  { "show", cli_show },                                           // NOFLAG
  { "exec", cli_show },                                           // EXPECT debug-cli-command
  { "ping", cli_exec },                                           // EXPECT debug-cli-command
};
const void *cli_tab(void) { return cli_table; }

/* Not command tables: log levels and a codec list hold names, not verbs. */
struct level { const char *name; void (*emit)(const char *msg); };
static void log_debug(const char *m) { (void)m; }
static void log_info(const char *m) { (void)m; }
static const struct level log_levels[] = {
  { "debug", log_debug },                                         // NOFLAG
  { "info", log_info },                                           // NOFLAG
};
const void *levels(void) { return log_levels; }

/* A UDP "MP daemon": the datagram after the verb goes to the shell. */
void mp_daemon(int fd) {
  char pkt[512];
  for (;;) {
    ssize_t n = recv(fd, pkt, sizeof pkt - 1, 0);
    if (n <= 0)
      return;
    pkt[n] = '\0';
    if (strncmp(pkt, "diag_exec ", 10) == 0)                      // EXPECT debug-cli-command
      system(pkt + 10);
    else if (strncmp(pkt, "status", 6) == 0)                      // NOFLAG
      system("cat /proc/uptime");
  }
}

/* Received text run without a verb. */
void serial_loop(FILE *tty) {
  char line[128];
  while (fgets(line, sizeof line, tty))
    popen(line, "r");                                             // EXPECT debug-cli-command
}

/* Received text only selects a constant command. */
void safe_loop(int fd) {
  char pkt[64];
  if (recv(fd, pkt, sizeof pkt, 0) <= 0)
    return;
  if (strcmp(pkt, "led-on") == 0)                                 // NOFLAG
    system("echo 1 > /sys/class/leds/status/brightness");
}
