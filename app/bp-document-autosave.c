/* bp-document-autosave.c: unsaved changes, the automatic save, and
 * restoring one a crash left behind (bp-document.h, bp-autosave.h).
 *
 * "Modified" compares the project the document would save now with the
 * one it held when it was last saved or opened (the same text, without
 * the copy of a data file), so a change made and undone is no change, and
 * a view that hands back what it was given changes nothing. A run, or a
 * restore, counts as a change until the project is saved.
 *
 * The automatic save is the same project text, with the path of the data
 * file (and the copy only when the table came from one: never a file read
 * here), written by the slot off the UI thread, at most one write at a
 * time.
 */
#define G_LOG_DOMAIN "bp-document"

#include "bp-document-private.h"

/* The project the document would save, as text; NULL without a table or
 * when it cannot make one (a remote file). @path: where it is written,
 * for a relative data path. */
static char *
project_text (BpDocument *self, const char *path, gboolean with_copy, gsize *length)
{
  if (!self->table)
    return NULL;
  g_autoptr(BpProject) project = _bp_document_build_project (self, FALSE, NULL);
  if (!project)
    return NULL;
  if (!with_copy)
    g_clear_pointer (&project->source.copy, g_bytes_unref);
  return bp_project_to_data (project, path, length);
}

static void
update_modified (BpDocument *self)
{
  gboolean modified = self->unsaved;
  if (!modified && self->table)
    {
      g_autofree char *now = project_text (self, "/", FALSE, NULL);
      modified = g_strcmp0 (now, self->clean_text) != 0;
    }
  if (modified == self->modified)
    return;
  self->modified = modified;
  _bp_document_notify_modified (self);
}

static void write_autosave (BpDocument *self);

static void
on_autosave_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BpDocument) self = user_data;
  g_autoptr(GError) error = NULL;
  if (bp_autosave_write_finish (BP_AUTOSAVE (source), result, &error))
    self->autosave_failing = FALSE;
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->autosave_failing)
    {
      /* Said once; the writes after it (each change retries) stay quiet
       * until one works. */
      g_autofree char *path = g_file_get_path (bp_autosave_get_file (BP_AUTOSAVE (source)));
      g_message ("Unsaved work could not be saved automatically to %s: %s", path, error->message);
      self->autosave_failing = TRUE;
      _bp_document_autosave_failed (self, error);
    }
  self->autosave_writing = FALSE;
  if (self->autosave_again)
    {
      self->autosave_again = FALSE;
      write_autosave (self);
    }
}

static void
write_autosave (BpDocument *self)
{
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (!self->autosave || !self->modified)
    return;
  if (self->autosave_writing)
    {
      self->autosave_again = TRUE;
      return;
    }
  g_autofree char *path = g_file_get_path (bp_autosave_get_file (self->autosave));
  gsize length = 0;
  g_autofree char *text = project_text (self, path, TRUE, &length);
  /* Nothing a project can hold (a remote file), or a data file name that
   * JSON cannot hold: no reader would open it. */
  if (!text || !g_utf8_validate (text, (gssize) length, NULL))
    return;
  bp_autosave_set_origin (self->autosave, self->project_file);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  self->autosave_writing = TRUE;
  bp_autosave_write_async (self->autosave, bytes, NULL, on_autosave_written, g_object_ref (self));
}

static gboolean
on_autosave_due (gpointer data)
{
  BpDocument *self = data;
  self->autosave_source = 0;
  write_autosave (self);
  return G_SOURCE_REMOVE;
}

/* The automatic save is not needed (any more): its file goes, the slot
 * stays for the next change. */
static void
drop_autosave_file (BpDocument *self)
{
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  self->autosave_again = FALSE;
  if (self->autosave)
    bp_autosave_remove (self->autosave);
}

void
_bp_document_touch (BpDocument *self)
{
  update_modified (self);
  if (!self->modified)
    {
      drop_autosave_file (self);
      return;
    }
  /* Debounced: a burst of edits is one write, two seconds after the last. */
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (self->autosave)
    self->autosave_source = g_timeout_add (BP_DOCUMENT_AUTOSAVE_DELAY_MS, on_autosave_due, self);
}

void
_bp_document_mark_clean (BpDocument *self)
{
  g_free (self->clean_text);
  self->clean_text = project_text (self, "/", FALSE, NULL);
  self->unsaved = FALSE;
  update_modified (self);
  drop_autosave_file (self);
}

void
_bp_document_mark_unsaved (BpDocument *self)
{
  self->unsaved = TRUE;
  _bp_document_touch (self);
}

/* A run that ends is saved at once, not two seconds later. */
static void
on_session_state (BpTrainingSession *session, GParamSpec *pspec, BpDocument *self)
{
  if (bp_training_session_get_state (session) == BP_SESSION_FINISHED)
    write_autosave (self);
}

void
_bp_document_autosave_init (BpDocument *self)
{
  g_signal_connect (self->session, "notify::state", G_CALLBACK (on_session_state), self);
}

void
_bp_document_autosave_dispose (BpDocument *self)
{
  if (self->session)
    g_signal_handlers_disconnect_by_func (self->session, on_session_state, self);
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  /* Not removed: a document dropped without a clean end (the process
   * ending under it) leaves its automatic save for the next start. */
  g_clear_object (&self->autosave);
  g_clear_pointer (&self->clean_text, g_free);
}

gboolean
bp_document_get_modified (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), FALSE);
  return self->modified;
}

void
bp_document_set_modified (BpDocument *self, gboolean modified)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  if (modified)
    _bp_document_mark_unsaved (self);
  else
    _bp_document_mark_clean (self);
}

void
bp_document_set_autosave (BpDocument *self, BpAutosave *autosave)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  g_return_if_fail (autosave == NULL || BP_IS_AUTOSAVE (autosave));
  if (self->autosave == autosave)
    return;
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  g_set_object (&self->autosave, autosave);
  if (self->modified && autosave)
    self->autosave_source = g_timeout_add (BP_DOCUMENT_AUTOSAVE_DELAY_MS, on_autosave_due, self);
}

BpAutosave *
bp_document_get_autosave (BpDocument *self)
{
  g_return_val_if_fail (BP_IS_DOCUMENT (self), NULL);
  return self->autosave;
}

void
bp_document_remove_autosave (BpDocument *self)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  drop_autosave_file (self);
  g_clear_object (&self->autosave);
}

/* ---- restoring ------------------------------------------------------------ */

static void
on_restored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  BpDocument *self = BP_DOCUMENT (source);
  BpAutosave *leftover = g_task_get_task_data (task);
  GError *error = NULL;
  if (!bp_document_open_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The document is the project it was before the crash, with the
   * changes that were not saved to it. */
  g_set_object (&self->project_file, bp_autosave_get_origin (leftover));
  self->unsaved = TRUE;
  update_modified (self);
  bp_document_set_autosave (self, leftover);
  write_autosave (self);
  _bp_document_emit_changed (self, BP_DOCUMENT_CHANGED_PROJECT);
  g_task_return_boolean (task, TRUE);
}

void
bp_document_restore_async (BpDocument *self, BpAutosave *leftover, GFile *data_file, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (BP_IS_DOCUMENT (self));
  g_return_if_fail (BP_IS_AUTOSAVE (leftover));
  g_return_if_fail (!data_file || G_IS_FILE (data_file));
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bp_document_open_async);
  g_task_set_task_data (task, g_object_ref (leftover), g_object_unref);
  GFile *file = bp_autosave_get_file (leftover);
  GError *error = NULL;
  g_clear_pointer (&self->missing_data, g_free);
  BpProject *project = _bp_document_read_project (self, file, data_file, &error);
  if (!project)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  bp_document_open_project_async (self, file, project, cancellable, on_restored, task);
}
