/* tests/fault/fault_wrap.c: the wrapped calls (ld --wrap=F turns every
 * reference to F in the objects linked statically into the program, our
 * library among them, into __wrap_F; __real_F is the real one, ASan's
 * interceptor under SANITIZE=1).  c-ares is a shared library: its sockets
 * go through stub_net.c's socket functions (ours, so wrapped), its
 * allocations through ares_library_init_mem(); libcrypto's through
 * CRYPTO_set_mem_functions().
 *
 * Each wrapper counts its calls while the thread is armed and fails the
 * planned one with the errno the kernel or libc gives for a realistic
 * cause.  Allocations made while armed (ours and c-ares') are remembered
 * until freed, so that a lookup that leaks is seen in the plain build too
 * (ASan's LeakSanitizer sees it under SANITIZE=1). */
#include <ares.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"

const struct fault_fn_desc fault_fns[FN_COUNT] = {
	[FN_MALLOC] = { "malloc", ENOMEM, true },
	[FN_CALLOC] = { "calloc", ENOMEM, true },
	[FN_STRDUP] = { "strdup", ENOMEM, true },
	[FN_ARES_MALLOC] = { "c-ares malloc", ENOMEM, true },
	[FN_ARES_REALLOC] = { "c-ares realloc", ENOMEM, true },
	[FN_OPENSSL_MALLOC] = { "OpenSSL malloc", ENOMEM, true },
	[FN_OPENSSL_REALLOC] = { "OpenSSL realloc", ENOMEM, true },
	/* seccomp filters and old kernels */
	[FN_GETRANDOM] = { "getrandom", ENOSYS, false },
	[FN_SOCKET] = { "socket", EMFILE, false },
	/* no route to the server */
	[FN_CONNECT] = { "connect", ENETUNREACH, false },
	/* a full send queue on a busy host */
	[FN_SENDMSG] = { "sendmsg", ENOBUFS, false },
	/* an ICMP port unreachable from an earlier datagram */
	[FN_RECVFROM] = { "recvfrom", ECONNREFUSED, false },
	/* the same, on the batched UDP reads (stub_net.c) */
	[FN_RECVMMSG] = { "recvmmsg", ECONNREFUSED, false },
	[FN_POLL] = { "poll", ENOMEM, false },
	[FN_OPEN] = { "open", EMFILE, false },
	[FN_OPENAT] = { "openat", EMFILE, false },
	[FN_FSTAT] = { "fstat", ENOMEM, false },
	[FN_STAT] = { "stat", EACCES, false },
	[FN_FDOPEN] = { "fdopen", ENOMEM, true },
	[FN_FDOPENDIR] = { "fdopendir", ENOMEM, true },
	[FN_READDIR] = { "readdir", EIO, false },
	[FN_READ] = { "read", EIO, false },
	[FN_GETHOSTNAME] = { "gethostname", ENAMETOOLONG, false },
	[FN_DLOPEN] = { "dlopen", ENOENT, false },
	[FN_DLVSYM] = { "dlvsym", ENOENT, false },
};

static __thread bool armed;
static unsigned calls[FN_COUNT];
static struct fault_plan plan = { .fn = FN_COUNT };
static bool injected;

void fault_set_plan(const struct fault_plan *p)
{
	plan = *p;
	memset(calls, 0, sizeof calls);
	injected = false;
}

void fault_arm(bool on)
{
	armed = on;
}

unsigned fault_calls(enum fault_fn fn)
{
	return calls[fn];
}

bool fault_injected(void)
{
	return injected;
}

/* Counts the call; true when it is to fail (errno is then set). */
static bool fail(enum fault_fn fn)
{
	if (!armed)
		return false;
	unsigned n = ++calls[fn];
	if (fn != plan.fn || n < plan.at || (n > plan.at && !plan.from_on))
		return false;
	injected = true;
	errno = plan.err ? plan.err : fault_fns[fn].err;
	return true;
}

/* ------------------------------------------------------------------ */
/* Live allocations of the armed thread: open addressing, linear probing,
 * deletion by backward shift.  Frees come from any thread. */

#define TRACK_SLOTS (1u << 16)
static struct { void *p; size_t size; } track[TRACK_SLOTS];
static size_t track_n, track_bytes;
static bool track_full;
static pthread_mutex_t track_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t slot_of(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 48) & (TRACK_SLOTS - 1);
}

static void track_add(void *p, size_t size)
{
	if (!p || !armed)
		return;
	pthread_mutex_lock(&track_lock);
	if (track_n + 1 >= TRACK_SLOTS / 2) {
		track_full = true;
	} else {
		size_t i = slot_of(p);
		while (track[i].p)
			i = (i + 1) & (TRACK_SLOTS - 1);
		track[i].p = p;
		track[i].size = size;
		track_n++;
		track_bytes += size;
	}
	pthread_mutex_unlock(&track_lock);
}

static void track_del(void *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&track_lock);
	size_t i = slot_of(p);
	while (track[i].p && track[i].p != p)
		i = (i + 1) & (TRACK_SLOTS - 1);
	if (track[i].p) {
		track_n--;
		track_bytes -= track[i].size;
		track[i].p = NULL;
		/* Move back every later entry of the run that may sit in i. */
		size_t j = i;
		for (;;) {
			j = (j + 1) & (TRACK_SLOTS - 1);
			if (!track[j].p)
				break;
			size_t home = slot_of(track[j].p);
			/* Leave j where it is when home lies cyclically in (i, j]. */
			if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
				continue;
			track[i] = track[j];
			track[j].p = NULL;
			i = j;
		}
	}
	pthread_mutex_unlock(&track_lock);
}

size_t fault_live_allocs(size_t *bytes)
{
	pthread_mutex_lock(&track_lock);
	size_t n = track_n + (track_full ? 1 : 0);
	if (bytes)
		*bytes = track_bytes;
	pthread_mutex_unlock(&track_lock);
	return n;
}

void fault_forget_allocs(void)
{
	pthread_mutex_lock(&track_lock);
	memset(track, 0, sizeof track);
	track_n = track_bytes = 0;
	track_full = false;
	pthread_mutex_unlock(&track_lock);
}

/* ------------------------------------------------------------------ */
/* Allocations                                                          */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);

void *__wrap_malloc(size_t size)
{
	if (fail(FN_MALLOC))
		return NULL;
	void *p = __real_malloc(size);
	track_add(p, size);
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	if (fail(FN_CALLOC))
		return NULL;
	void *p = __real_calloc(n, size);
	track_add(p, n * size);
	return p;
}

/* Not called by our code today; wrapped so that a realloc added later is
 * tracked rather than mistaken for a leak. */
void *__wrap_realloc(void *p, size_t size)
{
	void *q = __real_realloc(p, size);
	if (q) {
		track_del(p);
		track_add(q, size);
	}
	return q;
}

void __wrap_free(void *p)
{
	track_del(p);
	__real_free(p);
}

char *__wrap_strdup(const char *s)
{
	if (fail(FN_STRDUP))
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = __real_malloc(n);
	if (p) {
		memcpy(p, s, n);
		track_add(p, n);
	}
	return p;
}

static void *ares_malloc_f(size_t size)
{
	if (fail(FN_ARES_MALLOC))
		return NULL;
	void *p = __real_malloc(size);
	track_add(p, size);
	return p;
}

static void *ares_realloc_f(void *p, size_t size)
{
	if (fail(FN_ARES_REALLOC))
		return NULL;
	void *q = __real_realloc(p, size);
	if (q) {
		track_del(p);
		track_add(q, size);
	}
	return q;
}

static void ares_free_f(void *p)
{
	track_del(p);
	__real_free(p);
}

static void *ossl_malloc_f(size_t size, const char *file, int line)
{
	(void)file;
	(void)line;
	/* Not tracked: libcrypto keeps caches of its own (fetched methods)
	 * that a run may fill; a block of ours it holds that nothing reaches
	 * is LeakSanitizer's to find. */
	return fail(FN_OPENSSL_MALLOC) ? NULL : __real_malloc(size);
}

static void *ossl_realloc_f(void *p, size_t size, const char *file, int line)
{
	(void)file;
	(void)line;
	return fail(FN_OPENSSL_REALLOC) ? NULL : __real_realloc(p, size);
}

static void ossl_free_f(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	__real_free(p);
}

int fault_libs_init(void)
{
	/* OpenSSL takes them only before its first allocation. */
	if (CRYPTO_set_mem_functions(ossl_malloc_f, ossl_realloc_f, ossl_free_f) != 1)
		return -1;
	return ares_library_init_mem(ARES_LIB_INIT_ALL, ares_malloc_f, ares_free_f, ares_realloc_f) == ARES_SUCCESS
		       ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* The transport                                                        */

ssize_t __real_getrandom(void *buf, size_t len, unsigned flags);
int __real_socket(int domain, int type, int protocol);
int __real_connect(int fd, const struct sockaddr *sa, socklen_t len);
ssize_t __real_sendmsg(int fd, const struct msghdr *m, int flags);
ssize_t __real_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen);
int __real_recvmmsg(int fd, struct mmsghdr *v, unsigned int n, int flags, struct timespec *timeout);
int __real_poll(struct pollfd *fds, nfds_t n, int timeout);
ssize_t __wrap_getrandom(void *buf, size_t len, unsigned flags);
int __wrap_socket(int domain, int type, int protocol);
int __wrap_connect(int fd, const struct sockaddr *sa, socklen_t len);
ssize_t __wrap_sendmsg(int fd, const struct msghdr *m, int flags);
ssize_t __wrap_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen);
int __wrap_recvmmsg(int fd, struct mmsghdr *v, unsigned int n, int flags, struct timespec *timeout);
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout);

ssize_t __wrap_getrandom(void *buf, size_t len, unsigned flags)
{
	return fail(FN_GETRANDOM) ? -1 : __real_getrandom(buf, len, flags);
}

int __wrap_socket(int domain, int type, int protocol)
{
	return fail(FN_SOCKET) ? -1 : __real_socket(domain, type, protocol);
}

int __wrap_connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	return fail(FN_CONNECT) ? -1 : __real_connect(fd, sa, len);
}

ssize_t __wrap_sendmsg(int fd, const struct msghdr *m, int flags)
{
	return fail(FN_SENDMSG) ? -1 : __real_sendmsg(fd, m, flags);
}

ssize_t __wrap_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)
{
	return fail(FN_RECVFROM) ? -1 : __real_recvfrom(fd, buf, len, flags, from, fromlen);
}

int __wrap_recvmmsg(int fd, struct mmsghdr *v, unsigned int n, int flags, struct timespec *timeout)
{
	return fail(FN_RECVMMSG) ? -1 : __real_recvmmsg(fd, v, n, flags, timeout);
}

int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	return fail(FN_POLL) ? -1 : __real_poll(fds, n, timeout);
}

/* ------------------------------------------------------------------ */
/* Files                                                                */

int __real_open(const char *path, int flags, ...);
int __real_openat(int dirfd, const char *path, int flags, ...);
int __real_fstat(int fd, struct stat *st);
int __real_stat(const char *path, struct stat *st);
FILE *__real_fdopen(int fd, const char *mode);
DIR *__real_fdopendir(int fd);
struct dirent *__real_readdir(DIR *d);
int __real___uflow(FILE *f);
int __real_gethostname(char *name, size_t len);
int __wrap_open(const char *path, int flags, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...);
int __wrap_fstat(int fd, struct stat *st);
int __wrap_stat(const char *path, struct stat *st);
FILE *__wrap_fdopen(int fd, const char *mode);
DIR *__wrap_fdopendir(int fd);
struct dirent *__wrap_readdir(DIR *d);
int __wrap___uflow(FILE *f);
int __wrap_gethostname(char *name, size_t len);

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, unsigned) : 0;
}

int __wrap_open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	return fail(FN_OPEN) ? -1 : __real_open(path, flags, mode);
}

int __wrap_openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	return fail(FN_OPENAT) ? -1 : __real_openat(dirfd, path, flags, mode);
}

int __wrap_fstat(int fd, struct stat *st)
{
	return fail(FN_FSTAT) ? -1 : __real_fstat(fd, st);
}

int __wrap_stat(const char *path, struct stat *st)
{
	return fail(FN_STAT) ? -1 : __real_stat(path, st);
}

FILE *__wrap_fdopen(int fd, const char *mode)
{
	return fail(FN_FDOPEN) ? NULL : __real_fdopen(fd, mode);
}

DIR *__wrap_fdopendir(int fd)
{
	return fail(FN_FDOPENDIR) ? NULL : __real_fdopendir(fd);
}

struct dirent *__wrap_readdir(DIR *d)
{
	return fail(FN_READDIR) ? NULL : __real_readdir(d);
}

/* getc_unlocked() calls __uflow when the buffer is empty: a read error of
 * the kernel shows as EOF with the stream's error flag set. */
int __wrap___uflow(FILE *f)
{
	if (fail(FN_READ)) {
		f->_flags |= _IO_ERR_SEEN;
		return EOF;
	}
	return __real___uflow(f);
}

int __wrap_gethostname(char *name, size_t len)
{
	return fail(FN_GETHOSTNAME) ? -1 : __real_gethostname(name, len);
}

/* ------------------------------------------------------------------ */
/* libcrypto                                                            */

void *__real_dlopen(const char *file, int mode);
void *__real_dlvsym(void *h, const char *sym, const char *version);
void *__wrap_dlopen(const char *file, int mode);
void *__wrap_dlvsym(void *h, const char *sym, const char *version);

/* A library that is not installed: the real dlopen fails, so that dlerror()
 * says what it says then. */
void *__wrap_dlopen(const char *file, int mode)
{
	if (fail(FN_DLOPEN)) {
		char missing[256];
		const char *base = strrchr(file, '/');
		snprintf(missing, sizeof missing, "/nonexistent/%s", base ? base + 1 : file);
		return __real_dlopen(missing, mode);
	}
	return __real_dlopen(file, mode);
}

void *__wrap_dlvsym(void *h, const char *sym, const char *version)
{
	return fail(FN_DLVSYM) ? NULL : __real_dlvsym(h, sym, version);
}
