/* bp-autosave.h: where one document is saved automatically, and the
 * saves a crash or a power cut left behind.
 *
 * Each document (each window) has its own slot in the user's state folder
 * ($XDG_STATE_HOME, or ~/.local/state; inside a Flatpak, the sandbox's):
 *
 *   STATE/backprop/autosave/ID.backprop   the document as a project (bp-project.h)
 *   STATE/backprop/autosave/ID.lock       flock()ed while the slot's owner runs;
 *                                         holds the URI of the document's project
 *                                         file, if it has one
 *
 * A slot is claimed (the folder made, the lock taken) by its first write;
 * nothing is on disk before. The kernel drops the lock when the process
 * ends, however it ends, so a slot whose lock can be taken belongs to no
 * running Backprop (of any instance, in or out of a sandbox): it is a
 * leftover, which bp_autosave_find_leftovers() claims for the caller so
 * that no other instance offers it too.
 *
 * Writes replace the file through GIO off the UI thread (a temporary file
 * renamed over the old one, as g_file_replace does). UI thread only.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BP_TYPE_AUTOSAVE (bp_autosave_get_type ())
G_DECLARE_FINAL_TYPE (BpAutosave, bp_autosave, BP, AUTOSAVE, GObject)

/* STATE/backprop/autosave, read from the environment once. */
char       *bp_autosave_get_folder      (void);

/* A new slot with a random ID; nothing is written yet. */
BpAutosave *bp_autosave_new             (void);
/* STATE/backprop/autosave/ID.backprop */
GFile      *bp_autosave_get_file        (BpAutosave          *self);
/* When the file was last written (a leftover: its modification time);
 * NULL before any write. */
GDateTime  *bp_autosave_get_time        (BpAutosave          *self);
/* The project file the document belongs to (nullable), kept with the
 * slot once it is claimed. */
void        bp_autosave_set_origin      (BpAutosave          *self,
                                         GFile               *project_file);
GFile      *bp_autosave_get_origin      (BpAutosave          *self);

/* Claims the slot if need be, then replaces the file with @contents. */
void        bp_autosave_write_async     (BpAutosave          *self,
                                         GBytes              *contents,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    bp_autosave_write_finish    (BpAutosave          *self,
                                         GAsyncResult        *result,
                                         GError             **error);
/* The file and the lock go (a write in flight is cancelled, and what it
 * still renames into place is removed when it ends); the slot may be
 * written again later. */
void        bp_autosave_remove          (BpAutosave          *self);

/* The slots no running Backprop holds and that have a file, newest
 * first, each now claimed by the caller (released when it is freed, or
 * removed with bp_autosave_remove()). */
GPtrArray  *bp_autosave_find_leftovers  (void);

G_END_DECLS
