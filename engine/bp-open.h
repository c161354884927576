/* bp-open.h: the one way the engine opens a file to read it.
 *
 * Only regular files: opening a FIFO with no writer blocks until one
 * comes (forever, for a CSV chosen by mistake), and a pipe or device can
 * be neither measured nor read twice. The open itself never blocks
 * (O_NONBLOCK), and what is not a regular file is refused at once.
 *
 * Errors are in G_FILE_ERROR, as GLib's (NOENT, ACCES, ISDIR, ...), with
 * the reason alone as the message ("No such file or directory", "not a
 * regular file (...)"): the caller puts the user's path in front of it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A descriptor open for reading (O_CLOEXEC, blocking reads), or -1. */
int          bp_open_regular        (const char  *path,
                                     GError     **error);
/* g_file_get_contents() for regular files only. */
gboolean     bp_open_get_contents   (const char  *path,
                                     char       **contents,
                                     gsize       *length,
                                     GError     **error);

G_END_DECLS
