/*
 * glib-lite: GOptionContext, as GLib parses: --name value, --name=value, -x value, -xvalue, grouped flags (-it),
 * "--" ends the options; what is not an option stays in argv, in order.
 */
#include "glib.h"
#include "lite-internal.h"

#include <errno.h>
#include <string.h>

struct GOptionContext {
	const GOptionEntry *entries;
};

GOptionContext *g_option_context_new(G_GNUC_UNUSED const gchar *parameter_string)
{
	return g_new0(GOptionContext, 1);
}

void g_option_context_add_main_entries(GOptionContext *context, const GOptionEntry *entries,
				       G_GNUC_UNUSED const gchar *translation_domain)
{
	context->entries = entries;
}

void g_option_context_free(GOptionContext *context)
{
	free(context);
}

static const GOptionEntry *find_long(const GOptionContext *context, const gchar *name, size_t len)
{
	for (const GOptionEntry *e = context->entries; e != NULL && e->long_name != NULL; e++)
		if (strlen(e->long_name) == len && strncmp(e->long_name, name, len) == 0)
			return e;
	return NULL;
}

static const GOptionEntry *find_short(const GOptionContext *context, gchar name)
{
	for (const GOptionEntry *e = context->entries; e != NULL && e->long_name != NULL; e++)
		if (e->short_name == name)
			return e;
	return NULL;
}

static void print_help(const GOptionContext *context, const gchar *program)
{
	printf("Usage:\n  %s [OPTION…]\n\nOptions:\n", program);
	for (const GOptionEntry *e = context->entries; e != NULL && e->long_name != NULL; e++) {
		if (e->flags & G_OPTION_FLAG_HIDDEN)
			continue;
		if (e->short_name != 0)
			printf("  -%c, --%-28s %s\n", e->short_name, e->long_name, e->description ? e->description : "");
		else
			printf("      --%-28s %s\n", e->long_name, e->description ? e->description : "");
	}
	exit(EXIT_SUCCESS);
}

/* Stores value into the entry's variable; FALSE with error set when it does not parse. */
static gboolean store(const GOptionEntry *e, const gchar *shown_name, const gchar *value, GError **error)
{
	char *end = NULL;
	switch (e->arg) {
	case G_OPTION_ARG_NONE:
		*(gboolean *)e->arg_data = TRUE;
		return TRUE;
	case G_OPTION_ARG_STRING: /* the old value is not freed: it may be a default in static storage */
		*(gchar **)e->arg_data = g_strdup(value);
		return TRUE;
	case G_OPTION_ARG_STRING_ARRAY: {
		gchar ***array = (gchar ***)e->arg_data;
		size_t n = 0;
		while (*array != NULL && (*array)[n] != NULL)
			n++;
		gchar **grown = realloc(*array, (n + 2) * sizeof(gchar *));
		if (grown == NULL)
			g_lite_out_of_memory((n + 2) * sizeof(gchar *));
		grown[n] = g_strdup(value);
		grown[n + 1] = NULL;
		*array = grown;
		return TRUE;
	}
	case G_OPTION_ARG_INT: {
		errno = 0;
		long parsed = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || errno != 0 || parsed < INT32_MIN || parsed > INT32_MAX) {
			g_lite_set_error(error, 0, "Cannot parse integer value “%s” for %s", value, shown_name);
			return FALSE;
		}
		*(gint *)e->arg_data = (gint)parsed;
		return TRUE;
	}
	case G_OPTION_ARG_INT64: {
		errno = 0;
		long long parsed = strtoll(value, &end, 0);
		if (*value == '\0' || *end != '\0' || errno != 0) {
			g_lite_set_error(error, 0, "Cannot parse integer value “%s” for %s", value, shown_name);
			return FALSE;
		}
		*(gint64 *)e->arg_data = (gint64)parsed;
		return TRUE;
	}
	}
	g_lite_set_error(error, 0, "Unsupported option type for %s", shown_name);
	return FALSE;
}

static gboolean parse_long(const GOptionContext *context, gchar **argv, gint argc, gint *i, GError **error)
{
	const gchar *arg = argv[*i] + 2;
	const gchar *equals = strchr(arg, '=');
	size_t name_len = equals != NULL ? (size_t)(equals - arg) : strlen(arg);
	const GOptionEntry *e = find_long(context, arg, name_len);
	if (e == NULL) {
		g_lite_set_error(error, 0, "Unknown option %s", argv[*i]);
		return FALSE;
	}
	gchar *shown = g_strdup_printf("--%s", e->long_name);
	gboolean ok;
	if (e->arg == G_OPTION_ARG_NONE) {
		ok = equals == NULL;
		if (!ok)
			g_lite_set_error(error, 0, "Unexpected argument to %s", shown);
		else
			ok = store(e, shown, NULL, error);
	} else if (equals != NULL) {
		ok = store(e, shown, equals + 1, error);
	} else if (*i + 1 < argc) {
		ok = store(e, shown, argv[++*i], error);
	} else {
		ok = FALSE;
		g_lite_set_error(error, 0, "Missing argument for %s", shown);
	}
	free(shown);
	return ok;
}

static gboolean parse_short(const GOptionContext *context, gchar **argv, gint argc, gint *i, GError **error)
{
	const gchar *arg = argv[*i];
	for (const gchar *c = arg + 1; *c != '\0'; c++) {
		const GOptionEntry *e = find_short(context, *c);
		if (e == NULL) {
			g_lite_set_error(error, 0, "Unknown option -%c", *c);
			return FALSE;
		}
		gchar shown[3] = {'-', *c, '\0'};
		if (e->arg == G_OPTION_ARG_NONE) {
			if (!store(e, shown, NULL, error))
				return FALSE;
			continue;
		}
		if (c[1] != '\0')
			return store(e, shown, c + 1, error);
		if (*i + 1 >= argc) {
			g_lite_set_error(error, 0, "Missing argument for %s", shown);
			return FALSE;
		}
		return store(e, shown, argv[++*i], error);
	}
	return TRUE;
}

gboolean g_option_context_parse(GOptionContext *context, gint *argc, gchar ***argv, GError **error)
{
	gchar **args = *argv;
	gint kept = 1;
	gboolean options_ended = FALSE;
	for (gint i = 1; i < *argc; i++) {
		gchar *arg = args[i];
		if (options_ended || arg[0] != '-' || arg[1] == '\0') {
			args[kept++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_ended = TRUE;
			continue;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0 || strcmp(arg, "-?") == 0)
			print_help(context, args[0]);
		gboolean ok = arg[1] == '-' ? parse_long(context, args, *argc, &i, error)
					    : parse_short(context, args, *argc, &i, error);
		if (!ok)
			return FALSE;
	}
	args[kept] = NULL;
	*argc = kept;
	return TRUE;
}
