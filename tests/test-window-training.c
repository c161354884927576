/* test-window-training.c: the window's training controls, under Xvfb.
 *
 * Train from the Data page (Ctrl+Return) shows the training page; after a
 * run ends the Train button says it starts again and the progress line
 * says no time left; settings changed during one pause are all named in
 * the one mark on the charts.
 */
#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bp-boundary-view.h"
#include "bp-model-view.h"
#include "bp-training-session.h"
#include "bp-training-view.h"
#include "bp-window.h"
#include "test-util.h"
#include "test-ui-util.h"

static AdwViewStack *
view_stack (BpWindow *window)
{
  return ADW_VIEW_STACK (gtk_widget_get_ancestor (bp_window_get_model_view (window), ADW_TYPE_VIEW_STACK));
}

static gboolean
is_toggle_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static void
test_train_from_data_page (void)
{
  BpWindow *window = new_window ();
  g_autofree char *path = sample_path ("iris.csv");
  open_path (window, path);
  set_epochs (window, 2);
  adw_view_stack_set_visible_child_name (view_stack (window), "data");
  spin (50);

  /* What Ctrl+Return activates. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (view_stack (window)), ==, "train");
  spin_until (finished, window, 30);
  spin (50);

  /* The log axis is one click on the loss chart. */
  GtkWidget *toggle = find_widget (GTK_WIDGET (view_stack (window)), is_toggle_labelled, "Log scale");
  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_get_mapped (toggle));
  BpTrainingView *tv = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  g_assert_false (bp_chart_get_log_y (bp_training_view_get_loss_chart (tv)));
  g_signal_emit_by_name (toggle, "clicked");
  g_assert_true (bp_chart_get_log_y (bp_training_view_get_loss_chart (tv)));
  g_signal_emit_by_name (toggle, "clicked");
  g_assert_false (bp_chart_get_log_y (bp_training_view_get_loss_chart (tv)));

  /* Ended: Train starts a new run, and says so; no time is left. */
  BpTrainingView *view = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  g_assert_cmpstr (bp_training_view_get_train_label (view), ==, "Train _Again");
  const char *progress = bp_training_view_get_progress_text (view);
  g_assert_nonnull (strstr (progress, "Epoch 2/2"));
  g_assert_null (strstr (progress, "left"));
  g_assert_nonnull (strstr (progress, "samples/⁠s"));  /* a word joiner: no break after the slash */

  /* And it does start again, from the first epoch. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_cmpstr (bp_training_view_get_train_label (view), ==, "_Train");
  spin_until (finished, window, 30);
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (view), ==, 2);

  close_window (window);
}

static gboolean
is_scrolled_window (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SCROLLED_WINDOW (widget);
}

/* Where the user had scrolled the left pane to stays put when a run ends
 * and Train starts the next one. */
/* A widget's box in the window: on screen, whole, and at least this big. */
static void
assert_shown_whole (BpWindow *window, GtkWidget *widget, int min_width, int min_height)
{
  graphene_rect_t box;
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &box));
  g_assert_cmpfloat (box.size.width, >=, min_width);
  g_assert_cmpfloat (box.size.height, >=, min_height);
  g_assert_cmpfloat (box.origin.x, >=, 0);
  g_assert_cmpfloat (box.origin.y, >=, 0);
  g_assert_cmpfloat (box.origin.x + box.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpfloat (box.origin.y + box.size.height, <=, gtk_widget_get_height (GTK_WIDGET (window)));
}

/* At 1280×720 the charts, the boundary, the network and the confusion
 * matrix are all on the training page at once, beside the left pane. */
static void
test_live_views_fit (void)
{
  BpWindow *window = new_window ();
  g_autofree char *path = sample_path ("iris.csv");
  open_path (window, path);
  set_epochs (window, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 30);
  spin (100);
  BpTrainingView *view = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  assert_shown_whole (window, GTK_WIDGET (bp_training_view_get_loss_chart (view)), 300, 120);
  assert_shown_whole (window, GTK_WIDGET (bp_training_view_get_metric_chart (view)), 300, 120);
  assert_shown_whole (window, bp_training_view_get_outcome (view), 300, 120);
  assert_shown_whole (window, GTK_WIDGET (bp_training_view_get_boundary_view (view)), 300, 220);
  assert_shown_whole (window, GTK_WIDGET (bp_training_view_get_network_view (view)), 300, 200);
  assert_shown_whole (window, bp_window_get_model_view (window), 300, 200);
  /* Fed: iris has four number features, so a plane with pickers beside
   * it, and three classes in the matrix. */
  BpBoundaryView *boundary = bp_training_view_get_boundary_view (view);
  g_assert_true (bp_boundary_view_has_boundary (boundary));
  g_assert_true (gtk_widget_get_visible (bp_boundary_view_get_pickers (boundary)));
  g_assert_cmpuint (bp_confusion_matrix_get_n_classes (bp_training_view_get_confusion_matrix (view)), ==, 3);
  g_assert_cmpuint (bp_network_view_get_n_drawn (bp_training_view_get_network_view (view)), >, 0);
  close_window (window);
}

static void
test_left_pane_keeps_scroll (void)
{
  BpWindow *window = new_window ();
  g_autofree char *path = sample_path ("iris.csv");
  open_path (window, path);
  set_epochs (window, 2);
  adw_view_stack_set_visible_child_name (view_stack (window), "train");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  spin (300);
  /* The model view scrolls inside the left pane. */
  GtkWidget *scroller = find_widget (bp_window_get_model_view (window), is_scrolled_window, NULL);
  g_assert_nonnull (scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  g_assert_cmpfloat (upper, >, 100);
  double where = floor (upper * 0.75);

  gtk_adjustment_set_value (adjustment, where);
  spin (50);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 30);
  spin (200);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), where, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin (200);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), where, 1);
  spin_until (finished, window, 30);
  spin (200);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), where, 1);
  close_window (window);
}

static void
test_pause_changes_marked (void)
{
  BpWindow *window = new_window ();
  BpTrainingSession *session = bp_window_get_session (window);
  g_autofree char *path = sample_path ("iris.csv");
  open_path (window, path);
  set_epochs (window, 100000);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (has_progress, window, 30);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL);
  spin_until (session_parked_and_drained, session, 30);

  /* Two changes during one pause, one after the other, as a user makes
   * them: the learning rate, then the batch size and the epochs. */
  BpModelView *model_view = BP_MODEL_VIEW (bp_window_get_model_view (window));
  BpTrainConfig config;
  bp_model_view_get_train_config (model_view, &config);
  config.optimizer.learning_rate = 0.064f;
  bp_model_view_set_train_config (model_view, &config);
  spin (20);
  config.batch_size = 64;
  bp_model_view_set_train_config (model_view, &config);
  spin (20);
  config.epochs = 200000;
  bp_model_view_set_train_config (model_view, &config);
  spin (20);

  guint64 step = bp_training_session_get_last (session)->step;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-batch", NULL);
  spin_until (session_parked_and_drained, session, 30);
  g_assert_cmpuint (bp_training_session_get_last (session)->step, >, step);

  BpTrainingView *view = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  const char *mark = bp_chart_get_marker (bp_training_view_get_loss_chart (view), 0, NULL);
  g_assert_cmpstr (mark, ==, "lr 0.064 · batch 64 · epochs 200000");
  g_assert_null (bp_chart_get_marker (bp_training_view_get_loss_chart (view), 1, NULL));

  /* A change made and undone in the next pause marks nothing. */
  config.batch_size = 16;
  bp_model_view_set_train_config (model_view, &config);
  spin (20);
  config.batch_size = 64;
  bp_model_view_set_train_config (model_view, &config);
  spin (20);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-batch", NULL);
  spin_until (session_parked_and_drained, session, 30);
  g_assert_null (bp_chart_get_marker (bp_training_view_get_loss_chart (view), 1, NULL));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  spin_until (finished, window, 30);
  close_window (window);
}

static void
save_window_png (BpWindow *window, const char *dir, const char *name)
{
  gtk_widget_queue_draw (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  spin (300);
  GtkWidget *widget = GTK_WIDGET (window);
  const int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  if (dir != NULL)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cairo_t *cr = cairo_create (surface);
      gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
      g_autofree char *file = g_strdup_printf ("%s.png", name);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surface);
    }
  gsk_render_node_unref (node);
  g_object_unref (paintable);
}

/* The training and Evaluate pages after a run, light and dark, at
 * 1280×720: pictures for people to check (BP_SCREENSHOT_DIR; the CSV in
 * BP_SHOT_CSV, a generated set named by BP_SHOT_SAMPLE, or the iris
 * sample), drawn either way. */
static void
test_screenshots (void)
{
  const char *dir = g_getenv ("BP_SCREENSHOT_DIR");
  const char *csv = g_getenv ("BP_SHOT_CSV");
  const char *generated = g_getenv ("BP_SHOT_SAMPLE");   /* e.g. "circles" */
  g_autofree char *sample = sample_path ("iris.csv");
  BpWindow *window = new_window ();
  if (generated && *generated)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (bp_window_open_sample (window, generated, &error));
      g_assert_no_error (error);
      spin_until (not_loading, window, 60);
      spin (50);
    }
  else
    open_path (window, csv && *csv ? csv : sample);
  set_epochs (window, 10);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 120);
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *schemes[] = { "light", "dark" };
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      adw_style_manager_set_color_scheme (style, i ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      const char *pages[] = { "data", "train", "evaluate" };
      for (guint k = 0; k < G_N_ELEMENTS (pages); k++)
        {
          adw_view_stack_set_visible_child_name (view_stack (window), pages[k]);
          g_autofree char *name = g_strdup_printf ("window-%s-%s", pages[k], schemes[i]);
          save_window_png (window, dir, name);
        }
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  close_window (window);
}

/* The shortcuts window lists every training control that has a key. */
static void
test_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/backprop/Backprop/gtk/help-overlay.ui");
  const char *actions[] = { "win.train", "win.pause", "win.stop", "win.step-batch", "win.step-epoch", "win.reset" };
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      gboolean listed = FALSE;
      for (GSList *l = objects; l; l = l->next)
        if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
          {
            g_autofree char *name = NULL;
            g_object_get (l->data, "action-name", &name, NULL);
            listed |= g_strcmp0 (name, actions[i]) == 0;
          }
      if (!listed)
        g_error ("%s is not in the shortcuts window", actions[i]);
    }
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* A run under a second says how long it took, not "0:00 elapsed"; whole
 * seconds keep the clock. */
static void
test_short_run_elapsed (void)
{
  GtkWidget *view = g_object_ref_sink (bp_training_view_new ());
  bp_training_view_begin (BP_TRAINING_VIEW (view), BP_TASK_MULTICLASS, FALSE);
  BpProgress p = { .kind = BP_PROGRESS_EPOCH, .epoch = 1, .epochs = 1, .batch = 4, .batches = 4,
                   .step = 4, .samples = 120, .loss = 0.5, .metric = 0.9, .val_loss = NAN, .val_metric = NAN,
                   .learning_rate = 0.001, .seconds = 0.4, .epoch_seconds = 0.4 };
  bp_training_view_add_progress (BP_TRAINING_VIEW (view), &p, 1);
  bp_training_view_set_finished (BP_TRAINING_VIEW (view), TRUE);
  const char *progress = bp_training_view_get_progress_text (BP_TRAINING_VIEW (view));
  g_test_message ("progress: %s", progress);
  g_assert_nonnull (strstr (progress, " 400ms elapsed"));

  p.seconds = 62.4;
  bp_training_view_add_progress (BP_TRAINING_VIEW (view), &p, 1);
  progress = bp_training_view_get_progress_text (BP_TRAINING_VIEW (view));
  g_assert_nonnull (strstr (progress, " 1:02 elapsed"));
  g_object_unref (view);
}

static gboolean
is_scale (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SCALE (widget);
}

/* What the boundary's tooltip says at the middle of its plot: the
 * model's answer there. */
static char *
describe_centre (BpBoundaryView *view)
{
  GtkWidget *area = bp_boundary_view_get_area (view);
  const int width = gtk_widget_get_width (area), height = gtk_widget_get_height (area);
  graphene_rect_t plot;
  g_assert_true (bp_boundary_view_get_plot (view, width, height, &plot));
  char *text = bp_boundary_view_describe_at (view, width, height, plot.origin.x + plot.size.width / 2,
                                             plot.origin.y + plot.size.height / 2);
  g_assert_nonnull (text);
  return text;
}

/* The timeline strip: after a run it holds the run's snapshots and
 * follows the latest; an earlier one puts the charts' cursor and the
 * Evaluate page there; Fork from Here starts a new run at that moment
 * with the parent's epochs before it, which trains on to the end. */
static void
test_timeline (void)
{
  BpWindow *window = new_window ();
  g_autofree char *path = sample_path ("iris.csv");
  open_path (window, path);
  set_epochs (window, 4);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 30);
  spin (50);

  BpTrainingView *tv = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  BpTimelineBar *bar = bp_training_view_get_timeline_bar (tv);
  BpTrainingSession *session = bp_window_get_session (window);
  BpTimeline *timeline = bp_training_session_get_timeline (session);
  const guint n = bp_timeline_get_n_snapshots (timeline);
  g_assert_cmpuint (n, >=, 5);
  g_assert_cmpuint (bp_timeline_bar_get_n_snapshots (bar), ==, n);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (bar)));
  g_assert_true (bp_timeline_bar_get_following (bar));
  g_assert_cmpuint (bp_timeline_bar_get_selected (bar), ==, n - 1);
  g_assert_true (isnan (bp_chart_get_cursor (bp_training_view_get_loss_chart (tv))));

  guint at = bp_timeline_find (timeline, 2.0);
  bp_timeline_bar_select (bar, at);
  g_assert_false (bp_timeline_bar_get_following (bar));
  g_assert_cmpfloat (bp_chart_get_cursor (bp_training_view_get_loss_chart (tv)), ==, 2.0);
  g_assert_cmpfloat (bp_chart_get_cursor (bp_training_view_get_metric_chart (tv)), ==, 2.0);
  g_assert_cmpstr (bp_timeline_bar_get_text (bar), ==, "Epoch 2");
  g_assert_nonnull (find_widget (GTK_WIDGET (window), is_label_with_prefix, "At the timeline’s Epoch 2"));
  /* The arrows step, and back at the latest the views follow the run. */
  bp_timeline_bar_step (bar, 1);
  g_assert_cmpuint (bp_timeline_bar_get_selected (bar), ==, at + 1);
  /* The arrow keys on the strip's scale: one snapshot a press. */
  GtkWidget *scale = find_widget (GTK_WIDGET (bar), is_scale, NULL);
  g_assert_nonnull (scale);
  g_signal_emit_by_name (scale, "move-slider", GTK_SCROLL_STEP_LEFT);
  g_assert_cmpuint (bp_timeline_bar_get_selected (bar), ==, at);
  g_signal_emit_by_name (scale, "move-slider", GTK_SCROLL_STEP_RIGHT);
  g_assert_cmpuint (bp_timeline_bar_get_selected (bar), ==, at + 1);
  /* The start: the training page's boundary shows the untrained model
   * (the same each time it is chosen). */
  BpBoundaryView *boundary = bp_training_view_get_boundary_view (tv);
  bp_timeline_bar_select (bar, 0);
  g_autofree char *untrained = describe_centre (boundary);
  bp_timeline_bar_select (bar, at + 1);
  bp_timeline_bar_select (bar, 0);
  g_autofree char *untrained_again = describe_centre (boundary);
  g_assert_cmpstr (untrained_again, ==, untrained);
  bp_timeline_bar_select (bar, at + 1);
  bp_timeline_bar_select (bar, n - 1);
  g_assert_true (bp_timeline_bar_get_following (bar));
  g_assert_true (isnan (bp_chart_get_cursor (bp_training_view_get_loss_chart (tv))));
  g_assert_null (find_widget (GTK_WIDGET (window), is_label_with_prefix, "At the timeline"));
  /* Back at the latest: the trained boundary, not the start's. */
  g_autofree char *trained = describe_centre (boundary);
  g_assert_cmpstr (trained, !=, untrained);
  g_assert_null (bp_timeline_bar_get_thinned_text (bar));

  bp_timeline_bar_select (bar, at);
  const guint64 parent = bp_training_session_get_run_id (session);
  g_signal_emit_by_name (bar, "fork");
  spin (50);
  BpForkPoint point;
  g_assert_true (bp_training_session_get_fork_point (session, &point));
  g_assert_cmpuint (point.parent_run_id, ==, parent);
  g_assert_cmpuint (point.epoch, ==, 2);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_PAUSED);
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (tv), ==, 2);
  g_assert_cmpuint (bp_timeline_bar_get_n_snapshots (bar), ==, 1);
  g_assert_true (bp_timeline_bar_get_following (bar));
  g_assert_nonnull (bp_chart_get_marker (bp_training_view_get_loss_chart (tv), 0, NULL));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  spin_until (finished, window, 30);
  spin (50);
  g_assert_cmpuint (bp_training_session_get_history (session)->len, ==, 4);
  g_assert_cmpuint (bp_training_view_get_n_epochs_shown (tv), ==, 4);
  g_assert_cmpuint (bp_timeline_bar_get_n_snapshots (bar), ==, 3);
  close_window (window);
}

typedef struct {
  BpWindow *window;
  guint64   frames;      /* live frames the window had taken */
  char     *text;        /* what the boundary said */
} Watch;

static gboolean
has_snapshots (gpointer data)
{
  Watch *w = data;
  BpTrainingView *tv = BP_TRAINING_VIEW (bp_window_get_training_view (w->window));
  return bp_timeline_bar_get_n_snapshots (bp_training_view_get_timeline_bar (tv)) >= 3 &&
         bp_boundary_view_has_boundary (bp_training_view_get_boundary_view (tv));
}

static gboolean
has_thinned (gpointer bar)
{
  return bp_timeline_bar_get_thinned_text (bar) != NULL;
}

static gboolean
more_frames (gpointer data)
{
  Watch *w = data;
  return bp_training_session_get_live_count (bp_window_get_session (w->window), BP_PROBE_GRID) >= w->frames + 3;
}

static gboolean
boundary_moved (gpointer data)
{
  Watch *w = data;
  BpTrainingView *tv = BP_TRAINING_VIEW (bp_window_get_training_view (w->window));
  g_autofree char *text = describe_centre (bp_training_view_get_boundary_view (tv));
  return g_strcmp0 (text, w->text) != 0;
}

/* While it trains: the start chosen on the strip stays on the training
 * page as new live frames come in (they are taken, not shown), the strip
 * says what the snapshots were thinned to, and back at the latest the
 * live boundary moves on. */
static void
test_timeline_holds_while_training (void)
{
  BpWindow *window = new_window ();
  g_autofree char *path = sample_path ("iris.csv");
  open_path (window, path);
  set_epochs (window, 100000);
  BpTrainingSession *session = bp_window_get_session (window);
  bp_training_session_set_snapshot_budget (session, 1024 * 1024);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  Watch w = { window, 0, NULL };
  spin_until (has_snapshots, &w, 30);

  BpTrainingView *tv = BP_TRAINING_VIEW (bp_window_get_training_view (window));
  BpTimelineBar *bar = bp_training_view_get_timeline_bar (tv);
  BpBoundaryView *boundary = bp_training_view_get_boundary_view (tv);
  bp_timeline_bar_select (bar, 0);
  g_assert_false (bp_timeline_bar_get_following (bar));
  w.text = describe_centre (boundary);
  w.frames = bp_training_session_get_live_count (session, BP_PROBE_GRID);
  spin_until (more_frames, &w, 30);
  g_autofree char *held = describe_centre (boundary);
  g_assert_cmpstr (held, ==, w.text);
  g_assert_cmpint (bp_training_session_get_state (session), ==, BP_SESSION_RUNNING);

  /* 1 MiB holds a few dozen of this network's states: thinned by now. */
  spin_until (has_thinned, bar, 30);
  /* g_format_size () keeps the number and its unit together (U+00A0). */
  g_assert_cmpstr (bp_timeline_bar_get_thinned_text (bar), ==, "Thinned to 1.0\u00a0MiB");

  bp_timeline_bar_select (bar, bp_timeline_bar_get_n_snapshots (bar) - 1);
  g_assert_true (bp_timeline_bar_get_following (bar));
  spin_until (boundary_moved, &w, 30);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  spin_until (finished, window, 30);
  g_free (w.text);
  close_window (window);
}

int
main (int argc, char **argv)
{
  /* Pictures in another language: BACKPROP_LOCALEDIR (the build tree's
   * po/) and the locale from the environment, as the app takes them. */
  const char *localedir = g_getenv ("BACKPROP_LOCALEDIR");
  if (localedir != NULL)
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  bp_blas_set_threads (MAX (1, (int) g_get_num_processors () - 1));

  g_test_add_func ("/window-training/train-from-data-page", test_train_from_data_page);
  g_test_add_func ("/window-training/pause-changes-marked", test_pause_changes_marked);
  g_test_add_func ("/window-training/left-pane-keeps-scroll", test_left_pane_keeps_scroll);
  g_test_add_func ("/window-training/live-views-fit", test_live_views_fit);
  g_test_add_func ("/window-training/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/window-training/short-run-elapsed", test_short_run_elapsed);
  g_test_add_func ("/window-training/timeline", test_timeline);
  g_test_add_func ("/window-training/timeline-holds-while-training", test_timeline_holds_while_training);
  g_test_add_func ("/window-training/screenshots", test_screenshots);
  return g_test_run ();
}
