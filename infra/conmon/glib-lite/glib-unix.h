/* glib-lite (glib.h here): GLib's Unix file-descriptor sources, as conmon calls them. */
#ifndef GLIB_LITE_UNIX_H
#define GLIB_LITE_UNIX_H

#include "glib.h"

typedef gboolean (*GUnixFDSourceFunc)(gint fd, GIOCondition condition, gpointer user_data);

/* Calls function when fd is ready for condition (or hung up, failed or closed: poll(2) reports those always). */
guint g_unix_fd_add(gint fd, GIOCondition condition, GUnixFDSourceFunc function, gpointer user_data);
gboolean g_unix_set_fd_nonblocking(gint fd, gboolean nonblock, GError **error);

#endif /* GLIB_LITE_UNIX_H */
