/* bench.c: timing, temporary stores and the result table for bench/. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "xmalloc.h"

/* Monotonic clock in nanoseconds. */
int64_t bench_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Order doubles ascending, for qsort. */
static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The p-th percentile of v (sorted in place). */
double bench_percentile(double *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, bench_cmp);
	i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* The median of v (sorted in place). */
double bench_median(double *v, size_t n)
{
	return bench_percentile(v, n, 50);
}

/* A fresh temporary directory. */
char *bench_tmpdir(void)
{
	char *dir = xasprintf("%s/sitrep-bench.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	return dir;
}

/* Remove a temporary directory and what is in it. */
void bench_rmdir(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "bench: could not remove %s\n", dir);
	free(cmd);
}

/* 1 when something accepts connections on path. */
static int bench_socket_ready(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), ok;

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

/* Start a foreground server on a store and socket inside dir. */
pid_t bench_server_start(const char *dir, char **socket, char **db)
{
	const char *bin = getenv("SITREP_BIN") ? getenv("SITREP_BIN") : "./sitrep";
	int64_t deadline = bench_ns() + 10 * 1000000000LL;
	pid_t pid;
	int fd;

	*socket = xasprintf("%s/sock", dir);
	*db = xasprintf("%s/bench.db", dir);
	if ((pid = fork()) == 0) {
		fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		execl(bin, "sitrep", "serve", "-D", "-v", "--db", *db, "-S",
		    *socket, (char *)NULL);
		fprintf(stderr, "bench: cannot run %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	while (!bench_socket_ready(*socket)) {
		if (bench_ns() > deadline || waitpid(pid, NULL, WNOHANG) != 0) {
			fprintf(stderr, "bench: the server did not start\n");
			return -1;
		}
		usleep(2000);
	}
	return pid;
}

/* The mean number of submissions per group commit of the servers that
 * ran in dir, from their -v logs; 0 when none was logged. */
double bench_server_batch(const char *dir)
{
	char *cmd = xasprintf("cat '%s'/sitrep-server-*.log 2>/dev/null", dir);
	FILE *f = popen(cmd, "r");
	char line[512], *p;
	long commits = 0, subs = 0, n;

	free(cmd);
	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		if ((p = strstr(line, " commit: ")) != NULL &&
		    sscanf(p, " commit: %ld", &n) == 1) {
			commits++;
			subs += n;
		}
	}
	if (f != NULL)
		pclose(f);
	return commits > 0 ? (double)subs / (double)commits : 0;
}

/* Stop a server started by bench_server_start. */
void bench_server_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

/* Print one result row. */
void bench_row(const char *figure, const char *value, const char *baseline,
    double ratio, const char *target)
{
	printf("%-44s %14s %14s %7.2f  %s\n", figure, value, baseline, ratio,
	    target);
	fflush(stdout);
}
