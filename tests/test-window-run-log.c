/* test-window-run-log.c: the window following a run log, under Xvfb.
 *
 * The validation series' length (bp_training_view_get_n_validation_points)
 * is what is checked. Follow Run Log… (through the test file chooser) shows the epochs the
 * file holds on the training charts; lines appended while the window
 * follows make the series grow; a malformed line is skipped and the lines
 * after it still count; the run's "final" line shows it as ended; opening a CSV stops following: later lines are
 * not drawn; opening the .jsonl file follows it again from its start.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bp-dialogs.h"   /* bp_test_chosen_file: built with BP_TEST_FILE_CHOOSER */
#include "bp-document.h"
#include "bp-training-view.h"
#include "bp-window.h"
#include "test-util.h"
#include "test-ui-util.h"

static void
append (const char *path, const char *text)
{
  FILE *f = g_fopen (path, "ab");
  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (text, 1, strlen (text), f), ==, strlen (text));
  fclose (f);
}

static char *
epoch_line (guint epoch)
{
  char loss[G_ASCII_DTOSTR_BUF_SIZE], accuracy[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_dtostr (loss, sizeof loss, 1.0 / (epoch + 1));
  g_ascii_dtostr (accuracy, sizeof accuracy, 1.0 - 1.0 / (epoch + 2));
  return g_strdup_printf ("{\"epoch\": %u, \"epochs\": 20, \"loss\": %s, \"accuracy\": %s, \"val_loss\": %s, "
                          "\"val_accuracy\": %s, \"learning_rate\": 0.001, \"seconds\": 0.25, "
                          "\"samples_per_second\": 2000}\n", epoch, loss, accuracy, loss, accuracy);
}

static void
append_epochs (const char *path, guint first, guint last)
{
  for (guint e = first; e <= last; e++)
    {
      g_autofree char *line = epoch_line (e);
      append (path, line);
    }
}

typedef struct {
  BpTrainingView *view;
  guint           epochs;
} EpochWait;

static gboolean
shows_epochs (gpointer data)
{
  EpochWait *wait = data;
  return bp_training_view_get_n_epochs_shown (wait->view) >= wait->epochs;
}

static gboolean
shows_train_again (gpointer view)
{
  return g_strcmp0 (bp_training_view_get_train_label (view), "Train _Again") == 0;
}

static void
test_follow_run_log (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bp-window-run-log-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.jsonl", NULL);
  append_epochs (path, 1, 3);

  BpWindow *window = new_window ();
  BpTrainingView *view = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  bp_test_chosen_file = file;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.follow-run-log", NULL);
  bp_test_chosen_file = NULL;
  EpochWait wait = { view, 3 };
  spin_until (shows_epochs, &wait, 10);
  g_assert_nonnull (bp_document_get_run_log (bp_window_get_document (window)));
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (view), ==, 3);
  g_assert_cmpuint (bp_training_view_get_n_validation_points (view), ==, 3);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));

  /* The run goes on: the series grow without anyone asking. */
  append_epochs (path, 4, 6);
  wait.epochs = 6;
  spin_until (shows_epochs, &wait, 10);
  g_assert_cmpuint (bp_training_view_get_n_validation_points (view), ==, 6);

  /* A line cut short, then a line written in two pieces: skipped, then counted. */
  g_autofree char *seven = epoch_line (7);
  append (path, "{\"epoch\": 7, \"epo\n");
  g_autofree char *start = g_strndup (seven, 10);
  append (path, start);
  spin (1200);
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (view), ==, 6);
  append (path, seven + 10);
  wait.epochs = 7;
  spin_until (shows_epochs, &wait, 10);
  g_assert_cmpuint (bp_training_view_get_n_validation_points (view), ==, 7);

  /* The run's last line (as `backprop-cli train --json` ends): the view
   * shows the run as ended, with no time left. */
  const char *progress = bp_training_view_get_progress_text (view);
  g_assert_nonnull (strstr (progress, " left"));
  append (path, "{\"final\": true, \"epochs\": 7, \"stop_reason\": \"early_stopping\", \"best_epoch\": 7, "
                "\"seconds\": 1.75, \"loss\": 0.125, \"accuracy\": 0.9, \"task\": \"multiclass\", \"seed\": 0}\n");
  spin_until (shows_train_again, view, 10);
  progress = bp_training_view_get_progress_text (view);
  g_test_message ("progress: %s", progress);
  g_assert_nonnull (strstr (progress, "Epoch 7/20"));
  g_assert_null (strstr (progress, " left"));
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (view), ==, 7);

  /* Opening data stops following: what the file gets next is not drawn. */
  g_autofree char *iris = sample_path ("iris.csv");
  g_autoptr(GFile) iris_file = g_file_new_for_path (iris);
  bp_window_open_file (window, iris_file);
  spin_until (not_loading, window, 30);
  g_assert_null (bp_document_get_run_log (bp_window_get_document (window)));
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (view), ==, 0);
  append_epochs (path, 8, 9);
  spin (1200);
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (view), ==, 0);

  /* Opening NAME.jsonl (the command line, a drop, Open) follows it too:
   * the whole file again, its bad line skipped. */
  bp_window_open_file (window, file);
  wait.epochs = 9;
  spin_until (shows_epochs, &wait, 10);
  spin (100);
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (view), ==, 9);
  g_assert_nonnull (bp_document_get_run_log (bp_window_get_document (window)));

  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

static GtkTextView *
find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return GTK_TEXT_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkTextView *found = find_text_view (child);
      if (found)
        return found;
    }
  return NULL;
}

/* A log that arrives all at once (a finished run's file) leaves the
 * epoch log scrolled to its last line, as a live run does. */
static gboolean
log_has_size (gpointer adjustment)
{
  double page = gtk_adjustment_get_page_size (adjustment);
  return page > 0 && gtk_adjustment_get_upper (adjustment) > page;
}

static gboolean
log_at_end (gpointer adjustment)
{
  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
         >= gtk_adjustment_get_upper (adjustment) - 1;
}

static void
test_log_scrolled_to_end (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bp-window-run-log-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.jsonl", NULL);
  append_epochs (path, 1, 60);

  /* Opened as the command line does: before the window is first drawn. */
  g_autoptr(GSettings) settings = g_settings_new (BP_APP_ID);
  BpWindow *window = bp_window_new (NULL, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  bp_window_open_file (window, file);
  gtk_window_present (GTK_WINDOW (window));
  BpTrainingView *view = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  EpochWait wait = { view, 60 };
  spin_until (shows_epochs, &wait, 10);

  GtkTextView *log = find_text_view (GTK_WIDGET (view));
  g_assert_nonnull (log);
  /* The log sits in a popover of the controls row: open it as a click does. */
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (log), GTK_TYPE_POPOVER);
  g_assert_nonnull (popover);
  gtk_popover_popup (GTK_POPOVER (popover));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (log));
  /* Laid out (on a busy machine that takes a while): 60 lines do not fit,
   * so there is something to scroll. Then it must come to rest at the end
   * (before the fix it stayed part-way down, and this timed out). */
  spin_until (log_has_size, adjustment, 20);
  spin_until (log_at_end, adjustment, 10);
  spin (200);
  g_test_message ("log: value %g, page %g, upper %g", gtk_adjustment_get_value (adjustment),
                  gtk_adjustment_get_page_size (adjustment), gtk_adjustment_get_upper (adjustment));
  g_assert_true (log_at_end (adjustment));

  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  g_test_add_func ("/window-run-log/follow", test_follow_run_log);
  g_test_add_func ("/window-run-log/scrolled-to-end", test_log_scrolled_to_end);
  return g_test_run ();
}
