/* The transport (stub/stub_net.c) against a server in this process on
 * 127.0.0.1: how many receive system calls a round of answers costs.
 * c-ares reads a UDP socket until it would block, one recvfrom per
 * datagram (issue 18); the answers of a round that are waiting together
 * must come in with one call.
 *
 * The count is deterministic: the server takes every query, then sends
 * every answer, and only then does the round start waiting (the
 * meanwhile() callback waits for the server), so the answers are all
 * in the socket when the first poll() returns.  The receive calls are
 * counted by defining recvfrom and recvmmsg here: the library is linked
 * in statically, so its calls come to these. */
#include <arpa/inet.h>
#include <ares.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "stub/stub.h"
#include "testutil.h"

/* Twelve queries: a round of a 4-label name and more. */
#define NQ 12

struct server {
	int fd;
	sem_t sent;
	/* split: the server sends the first half of the answers, then the
	 * rest once the round has made its first receive call (read_one). */
	bool split;
	sem_t read_one;
	int err;
};

static struct server *the_server;
static atomic_uint recv_calls, wakeups;
static pthread_t counted;	/* the thread whose receive calls count */

static void count_call(void)
{
	if (pthread_equal(pthread_self(), counted) && recv_calls++ == 0 && the_server->split)
		sem_post(&the_server->read_one);
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)
{
	ssize_t r = syscall(SYS_recvfrom, fd, buf, len, flags, from, fromlen);
	count_call();
	return r;
}

int recvmmsg(int fd, struct mmsghdr *v, unsigned int n, int flags, struct timespec *timeout)
{
	int r = (int)syscall(SYS_recvmmsg, fd, v, n, flags, timeout);
	count_call();
	return r;
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	int r = (int)syscall(SYS_poll, fds, nfds, timeout);
	if (r > 0 && pthread_equal(pthread_self(), counted))
		wakeups++;
	return r;
}

/* With _FORTIFY_SOURCE (the Debian package's build) the library calls
 * poll() as __poll_chk: counted the same. */
int __poll_chk(struct pollfd *fds, nfds_t nfds, int timeout, size_t fdslen);
int __poll_chk(struct pollfd *fds, nfds_t nfds, int timeout, size_t fdslen)
{
	(void)fdslen;
	return poll(fds, nfds, timeout);
}

/* Waits for a semaphore of the server, bounded: a peer that never posts
 * fails the test, it does not hang it. */
static void wait_sem(sem_t *sem)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 10;
	while (sem_timedwait(sem, &ts) < 0 && errno == EINTR)
		;
}

/* Takes NQ queries, then answers each (the query itself with QR set:
 * NOERROR, no records, its OPT kept). */
static void *serve(void *arg)
{
	struct server *s = arg;
	uint8_t msg[NQ][512];
	ssize_t len[NQ];
	struct sockaddr_storage from[NQ];
	socklen_t fromlen[NQ];
	for (int i = 0; i < NQ; i++) {
		struct iovec iov = { msg[i], sizeof msg[i] };
		struct msghdr m = { .msg_name = &from[i], .msg_namelen = sizeof from[i], .msg_iov = &iov,
				    .msg_iovlen = 1 };
		len[i] = recvmsg(s->fd, &m, 0);
		fromlen[i] = m.msg_namelen;
		if (len[i] < 12) {
			s->err = len[i] < 0 ? errno : EPROTO;
			sem_post(&s->sent);
			return NULL;
		}
	}
	for (int i = 0; i < NQ; i++) {
		if (s->split && i == NQ / 2) {
			sem_post(&s->sent);
			wait_sem(&s->read_one);
		}
		msg[i][2] |= 0x80;
		if (sendto(s->fd, msg[i], (size_t)len[i], 0, (struct sockaddr *)&from[i], fromlen[i]) != len[i])
			s->err = errno;
	}
	if (!s->split)
		sem_post(&s->sent);
	return NULL;
}

/* The round waits only once the (first) answers are in its socket. */
static void wait_for_server(void)
{
	wait_sem(&the_server->sent);
}

/* A round of NQ queries to a server of this thread; the receive calls it
 * made, and in *woken the times poll() returned ready. */
static unsigned round_calls(bool split, unsigned *woken)
{
	struct server s = { .fd = socket(AF_INET, SOCK_DGRAM, 0), .split = split };
	ck_assert_int_ge(s.fd, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof a;
	ck_assert_int_eq(bind(s.fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(getsockname(s.fd, (struct sockaddr *)&a, &alen), 0);
	sem_init(&s.sent, 0, 0);
	sem_init(&s.read_one, 0, 0);
	the_server = &s;
	pthread_t th;
	ck_assert_int_eq(pthread_create(&th, NULL, serve, &s), 0);

	struct stub_server srv = { .family = AF_INET, .port = ntohs(a.sin_port) };
	memcpy(srv.addr, &a.sin_addr, 4);
	snprintf(srv.str, sizeof srv.str, "127.0.0.1#%u", (unsigned)ntohs(a.sin_port));
	struct stub_net *n = stub_net_new_servers(&srv, 1, 5000, 1, false);
	ck_assert_ptr_nonnull(n);
	struct stub_query q[NQ];
	memset(q, 0, sizeof q);
	for (int i = 0; i < NQ; i++) {
		char name[32];
		snprintf(name, sizeof name, "n%d.example.", i);
		const uint8_t *w = tu_name(name);
		memcpy(q[i].name, w, val_name_len(w));
		q[i].type = VAL_T_A;
	}
	counted = pthread_self();
	recv_calls = 0;
	wakeups = 0;
	int rc = stub_net_round(n, q, NQ, stub_now_ms() + 10000, wait_for_server, NULL, NULL);
	unsigned calls = recv_calls;
	*woken = wakeups;
	pthread_join(th, NULL);
	ck_assert_int_eq(s.err, 0);
	ck_assert_int_eq(rc, 0);
	for (int i = 0; i < NQ; i++) {
		ck_assert_int_eq(q[i].status, ARES_SUCCESS);
		ck_assert_uint_gt(q[i].alen, 12);
		free(q[i].answer);
	}
	stub_net_free(n);
	close(s.fd);
	sem_destroy(&s.sent);
	sem_destroy(&s.read_one);
	return calls;
}

START_TEST(test_round_answers_in_one_receive)
{
	/* One call for answers that wait together; c-ares closes the socket
	 * after the last, so no call is spent finding it empty. */
	unsigned woken;
	unsigned calls = round_calls(false, &woken);
	ck_assert_msg(calls == 1, "%u receive calls for %d answers waiting together", calls, NQ);
	ck_assert_uint_eq(woken, 1);
}
END_TEST

START_TEST(test_round_answers_in_bursts_one_receive_per_wakeup)
{
	/* The first burst is short of a full batch: the socket was empty
	 * then, and c-ares is told so without a call to find it empty; what
	 * comes later is seen by poll().  One call per wake-up (how many
	 * wake-ups the second burst takes is the scheduler's). */
	unsigned woken;
	unsigned calls = round_calls(true, &woken);
	ck_assert_uint_ge(woken, 2);
	ck_assert_msg(calls == woken, "%u receive calls for %d answers in two bursts, %u wake-ups", calls, NQ,
		      woken);
}
END_TEST

static Suite *net_suite(void)
{
	Suite *s = suite_create("net");
	TCase *tc = tcase_create("receive");
	tcase_add_test(tc, test_round_answers_in_one_receive);
	tcase_add_test(tc, test_round_answers_in_bursts_one_receive_per_wakeup);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(net_suite)
