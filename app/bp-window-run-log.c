/* bp-window-run-log.c: a run log the document follows, on screen.
 *
 * The document owns the BpRunLog (bp-run-log.h) and its reading; here its
 * records feed the training view as a local run's epochs do, its bad
 * lines become a toast naming the file and the line, and the status line
 * says what is followed.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-window"

#include <glib/gi18n.h>

#include "bp-window-private.h"

static char *
log_name (BpRunLog *log)
{
  return _bp_window_display_basename (bp_run_log_get_file (log));
}

/* The status line, and whether the view shows the run as ended: after
 * the "final" line no time is left and Train starts a run of its own. */
static void
show_status (BpWindow *self, BpRunLog *log)
{
  g_autofree char *name = log_name (log);
  const guint n = bp_run_log_get_records (log)->len;
  g_autofree char *text = NULL;
  if (bp_run_log_get_finished (log))
    /* Translators: %s is a run log's file name; the run it records has ended. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s”: the run finished after %u epoch",
                                         "“%s”: the run finished after %u epochs", n), name, n);
  else
    /* Translators: %s is a run log's file name; new lines are drawn as they are written. */
    text = g_strdup_printf (_("Following “%s”: the charts grow as the run writes to it"), name);
  bp_training_view_set_status (self->training_view, text, FALSE);
  bp_training_view_set_finished (self->training_view, bp_run_log_get_finished (log));
}

static void
begin (BpWindow *self, BpRunLog *log)
{
  bp_training_view_begin (self->training_view, bp_run_log_get_task (log), bp_run_log_get_has_validation (log));
  self->log_begun = TRUE;
}

static void
on_records_added (BpRunLog *log, guint first, guint n, BpWindow *self)
{
  /* The task and whether there is validation are known from the first record. */
  if (!self->log_begun)
    begin (self, log);
  const GArray *records = bp_run_log_get_records (log);
  bp_training_view_add_progress (self->training_view, &g_array_index (records, BpProgress, first), n);
  show_status (self, log);
}

static void
on_reset (BpRunLog *log, BpWindow *self)
{
  bp_training_view_clear (self->training_view);
  self->log_begun = FALSE;
  show_status (self, log);
}

static void
on_line_error (BpRunLog *log, guint line, const char *message, BpWindow *self)
{
  g_autofree char *name = log_name (log);
  /* Translators: %s is a run log's file name, %u a line number in it, the last %s why it was skipped. */
  g_autofree char *text = g_strdup_printf (_("%s, line %u skipped: %s"), name, line, message);
  _bp_window_toast (self, text);
}

static void
on_finished (BpRunLog *log, BpWindow *self)
{
  show_status (self, log);
}

static void
on_run_log_changed (BpDocument *document, GParamSpec *pspec, BpWindow *self)
{
  BpRunLog *log = bp_document_get_run_log (document);
  if (self->run_log)
    g_signal_handlers_disconnect_by_data (self->run_log, self);
  g_set_object (&self->run_log, log);
  self->log_begun = FALSE;
  if (!log)
    {
      /* Another file, or a local run: nothing of the log stays on show. */
      bp_training_view_clear (self->training_view);
      return;
    }
  g_signal_connect (log, "records-added", G_CALLBACK (on_records_added), self);
  g_signal_connect (log, "reset", G_CALLBACK (on_reset), self);
  g_signal_connect (log, "line-error", G_CALLBACK (on_line_error), self);
  g_signal_connect (log, "finished", G_CALLBACK (on_finished), self);
  bp_training_view_clear (self->training_view);
  show_status (self, log);
  gtk_stack_set_visible_child_name (self->main_stack, "content");
  adw_view_stack_set_visible_child_name (self->view_stack, "train");
}

static void
follow_now (BpWindow *self, gpointer data)
{
  GFile *file = data;
  g_autoptr(GError) error = NULL;
  if (!bp_document_follow_run_log (self->document, file, &error))
    {
      g_autofree char *name = _bp_window_display_basename (file);
      /* Translators: %s is the name of a run log (JSON lines) that could not be read. */
      g_autofree char *heading = g_strdup_printf (_("Could Not Follow “%s”"), name);
      _bp_window_show_error (self, heading, error->message);
    }
}

void
_bp_window_follow_run_log (BpWindow *self, GFile *file)
{
  _bp_window_confirm_discard (self, follow_now, g_object_ref (file), g_object_unref);
}

static void
on_log_chosen (BpWindow *self, GFile *file, gpointer data)
{
  _bp_window_remember_folder (self, file);
  _bp_window_follow_run_log (self, file);
}

static void
follow_run_log_action (GtkWidget *widget, const char *name, GVariant *param)
{
  static const BpFileFilterKind filters[] = { BP_FILE_FILTER_RUN_LOG };
  _bp_window_choose_file (BP_WINDOW (widget), BP_CHOOSE_OPEN, _("Follow Run Log"), NULL, filters,
                          G_N_ELEMENTS (filters), on_log_chosen, NULL, NULL);
}

void
_bp_window_run_log_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.follow-run-log", NULL, follow_run_log_action);
}

void
_bp_window_run_log_init (BpWindow *self)
{
  g_signal_connect (self->document, "notify::run-log", G_CALLBACK (on_run_log_changed), self);
}

void
_bp_window_run_log_dispose (BpWindow *self)
{
  if (self->run_log)
    g_signal_handlers_disconnect_by_data (self->run_log, self);
  g_clear_object (&self->run_log);
}
