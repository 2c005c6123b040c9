/* glib-lite's semantics that conmon depends on (infra/conmon/README.md); run by infra/conmon/test-glib-lite.sh. */
#include "glib.h"
#include "glib-unix.h"

static int failures;

#define CHECK(cond)                                                                                                   \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond);                            \
			failures++;                                                                                    \
		}                                                                                                      \
	} while (0)
#define CHECK_STR(a, b) check_str((a), (b), __LINE__)

static void check_str(const char *actual, const char *expected, int line)
{
	if (actual == NULL || strcmp(actual, expected) != 0) {
		fprintf(stderr, "%s:%d: FAILED: \"%s\" where \"%s\" was expected\n", __FILE__, line,
			actual ? actual : "(null)", expected);
		failures++;
	}
}

static gboolean flag_i, flag_t, flag_api;
static char *opt_bundle, *opt_socket = "/default/literal";
static char **opt_args;
static int opt_delay;
static gint64 opt_size = -1;

static GOptionEntry entries[] = {
	{"api-version", 0, 0, G_OPTION_ARG_NONE, &flag_api, "", NULL},
	{"bundle", 'b', 0, G_OPTION_ARG_STRING, &opt_bundle, "", NULL},
	{"socket-dir-path", 0, 0, G_OPTION_ARG_STRING, &opt_socket, "", NULL},
	{"runtime-arg", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_args, "", NULL},
	{"exit-delay", 0, 0, G_OPTION_ARG_INT, &opt_delay, "", NULL},
	{"log-size-max", 0, 0, G_OPTION_ARG_INT64, &opt_size, "", NULL},
	{"stdin", 'i', 0, G_OPTION_ARG_NONE, &flag_i, "", NULL},
	{"terminal", 't', 0, G_OPTION_ARG_NONE, &flag_t, "", NULL},
	{NULL, 0, 0, 0, NULL, NULL, NULL}};

static gboolean parse(int argc, char **argv, GError **error)
{
	GOptionContext *context = g_option_context_new("- test");
	g_option_context_add_main_entries(context, entries, "test");
	gboolean ok = g_option_context_parse(context, &argc, &argv, error);
	g_option_context_free(context);
	return ok;
}

static void test_options(void)
{
	char *argv[] = {"conmon", "--api-version", "-b", "/bundle", "--socket-dir-path=/s", "--runtime-arg", "--root",
			"--runtime-arg", "/r", "--exit-delay", "7", "--log-size-max", "67108864", "-it", "rest", NULL};
	GError *error = NULL;
	CHECK(parse(15, argv, &error));
	CHECK(flag_api && flag_i && flag_t);
	CHECK_STR(opt_bundle, "/bundle");
	CHECK_STR(opt_socket, "/s");
	CHECK(opt_args != NULL && opt_args[2] == NULL);
	CHECK_STR(opt_args[0], "--root");
	CHECK_STR(opt_args[1], "/r");
	CHECK(opt_delay == 7);
	CHECK(opt_size == 67108864);
	CHECK_STR(argv[1], "rest");

	char *unknown[] = {"conmon", "--nope", NULL};
	CHECK(!parse(2, unknown, &error));
	CHECK(error != NULL && strstr(error->message, "--nope") != NULL);
	g_error_free(error);
	error = NULL;
	char *bad_int[] = {"conmon", "--exit-delay", "x1", NULL};
	CHECK(!parse(3, bad_int, &error));
	CHECK(error != NULL && strstr(error->message, "x1") != NULL);
	g_error_free(error);
	error = NULL;
	char *missing[] = {"conmon", "-b", NULL};
	CHECK(!parse(2, missing, &error));
	g_error_free(error);
}

static void test_strings(void)
{
	char *path = g_build_filename("/run/", "/berth/", "", "ctl", NULL);
	CHECK_STR(path, "/run/berth/ctl");
	free(path);
	path = g_build_filename("/", "x", NULL);
	CHECK_STR(path, "/x");
	free(path);

	char **parts = g_strsplit("cpu,cpuacct,", ",", -1);
	CHECK(parts[0] && parts[1] && parts[2] && parts[3] == NULL);
	CHECK_STR(parts[1], "cpuacct");
	CHECK_STR(parts[2], "");
	g_strfreev(parts);
	parts = g_strsplit("a=b=c", "=", 2);
	CHECK_STR(parts[1], "b=c");
	CHECK(parts[2] == NULL);
	g_strfreev(parts);
	parts = g_strsplit("", ",", -1);
	CHECK(parts[0] == NULL);
	g_strfreev(parts);

	GString *s = g_string_sized_new(1);
	for (int i = 0; i < 100; i++)
		g_string_append_c(s, 'x');
	g_string_append_printf(s, "\\u00%02x", 7);
	g_string_append(s, "!");
	CHECK(s->len == 107 && strcmp(s->str + 100, "\\u0007!") == 0);
	char *owned = g_string_free(s, FALSE);
	CHECK(strlen(owned) == 107);
	free(owned);

	char tmpl[] = "/tmp/glib-lite-test.XXXXXX";
	int fd = g_mkstemp(tmpl);
	CHECK(fd >= 0);
	close(fd);
	GError *error = NULL;
	CHECK(g_file_set_contents(tmpl, "12345", -1, &error));
	char *contents = NULL;
	gsize len = 0;
	CHECK(g_file_get_contents(tmpl, &contents, &len, &error));
	CHECK_STR(contents, "12345");
	CHECK(len == 5);
	free(contents);
	unlink(tmpl);
	CHECK(!g_file_get_contents(tmpl, &contents, NULL, &error));
	CHECK(error != NULL);
	g_error_free(error);
}

static int freed;
static void count_free(gpointer p)
{
	freed++;
	free(p);
}

static void count_each(gpointer p, G_GNUC_UNUSED gpointer user_data)
{
	count_free(p);
}

static void test_containers(void)
{
	GPtrArray *array = g_ptr_array_new_with_free_func(count_free);
	char *a = g_strdup("a"), *b = g_strdup("b"), *c = g_strdup("c");
	g_ptr_array_add(array, a);
	g_ptr_array_add(array, b);
	g_ptr_array_add(array, c);
	CHECK(g_ptr_array_remove(array, b));
	CHECK(freed == 1 && array->len == 2 && g_ptr_array_index(array, 1) == c);
	CHECK(!g_ptr_array_remove(array, b));
	g_ptr_array_free(array, TRUE);
	CHECK(freed == 3);
	/* a NULL array is ignored, as GLib's g_return_if_fail does: conmon writes to an attach socket's readers so */
	g_ptr_array_foreach(NULL, count_each, NULL);
	CHECK(!g_ptr_array_remove(NULL, a));
	CHECK(freed == 3);

	GHashTable *table = g_hash_table_new_full(g_int_hash, g_int_equal, g_free, g_free);
	int *k1 = g_new0(int, 1), *v1 = g_new0(int, 1), *k2 = g_new0(int, 1), *v2 = g_new0(int, 1);
	*k1 = 42;
	*v1 = 1;
	*k2 = 42;
	*v2 = 2;
	CHECK(g_hash_table_insert(table, k1, v1));
	CHECK(!g_hash_table_insert(table, k2, v2)); /* k2 and v1 are freed */
	int probe = 42;
	CHECK(*(int *)g_hash_table_lookup(table, &probe) == 2);
	probe = 7;
	CHECK(g_hash_table_lookup(table, &probe) == NULL);
	GHashTableIter iter;
	gpointer key, value;
	int seen = 0;
	g_hash_table_iter_init(&iter, table);
	while (g_hash_table_iter_next(&iter, &key, &value))
		seen += *(int *)key;
	CHECK(seen == 42);
	g_hash_table_destroy(table);
}

static GMainLoop *loop;
static char trace[64];
static int pipe_fds[2];
static guint late_fd_source;

static void note(char c)
{
	size_t n = strlen(trace);
	if (n + 1 < sizeof trace)
		trace[n] = c;
}

static gboolean on_idle(G_GNUC_UNUSED gpointer data)
{
	note('I');
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

static gboolean on_late(G_GNUC_UNUSED gint fd, G_GNUC_UNUSED GIOCondition condition, G_GNUC_UNUSED gpointer data)
{
	note('L');
	return G_SOURCE_CONTINUE;
}

static gboolean on_read(gint fd, GIOCondition condition, G_GNUC_UNUSED gpointer data)
{
	if (condition & G_IO_IN) {
		char buf[16];
		ssize_t n = read(fd, buf, 1);
		if (n > 0) {
			note('R');
			/* added during a turn: not dispatched in it, though its descriptor is ready */
			if (late_fd_source == 0)
				late_fd_source = g_unix_fd_add(fd, G_IO_IN, on_late, NULL);
			return G_SOURCE_CONTINUE;
		}
	}
	note('H');
	return G_SOURCE_REMOVE;
}

static gboolean on_timeout(G_GNUC_UNUSED gpointer data)
{
	note('T');
	return G_SOURCE_REMOVE;
}

static void test_main_loop(void)
{
	loop = g_main_loop_new(NULL, FALSE);
	CHECK(pipe(pipe_fds) == 0);
	CHECK(write(pipe_fds[1], "xy", 2) == 2);
	g_unix_fd_add(pipe_fds[0], G_IO_IN, on_read, NULL);
	g_idle_add(on_idle, NULL);
	g_main_loop_run(loop);
	/* one byte read per turn; the idle callback waits for a turn where nothing is ready */
	CHECK_STR(trace, "RRLI");

	memset(trace, 0, sizeof trace);
	CHECK(g_source_remove(late_fd_source));
	CHECK(!g_source_remove(late_fd_source));
	close(pipe_fds[1]); /* hang-up: reported though only G_IO_IN was asked for */
	g_timeout_add(30, on_timeout, NULL);
	g_timeout_add_seconds(3600, on_timeout, NULL);
	g_idle_add(on_idle, NULL);
	g_main_loop_run(loop);
	CHECK_STR(trace, "HI");
	memset(trace, 0, sizeof trace);
	g_idle_add(on_idle, NULL);
	struct timespec start, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	g_main_loop_run(loop); /* nothing ready: the idle runs at once, the 30 ms timeout is still pending */
	CHECK_STR(trace, "I");
	memset(trace, 0, sizeof trace);
	g_timeout_add(60, on_idle, NULL);
	g_main_loop_run(loop);
	clock_gettime(CLOCK_MONOTONIC, &end);
	CHECK_STR(trace, "TI");
	long waited_ms = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000;
	CHECK(waited_ms >= 55);
}

int main(void)
{
	test_options();
	test_strings();
	test_containers();
	test_main_loop();
	if (failures != 0) {
		fprintf(stderr, "glib-lite: %d check(s) failed\n", failures);
		return 1;
	}
	printf("glib-lite: all checks passed\n");
	return 0;
}
