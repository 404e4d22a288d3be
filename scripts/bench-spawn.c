/* Runs one command and prints "WALL_NS MAXRSS_KIB CPU_NS STATUS" for it: the wall time from fork
 * to exit, the peak RSS of the command's own process, and the CPU time it used (user and system,
 * all its threads), which a loaded machine disturbs less than the wall time.
 *
 * Why not from Python: Python's posix_spawn is a vfork, whose child shares Python's memory
 * until it execs, and the kernel counts that memory in the child's ru_maxrss. Every command
 * then shows at least Python's ~14 MiB (curl's figure was Python's). A fork from this small
 * program carries under 2 MiB into the exec, far below what any measured command uses. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: bench-spawn COMMAND [ARG...]\n"); return 2; }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) { perror("bench-spawn: fork"); return 2; }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror("bench-spawn: exec");
        _exit(127);
    }
    int status;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) { perror("bench-spawn: wait4"); return 2; }
    clock_gettime(CLOCK_MONOTONIC, &end);
    long long wall = (end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    /* stdout belongs to the command (sent to /dev/null by the caller): the figures go to stderr */
    long long cpu = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000LL
        + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000LL;
    fprintf(stderr, "%lld %ld %lld %d\n", wall, usage.ru_maxrss, cpu, code);
    return 0;
}
