/* test-window-close.c: nothing lost, with the real window under Xvfb.
 *
 * Closing a window whose document has unsaved changes, or while it
 * trains, asks Save / Discard / Cancel: Cancel keeps the window, its
 * changes and the run going; Discard closes it and removes its automatic
 * save; Save saves the project (Save As, through the file chooser test
 * hook) and closes. An unchanged window closes at once, and so does a
 * scripted run that quits after training (which saves nothing
 * automatically). Ctrl+Q (app.quit) asks the same question. An automatic
 * save a crash left is offered at the next start: Restore brings back
 * the same choices, Discard removes it. An automatic save that cannot be
 * written is shown as one toast naming the folder and the reason.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bp-application.h"
#include "bp-autosave.h"
#include "bp-dialogs.h"   /* bp_test_chosen_file: built with BP_TEST_FILE_CHOOSER */
#include "bp-model-view.h"
#include "bp-scripted-run.h"
#include "bp-training-session.h"
#include "bp-window.h"
#include "test-util.h"
#include "test-ui-util.h"

static char *state_dir;

static BpDocument *
document_of (BpWindow *window)
{
  return bp_window_get_document (window);
}

static void
open_iris (BpWindow *window)
{
  g_assert_true (bp_window_open_sample (window, "iris", NULL));
  spin_until (not_loading, window, 30);
  spin (50);
  g_assert_nonnull (bp_window_get_table (window));
}

static gboolean
autosave_readable (gpointer file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(BpProject) project = bp_project_load (path, NULL);
  return project != NULL;
}

/* The slots' files (ID.backprop, ID.lock); not GIO's temporary file of a
 * write in flight. */
static guint
n_files_in_state (void)
{
  g_autofree char *folder = bp_autosave_get_folder ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    if (name[0] != '.')
      n++;
  return n;
}

/* Closes @window as its close button does; TRUE when it is gone. */
static gboolean
close_by_button (BpWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  spin (50);
  if (window)
    g_object_remove_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  return window == NULL;
}

/* Nothing to save: no question; a project opened (the views shown its
 * layers and settings) is not a change either. */
static void
test_unchanged_closes (void)
{
  BpWindow *window = new_window ();
  open_iris (window);
  g_assert_false (bp_document_get_modified (document_of (window)));
  g_assert_true (close_by_button (window));
  g_assert_null (question_heading ());

  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("wine.csv", &dir);
  window = new_window ();
  open_path (window, csv);
  set_epochs (window, 6);
  g_autoptr(BpLayerStack) layers = bp_layer_stack_new ();
  bp_layer_stack_add (layers, 9, BP_ACTIVATION_TANH, 0.25f);
  bp_model_view_set_hidden_layers (BP_MODEL_VIEW (bp_window_get_model_view (window)), layers);
  spin (20);
  g_autofree char *path = g_build_filename (dir, "wine.backprop", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_assert_true (bp_window_save_project (window, file, NULL));
  g_assert_false (bp_document_get_modified (document_of (window)));
  close_window (window);

  window = new_window ();
  open_path (window, path);
  g_assert_nonnull (bp_window_get_table (window));
  g_assert_cmpuint (bp_document_get_layers (document_of (window))->layers->len, ==, 1);
  g_assert_false (bp_document_get_modified (document_of (window)));
  g_assert_true (close_by_button (window));
  g_assert_null (question_heading ());
  g_unlink (path);
  g_unlink (csv);
  g_rmdir (dir);
}

/* Cancel keeps the window and its changes; Discard closes it and
 * removes its automatic save. */
static void
test_changes_ask (void)
{
  BpWindow *window = new_window ();
  open_iris (window);
  set_epochs (window, 3);
  g_assert_true (bp_document_get_modified (document_of (window)));
  GFile *autosave = bp_autosave_get_file (bp_document_get_autosave (document_of (window)));
  g_autoptr(GFile) kept = g_object_ref (autosave);
  spin_until (autosave_readable, kept, 30);

  g_assert_false (close_by_button (window));
  g_autofree char *heading = question_heading ();
  g_assert_nonnull (heading);
  g_assert_nonnull (strstr (heading, "Save Changes to “iris"));
  g_autofree char *body = question_body ();
  g_assert_nonnull (strstr (body, "will be lost"));
  g_assert_true (answer_question ("cancel"));
  g_assert_null (question_heading ());
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (bp_document_get_modified (document_of (window)));
  g_assert_true (g_file_query_exists (kept, NULL));

  /* Asked again the next time. */
  g_assert_false (close_by_button (window));
  g_assert_true (answer_question ("cancel"));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  spin (20);
  g_assert_true (answer_question ("discard"));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (window && g_get_monotonic_time () < deadline)
    spin (10);
  g_assert_null (window);
  g_assert_false (g_file_query_exists (kept, NULL));
  g_assert_cmpuint (n_files_in_state (), ==, 0);
}

/* Save with no project file yet: Save As (the test's chosen file), then
 * the window closes; the project holds the change. */
static void
test_save_then_close (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bp-close-XXXXXX", NULL);
  g_autofree char *chosen = g_build_filename (dir, "lesson", NULL);
  g_autofree char *project_path = g_build_filename (dir, "lesson.backprop", NULL);
  bp_test_chosen_file = g_file_new_for_path (chosen);

  BpWindow *window = new_window ();
  open_iris (window);
  set_epochs (window, 4);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  spin (20);
  g_assert_true (answer_question ("save"));
  spin (50);
  g_assert_null (window);
  g_autoptr(BpProject) project = bp_project_load (project_path, NULL);
  g_assert_nonnull (project);
  g_assert_cmpuint (project->config.epochs, ==, 4);
  g_assert_cmpuint (n_files_in_state (), ==, 0);

  g_clear_object (&bp_test_chosen_file);
  g_unlink (project_path);
  g_rmdir (dir);
}

static gboolean
running (gpointer window)
{
  return bp_training_session_get_state (bp_window_get_session (window)) == BP_SESSION_RUNNING;
}

/* During training: asked even with nothing else changed; Cancel lets the
 * run go on; Discard stops it with the window. */
static void
test_close_during_training (void)
{
  BpWindow *window = new_window ();
  open_iris (window);
  set_epochs (window, 100000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (running, window, 30);
  BpTrainingSession *session = bp_window_get_session (window);

  g_assert_false (close_by_button (window));
  g_autofree char *body = question_body ();
  g_assert_nonnull (body);
  g_assert_nonnull (strstr (body, "Training is still running"));
  g_assert_true (answer_question ("cancel"));
  guint64 step = bp_training_session_get_last (session)->step;
  spin (200);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_RUNNING);
  g_assert_cmpuint (bp_training_session_get_last (session)->step, >, step);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  spin (20);
  g_assert_true (answer_question ("discard"));
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (window && g_get_monotonic_time () < deadline)
    spin (10);
  g_assert_null (window);
}

/* --quit-after-training: nobody to ask, nothing saved automatically. */
static void
test_scripted_does_not_ask (void)
{
  BpWindow *window = new_window ();
  g_autoptr(BpScriptedRun) scripted = bp_scripted_run_new (NULL, BP_SCRIPTED_QUIT_AFTER_TRAINING);
  bp_scripted_run_watch_window (scripted, window);
  open_iris (window);
  set_epochs (window, 3);
  g_assert_true (bp_document_get_modified (document_of (window)));
  spin (BP_DOCUMENT_AUTOSAVE_DELAY_MS + 300);
  g_assert_cmpuint (n_files_in_state (), ==, 0);
  g_assert_true (close_by_button (window));
  g_assert_null (question_heading ());
}

/* Ctrl+Q goes through the same question. */
static void
test_quit_asks (void)
{
  BpApplication *app = bp_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_autoptr(GSettings) settings = g_settings_new (BP_APP_ID);
  BpWindow *window = bp_window_new (ADW_APPLICATION (app), settings);
  gtk_window_present (GTK_WINDOW (window));
  open_iris (window);
  set_epochs (window, 5);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  spin (50);
  g_autofree char *heading = question_heading ();
  g_assert_nonnull (heading);
  g_assert_true (g_str_has_prefix (heading, "Save Changes to"));
  g_assert_true (answer_question ("cancel"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (bp_document_get_modified (document_of (window)));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  spin (20);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (answer_question ("discard"));
  spin (50);
  g_assert_null (window);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_object_unref (app);
}

/* A crash: a document with an automatic save that is dropped without a
 * clean close, its slot let go. */
static void
leave_autosave_behind (void)
{
  BpWindow *window = new_window ();
  open_iris (window);
  set_epochs (window, 7);
  BpTrainConfig config = *bp_document_get_train_config (document_of (window));
  g_assert_cmpuint (config.epochs, ==, 7);
  g_autoptr(GFile) file = g_object_ref (bp_autosave_get_file (bp_document_get_autosave (document_of (window))));
  spin_until (autosave_readable, file, 30);
  /* Destroyed without closing: what a crash leaves. Its slot is let go
   * once the document is gone (a write in flight holds it a moment). */
  BpDocument *document = document_of (window);
  g_object_add_weak_pointer (G_OBJECT (document), (gpointer *) &document);
  destroy_window (window);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (document && g_get_monotonic_time () < deadline)
    spin (10);
  g_assert_null (document);
  g_assert_true (g_file_query_exists (file, NULL));
}

static gboolean
has_table (gpointer window)
{
  return bp_window_get_table (window) != NULL && !bp_window_is_loading (window);
}

static gboolean
modified (gpointer window)
{
  return bp_document_get_modified (bp_window_get_document (window));
}

static void
test_restore_offered (void)
{
  leave_autosave_behind ();
  BpWindow *window = new_window ();
  bp_window_offer_restore (window);
  spin (50);
  g_autofree char *heading = question_heading ();
  g_assert_nonnull (heading);
  g_assert_true (g_str_has_prefix (heading, "Restore Unsaved Work from "));
  g_autofree char *body = question_body ();
  g_assert_nonnull (strstr (body, "“iris”"));
  g_assert_true (answer_question ("restore"));
  spin_until (has_table, window, 30);
  /* Restored work is unsaved work. */
  spin_until (modified, window, 30);
  g_assert_cmpuint (bp_window_get_table (window)->n_rows, ==, 150);
  g_assert_cmpuint (bp_document_get_train_config (document_of (window))->epochs, ==, 7);
  BpTrainConfig shown;
  bp_model_view_get_train_config (BP_MODEL_VIEW (bp_window_get_model_view (window)), &shown);
  g_assert_cmpuint (shown.epochs, ==, 7);
  g_assert_true (bp_document_get_modified (document_of (window)));
  /* Not offered twice, and it keeps saving into the same slot. */
  bp_window_offer_restore (window);
  spin (20);
  g_assert_null (question_heading ());
  g_assert_cmpuint (n_files_in_state (), ==, 2);

  /* Discarded at close: nothing left. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  spin (20);
  g_assert_true (answer_question ("discard"));
  spin (50);
  g_assert_null (window);
  g_assert_cmpuint (n_files_in_state (), ==, 0);
}

/* Discard removes it; Escape leaves it for the next start. */
static void
test_restore_discarded (void)
{
  leave_autosave_behind ();
  BpWindow *window = new_window ();
  bp_window_offer_restore (window);
  spin (50);
  g_assert_true (answer_question ("later"));
  g_assert_null (bp_window_get_table (window));
  g_assert_cmpuint (n_files_in_state (), ==, 2);

  bp_window_offer_restore (window);
  spin (50);
  g_assert_true (answer_question ("discard"));
  g_assert_null (bp_window_get_table (window));
  g_assert_cmpuint (n_files_in_state (), ==, 0);
  g_assert_true (close_by_button (window));
}

/* The data file of the unsaved work is gone (moved, renamed): as when a
 * project's is, the user is asked to find it, and the work comes back
 * with the file found; the automatic save names its new place. Before,
 * the restore failed and the automatic save was removed. */
static gboolean
autosave_names (gpointer data)
{
  const char **want = data;   /* { autosave path, data path } */
  g_autoptr(BpProject) project = bp_project_load (want[0], NULL);
  return project && g_strcmp0 (project->source.path, want[1]) == 0;
}

static void
test_restore_finds_data (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("iris.csv", &dir);
  BpWindow *window = new_window ();
  open_path (window, csv);
  set_epochs (window, 9);
  g_autoptr(GFile) file = g_object_ref (bp_autosave_get_file (bp_document_get_autosave (document_of (window))));
  spin_until (autosave_readable, file, 30);
  BpDocument *document = document_of (window);
  g_object_add_weak_pointer (G_OBJECT (document), (gpointer *) &document);
  destroy_window (window);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (document && g_get_monotonic_time () < deadline)
    spin (10);
  g_assert_null (document);
  g_autofree char *moved = g_build_filename (dir, "flowers.csv", NULL);
  g_assert_cmpint (g_rename (csv, moved), ==, 0);

  window = new_window ();
  bp_window_offer_restore (window);
  spin (50);
  g_assert_true (answer_question ("restore"));
  spin (50);
  g_autofree char *heading = question_heading ();
  g_assert_cmpstr (heading, ==, "Could Not Restore Unsaved Work");
  g_autofree char *body = question_body ();
  g_assert_nonnull (strstr (body, csv));
  g_assert_nonnull (strstr (body, "Find it"));
  /* Still there while the user looks for the file. */
  g_assert_true (g_file_query_exists (file, NULL));

  /* Cancelled: nothing is lost; it is offered again at the next start. */
  g_assert_true (answer_question ("cancel"));
  g_assert_null (bp_window_get_table (window));
  g_assert_true (g_file_query_exists (file, NULL));

  bp_window_offer_restore (window);
  spin (50);
  g_assert_true (answer_question ("restore"));
  spin (50);
  g_autoptr(GFile) moved_file = g_file_new_for_path (moved);
  bp_test_chosen_file = moved_file;
  g_assert_true (answer_question ("find"));
  bp_test_chosen_file = NULL;
  spin_until (has_table, window, 30);
  spin_until (modified, window, 30);
  g_assert_cmpuint (bp_window_get_table (window)->n_rows, ==, 150);
  g_assert_cmpuint (bp_document_get_train_config (document_of (window))->epochs, ==, 9);
  g_assert_null (question_heading ());
  g_autofree char *autosave_path = g_file_get_path (file);
  const char *want[] = { autosave_path, moved };
  spin_until (autosave_names, want, 30);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  spin (20);
  g_assert_true (answer_question ("discard"));
  spin (50);
  g_assert_null (window);
  g_assert_cmpuint (n_files_in_state (), ==, 0);
  g_unlink (moved);
  g_rmdir (dir);
}

static void
on_autosave_failed (BpDocument *document, const char *folder, const GError *error, gpointer data)
{
  GPtrArray *reasons = data;
  g_ptr_array_add (reasons, g_strdup (error->message));
}

static gboolean
is_shown_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget);
}

static gboolean
toast_gone (gpointer pointer)
{
  return *(GtkWidget **) pointer == NULL;
}

/* The toasts under @window that say the automatic save failed. */
static GPtrArray *
autosave_toasts (BpWindow *window)
{
  GPtrArray *labels = g_ptr_array_new ();
  find_all (GTK_WIDGET (window), is_label_with, "cannot be saved automatically", labels);
  return labels;
}

/* A state folder that cannot be written (a file where its "backprop"
 * folder should be, which stops root as a read-only folder stops a
 * user): the window shows one toast naming the folder (an & in its name
 * shown as such, not read as markup) and the reason,
 * and it stays; the failed retries after each change add none behind it
 * (dismissed, nothing takes its place). */
static void
test_autosave_failure_toast (void)
{
  g_autofree char *app_state = g_build_filename (state_dir, "backprop", NULL);
  g_autofree char *aside = g_build_filename (state_dir, "backprop-aside", NULL);
  if (g_file_test (app_state, G_FILE_TEST_EXISTS))
    g_assert_cmpint (g_rename (app_state, aside), ==, 0);
  g_assert_true (g_file_set_contents (app_state, "", 0, NULL));

  BpWindow *window = new_window ();
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (document_of (window), "autosave-failed", G_CALLBACK (on_autosave_failed), reasons);
  open_iris (window);
  for (guint epochs = 3; epochs < 6; epochs++)
    {
      set_epochs (window, epochs);
      spin (BP_DOCUMENT_AUTOSAVE_DELAY_MS + 300);
    }
  g_assert_cmpuint (reasons->len, ==, 1);

  g_autoptr(GPtrArray) toasts = autosave_toasts (window);
  g_assert_cmpuint (toasts->len, ==, 1);
  const char *text = gtk_label_get_text (toasts->pdata[0]);
  g_test_message ("%s", text);
  g_autofree char *folder = bp_autosave_get_folder ();
  g_autofree char *display = g_filename_display_name (folder);
  g_assert_nonnull (strstr (text, display));
  g_assert_nonnull (strstr (text, reasons->pdata[0]));

  /* Dismissed with its close button: no second toast was queued. */
  GtkWidget *toast = toasts->pdata[0];
  while (toast && g_strcmp0 (gtk_widget_get_css_name (toast), "toast") != 0)
    toast = gtk_widget_get_parent (toast);
  g_assert_nonnull (toast);
  GtkWidget *close = find_widget (toast, is_shown_button, NULL);
  g_assert_nonnull (close);
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &toast);
  gtk_widget_activate (close);
  spin_until (toast_gone, &toast, 10);
  spin (500);
  g_autoptr(GPtrArray) after = autosave_toasts (window);
  g_assert_cmpuint (after->len, ==, 0);

  close_window (window);
  g_assert_cmpint (g_unlink (app_state), ==, 0);
  if (g_file_test (aside, G_FILE_TEST_EXISTS))
    g_assert_cmpint (g_rename (aside, app_state), ==, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  /* Before GLib reads it: the automatic saves go to a folder of our own. */
  /* The & is for the toast that names it (markup). */
  state_dir = g_dir_make_tmp ("bp-state-&-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  bp_blas_set_threads (MAX (1, (int) g_get_num_processors () - 1));
  g_test_add_func ("/close/unchanged-closes", test_unchanged_closes);
  g_test_add_func ("/close/changes-ask", test_changes_ask);
  g_test_add_func ("/close/save-then-close", test_save_then_close);
  g_test_add_func ("/close/during-training", test_close_during_training);
  g_test_add_func ("/close/scripted-does-not-ask", test_scripted_does_not_ask);
  g_test_add_func ("/close/quit-asks", test_quit_asks);
  g_test_add_func ("/close/restore-offered", test_restore_offered);
  g_test_add_func ("/close/restore-discarded", test_restore_discarded);
  g_test_add_func ("/close/restore-finds-data", test_restore_finds_data);
  g_test_add_func ("/close/autosave-failure-toast", test_autosave_failure_toast);
  int status = g_test_run ();
  remove_tree (state_dir);
  g_free (state_dir);
  return status;
}
