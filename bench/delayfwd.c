/* bench/delayfwd.c: the 20 ms "ISP round trip" of the benchmarks.
 *
 *     delayfwd LISTEN-ADDR UPSTREAM-ADDR DELAY-MS PIDFILE
 *
 * Forwards every UDP query it receives on LISTEN-ADDR port 53 to
 * UPSTREAM-ADDR port 53 at once, untouched, and sends the answer back
 * DELAY-MS after it came from the upstream.  One thread, one epoll loop, no
 * parsing: each datagram costs a few microseconds, so nine queries sent
 * together come back together, DELAY-MS later, as they would across a real
 * path.  (The lab's Python delay proxy, tests/lab/proxy.py, logs every query
 * and is what the capture counts rounds with, but it handles queries one at
 * a time under the GIL: it spread the nine answers of one lookup over 2 ms,
 * which a real path does not do.  The kernel's netem would be the natural
 * tool; this kernel is built without it.)
 *
 * UDP only: an answer with TC set goes back as it is, and the client's TCP
 * retry finds no listener (bench/run.sh checks that every name resolves
 * through it before measuring).  Bounds: MAX_INFLIGHT queries at once (more
 * are dropped, as a congested path would), each given up after
 * UPSTREAM_TIMEOUT_MS.  Runs until SIGTERM or SIGINT. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_INFLIGHT 256
#define UPSTREAM_TIMEOUT_MS 4000
#define MSG_MAX 65535

enum slot_state { SLOT_FREE, SLOT_ASKED, SLOT_DUE };

struct slot {
	enum slot_state state;
	int fd;				/* connected to the upstream */
	struct sockaddr_in client;
	int64_t deadline_us;		/* ASKED: give up; DUE: send the answer */
	size_t len;
	uint8_t *answer;		/* DUE: MSG_MAX octets */
};

static struct slot slots[MAX_INFLIGHT];

static int64_t now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static void die(const char *what)
{
	fprintf(stderr, "delayfwd: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void slot_free(struct slot *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	s->state = SLOT_FREE;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: delayfwd LISTEN-ADDR UPSTREAM-ADDR DELAY-MS PIDFILE\n");
		return 2;
	}
	struct sockaddr_in listen_sa = { .sin_family = AF_INET, .sin_port = htons(53) };
	struct sockaddr_in up_sa = { .sin_family = AF_INET, .sin_port = htons(53) };
	char *end;
	long delay = strtol(argv[3], &end, 10);
	if (inet_pton(AF_INET, argv[1], &listen_sa.sin_addr) != 1 ||
	    inet_pton(AF_INET, argv[2], &up_sa.sin_addr) != 1 || *end || delay < 0 || delay > 10000) {
		fprintf(stderr, "delayfwd: bad address or delay\n");
		return 2;
	}

	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL) != 0)
		die("sigprocmask");
	int sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	int lfd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || lfd < 0 || ep < 0)
		die("socket");
	if (bind(lfd, (struct sockaddr *)&listen_sa, sizeof listen_sa) != 0)
		die(argv[1]);
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = MAX_INFLIGHT };
	if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) != 0)
		die("epoll_ctl");
	ev.data.u32 = MAX_INFLIGHT + 1;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev) != 0)
		die("epoll_ctl");
	for (size_t i = 0; i < MAX_INFLIGHT; i++) {
		slots[i].fd = -1;
		if (!(slots[i].answer = malloc(MSG_MAX)))
			die("malloc");
	}
	FILE *pf = fopen(argv[4], "w");
	if (!pf || fprintf(pf, "%d\n", (int)getpid()) < 0 || fclose(pf) != 0)
		die(argv[4]);

	static uint8_t buf[MSG_MAX];
	for (;;) {
		/* Send what is due, give up on what timed out, and sleep until
		 * the next deadline. */
		int64_t now = now_us(), next = -1;
		for (size_t i = 0; i < MAX_INFLIGHT; i++) {
			struct slot *s = &slots[i];
			if (s->state == SLOT_FREE)
				continue;
			if (s->deadline_us <= now) {
				if (s->state == SLOT_DUE)
					(void)sendto(lfd, s->answer, s->len, 0, (struct sockaddr *)&s->client,
						     sizeof s->client);
				slot_free(s);
				continue;
			}
			if (next < 0 || s->deadline_us < next)
				next = s->deadline_us;
		}
		struct epoll_event evs[32];
		struct timespec wait = { .tv_sec = (next - now) / 1000000,
					 .tv_nsec = (next - now) % 1000000 * 1000 };
		int n = epoll_pwait2(ep, evs, 32, next < 0 ? NULL : &wait, NULL);
		if (n < 0 && errno != EINTR)
			die("epoll_wait");
		for (int k = 0; k < n; k++) {
			uint32_t id = evs[k].data.u32;
			if (id == MAX_INFLIGHT + 1)
				return 0;	/* SIGTERM or SIGINT */
			if (id == MAX_INFLIGHT) {
				/* A query: forward it on a socket of its own. */
				for (int budget = 0; budget < 64; budget++) {
					struct sockaddr_in from;
					socklen_t fl = sizeof from;
					ssize_t len = recvfrom(lfd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
					if (len < 0)
						break;
					struct slot *s = NULL;
					for (size_t i = 0; i < MAX_INFLIGHT && !s; i++)
						if (slots[i].state == SLOT_FREE)
							s = &slots[i];
					if (!s || len < 12)
						continue;	/* full, or not DNS: dropped */
					s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
					struct sockaddr_in src = listen_sa;
					src.sin_port = 0;
					struct epoll_event uev = { .events = EPOLLIN, .data.u32 = (uint32_t)(s - slots) };
					if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&src, sizeof src) != 0 ||
					    connect(s->fd, (struct sockaddr *)&up_sa, sizeof up_sa) != 0 ||
					    send(s->fd, buf, (size_t)len, 0) != len ||
					    epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &uev) != 0) {
						slot_free(s);
						continue;
					}
					s->client = from;
					s->state = SLOT_ASKED;
					s->deadline_us = now_us() + (int64_t)UPSTREAM_TIMEOUT_MS * 1000;
				}
				continue;
			}
			/* The upstream's answer: hold it DELAY-MS. */
			struct slot *s = &slots[id];
			if (s->state != SLOT_ASKED)
				continue;
			ssize_t len = recv(s->fd, s->answer, MSG_MAX, 0);
			if (len < 12)
				continue;
			s->len = (size_t)len;
			s->state = SLOT_DUE;
			s->deadline_us = now_us() + (int64_t)delay * 1000;
			close(s->fd);
			s->fd = -1;
		}
	}
}
