// Children whose lifetime is tied to ours: killed by the kernel when Backlot dies, even by kill -9.
#define _GNU_SOURCE
#include "bl_codecs.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the process. Every child is
// therefore forked by one launcher thread that lives as long as the process.
typedef struct {
    const char *path;
    char *const *argv;
    int fds[3];
    pid_t pid;
    int error;
    int pending;
} launch_request;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t posted = PTHREAD_COND_INITIALIZER;
static pthread_cond_t served = PTHREAD_COND_INITIALIZER;
static launch_request *current = NULL;
static pthread_once_t started = PTHREAD_ONCE_INIT;
static pthread_mutex_t callers = PTHREAD_MUTEX_INITIALIZER;

static void launch(launch_request *r) {
    pid_t parent = getpid();
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) { r->error = errno; r->pid = -1; return; }
    pid_t pid = fork();
    if (pid < 0) { r->error = errno; r->pid = -1; close(report[0]); close(report[1]); return; }
    if (pid == 0) {
        // Only async-signal-safe calls from here to exec.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);  // the parent died before the line above
        // A fresh signal state: nothing blocked (the launcher thread's mask is inherited), nothing ignored
        // (Backlot ignores SIGPIPE and SIGXFSZ for itself).
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int sig = 1; sig < NSIG; sig++) {
            if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
        }
        for (int i = 0; i < 3; i++) {
            if (r->fds[i] >= 0 && r->fds[i] != i) dup2(r->fds[i], i);
            else if (r->fds[i] == i) fcntl(i, F_SETFD, 0);  // dup2 would have cleared close-on-exec
        }
        // Keep only stdin, stdout, stderr and the report pipe (closed by exec): no other pipe of ours may
        // stay open in the child, or a reader of that pipe would never see its end.
        int keep = report[1];
        if (syscall(SYS_close_range, 3, keep - 1, 0) != 0 || syscall(SYS_close_range, keep + 1, ~0U, 0) != 0) {
            for (int fd = 3; fd < 65536; fd++) {
                if (fd != keep) close(fd);
            }
        }
        execv(r->path, r->argv);
        int code = errno;
        (void)!write(report[1], &code, sizeof code);
        _exit(127);
    }
    close(report[1]);
    int code = 0;
    ssize_t got;
    do { got = read(report[0], &code, sizeof code); } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == sizeof code) {
        int status;
        waitpid(pid, &status, 0);
        r->error = code;
        r->pid = -1;
        return;
    }
    r->error = 0;
    r->pid = pid;
}

static void *launcher(void *unused) {
    (void)unused;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (current == NULL || !current->pending) pthread_cond_wait(&posted, &lock);
        launch(current);
        current->pending = 0;
        pthread_cond_broadcast(&served);
    }
    return NULL;
}

static int launcher_error = 0;

static void start_launcher(void) {
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    launcher_error = pthread_create(&thread, &attr, launcher, NULL);
    pthread_attr_destroy(&attr);
}

int bl_spawn_tied(const char *path, char *const argv[], int stdin_fd, int stdout_fd, int stderr_fd, int *error) {
    pthread_once(&started, start_launcher);
    if (launcher_error) {
        if (error) *error = launcher_error;
        return -1;
    }
    launch_request r = {path, argv, {stdin_fd, stdout_fd, stderr_fd}, -1, 0, 1};
    pthread_mutex_lock(&callers);
    pthread_mutex_lock(&lock);
    current = &r;
    pthread_cond_signal(&posted);
    while (r.pending) pthread_cond_wait(&served, &lock);
    current = NULL;
    pthread_mutex_unlock(&lock);
    pthread_mutex_unlock(&callers);
    if (error) *error = r.error;
    return r.pid;
}
