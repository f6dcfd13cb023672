/* Running other programs: posix_spawn (no shell, no fork of a large address space), exit statuses
 * passed back unchanged, and exec for the pass-through cases so they cost nothing after startup. */
#include "wrap.h"

#include "cra_common.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int spawn(pid_t *pid, char *const argv[], int out_fd, int err_fd, bool null_stdin) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (null_stdin)
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (out_fd >= 0)
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
  if (err_fd >= 0)
    posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
  int rc = posix_spawn(pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

static int wait_for(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return -1;
  }
  return status;
}

int wrap_run(char *const argv[], int stdout_fd, int stderr_fd, bool null_stdin) {
  pid_t pid;
  int rc = spawn(&pid, argv, stdout_fd, stderr_fd, null_stdin);
  if (rc != 0) {
    errno = rc;
    return -1;
  }
  return wait_for(pid);
}

int wrap_run_capture(char *const argv[], char **out, size_t max) {
  *out = NULL;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return -1;
  int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  pid_t pid;
  int rc = spawn(&pid, argv, fds[1], devnull, true);
  close(fds[1]);
  if (devnull >= 0)
    close(devnull);
  if (rc != 0) {
    close(fds[0]);
    errno = rc;
    return -1;
  }
  size_t cap = 4096, len = 0;
  char *buf = cra_xmalloc(cap);
  for (;;) {
    if (len + 1 >= cap) {
      if (cap >= max) {
        /* Drain and drop the rest so the child never blocks on a full pipe. */
        char sink[4096];
        while (read(fds[0], sink, sizeof sink) > 0)
          ;
        break;
      }
      cap *= 2;
      buf = cra_xrealloc(buf, cap);
    }
    ssize_t r = read(fds[0], buf + len, cap - len - 1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    len += (size_t)r;
  }
  buf[len] = '\0';
  close(fds[0]);
  int status = wait_for(pid);
  *out = buf;
  if (status < 0)
    return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void wrap_exec(char *const argv[]) {
  execv(argv[0], argv);
  int e = errno;
  cra_warn("%s: cannot run: %s", argv[0], cra_strerror(e));
  exit(e == ENOENT ? 127 : 126);
}

void wrap_exit_like(int status) {
  if (status < 0)
    exit(127);
  if (WIFEXITED(status))
    exit(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    /* Die of the same signal so make reports it exactly as for the bare compiler. */
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    exit(128 + sig);
  }
  exit(70);
}
