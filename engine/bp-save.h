/* bp-save.h: the one way the engine and the front ends write a file.
 *
 * bp_save_file_atomically() writes a temporary file next to the
 * destination and renames it over it: a crash, kill -9 or power cut
 * leaves the old file or the new one, never half of either. It saves
 * through a symbolic link to the file it points at, keeps an existing
 * file's permissions, and names its temporary file
 * ".NAME.backprop-tmp-XXXXXX" so that the next save of NAME can remove
 * what a killed process left (only files no live process holds).
 * bp_save_clean_up_on_signals() removes the temporary files of saves in
 * flight when SIGINT, SIGTERM or SIGHUP ends the process.
 *
 * Errors are BP_ENGINE_ERROR_IO whose message is the reason alone ("No
 * space left on device", "there is no folder /x/y"): the caller puts the
 * user's path and what was being saved in front of it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BP_SAVE_DEFAULT    = 0,
  /* A script: executable by whoever may read it. */
  BP_SAVE_EXECUTABLE = 1 << 0,
} BpSaveFlags;

/* The temporary files' names: "." NAME BP_SAVE_TEMP_INFIX "XXXXXX". */
#define BP_SAVE_TEMP_INFIX ".backprop-tmp-"

gboolean     bp_save_file_atomically   (const char   *path,
                                        const void   *data,
                                        gsize         length,
                                        BpSaveFlags   flags,
                                        GError      **error);

/* Whether a save to @path can succeed as far as can be told before
 * writing: its folder exists and may be written, and @path (through its
 * links) is not a folder or another non-regular file. For checking every
 * output before a long computation. */
gboolean     bp_save_check_destination (const char   *path,
                                        GError      **error);

/* Whether @a and @b name the same file, however spelt: through links
 * (symbolic or hard), "..", "." or repeated slashes. Files that exist
 * are compared by device and inode; others by their canonical path. */
gboolean     bp_save_same_file         (const char   *a,
                                        const char   *b);

/* SIGINT, SIGTERM and SIGHUP (unless ignored) first remove the temporary
 * files of saves in flight, then do what they did before. Call once,
 * early in main(); the handler only calls unlink(). */
void         bp_save_clean_up_on_signals (void);

G_END_DECLS
