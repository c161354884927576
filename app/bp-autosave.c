/* bp-autosave.c: a document's slot in the state folder, and the slots a
 * crash left behind (bp-autosave.h).
 *
 * The lock is flock(), not a PID in the name: a Flatpak runs each
 * instance in its own PID namespace, so PIDs say nothing across
 * instances, and a PID may be reused after a crash; the kernel drops a
 * flock() when its process ends, however it ends.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-autosave"

#include "bp-autosave.h"

#include "bp-save.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define SUFFIX ".backprop"

struct _BpAutosave {
  GObject       parent_instance;

  GFile        *file;          /* ID.backprop */
  char         *lock_path;     /* ID.lock */
  int           lock_fd;       /* -1: not claimed */
  GFile        *origin;        /* the document's project file, or NULL */
  GDateTime    *time;          /* last written; NULL: not yet */
  guint         writing;       /* writes in flight */
  gboolean      removed;       /* removed while a write was in flight */
  GCancellable *cancellable;   /* of the writes in flight */
};

G_DEFINE_FINAL_TYPE (BpAutosave, bp_autosave, G_TYPE_OBJECT)

char *
bp_autosave_get_folder (void)
{
  return g_build_filename (g_get_user_state_dir (), "backprop", "autosave", NULL);
}

static BpAutosave *
slot_new (const char *id)
{
  BpAutosave *self = g_object_new (BP_TYPE_AUTOSAVE, NULL);
  g_autofree char *folder = bp_autosave_get_folder ();
  g_autofree char *name = g_strconcat (id, SUFFIX, NULL);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *lock = g_strconcat (id, ".lock", NULL);
  self->file = g_file_new_for_path (path);
  self->lock_path = g_build_filename (folder, lock, NULL);
  return self;
}

BpAutosave *
bp_autosave_new (void)
{
  g_autofree char *id = g_uuid_string_random ();
  return slot_new (id);
}

GFile *
bp_autosave_get_file (BpAutosave *self)
{
  g_return_val_if_fail (BP_IS_AUTOSAVE (self), NULL);
  return self->file;
}

GDateTime *
bp_autosave_get_time (BpAutosave *self)
{
  g_return_val_if_fail (BP_IS_AUTOSAVE (self), NULL);
  return self->time;
}

GFile *
bp_autosave_get_origin (BpAutosave *self)
{
  g_return_val_if_fail (BP_IS_AUTOSAVE (self), NULL);
  return self->origin;
}

/* The origin goes into the lock file, which only its holder writes. */
static void
write_origin (BpAutosave *self)
{
  if (self->lock_fd < 0)
    return;
  g_autofree char *uri = self->origin ? g_file_get_uri (self->origin) : g_strdup ("");
  gsize length = strlen (uri);
  if (ftruncate (self->lock_fd, 0) != 0 || pwrite (self->lock_fd, uri, length, 0) != (ssize_t) length)
    g_debug ("the project file of %s was not kept: %s", self->lock_path, g_strerror (errno));
}

static GFile *
read_origin (int fd)
{
  char uri[4096];
  ssize_t n = pread (fd, uri, sizeof uri - 1, 0);
  if (n <= 0)
    return NULL;
  uri[n] = '\0';
  /* A crash while it was rewritten leaves nothing usable: no origin. */
  if (!g_utf8_validate (uri, n, NULL) || !g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL))
    return NULL;
  return g_file_new_for_uri (uri);
}

void
bp_autosave_set_origin (BpAutosave *self, GFile *project_file)
{
  g_return_if_fail (BP_IS_AUTOSAVE (self));
  g_return_if_fail (project_file == NULL || G_IS_FILE (project_file));
  if (self->origin == project_file
      || (self->origin && project_file && g_file_equal (self->origin, project_file)))
    return;
  g_set_object (&self->origin, project_file);
  write_origin (self);
}

/* The folder and the lock, at the first write. */
static gboolean
claim (BpAutosave *self, GError **error)
{
  if (self->lock_fd >= 0)
    return TRUE;
  g_autofree char *folder = bp_autosave_get_folder ();
  /* The errors give the reason alone: the folder is said beside it. */
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      return FALSE;
    }
  int fd = g_open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      return FALSE;
    }
  self->lock_fd = fd;
  write_origin (self);
  return TRUE;
}

/* Runs on a worker thread: touches only its own copy of the path and the
 * bytes, never the slot. */
static void
write_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GBytes *contents = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "bp-autosave-path");
  if (g_task_return_error_if_cancelled (task))
    return;
  gsize length = 0;
  const void *data = g_bytes_get_data (contents, &length);
  GError *error = NULL;
  if (bp_save_file_atomically (path, data, length, BP_SAVE_DEFAULT, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  BpAutosave *self = BP_AUTOSAVE (source);
  GError *error = NULL;
  /* A write cancelled while it ran reports the cancellation, as GIO did. */
  gboolean written = g_task_propagate_boolean (G_TASK (result), &error);
  self->writing--;
  if (self->removed)
    {
      /* Cancelled too late: it was renamed into place after the removal. */
      g_file_delete (self->file, NULL, NULL);
      if (self->writing == 0)
        self->removed = FALSE;
    }
  else if (written)
    {
      g_clear_pointer (&self->time, g_date_time_unref);
      self->time = g_date_time_new_now_local ();
    }
  if (written)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
bp_autosave_write_async (BpAutosave *self, GBytes *contents, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (BP_IS_AUTOSAVE (self));
  g_return_if_fail (contents != NULL);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bp_autosave_write_async);
  GError *error = NULL;
  if (!claim (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (!self->cancellable)
    self->cancellable = g_cancellable_new ();
  self->removed = FALSE;
  self->writing++;
  /* The engine's atomic save (a temporary file renamed over the old one,
   * which the next save cleans up after a kill) on a worker thread, so
   * the UI never waits for the disk; the caller's cancellable only drops
   * the answer. */
  g_autoptr(GTask) writer = g_task_new (self, self->cancellable, on_written, task);
  g_task_set_source_tag (writer, write_in_thread);
  g_object_set_data_full (G_OBJECT (writer), "bp-autosave-path", g_file_get_path (self->file), g_free);
  g_task_set_task_data (writer, g_bytes_ref (contents), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (writer, write_in_thread);
}

gboolean
bp_autosave_write_finish (BpAutosave *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
bp_autosave_remove (BpAutosave *self)
{
  g_return_if_fail (BP_IS_AUTOSAVE (self));
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->writing > 0)
    self->removed = TRUE;
  g_autoptr(GError) error = NULL;
  if (!g_file_delete (self->file, NULL, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("%s", error->message);
  /* The file first, the lock last: whoever takes the lock after us finds
   * no file and leaves the slot alone. */
  if (self->lock_fd >= 0)
    {
      g_unlink (self->lock_path);
      close (self->lock_fd);
      self->lock_fd = -1;
    }
  g_clear_pointer (&self->time, g_date_time_unref);
}

/* The slot of @name (ID.backprop) if no running Backprop holds it: then
 * claimed. */
static BpAutosave *
claim_leftover (const char *name)
{
  g_autofree char *id = g_strndup (name, strlen (name) - strlen (SUFFIX));
  g_autoptr(BpAutosave) slot = slot_new (id);
  int fd = g_open (slot->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return NULL;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);   /* its owner runs */
      return NULL;
    }
  slot->lock_fd = fd;
  /* Removed by its owner after we listed the folder. */
  g_autoptr(GFileInfo) info = g_file_query_info (slot->file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                 NULL, NULL);
  if (!info || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return NULL;
  slot->time = g_file_info_get_modification_date_time (info);
  if (slot->time)
    {
      GDateTime *local = g_date_time_to_local (slot->time);
      g_date_time_unref (slot->time);
      slot->time = local;
    }
  slot->origin = read_origin (fd);
  return g_steal_pointer (&slot);
}

static int
newest_first (gconstpointer a, gconstpointer b)
{
  GDateTime *ta = (*(BpAutosave **) a)->time, *tb = (*(BpAutosave **) b)->time;
  if (!ta || !tb)
    return (ta == NULL) - (tb == NULL);
  return g_date_time_compare (tb, ta);
}

GPtrArray *
bp_autosave_find_leftovers (void)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *folder = bp_autosave_get_folder ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  if (!dir)
    return found;
  const char *name;
  while ((name = g_dir_read_name (dir)))
    {
      if (!g_str_has_suffix (name, SUFFIX) || strlen (name) == strlen (SUFFIX))
        continue;
      BpAutosave *slot = claim_leftover (name);
      if (slot)
        g_ptr_array_add (found, slot);
    }
  g_ptr_array_sort (found, newest_first);
  return found;
}

static void
bp_autosave_finalize (GObject *object)
{
  BpAutosave *self = BP_AUTOSAVE (object);
  /* The file stays for the next start: only removal is a clean end. */
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->origin);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->lock_path);
  G_OBJECT_CLASS (bp_autosave_parent_class)->finalize (object);
}

static void
bp_autosave_class_init (BpAutosaveClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bp_autosave_finalize;
}

static void
bp_autosave_init (BpAutosave *self)
{
  self->lock_fd = -1;
}
