/* bp-window-close.c: nothing lost. The question before a window with
 * unsaved work (or a run) closes, the window's automatic save, and the
 * offer to restore the ones a crash or a power cut left behind.
 *
 * The document knows what is unsaved and writes the automatic save
 * (bp-document.h, bp-autosave.h); this file asks the user. Closing asks
 * Save / Discard / Cancel as GNOME apps do: Save saves the project (Save
 * As when it has no file yet) and then closes, Discard closes, Cancel
 * (or Escape) keeps everything and the run goes on. A clean close removes
 * the automatic save (bp-window.c); a scripted run that quits after
 * training neither asks nor saves anything.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-window"

#include <glib/gi18n.h>
#include <string.h>

#include "bp-window-private.h"

/* ---- the question before closing --------------------------------------- */

static gboolean
run_active (BpWindow *self)
{
  BpSessionState state = bp_training_session_get_state (self->session);
  return state == BP_SESSION_RUNNING || state == BP_SESSION_PAUSED;
}

static void
close_now (BpWindow *self, gpointer data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_close_answered (GObject *source, GAsyncResult *result, gpointer data)
{
  BpWindow *self = BP_WINDOW (source);
  self->asking_close = FALSE;
  g_autofree char *answer = bp_dialogs_choose_finish (result, NULL);
  if (g_strcmp0 (answer, "discard") == 0)
    close_now (self, NULL);
  else if (g_strcmp0 (answer, "save") == 0)
    /* Closes once saved; a dismissed chooser or a failed save keeps it. */
    _bp_window_save_project (self, close_now);
}

gboolean
_bp_window_ask_before_close (BpWindow *self)
{
  if (self->close_confirmed || self->scripted)
    return FALSE;
  gboolean running = run_active (self);
  if (!running && !bp_document_get_modified (self->document))
    return FALSE;
  if (self->asking_close)
    return TRUE;

  g_autofree char *name = _bp_window_document_name (self);
  /* Translators: %s is the project's or the data file's name. */
  g_autofree char *heading = g_strdup_printf (_("Save Changes to “%s”?"), name);
  const char *body = running
    ? _("Training is still running and stops when the window closes. If you don’t save, your changes to the "
        "data choices, the network and the settings will be lost.")
    : _("If you don’t save, your changes to the data choices, the network and the settings will be lost.");
  const BpDialogResponse responses[] = {
    { "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT },
    { "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE },
    { "save", _("_Save"), ADW_RESPONSE_SUGGESTED },
  };
  self->asking_close = TRUE;
  bp_dialogs_choose_async (GTK_WINDOW (self), heading, body, responses, G_N_ELEMENTS (responses), "save", "cancel",
                           NULL, on_close_answered, NULL);
  return TRUE;
}

void
bp_window_set_scripted (BpWindow *self, gboolean scripted)
{
  g_return_if_fail (BP_IS_WINDOW (self));
  self->scripted = scripted;
  if (scripted)
    bp_document_remove_autosave (self->document);
}

/* The document says a failure once (not at each retry): shown until the
 * user dismisses it, since the work it protects is at risk meanwhile. */
static void
on_autosave_failed (BpDocument *document, const char *folder, const GError *error, BpWindow *self)
{
  g_autofree char *display = g_filename_display_name (folder);
  /* Translators: the first %s is a folder, the second the reason, such as “the disk is full”. */
  g_autofree char *text = g_strdup_printf (_("Unsaved work cannot be saved automatically in “%s”: %s"), display,
                                           error->message);
  _bp_window_toast_for (self, text, 0);
}

/* Each window saves its document into a slot of its own. */
void
_bp_window_close_init (BpWindow *self)
{
  g_autoptr(BpAutosave) slot = bp_autosave_new ();
  bp_document_set_autosave (self->document, slot);
  g_signal_connect_object (self->document, "autosave-failed", G_CALLBACK (on_autosave_failed), self, 0);
}

/* ---- restoring what a crash left ------------------------------------------ */

/* What the leftover was: its project's name, else its data's. */
static char *
leftover_name (BpAutosave *leftover)
{
  GFile *origin = bp_autosave_get_origin (leftover);
  if (origin)
    {
      g_autofree char *base = _bp_window_display_basename (origin);
      gsize len = strlen (base), suffix = strlen (BP_PROJECT_SUFFIX);
      if (len > suffix && g_ascii_strcasecmp (base + len - suffix, BP_PROJECT_SUFFIX) == 0)
        base[len - suffix] = '\0';
      return g_steal_pointer (&base);
    }
  g_autofree char *path = g_file_get_path (bp_autosave_get_file (leftover));
  g_autoptr(BpProject) project = path ? bp_project_load (path, NULL) : NULL;
  if (project && project->source.kind == BP_DATA_SOURCE_FILE && project->source.path)
    return g_filename_display_basename (project->source.path);
  if (project && project->source.name)
    return g_strdup (project->source.name);
  return g_strdup (_("Untitled"));
}

typedef struct {
  BpWindow   *window;     /* the window restored into */
  BpAutosave *leftover;
  guint       failures;   /* its open_failures before */
  gboolean    found_data; /* with a data file the user found */
} Restore;

static void
restore_free (Restore *r)
{
  g_clear_object (&r->window);
  g_clear_object (&r->leftover);
  g_free (r);
}

static void ask_to_find_data (BpWindow *self, BpAutosave *leftover);

static void
on_restored (GObject *source, GAsyncResult *result, gpointer data)
{
  Restore *r = data;
  BpWindow *self = r->window;
  self->restoring = FALSE;
  g_autoptr(GError) error = NULL;
  if (!bp_document_open_finish (BP_DOCUMENT (source), result, &error))
    {
      /* Its data file is gone: as for a project, the user may find it;
       * the leftover stays until the work is back or discarded. */
      if (g_error_matches (error, BP_DOCUMENT_ERROR, BP_DOCUMENT_ERROR_DATA_MISSING)
          && self->open_failures == r->failures && bp_document_get_missing_data (self->document))
        {
          ask_to_find_data (self, r->leftover);
          restore_free (r);
          return;
        }
      /* What failed after the leftover was read (its data) the document
       * has said through "open-failed" already. */
      if (self->open_failures == r->failures)
        _bp_window_show_error (self, _("Could Not Restore Unsaved Work"), error->message);
      /* It cannot be restored here: not offered again. Unless the file
       * the user found was the wrong one: then at the next start. */
      if (!r->found_data)
        bp_autosave_remove (r->leftover);
    }
  restore_free (r);
}

static BpWindow *
window_to_restore_into (BpWindow *self)
{
  if (!self->restoring && !bp_document_get_table (self->document) && !bp_document_get_loading (self->document))
    return self;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  BpWindow *window = bp_window_new (ADW_APPLICATION (app), self->settings);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* @data_file: the data file the user found for it, or NULL. */
static void
restore (BpWindow *self, BpAutosave *leftover, GFile *data_file)
{
  Restore *r = g_new0 (Restore, 1);
  r->window = g_object_ref (window_to_restore_into (self));
  r->leftover = g_object_ref (leftover);
  r->failures = r->window->open_failures;
  r->found_data = data_file != NULL;
  r->window->restoring = TRUE;
  bp_document_restore_async (r->window->document, leftover, data_file, NULL, on_restored, r);
}

static void
on_data_file_found (BpWindow *self, GFile *csv, gpointer data)
{
  restore (self, BP_AUTOSAVE (data), csv);
}

static void
find_data_file (BpWindow *self, gpointer data)
{
  g_autofree char *name = g_filename_display_basename (bp_document_get_missing_data (self->document));
  /* Translators: %s is a CSV file's name; the title of a file chooser. */
  g_autofree char *title = g_strdup_printf (_("Find “%s”"), name);
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_CSV };
  _bp_window_choose_file (self, BP_CHOOSE_OPEN, title, NULL, filters, G_N_ELEMENTS (filters), on_data_file_found,
                          g_object_ref (data), g_object_unref);
}

/* The data file was moved or renamed since: the user can point at it, as
 * when opening a project (bp-window-document.c). Cancel leaves the
 * leftover to be offered at the next start. */
static void
ask_to_find_data (BpWindow *self, BpAutosave *leftover)
{
  g_autofree char *name = leftover_name (leftover);
  g_autofree char *display = g_filename_display_name (bp_document_get_missing_data (self->document));
  /* Translators: the first %s is a CSV file's full path, the second a project's or a data file's name. */
  g_autofree char *body = g_strdup_printf (_("The data file “%s” that the unsaved work on “%s” uses cannot be "
                                             "found. Find it to restore the work with it."),
                                           display, name);
  _bp_window_ask (self, _("Could Not Restore Unsaved Work"), body, "find", _("_Find File…"),
                  ADW_RESPONSE_SUGGESTED, find_data_file, g_object_ref (leftover), g_object_unref);
}

static void
on_restore_answered (GObject *source, GAsyncResult *result, gpointer data)
{
  BpWindow *self = BP_WINDOW (source);
  g_autoptr(BpAutosave) leftover = data;
  g_autofree char *answer = bp_dialogs_choose_finish (result, NULL);
  if (g_strcmp0 (answer, "discard") == 0)
    bp_autosave_remove (leftover);
  else if (g_strcmp0 (answer, "restore") == 0)
    restore (self, leftover, NULL);
  /* Else (Escape): the slot is let go and offered again at the next start. */
}

static void
offer (BpWindow *self, BpAutosave *leftover)
{
  g_autofree char *name = leftover_name (leftover);
  GDateTime *time = bp_autosave_get_time (leftover);
  /* Translators: a date and time for "from %s" in "Restore Unsaved Work
   * from %s?", as g_date_time_format() takes it: "7 December, 15:32". */
  g_autofree char *when = time ? g_date_time_format (time, _("%-d %B, %H:%M")) : NULL;
  /* Translators: %s is a date and time, e.g. "7 December, 15:32". */
  g_autofree char *heading = when ? g_strdup_printf (_("Restore Unsaved Work from %s?"), when)
                                  : g_strdup (_("Restore Unsaved Work?"));
  /* Translators: %s is the project's or the data file's name. */
  g_autofree char *body = g_strdup_printf (_("Backprop ended before the changes to “%s” were saved. Restore them "
                                             "to go on where you left off, or discard them for good."),
                                           name);
  const BpDialogResponse responses[] = {
    { "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE },
    { "restore", _("_Restore"), ADW_RESPONSE_SUGGESTED },
  };
  bp_dialogs_choose_async (GTK_WINDOW (self), heading, body, responses, G_N_ELEMENTS (responses), "restore",
                           "later", NULL, on_restore_answered, g_object_ref (leftover));
}

void
bp_window_offer_restore (BpWindow *self)
{
  g_return_if_fail (BP_IS_WINDOW (self));
  if (self->scripted)
    return;
  g_autoptr(GPtrArray) leftovers = bp_autosave_find_leftovers ();
  for (guint i = 0; i < leftovers->len; i++)
    offer (self, g_ptr_array_index (leftovers, i));
}
