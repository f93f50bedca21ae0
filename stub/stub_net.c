/* stub/stub_net.c: queries through c-ares 1.18.1, exactly as DESIGN.md's
 * c-ares section says: only ares_send with buffers we build, our own IDs,
 * an explicit configuration (no resolv.conf, no environment), poll() and
 * ares_process_fd() rather than fd_sets, and our own socket functions so
 * that descriptors are close-on-exec and sends never raise SIGPIPE. */
#include <arpa/inet.h>
#include <ares.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "stub.h"
#include "stub_conf_int.h"

/* Datagrams read from one UDP socket with one recvmmsg and handed to
 * c-ares one per recvfrom it makes (issue 18: it read each answer with a
 * system call of its own, then one more to find the socket empty). */
struct rx_slot {
	struct sockaddr_storage from;
	socklen_t fromlen;
	size_t len;
	uint8_t buf[STUB_RECV_DGRAM_MAX];
};

struct rx {
	ares_socket_t fd;	/* where slot[next..n) came from */
	unsigned n, next;
	/* The batch came back short of STUB_RECV_BATCH: the socket was
	 * empty then, and the read after the batch says so without asking
	 * the kernel again (poll() asks it before the next read). */
	bool drained;
	struct rx_slot slot[STUB_RECV_BATCH];
};

struct stub_net {
	ares_channel ch;
	struct pollfd fds[STUB_FDS_MAX];
	size_t nfds;
	bool fd_overflow;
	int err;	/* the first failure of a system call in this round, or 0 */
	/* The channel's UDP sockets (the others, TCP, are read as c-ares
	 * asks); one that does not fit is read one datagram at a time. */
	ares_socket_t udp[STUB_FDS_MAX];
	size_t nudp;
	struct rx *rx;	/* malloc'd at the first UDP read; NULL: none yet */
	char servers[256];
};

uint64_t stub_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* c-ares tells which sockets to watch; poll() watches them. */
static void sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
	struct stub_net *n = data;
	size_t i;
	for (i = 0; i < n->nfds; i++)
		if (n->fds[i].fd == fd)
			break;
	if (!readable && !writable) {
		if (i < n->nfds)
			n->fds[i] = n->fds[--n->nfds];
		return;
	}
	if (i == n->nfds) {
		if (n->nfds == STUB_FDS_MAX) {
			n->fd_overflow = true;
			return;
		}
		n->nfds++;
	}
	n->fds[i] = (struct pollfd){ .fd = fd, .events = (short)((readable ? POLLIN : 0) | (writable ? POLLOUT : 0)) };
}

/* c-ares turns a failed socket call into "Could not contact DNS servers"
 * (or waits for a retry): our socket functions keep the first errno of a
 * round, so that the queries left without an answer can say why ("Too
 * many open files").  The would-block kind is not a failure.  errno is
 * left as c-ares needs it. */
static void keep_first_err(struct stub_net *n, int err)
{
	if (!n->err && err != EAGAIN && err != EWOULDBLOCK && err != EINPROGRESS && err != EINTR)
		n->err = err;
}

/* Empties the batch (field by field: the slots are not to be written). */
static void rx_reset(struct rx *rx, ares_socket_t fd)
{
	rx->fd = fd;
	rx->n = rx->next = 0;
	rx->drained = false;
}

static ares_socket_t s_socket(int domain, int type, int protocol, void *user)
{
	struct stub_net *n = user;
	ares_socket_t fd = socket(domain, type | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
	if (fd == ARES_SOCKET_BAD)
		keep_first_err(n, errno);
	else if (type == SOCK_DGRAM && n->nudp < STUB_FDS_MAX)
		n->udp[n->nudp++] = fd;
	return fd;
}

static int s_close(ares_socket_t fd, void *user)
{
	struct stub_net *n = user;
	for (size_t i = 0; i < n->nudp; i++)
		if (n->udp[i] == fd) {
			n->udp[i] = n->udp[--n->nudp];
			break;
		}
	/* What the batch still holds of it goes with it, as the kernel's
	 * queue would. */
	if (n->rx && n->rx->fd == fd)
		rx_reset(n->rx, ARES_SOCKET_BAD);
	return close(fd);
}

static int s_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len, void *user)
{
	int r = connect(fd, sa, len);
	if (r < 0)
		keep_first_err(user, errno);
	return r;
}

/* The next datagram of fd from the batch, read with one recvmmsg when
 * the batch is empty; as recvfrom would give it (cut at len, the address
 * cut at *fromlen, which says its full length).  -1 with errno EAGAIN
 * when the last batch was short and is used up. */
static ares_ssize_t rx_recvfrom(struct stub_net *n, ares_socket_t fd, void *buf, size_t len, struct sockaddr *from,
				ares_socklen_t *fromlen)
{
	struct rx *rx = n->rx;
	if (rx->next == rx->n) {
		if (rx->drained && rx->fd == fd) {
			rx->drained = false;
			errno = EAGAIN;
			return -1;
		}
		struct mmsghdr v[STUB_RECV_BATCH];
		struct iovec iov[STUB_RECV_BATCH];
		for (size_t i = 0; i < STUB_RECV_BATCH; i++) {
			iov[i] = (struct iovec){ rx->slot[i].buf, sizeof rx->slot[i].buf };
			v[i] = (struct mmsghdr){ .msg_hdr = { .msg_name = &rx->slot[i].from,
							      .msg_namelen = sizeof rx->slot[i].from,
							      .msg_iov = &iov[i], .msg_iovlen = 1 } };
		}
		int r = recvmmsg(fd, v, STUB_RECV_BATCH, MSG_DONTWAIT, NULL);
		rx_reset(rx, fd);
		rx->n = r > 0 ? (unsigned)r : 0;
		rx->drained = r >= 0 && r < STUB_RECV_BATCH;
		if (r < 0) {
			keep_first_err(n, errno);
			return -1;
		}
		for (int i = 0; i < r; i++) {
			rx->slot[i].len = v[i].msg_len;
			rx->slot[i].fromlen = v[i].msg_hdr.msg_namelen;
		}
		if (r == 0) {	/* not for a datagram socket; as recvfrom */
			errno = EAGAIN;
			return -1;
		}
	}
	struct rx_slot *d = &rx->slot[rx->next++];
	size_t k = d->len < len ? d->len : len;
	memcpy(buf, d->buf, k);
	memcpy(from, &d->from, d->fromlen < *fromlen ? d->fromlen : *fromlen);
	*fromlen = d->fromlen;
	return (ares_ssize_t)k;
}

static bool is_udp(const struct stub_net *n, ares_socket_t fd)
{
	for (size_t i = 0; i < n->nudp; i++)
		if (n->udp[i] == fd)
			return true;
	return false;
}

static ares_ssize_t s_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags, struct sockaddr *from,
			       ares_socklen_t *fromlen, void *user)
{
	struct stub_net *n = user;
	/* A UDP read as c-ares makes it, and nothing of another socket left
	 * in the batch: batched.  Without memory for the batch, one at a
	 * time as before (it is only fewer system calls). */
	if (flags == 0 && from && fromlen && len <= STUB_RECV_DGRAM_MAX && is_udp(n, fd) &&
	    (!n->rx || n->rx->next == n->rx->n || n->rx->fd == fd)) {
		if (!n->rx && (n->rx = malloc(sizeof *n->rx)) != NULL)
			rx_reset(n->rx, ARES_SOCKET_BAD);
		if (n->rx)
			return rx_recvfrom(n, fd, buf, len, from, fromlen);
	}
	ares_ssize_t r = recvfrom(fd, buf, len, flags, from, fromlen);
	if (r < 0)
		keep_first_err(n, errno);
	return r;
}

static ares_ssize_t s_sendv(ares_socket_t fd, const struct iovec *iov, int iovcnt, void *user)
{
	struct msghdr m = { .msg_iov = (struct iovec *)iov, .msg_iovlen = (size_t)iovcnt };
	ares_ssize_t r = sendmsg(fd, &m, MSG_NOSIGNAL);
	if (r < 0)
		keep_first_err(user, errno);
	return r;
}

static const struct ares_socket_functions sock_funcs = {
	.asocket = s_socket, .aclose = s_close, .aconnect = s_connect,
	.arecvfrom = s_recvfrom, .asendv = s_sendv,
};

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;
static int lib_status = ARES_SUCCESS;

static void lib_init(void)
{
	lib_status = ares_library_init(ARES_LIB_INIT_ALL);
}

/* The errno for a c-ares status of channel set-up. */
static int setup_errno(int status)
{
	return status == ARES_ENOMEM ? ENOMEM : EINVAL;
}

static struct stub_net *net_new(const struct stub_server *servers, size_t nservers, unsigned try_ms,
				unsigned tries, bool rotate, unsigned flags);

struct stub_net *stub_net_new(const struct stub_config *c)
{
	/* c-ares waits `timeout` for each server in turn, doubling it after
	 * every pass over the servers.  The lookup has one deadline, so the
	 * first pass must fit in it with room to spare: every server gets a
	 * try before the deadline (a silent first server must not eat it
	 * all), never less than STUB_TRY_MIN_MS, never more than resolv.conf's
	 * timeout. */
	unsigned try_ms = c->timeout_s * 1000 / (unsigned)(c->nservers + 1);
	if (c->try_timeout_s && try_ms > c->try_timeout_s * 1000)
		try_ms = c->try_timeout_s * 1000;
	if (try_ms < STUB_TRY_MIN_MS)
		try_ms = STUB_TRY_MIN_MS;
	return net_new(c->servers, c->nservers, try_ms, c->attempts ? c->attempts : 1, c->rotate, 0);
}

struct stub_net *stub_net_new_servers(const struct stub_server *servers, size_t nservers, unsigned try_ms,
				      unsigned tries, bool rotate)
{
	return net_new(servers, nservers, try_ms, tries, rotate, 0);
}

struct stub_net *stub_net_new_flags(const struct stub_server *servers, size_t nservers, unsigned try_ms,
				    unsigned tries, bool rotate, unsigned flags)
{
	return net_new(servers, nservers, try_ms, tries, rotate, flags);
}

static struct stub_net *net_new(const struct stub_server *servers, size_t nservers, unsigned try_ms,
				unsigned tries, bool rotate, unsigned flags)
{
	pthread_once(&lib_once, lib_init);
	if (lib_status != ARES_SUCCESS || nservers == 0 || nservers > STUB_SERVERS_MAX) {
		errno = lib_status != ARES_SUCCESS ? ENOMEM : EINVAL;
		return NULL;
	}
	struct stub_net *n = calloc(1, sizeof *n);
	if (!n)
		return NULL;

	/* Every option explicit: ares_init_options would otherwise read
	 * /etc/resolv.conf and, with plain getenv, LOCALDOMAIN and RES_OPTIONS
	 * (the module runs inside setuid programs). */
	static char resolvconf[] = "/dev/null";
	static char lookups[] = "b";
	struct in_addr placeholder = { htonl(INADDR_LOOPBACK) };
	struct ares_options o = {
		.flags = ARES_FLAG_EDNS | ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES |
			 (flags & STUB_NET_TCP ? ARES_FLAG_USEVC : 0),
		.timeout = (int)try_ms,
		.tries = (int)tries,
		.ndots = 1,
		.servers = &placeholder,
		.nservers = 1,
		.domains = NULL,
		.ndomains = 0,
		.lookups = lookups,
		.sock_state_cb = sock_state,
		.sock_state_cb_data = n,
		.sortlist = NULL,
		.nsort = 0,
		.ednspsz = VAL_EDNS_PAYLOAD,
		.resolvconf_path = resolvconf,
	};
	int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_NDOTS | ARES_OPT_SERVERS |
		   ARES_OPT_DOMAINS | ARES_OPT_LOOKUPS | ARES_OPT_SOCK_STATE_CB | ARES_OPT_SORTLIST |
		   ARES_OPT_EDNSPSZ | ARES_OPT_RESOLVCONF | (rotate ? ARES_OPT_ROTATE : ARES_OPT_NOROTATE);
	int status = ares_init_options(&n->ch, &o, mask);
	if (status != ARES_SUCCESS) {
		free(n);
		errno = setup_errno(status);
		return NULL;
	}
	ares_set_socket_functions(n->ch, &sock_funcs, n);

	struct ares_addr_port_node nodes[STUB_SERVERS_MAX];
	size_t off = 0;
	for (size_t i = 0; i < nservers; i++) {
		const struct stub_server *s = &servers[i];
		nodes[i] = (struct ares_addr_port_node){ .next = i + 1 < nservers ? &nodes[i + 1] : NULL,
							 .family = s->family, .udp_port = s->port,
							 .tcp_port = s->port };
		memcpy(&nodes[i].addr, s->addr, s->family == AF_INET ? 4 : 16);
		off += (size_t)snprintf(n->servers + off, sizeof n->servers - off, "%s%s", i ? ", " : "", s->str);
		if (off >= sizeof n->servers)
			off = sizeof n->servers - 1;
	}
	status = ares_set_servers_ports(n->ch, nodes);
	if (status != ARES_SUCCESS) {
		ares_destroy(n->ch);
		free(n);
		errno = setup_errno(status);
		return NULL;
	}
	return n;
}

void stub_net_free(struct stub_net *n)
{
	if (!n)
		return;
	ares_destroy(n->ch);
	free(n->rx);
	free(n);
}

const char *stub_net_servers(const struct stub_net *n)
{
	return n->servers;
}

struct pending {
	struct stub_query *q;
	bool *done;
};

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct stub_query *q = arg;
	(void)timeouts;
	q->status = status;
	if (status == ARES_SUCCESS && abuf && alen > 0) {
		q->answer = malloc((size_t)alen);
		if (q->answer) {
			memcpy(q->answer, abuf, (size_t)alen);
			q->alen = (size_t)alen;
		} else {
			q->status = ARES_ENOMEM;
		}
	}
}

/* Our own query IDs (DESIGN.md: c-ares' are not ours to trust), all of a
 * round from one getrandom() (issue 18: it was one system call per query);
 * 0 or an errno.  A signal may interrupt the wait for the kernel's pool at
 * boot; up to 256 octets are never cut short once it is ready. */
static int query_ids(uint16_t *ids, size_t n)
{
	size_t want = n * sizeof *ids;
	ssize_t r;
	while ((r = getrandom(ids, want, 0)) < 0 && errno == EINTR)
		;
	return r == (ssize_t)want ? 0 : r < 0 ? errno : EIO;
}

/* Starts q[0..nq) (each a fresh status, answer and ID); returns how many
 * went to c-ares.  Fewer than nq when a random ID or a query's octets
 * could not be had (n->err says why); those stay ARES_ETIMEOUT. */
static size_t send_queries(struct stub_net *n, struct stub_query *q, size_t nq)
{
	for (size_t i = 0; i < nq; i++) {
		q[i].status = ARES_ETIMEOUT;	/* until sent */
		q[i].answer = NULL;
		q[i].alen = 0;
	}
	size_t sent = 0;
	uint16_t ids[VAL_QUERIES_MAX];
	int err = nq <= VAL_QUERIES_MAX ? query_ids(ids, nq) : EINVAL;
	if (err)	/* none sent: every query stays ARES_ETIMEOUT */
		n->err = n->err ? n->err : err;
	for (; !err && sent < nq; sent++) {
		uint8_t buf[VAL_QUERY_MAX];
		q[sent].id = ids[sent];
		int len = val_query_write(buf, sizeof buf, q[sent].id, q[sent].name, q[sent].type,
					  q[sent].flags ? q[sent].flags : VAL_Q_RD | VAL_Q_CD | VAL_Q_DO);
		if (len < 0) {
			n->err = n->err ? n->err : -len;
			break;
		}
		q[sent].status = -1; /* in flight */
		ares_send(n->ch, buf, len, on_answer, &q[sent]);
	}
	return sent;
}

/* Waits at most left_ms (less when c-ares has a retry due sooner) for a
 * socket of n, then lets c-ares handle what is ready or due.  -1 when
 * poll failed (n->err says why). */
static int wait_once(struct stub_net *n, uint64_t left_ms)
{
	struct timeval tv, *tvp = ares_timeout(n->ch, NULL, &tv);
	uint64_t wait = left_ms;
	if (tvp) {
		uint64_t t = (uint64_t)tvp->tv_sec * 1000 + (uint64_t)tvp->tv_usec / 1000;
		if (t < wait)
			wait = t;
	}
	struct pollfd fds[STUB_FDS_MAX];
	size_t nfds = n->nfds;
	memcpy(fds, n->fds, nfds * sizeof fds[0]);
	int r = poll(fds, nfds, (int)wait);
	if (r < 0 && errno != EINTR) {
		n->err = n->err ? n->err : errno;	/* EAGAIN, ENOMEM: the kernel's tables */
		return -1;
	}
	if (r <= 0) {
		ares_process_fd(n->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
		return 0;
	}
	for (size_t i = 0; i < nfds; i++) {
		if (!fds[i].revents)
			continue;
		ares_socket_t rfd = (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) ? fds[i].fd : ARES_SOCKET_BAD;
		ares_socket_t wfd = (fds[i].revents & POLLOUT) ? fds[i].fd : ARES_SOCKET_BAD;
		ares_process_fd(n->ch, rfd, wfd);
	}
	return 0;
}

/* Sends, then waits until every query is answered, the deadline passes or
 * a system call fails.  On every return no query of the round is left
 * with c-ares: its callbacks write into q, which the caller frees after
 * (ares_destroy would run them on freed memory: issue 20).  -errno means
 * that a system call failed (the first failure, in our code or in the
 * socket calls c-ares made through us) and some queries got no answer:
 * those carry an ARES_E* status, the caller reports them with the errno;
 * the answered ones are good. */
int stub_net_round(struct stub_net *n, struct stub_query *q, size_t nq, uint64_t deadline_ms,
		   void (*meanwhile)(void), bool (*enough)(void *arg, struct stub_query *q, size_t nq), void *arg)
{
	n->err = 0;
	size_t sent = send_queries(n, q, nq);
	/* The answers wait in the socket buffers meanwhile. */
	if (meanwhile && sent == nq)
		meanwhile();
	/* Each loop either handles a ready socket or a c-ares timeout, and
	 * stops at the deadline: bounded by it. */
	size_t done_seen = 0;
	bool early = false;
	while (sent == nq) {
		size_t done = 0;
		for (size_t i = 0; i < nq; i++)
			done += q[i].status != -1;
		if (done == nq)
			break;
		/* New answers, some still out: perhaps the verdict no longer
		 * needs them.  At most one call per answer. */
		if (enough && done > done_seen) {
			done_seen = done;
			if (enough(arg, q, nq)) {
				early = true;
				break;
			}
		}
		uint64_t now = stub_now_ms();
		if (now >= deadline_ms || n->fd_overflow)
			break;
		/* Datagrams already read wait in the batch, where poll() does
		 * not see them: c-ares stops reading a socket at an answer
		 * from another address.  Each pass hands it at least one, or
		 * the batch is dropped (c-ares no longer reads that socket). */
		if (n->rx && n->rx->next < n->rx->n) {
			unsigned left = n->rx->n - n->rx->next;
			ares_process_fd(n->ch, n->rx->fd, ARES_SOCKET_BAD);
			if (n->rx->n - n->rx->next == left)
				rx_reset(n->rx, ARES_SOCKET_BAD);
			continue;
		}
		if (n->rx)
			n->rx->drained = false;
		if (wait_once(n, deadline_ms - now) < 0)
			break;
	}
	/* What did not finish is cancelled (the callbacks see ARES_ECANCELLED,
	 * now, while q is alive) and reported as a timeout, or with the
	 * failure that cut the round short, or as ARES_ECANCELLED when
	 * enough() said the answers at hand decide. */
	ares_cancel(n->ch);
	bool unanswered = false;
	for (size_t i = 0; i < nq; i++) {
		if (q[i].status == -1 || q[i].status == ARES_ECANCELLED)
			q[i].status = early ? ARES_ECANCELLED : ARES_ETIMEOUT;
		unanswered |= q[i].status != ARES_SUCCESS;
	}
	return unanswered && n->err ? -n->err : 0;
}
