/* glib-lite's helpers shared between its files; not part of GLib's API. */
#ifndef GLIB_LITE_INTERNAL_H
#define GLIB_LITE_INTERNAL_H

#include "glib.h"

void g_lite_out_of_memory(gsize size) __attribute__((noreturn));
gchar *g_lite_vprintf(const gchar *format, va_list args);
void g_lite_set_error(GError **error, gint code, const gchar *format, ...) G_GNUC_PRINTF(3, 4);

#endif /* GLIB_LITE_INTERNAL_H */
