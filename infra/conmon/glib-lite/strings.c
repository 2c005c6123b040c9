/* glib-lite: memory, strings, GString, GError and whole-file reads and writes, as GLib has them. */
#define _GNU_SOURCE
#include "glib.h"
#include "lite-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

gpointer g_malloc(gsize size)
{
	if (size == 0)
		return NULL;
	gpointer mem = malloc(size);
	if (mem == NULL)
		g_lite_out_of_memory(size);
	return mem;
}

gpointer g_malloc0(gsize size)
{
	if (size == 0)
		return NULL;
	gpointer mem = calloc(1, size);
	if (mem == NULL)
		g_lite_out_of_memory(size);
	return mem;
}

void g_free(gpointer mem)
{
	free(mem);
}

void g_lite_out_of_memory(gsize size)
{
	fprintf(stderr, "conmon: failed to allocate %zu bytes\n", size);
	abort();
}

gchar *g_strdup(const gchar *str)
{
	if (str == NULL)
		return NULL;
	gchar *copy = strdup(str);
	if (copy == NULL)
		g_lite_out_of_memory(strlen(str) + 1);
	return copy;
}

gchar *g_lite_vprintf(const gchar *format, va_list args)
{
	gchar *out = NULL;
	if (vasprintf(&out, format, args) < 0)
		g_lite_out_of_memory(strlen(format));
	return out;
}

gchar *g_strdup_printf(const gchar *format, ...)
{
	va_list args;
	va_start(args, format);
	gchar *out = g_lite_vprintf(format, args);
	va_end(args);
	return out;
}

void g_print(const gchar *format, ...)
{
	va_list args;
	va_start(args, format);
	vfprintf(stdout, format, args);
	va_end(args);
	fflush(stdout);
}

gchar **g_strsplit(const gchar *string, const gchar *delimiter, gint max_tokens)
{
	if (string == NULL || delimiter == NULL || *delimiter == '\0')
		return NULL;
	size_t delimiter_len = strlen(delimiter);
	GPtrArray *pieces = g_ptr_array_new();
	if (*string != '\0') {
		const gchar *rest = string;
		const gchar *found;
		guint limit = max_tokens < 1 ? (guint)-1 : (guint)max_tokens;
		while (pieces->len + 1 < limit && (found = strstr(rest, delimiter)) != NULL) {
			g_ptr_array_add(pieces, strndup(rest, (size_t)(found - rest)));
			rest = found + delimiter_len;
		}
		g_ptr_array_add(pieces, g_strdup(rest));
	}
	g_ptr_array_add(pieces, NULL);
	return (gchar **)g_ptr_array_free(pieces, FALSE);
}

void g_strfreev(gchar **str_array)
{
	if (str_array == NULL)
		return;
	for (gchar **p = str_array; *p != NULL; p++)
		free(*p);
	free(str_array);
}

/* Joins the elements with one '/' between each two; the first's leading and the last's trailing ones stay. */
gchar *g_build_filename(const gchar *first_element, ...)
{
	GString *path = g_string_sized_new(64);
	gboolean started = FALSE;
	va_list args;
	va_start(args, first_element);
	for (const gchar *element = first_element; element != NULL; element = va_arg(args, const gchar *)) {
		if (*element == '\0')
			continue;
		if (started) {
			while (path->len > 0 && path->str[path->len - 1] == '/')
				path->str[--path->len] = '\0';
			while (*element == '/')
				element++;
			g_string_append_c(path, '/');
		}
		g_string_append(path, element);
		started = TRUE;
	}
	va_end(args);
	return g_string_free(path, FALSE);
}

void g_lite_set_error(GError **error, gint code, const gchar *format, ...)
{
	if (error == NULL)
		return;
	GError *e = g_new0(GError, 1);
	e->code = code;
	va_list args;
	va_start(args, format);
	e->message = g_lite_vprintf(format, args);
	va_end(args);
	*error = e;
}

void g_error_free(GError *error)
{
	if (error == NULL)
		return;
	free(error->message);
	free(error);
}

GString *g_string_sized_new(gsize dfl_size)
{
	GString *string = g_new0(GString, 1);
	string->allocated_len = dfl_size < 16 ? 16 : dfl_size + 1;
	string->str = g_malloc0(string->allocated_len);
	return string;
}

static void string_reserve(GString *string, gsize extra)
{
	if (string->len + extra + 1 <= string->allocated_len)
		return;
	gsize wanted = string->allocated_len * 2;
	while (wanted < string->len + extra + 1)
		wanted *= 2;
	gchar *grown = realloc(string->str, wanted);
	if (grown == NULL)
		g_lite_out_of_memory(wanted);
	string->str = grown;
	string->allocated_len = wanted;
}

static GString *string_append_len(GString *string, const gchar *val, gsize len)
{
	string_reserve(string, len);
	memcpy(string->str + string->len, val, len);
	string->len += len;
	string->str[string->len] = '\0';
	return string;
}

GString *g_string_append(GString *string, const gchar *val)
{
	if (string == NULL)
		return NULL;
	return string_append_len(string, val, strlen(val));
}

GString *g_string_append_c(GString *string, gchar c)
{
	if (string == NULL)
		return NULL;
	return string_append_len(string, &c, 1);
}

void g_string_append_printf(GString *string, const gchar *format, ...)
{
	if (string == NULL)
		return;
	va_list args;
	va_start(args, format);
	gchar *formatted = g_lite_vprintf(format, args);
	va_end(args);
	g_string_append(string, formatted);
	free(formatted);
}

gchar *g_string_free(GString *string, gboolean free_segment)
{
	if (string == NULL)
		return NULL;
	gchar *segment = string->str;
	free(string);
	if (free_segment) {
		free(segment);
		return NULL;
	}
	return segment;
}

gboolean g_file_get_contents(const gchar *filename, gchar **contents, gsize *length, GError **error)
{
	int fd = open(filename, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int saved = errno;
		g_lite_set_error(error, saved, "Failed to open file “%s”: %s", filename, strerror(saved));
		return FALSE;
	}
	GString *data = g_string_sized_new(256);
	char buf[4096];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			g_string_free(data, TRUE);
			g_lite_set_error(error, saved, "Failed to read from file “%s”: %s", filename, strerror(saved));
			return FALSE;
		}
		if (n == 0)
			break;
		string_append_len(data, buf, (gsize)n);
	}
	close(fd);
	if (length != NULL)
		*length = data->len;
	*contents = g_string_free(data, FALSE);
	return TRUE;
}

/* Written to a temporary file beside it and renamed over it, so a reader sees the old or the new contents. */
gboolean g_file_set_contents(const gchar *filename, const gchar *contents, gssize length, GError **error)
{
	gsize len = length < 0 ? strlen(contents) : (gsize)length;
	gchar *tmp = g_strdup_printf("%s.XXXXXX", filename);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		int saved = errno;
		g_lite_set_error(error, saved, "Failed to create file “%s”: %s", tmp, strerror(saved));
		free(tmp);
		return FALSE;
	}
	mode_t mask = umask(0);
	umask(mask);
	int saved = 0;
	if (fchmod(fd, 0666 & ~mask) < 0)
		saved = errno;
	for (gsize done = 0; saved == 0 && done < len;) {
		ssize_t n = write(fd, contents + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			saved = errno;
		else
			done += (gsize)n;
	}
	if (close(fd) < 0 && saved == 0)
		saved = errno;
	if (saved == 0 && rename(tmp, filename) < 0)
		saved = errno;
	if (saved != 0) {
		unlink(tmp);
		g_lite_set_error(error, saved, "Failed to write file “%s”: %s", filename, strerror(saved));
	}
	free(tmp);
	return saved == 0;
}

/* A copy, unlike GLib's: conmon frees what it gets (conn_sock.c). */
const gchar *g_get_tmp_dir(void)
{
	const gchar *tmp = getenv("TMPDIR");
	return g_strdup(tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
}

gint g_mkstemp(gchar *tmpl)
{
	return mkostemp(tmpl, O_CLOEXEC);
}
