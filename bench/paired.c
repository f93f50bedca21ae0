/* bench/paired.c: run commands in interleaved rounds and record the wall
 * and CPU time of each process (issue 18's own cost).
 *
 *   paired [-w WARMUP] [-r ROUNDS] [-s SEED] COMMANDS OUT
 *
 * COMMANDS holds one command per line: a label, then the program and its
 * arguments, separated by tabs (no shell: nothing is split or expanded).
 * Each round runs every command once, in an order drawn afresh for the
 * round (a fixed seed, so two runs draw the same orders); WARMUP rounds
 * first, not recorded.  OUT gets one line per process:
 *
 *   round <TAB> label <TAB> wall_us <TAB> user_us <TAB> sys_us
 *
 * wall_us from just before posix_spawn to wait4's return (CLOCK_MONOTONIC);
 * user_us and sys_us the child's own, from wait4.  The commands' output
 * goes to /dev/null.  A command that exits other than 0, or is killed,
 * stops the run with a line naming it (exit 1): a failed lookup is not a
 * timing.
 *
 * Why not hyperfine: it runs all the runs of one command before the next,
 * so a slow spell of the machine falls on one command and moves every
 * difference by as much as the difference itself.  Here each round holds
 * one process of every command, within tens of milliseconds, and
 * bench/analyze.py takes the differences within a round, then their
 * median over the rounds. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Bounds of the input and of the run: a line, the commands, the
 * arguments of one command, the rounds. */
#define PAIRED_LINE_MAX 4096
#define PAIRED_CMDS_MAX 32
#define PAIRED_ARGS_MAX 64
#define PAIRED_ROUNDS_MAX 100000

struct command {
	char *label;
	char *argv[PAIRED_ARGS_MAX + 1];
};

static int read_commands(const char *path, struct command *cmds, size_t *n)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "paired: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char line[PAIRED_LINE_MAX];
	unsigned lineno = 0;
	int rc = 0;
	*n = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(f)) {
			fprintf(stderr, "paired: %s:%u: line longer than %d octets\n", path, lineno,
				PAIRED_LINE_MAX - 2);
			rc = -1;
			break;
		}
		if (len == 0 || line[0] == '#')
			continue;
		if (*n == PAIRED_CMDS_MAX) {
			fprintf(stderr, "paired: %s:%u: more than %d commands\n", path, lineno, PAIRED_CMDS_MAX);
			rc = -1;
			break;
		}
		struct command *c = &cmds[*n];
		char *save = NULL, *field = strtok_r(line, "\t", &save);
		c->label = field ? strdup(field) : NULL;
		size_t argc = 0;
		int oom = !c->label && field;
		while ((field = strtok_r(NULL, "\t", &save)) && argc < PAIRED_ARGS_MAX)
			if (!(c->argv[argc++] = strdup(field)))
				oom = 1;
		c->argv[argc] = NULL;
		if (oom) {
			fprintf(stderr, "paired: %s:%u: out of memory\n", path, lineno);
			rc = -1;
			break;
		}
		if (field) {
			fprintf(stderr, "paired: %s:%u: more than %d arguments\n", path, lineno, PAIRED_ARGS_MAX);
			rc = -1;
			break;
		}
		if (!c->label || argc == 0) {
			fprintf(stderr, "paired: %s:%u: want a label, a tab and a command\n", path, lineno);
			rc = -1;
			break;
		}
		(*n)++;
	}
	fclose(f);
	if (rc == 0 && *n == 0) {
		fprintf(stderr, "paired: %s: no command\n", path);
		rc = -1;
	}
	return rc;
}

/* xorshift64*: the rounds' orders, the same for the same seed. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t tv_us(struct timeval tv)
{
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* Runs one command to its end; 0, or -1 with a line on stderr. */
static int run_one(const struct command *c, posix_spawn_file_actions_t *fa, int64_t *wall, int64_t *user,
		   int64_t *sys)
{
	pid_t pid;
	int64_t t0 = now_us();
	int err = posix_spawnp(&pid, c->argv[0], fa, NULL, c->argv, environ);
	if (err) {
		fprintf(stderr, "paired: %s: cannot start %s: %s\n", c->label, c->argv[0], strerror(err));
		return -1;
	}
	int status;
	struct rusage ru;
	pid_t got;
	while ((got = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
		;
	*wall = now_us() - t0;
	if (got != pid) {
		fprintf(stderr, "paired: %s: wait4: %s\n", c->label, strerror(errno));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "paired: %s: %s %d\n", c->label, WIFEXITED(status) ? "exited with" : "killed by signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -1;
	}
	*user = tv_us(ru.ru_utime);
	*sys = tv_us(ru.ru_stime);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: paired [-w WARMUP] [-r ROUNDS] [-s SEED] COMMANDS OUT\n");
	return 2;
}

int main(int argc, char **argv)
{
	long warmup = 3, rounds = 100;
	uint64_t seed = 18;
	int opt;
	while ((opt = getopt(argc, argv, "w:r:s:")) != -1) {
		char *end;
		long v = strtol(optarg, &end, 10);
		if (*end || v < 0 || v > PAIRED_ROUNDS_MAX) {
			fprintf(stderr, "paired: -%c %s: want 0 to %d\n", opt, optarg, PAIRED_ROUNDS_MAX);
			return 2;
		}
		if (opt == 'w')
			warmup = v;
		else if (opt == 'r')
			rounds = v;
		else if (opt == 's')
			seed = (uint64_t)v;
		else
			return usage();
	}
	if (argc - optind != 2)
		return usage();
	if (seed == 0)
		seed = 18; /* xorshift's one fixed point */

	static struct command cmds[PAIRED_CMDS_MAX];
	size_t n;
	if (read_commands(argv[optind], cmds, &n) < 0)
		return 1;
	FILE *out = fopen(argv[optind + 1], "w");
	if (!out) {
		fprintf(stderr, "paired: %s: %s\n", argv[optind + 1], strerror(errno));
		return 1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);

	size_t order[PAIRED_CMDS_MAX];
	int rc = 0;
	for (long r = -warmup; r < rounds && rc == 0; r++) {
		for (size_t i = 0; i < n; i++)
			order[i] = i;
		for (size_t i = n - 1; i > 0; i--) {
			size_t j = next_random(&seed) % (i + 1), t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		for (size_t i = 0; i < n; i++) {
			const struct command *c = &cmds[order[i]];
			int64_t wall, user, sys;
			if (run_one(c, &fa, &wall, &user, &sys) < 0) {
				rc = 1;
				break;
			}
			if (r >= 0)
				fprintf(out, "%ld\t%s\t%lld\t%lld\t%lld\n", r, c->label, (long long)wall, (long long)user,
					(long long)sys);
		}
	}
	posix_spawn_file_actions_destroy(&fa);
	if (fclose(out) != 0) {
		fprintf(stderr, "paired: %s: %s\n", argv[optind + 1], strerror(errno));
		rc = 1;
	}
	return rc;
}
