/* test-ui-util.c: window, main-loop and widget-finding helpers for the
 * window tests. */
#include "test-ui-util.h"

#include <adwaita.h>
#include <string.h>

#include "bp-eval-view.h"
#include "bp-model-view.h"
#include "bp-training-session.h"
#include "bp-window.h"

BpWindow *
new_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BP_APP_ID);   /* in memory (meson's env) */
  BpWindow *window = bp_window_new (NULL, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

void
close_window (BpWindow *window)
{
  /* A clean end for the test: no automatic save is left behind. */
  bp_document_remove_autosave (bp_window_get_document (window));
  destroy_window (window);
}

void
destroy_window (BpWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  /* A load still running holds the window until its result is dropped. */
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (window && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (window);
}

void
open_path (BpWindow *window, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  bp_window_open_file (window, file);
  spin_until (not_loading, window, 30);
  spin (50);
}

void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

void
spin_until (gboolean (*cond) (gpointer), gpointer data, guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  while (!cond (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

gboolean
not_loading (gpointer w)
{
  return !bp_window_is_loading (w);
}

gboolean
finished (gpointer w)
{
  return bp_training_session_get_state (bp_window_get_session (w)) == BP_SESSION_FINISHED;
}

gboolean
has_progress (gpointer w)
{
  return bp_training_session_get_last (bp_window_get_session (w))->step > 0;
}

gboolean
session_parked_and_drained (gpointer session)
{
  return bp_training_session_is_parked (session) && !bp_training_session_has_news (session);
}

void
set_epochs (BpWindow *window, guint epochs)
{
  BpModelView *model_view = BP_MODEL_VIEW (bp_window_get_model_view (window));
  BpTrainConfig config;
  bp_model_view_get_train_config (model_view, &config);
  config.epochs = epochs;
  bp_model_view_set_train_config (model_view, &config);
  spin (20);
}

GtkWidget *
find_widget (GtkWidget *root, WidgetPredicate predicate, gconstpointer data)
{
  if (predicate (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, predicate, data);
      if (found)
        return found;
    }
  return NULL;
}

#if !ADW_CHECK_VERSION(1, 5, 0)
static AdwMessageDialog *
shown_question (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}
#endif

char *
question_heading (void)
{
#if !ADW_CHECK_VERSION(1, 5, 0)
  AdwMessageDialog *dialog = shown_question ();
  return dialog ? g_strdup (adw_message_dialog_get_heading (dialog)) : NULL;
#else
  return NULL;
#endif
}

char *
question_body (void)
{
#if !ADW_CHECK_VERSION(1, 5, 0)
  AdwMessageDialog *dialog = shown_question ();
  return dialog ? g_strdup (adw_message_dialog_get_body (dialog)) : NULL;
#else
  return NULL;
#endif
}

gboolean
answer_question (const char *response)
{
#if !ADW_CHECK_VERSION(1, 5, 0)
  AdwMessageDialog *dialog = shown_question ();
  if (!dialog)
    return FALSE;
  g_assert_true (adw_message_dialog_has_response (dialog, response)
                 || g_strcmp0 (adw_message_dialog_get_close_response (dialog), response) == 0);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* The answer reaches the window through the main loop. */
  spin (20);
  return TRUE;
#else
  return FALSE;
#endif
}

void
find_all (GtkWidget *root, WidgetPredicate predicate, gconstpointer data, GPtrArray *out)
{
  if (predicate (root, data))
    g_ptr_array_add (out, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    find_all (child, predicate, data, out);
}

gboolean
is_label_with (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

gboolean
is_label_with_prefix (GtkWidget *widget, gconstpointer prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

gboolean
is_eval_view (GtkWidget *widget, gconstpointer data)
{
  return BP_IS_EVAL_VIEW (widget);
}
