/*
 * glib-lite: GMainLoop with file-descriptor, idle and timeout sources in one poll(2) loop, dispatched as GLib's
 * default context does for sources of default priority: each turn dispatches every ready descriptor and expired
 * timeout, in the order they were added; idle callbacks (a lower priority in GLib) run only in a turn where
 * nothing else was ready. A callback returning FALSE, or g_source_remove, removes its source; a source added
 * during a turn is first polled in the next.
 */
#include "glib.h"
#include "glib-unix.h"
#include "lite-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <time.h>

typedef enum { SOURCE_FD, SOURCE_IDLE, SOURCE_TIMEOUT } SourceKind;

typedef struct Source {
	guint id;
	SourceKind kind;
	gboolean removed;
	gint fd;
	GIOCondition condition;
	GUnixFDSourceFunc fd_function;
	GSourceFunc function;
	gpointer data;
	guint interval_ms;
	gint64 deadline_ms;
	struct Source *next;
} Source;

struct GMainLoop {
	gboolean running;
};

static Source *sources;
static guint last_id;
/* the turn's poll set: the descriptor sources and their pollfds, index for index */
static Source **polled;
static struct pollfd *fds;
static size_t capacity;

static gint64 now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (gint64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static guint add_source(Source *source)
{
	source->id = ++last_id;
	Source **tail = &sources;
	while (*tail != NULL)
		tail = &(*tail)->next;
	*tail = source;
	return source->id;
}

guint g_unix_fd_add(gint fd, GIOCondition condition, GUnixFDSourceFunc function, gpointer user_data)
{
	Source *s = g_new0(Source, 1);
	s->kind = SOURCE_FD;
	s->fd = fd;
	s->condition = condition;
	s->fd_function = function;
	s->data = user_data;
	return add_source(s);
}

guint g_idle_add(GSourceFunc function, gpointer data)
{
	Source *s = g_new0(Source, 1);
	s->kind = SOURCE_IDLE;
	s->function = function;
	s->data = data;
	return add_source(s);
}

guint g_timeout_add(guint interval, GSourceFunc function, gpointer data)
{
	Source *s = g_new0(Source, 1);
	s->kind = SOURCE_TIMEOUT;
	s->function = function;
	s->data = data;
	s->interval_ms = interval;
	s->deadline_ms = now_ms() + interval;
	return add_source(s);
}

guint g_timeout_add_seconds(guint interval, GSourceFunc function, gpointer data)
{
	return g_timeout_add(interval * 1000, function, data);
}

gboolean g_source_remove(guint tag)
{
	for (Source *s = sources; s != NULL; s = s->next) {
		if (s->id == tag && !s->removed) {
			s->removed = TRUE;
			return TRUE;
		}
	}
	return FALSE;
}

/* Frees the sources removed during the last turn; none is referenced any more once a turn is over. */
static void prune(void)
{
	Source **link = &sources;
	while (*link != NULL) {
		Source *s = *link;
		if (s->removed) {
			*link = s->next;
			free(s);
		} else {
			link = &s->next;
		}
	}
}

static gboolean dispatch(Source *s, GIOCondition ready)
{
	if (s->removed)
		return FALSE;
	gboolean keep = s->kind == SOURCE_FD ? s->fd_function(s->fd, ready, s->data) : s->function(s->data);
	if (!keep)
		s->removed = TRUE;
	else if (s->kind == SOURCE_TIMEOUT)
		s->deadline_ms = now_ms() + s->interval_ms;
	return TRUE;
}

static void run_once(void)
{
	prune();
	size_t count = 0;
	gboolean has_idle = FALSE;
	gint64 next_deadline = -1;
	for (Source *s = sources; s != NULL; s = s->next) {
		count++;
		if (s->kind == SOURCE_IDLE)
			has_idle = TRUE;
		if (s->kind == SOURCE_TIMEOUT && (next_deadline < 0 || s->deadline_ms < next_deadline))
			next_deadline = s->deadline_ms;
	}
	if (count > capacity) { /* kept from turn to turn: a turn per read of the container's output */
		capacity = count * 2;
		polled = realloc(polled, capacity * sizeof *polled);
		fds = realloc(fds, capacity * sizeof *fds);
		if (polled == NULL || fds == NULL)
			g_lite_out_of_memory(capacity * sizeof *fds);
	}
	nfds_t nfds = 0;
	for (Source *s = sources; s != NULL; s = s->next) {
		if (s->kind != SOURCE_FD)
			continue;
		polled[nfds] = s;
		fds[nfds].fd = s->fd;
		fds[nfds].events = (short)s->condition;
		fds[nfds].revents = 0;
		nfds++;
	}
	int timeout = -1;
	if (has_idle) {
		timeout = 0;
	} else if (next_deadline >= 0) {
		gint64 wait = next_deadline - now_ms();
		timeout = wait < 0 ? 0 : (wait > INT32_MAX ? INT32_MAX : (int)wait);
	}
	Source *last = NULL; /* the turn's sources end here: those added while it dispatches wait for the next */
	for (Source *s = sources; s != NULL; s = s->next)
		last = s;
	int ready = poll(fds, nfds, timeout);
	if (ready < 0 && errno != EINTR) {
		fprintf(stderr, "conmon: poll failed: %s\n", strerror(errno));
		abort();
	}
	gboolean dispatched = FALSE;
	for (nfds_t i = 0; ready > 0 && i < nfds; i++)
		if (fds[i].revents != 0)
			dispatched |= dispatch(polled[i], (GIOCondition)fds[i].revents);
	gint64 now = now_ms();
	for (Source *s = sources; s != NULL; s = s->next) {
		if (s->kind == SOURCE_TIMEOUT && s->deadline_ms <= now)
			dispatched |= dispatch(s, 0);
		if (s == last)
			break;
	}
	if (!dispatched && has_idle) {
		for (Source *s = sources; s != NULL; s = s->next) {
			if (s->kind == SOURCE_IDLE)
				dispatch(s, 0);
			if (s == last)
				break;
		}
	}
}

GMainLoop *g_main_loop_new(G_GNUC_UNUSED GMainContext *context, gboolean is_running)
{
	GMainLoop *loop = g_new0(GMainLoop, 1);
	loop->running = is_running;
	return loop;
}

void g_main_loop_run(GMainLoop *loop)
{
	loop->running = TRUE;
	while (loop->running)
		run_once();
}

void g_main_loop_quit(GMainLoop *loop)
{
	if (loop != NULL)
		loop->running = FALSE;
}

gboolean g_unix_set_fd_nonblocking(gint fd, gboolean nonblock, GError **error)
{
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		flags = fcntl(fd, F_SETFL, nonblock ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
	if (flags < 0) {
		int saved = errno;
		g_lite_set_error(error, saved, "fcntl: %s", strerror(saved));
		return FALSE;
	}
	return TRUE;
}
