/* test-window.c: the whole window with its real widgets, under Xvfb.
 *
 * Opens a sample through the same code path as the file dialog, changes
 * a column's role, adds and removes a layer, trains three epochs and
 * checks what the charts and progress show; pauses (the Evaluate page
 * shows the model as it is then), steps, resumes, stops and resets; and
 * opens a broken CSV, which must leave the old data in place and say what
 * is wrong. Saves projects and opens them in a new window: the same data,
 * choices, layers and settings; a project whose data is gone opens from
 * the copy it keeps, and says so; one whose data is gone with no copy,
 * or that is not a project, says so and leaves the data in place.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bp-data-view.h"
#include "bp-dialogs.h"   /* bp_test_chosen_file: built with BP_TEST_FILE_CHOOSER */
#include "bp-eval-view.h"
#include "bp-model-view.h"
#include "bp-notice.h"
#include "bp-project.h"
#include "bp-training-session.h"
#include "bp-training-view.h"
#include "bp-window.h"
#include "test-util.h"
#include "test-ui-util.h"

typedef struct {
  BpTrainingSession *session;
  guint64            step;
} StepWait;

static gboolean
eval_shown (gpointer eval_view)
{
  return !bp_eval_view_is_empty (eval_view);
}

/* The weights view shows the first weight of the model the window runs. */
static gboolean
weights_match_model (gpointer eval_view)
{
  GtkWidget *window = gtk_widget_get_ancestor (eval_view, BP_TYPE_WINDOW);
  const BpModel *model = bp_training_session_get_model (bp_window_get_session (BP_WINDOW (window)));
  BpWeightsView *weights = bp_eval_view_get_weights (eval_view);
  return bp_weights_view_get_n_layers (weights) == model->n_layers
         && bp_weights_view_get_weight (weights, 0, 0, 0) == model->layers[0].w[0];
}

static gboolean
session_reached_step (gpointer data)
{
  StepWait *wait = data;
  return bp_training_session_get_last (wait->session)->step >= wait->step;
}

static gboolean
is_button_with_tooltip (GtkWidget *widget, gconstpointer tooltip)
{
  const char *text = gtk_widget_get_tooltip_text (widget);
  return GTK_IS_BUTTON (widget) && text && g_str_has_prefix (text, tooltip) && gtk_widget_get_mapped (widget);
}

/* The window asks before throwing a run away; answer for the user. */
static gboolean
answer_dialog (const char *response)
{
  gboolean answered = FALSE;
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
#if ADW_CHECK_VERSION(1, 5, 0)
      (void) w;
#else
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (w), response);
          gtk_window_destroy (GTK_WINDOW (w));
          answered = TRUE;
        }
#endif
    }
  /* The answer reaches the window through the main loop (a GTask
   * completes in a later iteration when answered outside of one). */
  if (answered)
    spin (20);
  return answered;
}

static char *
dialog_body (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
#if !ADW_CHECK_VERSION(1, 5, 0)
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return g_strdup (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)));
#endif
    }
  return NULL;
}

static void
test_open_train_three_epochs (void)
{
  BpWindow *window = new_window ();
  g_autofree char *path = sample_path ("breast_cancer.csv");
  open_path (window, path);
  const BpTable *table = bp_window_get_table (window);
  g_assert_nonnull (table);
  g_assert_cmpuint (table->n_rows, ==, 569);

  /* Change a column's role: one fewer input for the network. */
  BpDataView *data_view = BP_DATA_VIEW (bp_window_get_data_view (window));
  BpModelView *model_view = BP_MODEL_VIEW (bp_window_get_model_view (window));
  g_autoptr(BpModelSpec) before = bp_model_view_build_spec (model_view);
  g_assert_nonnull (before);
  g_assert_cmpuint (before->n_inputs, ==, 30);
  BpDatasetOptions options;
  bp_data_view_get_options (data_view, &options);
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, table->n_columns);
  roles[0] = BP_ROLE_IGNORED;
  options.roles = roles;
  bp_data_view_set_options (data_view, &options);
  /* What the role dropdown does after changing the role (test-data-view
   * drives the dropdown itself). */
  g_signal_emit_by_name (data_view, "options-changed");
  spin (50);
  g_autoptr(BpModelSpec) after = bp_model_view_build_spec (model_view);
  g_assert_cmpuint (after->n_inputs, ==, 29);

  /* Add a layer with its button, then remove it: the count follows. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (bp_window_get_model_view (window),
                                                                                ADW_TYPE_VIEW_STACK)), "train");
  spin (100);
  GtkWidget *params = find_widget (GTK_WIDGET (model_view), is_label_with_prefix, "Parameters:");
  g_assert_nonnull (params);
  g_autofree char *count_before = g_strdup (gtk_label_get_text (GTK_LABEL (params)));
  g_assert_cmpuint (bp_model_view_get_n_hidden_layers (model_view), ==, 2);
  GtkWidget *add = find_widget (GTK_WIDGET (model_view), is_button_with_tooltip, "Add a hidden layer");
  g_assert_nonnull (add);
  g_signal_emit_by_name (add, "clicked");
  spin (50);
  g_assert_cmpuint (bp_model_view_get_n_hidden_layers (model_view), ==, 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (params)), !=, count_before);
  /* The new layer is the last one: remove it with its own button. */
  g_autoptr(GPtrArray) removes = g_ptr_array_new ();
  find_all (GTK_WIDGET (model_view), is_button_with_tooltip, "Remove this layer", removes);
  g_assert_cmpuint (removes->len, ==, 3);
  g_signal_emit_by_name (g_ptr_array_index (removes, 2), "clicked");
  spin (50);
  g_assert_cmpuint (bp_model_view_get_n_hidden_layers (model_view), ==, 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (params)), ==, count_before);

  /* Train three epochs. */
  set_epochs (window, 3);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 30);
  spin (50);
  BpTrainingView *view = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (view), ==, 3);
  g_assert_nonnull (strstr (bp_training_view_get_progress_text (view), "Epoch 3/3"));
  g_assert_cmpuint (bp_training_session_get_history (bp_window_get_session (window))->len, ==, 3);
  g_assert_cmpuint (bp_training_view_get_n_validation_points (view), ==, 3);
  g_assert_cmpint (bp_training_session_get_stop_reason (bp_window_get_session (window)), ==, BP_STOP_EPOCHS);

  /* The Evaluate page shows the finished model on the validation rows. */
  BpEvalView *eval_view = BP_EVAL_VIEW (find_widget (GTK_WIDGET (window), is_eval_view, NULL));
  g_assert_nonnull (eval_view);
  g_assert_false (bp_eval_view_is_empty (eval_view));
  g_assert_cmpuint (bp_confusion_matrix_get_n_classes (bp_eval_view_get_confusion_matrix (eval_view)), ==, 2);
  guint64 total = 0;
  for (gsize t = 0; t < 2; t++)
    for (gsize p = 0; p < 2; p++)
      total += bp_confusion_matrix_get_count (bp_eval_view_get_confusion_matrix (eval_view), t, p);
  g_assert_cmpuint (total, ==, 114);
  /* And the weights of each of its layers. */
  const BpModel *trained = bp_training_session_get_model (bp_window_get_session (window));
  BpWeightsView *weights = bp_eval_view_get_weights (eval_view);
  g_assert_cmpuint (bp_weights_view_get_n_layers (weights), ==, trained->n_layers);
  g_assert_cmpfloat (bp_weights_view_get_weight (weights, 0, 0, 0), ==, trained->layers[0].w[0]);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (weights)));

  /* The data and the network are locked while a model exists. */
  g_assert_true (bp_data_view_get_locked (data_view));
  g_assert_cmpint (bp_model_view_get_state (model_view), ==, BP_MODEL_VIEW_PAUSED);

  close_window (window);
}

static gboolean
is_notice (GtkWidget *widget, gconstpointer data)
{
  return BP_IS_NOTICE (widget);
}

static gboolean
is_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget);
}

/* iris.csv is sorted by species: with no option changed the split is
 * stratified, a notice on the Data page and one before Train say so, and
 * their button goes back to the file order. The end of a run and the
 * Evaluate page say what always answering one class scores. */
static void
test_sorted_file_notice (void)
{
  BpWindow *window = new_window ();
  BpDocument *document = bp_window_get_document (window);
  g_autofree char *path = sample_path ("iris.csv");
  open_path (window, path);
  spin (50);
  g_assert_cmpint (bp_document_get_dataset (document)->split, ==, BP_SPLIT_STRATIFIED);
  g_autoptr(GPtrArray) notices = g_ptr_array_new ();
  find_all (GTK_WIDGET (window), is_notice, NULL, notices);
  g_assert_cmpuint (notices->len, ==, 2);
  for (guint i = 0; i < notices->len; i++)
    {
      const char *text = bp_notice_get_text (notices->pdata[i]);
      g_assert_nonnull (text);
      g_assert_nonnull (strstr (text, "“setosa”"));
      g_assert_true (gtk_widget_get_visible (notices->pdata[i]));
    }

  /* Train before going back: the run ends with the baseline. */
  set_epochs (window, 3);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 30);
  spin (50);
  GtkWidget *status = find_widget (GTK_WIDGET (window), is_label_with_prefix, "Finished 3 epochs: validation accuracy");
  g_assert_nonnull (status);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "— always answering “setosa” scores 33.3%."));
  GtkWidget *eval_baseline = find_widget (GTK_WIDGET (window), is_label_with_prefix, "30 validation rows");
  g_assert_nonnull (eval_baseline);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (eval_baseline)), "Always answering “setosa” scores 33.3%."));
  /* The data choices are locked while a model exists. */
  GtkWidget *button = find_widget (notices->pdata[1], is_button, NULL);
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  spin (100);
  g_assert_true (answer_dialog ("discard"));
  spin (50);

  /* One click back to the file order. */
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Keras: last 20% of rows");
  g_signal_emit_by_name (button, "clicked");
  spin (50);
  BpDatasetOptions options;
  bp_document_get_data_options (document, &options);
  g_assert_cmpint (options.split, ==, BP_SPLIT_KERAS);
  g_assert_cmpint (bp_document_get_dataset (document)->split, ==, BP_SPLIT_KERAS);
  bp_data_view_get_options (BP_DATA_VIEW (bp_window_get_data_view (window)), &options);
  g_assert_cmpint (options.split, ==, BP_SPLIT_KERAS);
  for (guint i = 0; i < notices->len; i++)
    {
      g_assert_null (bp_notice_get_text (notices->pdata[i]));
      g_assert_false (gtk_widget_get_visible (notices->pdata[i]));
    }

  /* breast_cancer is not sorted: no notice. */
  g_autofree char *cancer = sample_path ("breast_cancer.csv");
  open_path (window, cancer);
  spin (50);
  g_assert_cmpint (bp_document_get_dataset (document)->split, ==, BP_SPLIT_KERAS);
  for (guint i = 0; i < notices->len; i++)
    g_assert_null (bp_notice_get_text (notices->pdata[i]));
  close_window (window);
}

static void
test_pause_step_resume_stop_reset (void)
{
  BpWindow *window = new_window ();
  BpTrainingSession *session = bp_window_get_session (window);
  g_autofree char *path = sample_path ("iris.csv");
  open_path (window, path);
  set_epochs (window, 100000);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_RUNNING);
  spin_until (has_progress, window, 30);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_PAUSED);
  /* The worker finishes its batch before it parks; wait for that (a busy
   * machine may take longer than any fixed delay), then drain. */
  spin_until (session_parked_and_drained, session, 30);
  guint64 step = bp_training_session_get_last (session)->step;
  spin (100);
  g_assert_cmpuint (bp_training_session_get_last (session)->step, ==, step);

  /* Parked, the Evaluate page shows the model as it is now, and says when. */
  BpEvalView *eval_view = BP_EVAL_VIEW (find_widget (GTK_WIDGET (window), is_eval_view, NULL));
  g_assert_nonnull (eval_view);
  spin_until (eval_shown, eval_view, 30);
  const BpModel *model = bp_training_session_get_model (session);
  BpWeightsView *weights = bp_eval_view_get_weights (eval_view);
  g_assert_cmpuint (bp_weights_view_get_n_layers (weights), ==, model->n_layers);
  g_assert_cmpfloat (bp_weights_view_get_weight (weights, 0, 0, 0), ==, model->layers[0].w[0]);
  g_assert_cmpuint (bp_confusion_matrix_get_n_classes (bp_eval_view_get_confusion_matrix (eval_view)), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-batch", NULL);
  StepWait wait = { session, step + 1 };
  spin_until (session_reached_step, &wait, 30);
  spin_until (session_parked_and_drained, session, 30);
  spin (100);
  g_assert_cmpuint (bp_training_session_get_last (session)->step, ==, step + 1);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_PAUSED);
  /* The step moved the weights; the page follows once parked again. */
  spin_until (weights_match_model, eval_view, 30);
  g_assert_false (bp_eval_view_is_empty (eval_view));

  /* A new learning rate while paused: it applies on resume, and the
   * charts mark the step where it did. */
  BpModelView *model_view = BP_MODEL_VIEW (bp_window_get_model_view (window));
  BpTrainingView *view = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  BpTrainConfig config;
  bp_model_view_get_train_config (model_view, &config);
  config.optimizer.learning_rate = 0.01f;
  bp_model_view_set_train_config (model_view, &config);
  spin (50);
  g_assert_null (bp_chart_get_marker (bp_training_view_get_loss_chart (view), 0, NULL));

  /* Space is pause/resume too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_RUNNING);
  wait.step = step + 2;
  spin_until (session_reached_step, &wait, 30);
  spin (50);
  g_assert_cmpfloat_with_epsilon (bp_training_session_get_last (session)->learning_rate, 0.01, 1e-7);
  double mark_x = 0;
  const char *mark = bp_chart_get_marker (bp_training_view_get_loss_chart (view), 0, &mark_x);
  g_assert_nonnull (mark);
  g_assert_nonnull (strstr (mark, "0.01"));
  g_assert_nonnull (bp_chart_get_marker (bp_training_view_get_metric_chart (view), 0, NULL));
  g_assert_cmpfloat (mark_x, >, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  spin_until (finished, window, 30);
  g_assert_cmpint (bp_training_session_get_stop_reason (session), ==, BP_STOP_USER);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  spin (100);
  g_assert_true (answer_dialog ("discard"));
  spin (50);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_IDLE);
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (view), ==, 0);
  g_assert_true (bp_eval_view_is_empty (eval_view));
  g_assert_cmpuint (bp_weights_view_get_n_layers (bp_eval_view_get_weights (eval_view)), ==, 0);
  g_assert_false (bp_data_view_get_locked (BP_DATA_VIEW (bp_window_get_data_view (window))));

  close_window (window);
}

static void
test_bad_csv_keeps_data (void)
{
  BpWindow *window = new_window ();
  g_autofree char *path = sample_path ("iris.csv");
  open_path (window, path);
  const BpTable *table = bp_window_get_table (window);
  g_assert_nonnull (table);

  g_autofree char *dir = g_dir_make_tmp ("bp-window-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "ragged.csv", NULL);
  g_assert_true (g_file_set_contents (bad, "a,b,c\n1,2,3\n4,5\n", -1, NULL));
  open_path (window, bad);
  spin (100);

  g_assert_true (bp_window_get_table (window) == table);   /* the old data stays */
  g_autofree char *body = dialog_body ();
#if !ADW_CHECK_VERSION(1, 5, 0)
  g_assert_nonnull (body);
  g_assert_nonnull (strstr (body, "ragged.csv:3"));
  answer_dialog ("close");
#endif
  g_unlink (bad);
  g_rmdir (dir);
  close_window (window);
}

/* A big file loads off the UI thread and can be cancelled: the window
 * stays responsive and the data it had stays. */
static void
test_cancel_load (void)
{
  BpWindow *window = new_window ();
  g_autofree char *path = sample_path ("iris.csv");
  open_path (window, path);
  const BpTable *table = bp_window_get_table (window);

  g_autofree char *dir = g_dir_make_tmp ("bp-window-XXXXXX", NULL);
  g_autofree char *big = g_build_filename (dir, "big.csv", NULL);
  g_autoptr(GString) text = g_string_new ("a,b,c,d,e,f,g,h\n");
  for (guint i = 0; i < 400000; i++)
    g_string_append_printf (text, "%u.5,%u,%u.25,%u,%u.75,%u,%u,%s\n", i, i % 7, i % 13, i % 17, i % 19, i % 23, i % 29,
                            i % 2 ? "yes" : "no");
  g_assert_true (g_file_set_contents (big, text->str, (gssize) text->len, NULL));

  g_autoptr(GFile) file = g_file_new_for_path (big);
  bp_window_open_file (window, file);
  g_assert_true (bp_window_is_loading (window));
  spin (20);   /* the main loop keeps turning while the thread reads */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL);
  g_assert_false (bp_window_is_loading (window));
  spin (1500);   /* the thread's late result must be dropped */
  g_assert_true (bp_window_get_table (window) == table);
  g_assert_null (dialog_body ());

  g_unlink (big);
  g_rmdir (dir);
  close_window (window);
}

/* A setup for a project to keep: column @ignored ignored and @layers as
 * the hidden layers. Returns the target's column. */
static int
change_setup (BpWindow *window, gsize ignored, const BpLayerStack *layers)
{
  const BpTable *table = bp_window_get_table (window);
  BpDataView *data_view = BP_DATA_VIEW (bp_window_get_data_view (window));
  BpDatasetOptions options;
  bp_data_view_get_options (data_view, &options);
  g_autofree BpColumnRole *roles = g_new0 (BpColumnRole, table->n_columns);
  roles[ignored] = BP_ROLE_IGNORED;
  options.roles = roles;
  bp_data_view_set_options (data_view, &options);
  g_signal_emit_by_name (data_view, "options-changed");
  bp_model_view_set_hidden_layers (BP_MODEL_VIEW (bp_window_get_model_view (window)), layers);
  return options.target;
}

/* @other opened the project @file saved from @table (named "lesson"):
 * the same cells, the target, only column @ignored ignored. */
static void
assert_reopened (BpWindow *other, const BpTable *table, GFile *file, int target, gsize ignored)
{
  const BpTable *reopened = bp_window_get_table (other);
  g_assert_nonnull (reopened);
  g_assert_true (reopened != table);
  assert_same_cells (table, reopened);
  g_assert_true (g_file_equal (bp_window_get_project_file (other), file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (other)), ==, "lesson");

  BpDatasetOptions got;
  bp_data_view_get_options (BP_DATA_VIEW (bp_window_get_data_view (other)), &got);
  g_assert_cmpint (got.target, ==, target);
  g_assert_nonnull (got.roles);
  for (gsize c = 0; c < reopened->n_columns; c++)
    g_assert_cmpint (got.roles[c], ==, c == ignored ? BP_ROLE_IGNORED : BP_ROLE_AUTO);
}

/* Save after changing a column's role, a layer's units and the learning
 * rate; open the project in a new window: all of it comes back. */
static void
test_project_save_open (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("breast_cancer.csv", &dir);
  BpWindow *window = new_window ();
  open_path (window, csv);
  const BpTable *table = bp_window_get_table (window);
  g_assert_nonnull (table);
  g_assert_null (bp_window_get_project_file (window));

  BpModelView *model_view = BP_MODEL_VIEW (bp_window_get_model_view (window));
  g_autoptr(BpLayerStack) layers = bp_layer_stack_new ();
  bp_layer_stack_add (layers, 24, BP_ACTIVATION_TANH, 0.f);
  bp_layer_stack_add (layers, 64, BP_ACTIVATION_RELU, 0.f);
  const int target = change_setup (window, 3, layers);
  BpTrainConfig config;
  bp_model_view_get_train_config (model_view, &config);
  config.optimizer.learning_rate = 0.0125f;
  bp_model_view_set_train_config (model_view, &config);
  spin (50);

  g_autofree char *path = g_build_filename (dir, "lesson.backprop", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_window_save_project (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* Not the whole text: its copy of the CSV is one line of 160 KB, which
   * meson's TAP reader splits into lines it does not understand. */
  g_test_message ("%.300s…", text);
  /* The CSV next to it is named by a relative path. */
  g_assert_nonnull (strstr (text, "\"path\": \"breast_cancer.csv\""));
  g_assert_true (g_file_equal (bp_window_get_project_file (window), file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "lesson");

  /* Ctrl+S saves there again, with no dialog. */
  config.optimizer.learning_rate = 0.025f;
  bp_model_view_set_train_config (model_view, &config);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-project", NULL);
  spin (50);
  g_autoptr(BpProject) saved = bp_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (saved->config.optimizer.learning_rate, ==, 0.025f);

  /* A new window opens it as the command line or a drop would. */
  BpWindow *other = new_window ();
  open_path (other, path);
  assert_reopened (other, table, file, target, 3);
  BpModelView *other_model = BP_MODEL_VIEW (bp_window_get_model_view (other));
  g_autoptr(BpModelSpec) spec = bp_model_view_build_spec (other_model);
  g_assert_nonnull (spec);
  g_assert_cmpuint (spec->n_inputs, ==, 29);
  g_assert_cmpuint (spec->layers->len, ==, 3);
  g_assert_cmpuint (g_array_index (spec->layers, BpLayerSpec, 0).units, ==, 24);
  g_assert_cmpint (g_array_index (spec->layers, BpLayerSpec, 0).activation, ==, BP_ACTIVATION_TANH);
  g_assert_cmpuint (g_array_index (spec->layers, BpLayerSpec, 1).units, ==, 64);
  BpTrainConfig got_config;
  bp_model_view_get_train_config (other_model, &got_config);
  g_assert_cmpfloat (got_config.optimizer.learning_rate, ==, 0.025f);

  /* Opening other data leaves the project: Ctrl+S would ask again. */
  g_autofree char *iris = sample_path ("iris.csv");
  open_path (other, iris);
  g_assert_null (bp_window_get_project_file (other));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (other)), ==, "iris.csv");

  close_window (other);
  close_window (window);
  g_unlink (path);
  g_unlink (csv);
  g_rmdir (dir);
}

/* Saves @window's setup to @path and reads it back: a project that keeps
 * a copy of its CSV. */
static BpProject *
save_with_copy (BpWindow *window, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_window_save_project (window, file, &error));
  g_assert_no_error (error);
  BpProject *saved = bp_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved->source.copy);
  return saved;
}

/* A project whose CSV was deleted and that keeps no copy of it (as for a
 * file over BP_PROJECT_MAX_COPY): an error naming both, and the data the
 * window had stays. */
static void
test_project_missing_data (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("iris.csv", &dir);
  BpWindow *window = new_window ();
  open_path (window, csv);
  g_autofree char *path = g_build_filename (dir, "flowers.backprop", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) saved = save_with_copy (window, path);
  g_unlink (csv);
  g_clear_pointer (&saved->source.copy, g_bytes_unref);
  g_assert_true (bp_project_save (saved, path, &error));
  g_assert_no_error (error);

  g_autofree char *wine = sample_path ("wine.csv");
  open_path (window, wine);
  const BpTable *table = bp_window_get_table (window);
  open_path (window, path);
  g_assert_true (bp_window_get_table (window) == table);
  g_assert_null (bp_window_get_project_file (window));
  g_autofree char *body = dialog_body ();
  g_test_message ("%s", body);
#if !ADW_CHECK_VERSION(1, 5, 0)
  g_assert_nonnull (body);
  g_assert_nonnull (strstr (body, "iris.csv"));
  g_assert_nonnull (strstr (body, "flowers.backprop"));
  /* Not finding it keeps everything. */
  g_assert_true (answer_dialog ("cancel"));
  spin (50);
  g_assert_true (bp_window_get_table (window) == table);
  g_assert_null (bp_window_get_project_file (window));
#endif
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

typedef struct {
  BpWindow *window;
  GFile    *project;
} ProjectWait;

/* The project is open: the answer to a question may start its load only
 * some frames later (a slow machine, ThreadSanitizer), so "not loading"
 * alone can still be the state before it. */
static gboolean
project_opened (gpointer data)
{
  ProjectWait *wait = data;
  GFile *open = bp_window_get_project_file (wait->window);
  return !bp_window_is_loading (wait->window) && open && g_file_equal (open, wait->project);
}

/* The same, answered by finding the CSV where it went: the project opens
 * with it, its choices applied, and saving again names the new place. */
static void
test_project_find_data (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("iris.csv", &dir);
  BpWindow *window = new_window ();
  open_path (window, csv);
  g_autoptr(BpLayerStack) layers = bp_layer_stack_new ();
  bp_layer_stack_add (layers, 12, BP_ACTIVATION_TANH, 0.0f);
  change_setup (window, 1, layers);
  g_autofree char *path = g_build_filename (dir, "flowers.backprop", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) saved = save_with_copy (window, path);
  g_clear_pointer (&saved->source.copy, g_bytes_unref);
  g_assert_true (bp_project_save (saved, path, &error));
  g_assert_no_error (error);
  g_autofree char *moved_dir = g_build_filename (dir, "moved", NULL);
  g_assert_cmpint (g_mkdir (moved_dir, 0700), ==, 0);
  g_autofree char *moved = g_build_filename (moved_dir, "iris.csv", NULL);
  g_assert_cmpint (g_rename (csv, moved), ==, 0);

  g_autofree char *wine = sample_path ("wine.csv");
  open_path (window, wine);
  open_path (window, path);
#if !ADW_CHECK_VERSION(1, 5, 0)
  g_autoptr(GFile) moved_file = g_file_new_for_path (moved);
  bp_test_chosen_file = moved_file;
  g_assert_true (answer_dialog ("find"));
  bp_test_chosen_file = NULL;
  g_autoptr(GFile) project_file = g_file_new_for_path (path);
  ProjectWait wait = { window, project_file };
  spin_until (project_opened, &wait, 30);
  spin (50);

  const BpTable *table = bp_window_get_table (window);
  g_assert_nonnull (table);
  g_assert_cmpuint (table->n_rows, ==, 150);
  g_assert_true (g_file_equal (bp_window_get_project_file (window), project_file));
  BpDatasetOptions options;
  bp_data_view_get_options (BP_DATA_VIEW (bp_window_get_data_view (window)), &options);
  g_assert_cmpint (options.roles[1], ==, BP_ROLE_IGNORED);
  g_assert_cmpuint (bp_model_view_get_n_hidden_layers (BP_MODEL_VIEW (bp_window_get_model_view (window))), ==, 1);

  /* Saved again: the CSV's new place, below the project's folder. */
  g_assert_true (bp_window_save_project (window, project_file, &error));
  g_assert_no_error (error);
  g_autoptr(BpProject) again = bp_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->source.path, ==, moved);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"path\": \"moved/iris.csv\""));
#endif
  close_window (window);
  g_unlink (path);
  g_unlink (moved);
  g_rmdir (moved_dir);
  g_rmdir (dir);
}

/* The CSV deleted after the project was saved: the project opens from its
 * copy, with the same cells, roles and layers, and a toast says so;
 * saved again, it keeps the copy although the CSV is gone. */
static void
test_project_data_copy (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("breast_cancer.csv", &dir);
  g_autofree char *csv_text = NULL;
  gsize csv_length;
  g_assert_true (g_file_get_contents (csv, &csv_text, &csv_length, NULL));
  BpWindow *window = new_window ();
  open_path (window, csv);
  const BpTable *table = bp_window_get_table (window);
  g_assert_nonnull (table);

  g_autoptr(BpLayerStack) layers = bp_layer_stack_new ();
  bp_layer_stack_add (layers, 12, BP_ACTIVATION_SIGMOID, 0.f);
  const int target = change_setup (window, 2, layers);
  spin (50);

  g_autofree char *path = g_build_filename (dir, "lesson.backprop", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(BpProject) saved = save_with_copy (window, path);
  g_assert_cmpmem (g_bytes_get_data (saved->source.copy, NULL), g_bytes_get_size (saved->source.copy),
                   csv_text, csv_length);
  g_assert_cmpint (g_unlink (csv), ==, 0);

  BpWindow *other = new_window ();
  open_path (other, path);
  assert_reopened (other, table, file, target, 2);
  g_autoptr(BpModelSpec) spec = bp_model_view_build_spec (BP_MODEL_VIEW (bp_window_get_model_view (other)));
  g_assert_nonnull (spec);
  g_assert_cmpuint (spec->layers->len, ==, 2);
  g_assert_cmpuint (g_array_index (spec->layers, BpLayerSpec, 0).units, ==, 12);
  g_assert_cmpint (g_array_index (spec->layers, BpLayerSpec, 0).activation, ==, BP_ACTIVATION_SIGMOID);
  /* No error dialog, and a toast that names the file. */
  g_autofree char *body = dialog_body ();
  g_assert_null (body);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  find_all (GTK_WIDGET (other), is_label_with, "using the copy saved in the project", labels);
  g_assert_cmpuint (labels->len, ==, 1);
  const char *notice = gtk_label_get_label (labels->pdata[0]);
  g_test_message ("%s", notice);
  g_assert_nonnull (strstr (notice, "breast_cancer.csv"));

  /* Saved again (elsewhere), the copy goes with it. */
  g_autofree char *again_path = g_build_filename (dir, "again.backprop", NULL);
  g_autoptr(BpProject) resaved = save_with_copy (other, again_path);
  g_assert_true (g_bytes_equal (resaved->source.copy, saved->source.copy));
  g_assert_cmpstr (resaved->source.path, ==, saved->source.path);

  close_window (other);
  close_window (window);
  g_unlink (again_path);
  g_unlink (path);
  g_rmdir (dir);
}

/* Not a project: the engine's message, and nothing changes. */
static void
test_project_invalid (void)
{
  BpWindow *window = new_window ();
  g_autofree char *iris = sample_path ("iris.csv");
  open_path (window, iris);
  const BpTable *table = bp_window_get_table (window);
  g_autofree char *dir = g_dir_make_tmp ("bp-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.backprop", NULL);
  g_assert_true (g_file_set_contents (path, "{\"format\": \"backprop-project\", \"version\": 1, \"task\": 7}", -1, NULL));
  open_path (window, path);
  g_assert_true (bp_window_get_table (window) == table);
  g_assert_null (bp_window_get_project_file (window));
  g_autofree char *body = dialog_body ();
  g_test_message ("%s", body);
#if !ADW_CHECK_VERSION(1, 5, 0)
  g_assert_nonnull (body);
  g_assert_nonnull (strstr (body, "broken.backprop"));
  answer_dialog ("close");
#endif
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* After a run the setup can still be saved; opening a project then asks
 * before the trained network is discarded, but a broken project does not
 * ask: it only says what is wrong. */
static void
test_project_asks_before_discarding (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("iris.csv", &dir);
  BpWindow *window = new_window ();
  open_path (window, csv);
  set_epochs (window, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 30);
  g_autofree char *path = g_build_filename (dir, "flowers.backprop", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_window_save_project (window, file, &error));
  g_assert_no_error (error);
  const BpTable *table = bp_window_get_table (window);
  BpTrainingSession *session = bp_window_get_session (window);

  g_autofree char *broken = g_build_filename (dir, "broken.backprop", NULL);
  g_assert_true (g_file_set_contents (broken, "[]", -1, NULL));
  open_path (window, broken);
  g_autofree char *body = dialog_body ();
#if !ADW_CHECK_VERSION(1, 5, 0)
  g_assert_nonnull (strstr (body, "broken.backprop"));
  answer_dialog ("close");
  g_assert_null (dialog_body ());
#endif
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_FINISHED);

#if !ADW_CHECK_VERSION(1, 5, 0)
  open_path (window, path);
  g_clear_pointer (&body, g_free);
  body = dialog_body ();
  g_assert_nonnull (strstr (body, "weights"));
  answer_dialog ("cancel");
  spin (50);
  g_assert_true (bp_window_get_table (window) == table);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_FINISHED);

  open_path (window, path);
  answer_dialog ("discard");
  spin_until (not_loading, window, 30);
  spin (50);
  g_assert_true (bp_window_get_table (window) != table);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_IDLE);
  g_assert_true (g_file_equal (bp_window_get_project_file (window), file));
#endif

  close_window (window);
  g_unlink (broken);
  g_unlink (path);
  g_unlink (csv);
  g_rmdir (dir);
}

/* A generated set is saved as its kind, size, noise and seed: reopened,
 * it is the very same data. */
static void
test_project_generated (void)
{
  BpWindow *window = new_window ();
  g_assert_true (bp_window_open_sample (window, "spiral", NULL));
  spin (50);
  const BpTable *table = bp_window_get_table (window);
  g_assert_nonnull (table);
  g_autofree char *dir = g_dir_make_tmp ("bp-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "spiral.backprop", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_window_save_project (window, file, &error));
  g_assert_no_error (error);

  BpWindow *other = new_window ();
  open_path (other, path);
  const BpTable *reopened = bp_window_get_table (other);
  g_assert_nonnull (reopened);
  assert_same_cells (table, reopened);
  /* And a new spiral from the menu is another set. */
  g_assert_true (bp_window_open_sample (other, "spiral", NULL));
  spin (50);
  g_autofree char *a = bp_table_cell_text (table, 0, 0);
  g_autofree char *b = bp_table_cell_text (bp_window_get_table (other), 0, 0);
  g_assert_cmpstr (a, !=, b);

  close_window (other);
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* A project whose own name is not UTF-8 (a Latin-1 "café.backprop" on a
 * UTF-8 system) is still a project: it was read as a CSV. */
static void
test_project_non_utf8_name (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("iris.csv", &dir);
  BpWindow *window = new_window ();
  open_path (window, csv);
  g_autofree char *path = g_build_filename (dir, "caf\xe9.backprop", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_window_save_project (window, file, &error));
  g_assert_no_error (error);

  BpWindow *other = new_window ();
  open_path (other, path);
  g_assert_nonnull (bp_window_get_table (other));
  g_assert_nonnull (bp_window_get_project_file (other));
  g_assert_true (g_file_equal (bp_window_get_project_file (other), file));
  assert_same_cells (bp_window_get_table (window), bp_window_get_table (other));

  close_window (other);
  close_window (window);
  g_unlink (path);
  g_unlink (csv);
  g_rmdir (dir);
}

/* A project without data (written by hand: "kind": "none") brings only
 * layers and settings, but it was opened after "Discard": the trained
 * network is discarded, as for a project with data. */
static void
test_project_without_data_discards (void)
{
#if !ADW_CHECK_VERSION(1, 5, 0)
  g_autofree char *dir = NULL;
  g_autofree char *csv = copy_sample ("iris.csv", &dir);
  BpWindow *window = new_window ();
  open_path (window, csv);
  set_epochs (window, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 30);
  BpTrainingSession *session = bp_window_get_session (window);

  g_autoptr(BpProject) project = bp_project_new ();
  g_autofree char *path = g_build_filename (dir, "network.backprop", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_project_save (project, path, &error));
  g_assert_no_error (error);
  open_path (window, path);
  g_autofree char *body = dialog_body ();
  g_assert_nonnull (strstr (body, "weights"));
  answer_dialog ("discard");
  spin (50);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_IDLE);
  g_assert_nonnull (bp_window_get_project_file (window));

  close_window (window);
  g_unlink (path);
  g_unlink (csv);
  g_rmdir (dir);
#else
  g_test_skip ("the confirmation is an AdwAlertDialog");
#endif
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Leave the user's recent files alone (and GTK 4.8's recent manager
   * keeps a GDateTime on each change, which LeakSanitizer reports). */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  /* What the application sets at start-up. */
  bp_blas_set_threads (MAX (1, (int) g_get_num_processors () - 1));
  g_test_add_func ("/window/open-train-three-epochs", test_open_train_three_epochs);
  g_test_add_func ("/window/sorted-file-notice", test_sorted_file_notice);
  g_test_add_func ("/window/pause-step-resume-stop-reset", test_pause_step_resume_stop_reset);
  g_test_add_func ("/window/bad-csv-keeps-data", test_bad_csv_keeps_data);
  g_test_add_func ("/window/cancel-load", test_cancel_load);
  g_test_add_func ("/window/project-save-open", test_project_save_open);
  g_test_add_func ("/window/project-missing-data", test_project_missing_data);
  g_test_add_func ("/window/project-find-data", test_project_find_data);
  g_test_add_func ("/window/project-data-copy", test_project_data_copy);
  g_test_add_func ("/window/project-invalid", test_project_invalid);
  g_test_add_func ("/window/project-generated", test_project_generated);
  g_test_add_func ("/window/project-non-utf8-name", test_project_non_utf8_name);
  g_test_add_func ("/window/project-without-data-discards", test_project_without_data_discards);
  g_test_add_func ("/window/project-asks-before-discarding", test_project_asks_before_discarding);
  return g_test_run ();
}
