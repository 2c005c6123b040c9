/*
 * glib-lite: the part of GLib's API that conmon 2.1.6 calls, and nothing else (infra/conmon/README.md).
 * Same names, types and semantics as GLib for those calls, so conmon's sources compile unchanged against it;
 * without GLib's own start-up (type system, slices, quarks, locale, charset), so a conmon linked against it
 * statically is a few hundred KiB resident instead of 1.3 MiB.
 */
#ifndef GLIB_LITE_H
#define GLIB_LITE_H

/* What GLib's glib.h brings in with it (directly or through glibc), and conmon's sources rely on. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef int gboolean;
typedef void *gpointer;
typedef const void *gconstpointer;
typedef char gchar;
typedef int gint;
typedef unsigned int guint;
typedef int32_t gint32;
typedef uint32_t guint32;
typedef int64_t gint64;
typedef uint64_t guint64;
typedef size_t gsize;
typedef ptrdiff_t gssize;
typedef int GPid;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#define G_GNUC_UNUSED __attribute__((unused))
#define G_GNUC_NULL_TERMINATED __attribute__((sentinel))
#define G_GNUC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define GINT_TO_POINTER(i) ((gpointer)(intptr_t)(i))
#define GPOINTER_TO_INT(p) ((gint)(intptr_t)(p))
#ifndef MIN
#define MIN(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) (((a) > (b)) ? (a) : (b))
#endif
#define G_N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

#define g_assert_cmpint(a, op, b)                                                                                     \
	do {                                                                                                           \
		long long g_lite_a_ = (long long)(a), g_lite_b_ = (long long)(b);                                      \
		if (!(g_lite_a_ op g_lite_b_)) {                                                                       \
			fprintf(stderr, "%s:%d: assertion failed: (%s %s %s): (%lld %s %lld)\n", __FILE__, __LINE__,    \
				#a, #op, #b, g_lite_a_, #op, g_lite_b_);                                               \
			abort();                                                                                       \
		}                                                                                                      \
	} while (0)

typedef void (*GDestroyNotify)(gpointer data);
typedef void (*GFunc)(gpointer data, gpointer user_data);
typedef guint (*GHashFunc)(gconstpointer key);
typedef gboolean (*GEqualFunc)(gconstpointer a, gconstpointer b);

/* Memory and strings */
gpointer g_malloc(gsize size);
gpointer g_malloc0(gsize size);
#define g_new0(type, n) ((type *)g_malloc0(sizeof(type) * (n)))
void g_free(gpointer mem);
gchar *g_strdup(const gchar *str);
gchar *g_strdup_printf(const gchar *format, ...) G_GNUC_PRINTF(1, 2);
gchar **g_strsplit(const gchar *string, const gchar *delimiter, gint max_tokens);
void g_strfreev(gchar **str_array);
gchar *g_build_filename(const gchar *first_element, ...) G_GNUC_NULL_TERMINATED;
void g_print(const gchar *format, ...) G_GNUC_PRINTF(1, 2);

/* Errors */
typedef struct {
	guint32 domain;
	gint code;
	gchar *message;
} GError;
void g_error_free(GError *error);

/* Files */
gboolean g_file_get_contents(const gchar *filename, gchar **contents, gsize *length, GError **error);
gboolean g_file_set_contents(const gchar *filename, const gchar *contents, gssize length, GError **error);
const gchar *g_get_tmp_dir(void);
gint g_mkstemp(gchar *tmpl);

/* GString */
typedef struct {
	gchar *str;
	gsize len;
	gsize allocated_len;
} GString;
GString *g_string_sized_new(gsize dfl_size);
GString *g_string_append(GString *string, const gchar *val);
GString *g_string_append_c(GString *string, gchar c);
void g_string_append_printf(GString *string, const gchar *format, ...) G_GNUC_PRINTF(2, 3);
gchar *g_string_free(GString *string, gboolean free_segment);

/* GPtrArray */
typedef struct {
	gpointer *pdata;
	guint len;
	guint g_lite_allocated;
	GDestroyNotify g_lite_free_func;
} GPtrArray;
#define g_ptr_array_index(array, index) ((array)->pdata[index])
GPtrArray *g_ptr_array_new(void);
GPtrArray *g_ptr_array_new_with_free_func(GDestroyNotify element_free_func);
void g_ptr_array_add(GPtrArray *array, gpointer data);
gboolean g_ptr_array_remove(GPtrArray *array, gpointer data);
void g_ptr_array_foreach(GPtrArray *array, GFunc func, gpointer user_data);
gpointer *g_ptr_array_free(GPtrArray *array, gboolean free_segment);

/* GHashTable: a short chain (conmon keeps a handful of pids in it) */
typedef struct GHashTable GHashTable;
typedef struct {
	GHashTable *g_lite_table;
	gpointer g_lite_next;
} GHashTableIter;
GHashTable *g_hash_table_new(GHashFunc hash_func, GEqualFunc key_equal_func);
GHashTable *g_hash_table_new_full(GHashFunc hash_func, GEqualFunc key_equal_func, GDestroyNotify key_destroy_func,
				  GDestroyNotify value_destroy_func);
gboolean g_hash_table_insert(GHashTable *hash_table, gpointer key, gpointer value);
gpointer g_hash_table_lookup(GHashTable *hash_table, gconstpointer key);
void g_hash_table_destroy(GHashTable *hash_table);
void g_hash_table_iter_init(GHashTableIter *iter, GHashTable *hash_table);
gboolean g_hash_table_iter_next(GHashTableIter *iter, gpointer *key, gpointer *value);
guint g_int_hash(gconstpointer v);
gboolean g_int_equal(gconstpointer v1, gconstpointer v2);

/* Command line */
typedef enum {
	G_OPTION_ARG_NONE,
	G_OPTION_ARG_STRING,
	G_OPTION_ARG_INT,
	G_OPTION_ARG_STRING_ARRAY,
	G_OPTION_ARG_INT64,
} GOptionArg;
#define G_OPTION_FLAG_HIDDEN (1 << 0)
typedef struct {
	const gchar *long_name;
	gchar short_name;
	gint flags;
	GOptionArg arg;
	gpointer arg_data;
	const gchar *description;
	const gchar *arg_description;
} GOptionEntry;
typedef struct GOptionContext GOptionContext;
GOptionContext *g_option_context_new(const gchar *parameter_string);
void g_option_context_add_main_entries(GOptionContext *context, const GOptionEntry *entries,
				       const gchar *translation_domain);
gboolean g_option_context_parse(GOptionContext *context, gint *argc, gchar ***argv, GError **error);
void g_option_context_free(GOptionContext *context);

/* Main loop: file descriptors, idle callbacks and timeouts in one poll(2) loop */
typedef enum {
	G_IO_IN = 1,
	G_IO_PRI = 2,
	G_IO_OUT = 4,
	G_IO_ERR = 8,
	G_IO_HUP = 16,
	G_IO_NVAL = 32,
} GIOCondition;
#define G_SOURCE_REMOVE FALSE
#define G_SOURCE_CONTINUE TRUE
typedef gboolean (*GSourceFunc)(gpointer user_data);
typedef struct GMainContext GMainContext;
typedef struct GMainLoop GMainLoop;
GMainLoop *g_main_loop_new(GMainContext *context, gboolean is_running);
void g_main_loop_run(GMainLoop *loop);
void g_main_loop_quit(GMainLoop *loop);
guint g_idle_add(GSourceFunc function, gpointer data);
guint g_timeout_add(guint interval, GSourceFunc function, gpointer data);
guint g_timeout_add_seconds(guint interval, GSourceFunc function, gpointer data);
gboolean g_source_remove(guint tag);

#endif /* GLIB_LITE_H */
