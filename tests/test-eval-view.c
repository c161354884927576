/* Tests for BpEvalView and BpConfusionMatrix under Xvfb: evaluations of
 * trained models (iris, XOR, diabetes) shown and cleared, and the
 * confusion matrix's pixels. With BP_EVAL_SHOTS=DIR set, /eval-view/shots
 * writes light and dark pictures of the view in an 860×650 window. */
#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "bp-eval-view.h"
#include "test-util.h"
#include "test-pixels.h"

/* ---- models ------------------------------------------------------------- */

typedef struct {
  BpTable      *table;
  BpDataset    *dataset;
  BpModel      *model;
  BpEvaluation *evaluation;
} Trained;

static void
trained_clear (Trained *t)
{
  bp_evaluation_free (t->evaluation);
  bp_model_free (t->model);
  bp_dataset_free (t->dataset);
  bp_table_free (t->table);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Trained, trained_clear)

static void
train_on (Trained *t, BpTable *table, BpSplit split, const char *layers, guint epochs, float rate)
{
  g_autoptr(GError) error = NULL;
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = split;
  t->table = table;
  t->dataset = make_dataset (table, &options);

  g_autoptr(BpModelSpec) spec = bp_model_spec_new (t->dataset->n_features);
  g_assert_true (bp_model_spec_parse_layers (spec, layers, &error));
  bp_model_spec_add_output (spec, t->dataset->task, t->dataset->n_outputs);
  t->model = bp_model_new (spec, &error);
  g_assert_no_error (error);

  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = epochs;
  config.batch_size = 16;
  config.optimizer.learning_rate = rate;
  g_autoptr(BpTrainer) trainer = bp_trainer_new (t->model, t->dataset, &config, &error);
  g_assert_no_error (error);
  g_assert_true (bp_trainer_run (trainer, NULL, NULL, NULL, &error));

  t->evaluation = bp_evaluation_new (t->model, t->dataset, t->dataset->validation, t->dataset->n_validation, &error);
  g_assert_no_error (error);
}

static void
train_iris (Trained *t)
{
  train_on (t, load_sample ("iris.csv"), BP_SPLIT_SHUFFLE, "16:relu", 60, 0.01f);
}

static void
train_xor (Trained *t)
{
  g_autoptr(GError) error = NULL;
  BpTable *table = bp_sample_generate (BP_SAMPLE_XOR, 400, 0.1, 3, &error);
  g_assert_no_error (error);
  train_on (t, table, BP_SPLIT_KERAS, "16:tanh,16:tanh", 60, 0.01f);
}

static void
train_diabetes (Trained *t)
{
  train_on (t, load_sample ("diabetes.csv"), BP_SPLIT_KERAS, "16:relu", 10, 0.01f);
}

/* The decision boundary over the data's encoded range, with every row. */
static void
set_boundary (BpEvalView *view, const Trained *t, guint size)
{
  g_autoptr(GError) error = NULL;
  const BpDataset *d = t->dataset;
  double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
  for (gsize r = 0; r < d->n_rows; r++)
    for (gsize j = 0; j < 2; j++)
      {
        lo[j] = MIN (lo[j], d->x[r * 2 + j]);
        hi[j] = MAX (hi[j], d->x[r * 2 + j]);
      }
  g_autofree float *grid = g_new (float, size * size);
  g_assert_true (bp_decision_grid (t->model, lo[0] - 0.1, hi[0] + 0.1, lo[1] - 0.1, hi[1] + 0.1, size, size, grid, &error));
  g_assert_no_error (error);
  bp_eval_view_set_boundary (view, grid, size, size, lo[0] - 0.1, hi[0] + 0.1, lo[1] - 0.1, hi[1] + 0.1,
                             d->x, d->labels, d->n_rows, d->n_classes);
}

static char *
rows_text (const Trained *t)
{
  return g_strdup_printf ("%" G_GSIZE_FORMAT " validation rows", t->dataset->n_validation);
}

/* ---- the view ----------------------------------------------------------- */

static void
test_empty (void)
{
  BpEvalView *view = g_object_ref_sink (BP_EVAL_VIEW (bp_eval_view_new ()));
  g_assert_true (bp_eval_view_is_empty (view));
  g_assert_cmpstr (bp_eval_view_get_summary (view), ==, "");
  g_assert_cmpuint (bp_confusion_matrix_get_n_classes (bp_eval_view_get_confusion_matrix (view)), ==, 0);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (bp_eval_view_get_confusion_matrix (view))));
  g_object_unref (view);
}

static void
test_iris (void)
{
  g_auto(Trained) t = { 0 };
  train_iris (&t);
  BpEvalView *view = g_object_ref_sink (BP_EVAL_VIEW (bp_eval_view_new ()));
  g_autofree char *rows = rows_text (&t);

  bp_eval_view_set_evaluation (view, t.evaluation, (const char * const *) t.dataset->class_names,
                               t.dataset->n_classes, rows);
  g_assert_false (bp_eval_view_is_empty (view));

  BpConfusionMatrix *matrix = bp_eval_view_get_confusion_matrix (view);
  g_assert_cmpuint (bp_confusion_matrix_get_n_classes (matrix), ==, 3);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (matrix)));
  for (gsize r = 0; r < 3; r++)
    for (gsize c = 0; c < 3; c++)
      g_assert_cmpuint (bp_confusion_matrix_get_count (matrix, r, c), ==, t.evaluation->confusion->counts[r * 3 + c]);

  /* The summary shows the accuracy as a percentage. */
  g_autofree char *percent = g_strdup_printf ("%.1f%%", t.evaluation->accuracy * 100.0);
  g_test_message ("summary: %s", bp_eval_view_get_summary (view));
  g_assert_nonnull (strstr (bp_eval_view_get_summary (view), percent));
  g_assert_nonnull (strstr (bp_eval_view_get_summary (view), "Accuracy"));

  /* No ROC for three classes. */
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (bp_eval_view_get_roc_chart (view))));
  g_assert_false (gtk_widget_is_visible (bp_eval_view_get_boundary (view)));

  /* The weights: a section of their own, one matrix per layer. */
  BpWeightsView *weights = bp_eval_view_get_weights (view);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (weights)));
  bp_eval_view_set_model (view, t.model, (const char * const *) t.dataset->input_names,
                          (const char * const *) t.dataset->class_names);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (weights)));
  g_assert_cmpuint (bp_weights_view_get_n_layers (weights), ==, t.model->n_layers);
  g_assert_cmpfloat (bp_weights_view_get_weight (weights, 1, 2, 1), ==, t.model->layers[1].w[2 * 3 + 1]);

  /* The evaluation was only borrowed. */
  g_clear_pointer (&t.evaluation, bp_evaluation_free);
  g_assert_cmpuint (bp_confusion_matrix_get_n_classes (matrix), ==, 3);

  bp_eval_view_set_evaluation (view, NULL, NULL, 0, NULL);
  g_assert_true (bp_eval_view_is_empty (view));
  g_assert_cmpstr (bp_eval_view_get_summary (view), ==, "");
  g_assert_cmpuint (bp_confusion_matrix_get_n_classes (matrix), ==, 0);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (matrix)));
  bp_eval_view_set_model (view, NULL, NULL, NULL);
  g_assert_cmpuint (bp_weights_view_get_n_layers (weights), ==, 0);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (weights)));
  g_object_unref (view);
}

static void
test_binary (void)
{
  g_auto(Trained) t = { 0 };
  train_xor (&t);
  g_assert_cmpint (t.dataset->task, ==, BP_TASK_BINARY);
  g_assert_nonnull (t.evaluation->roc);
  BpEvalView *view = g_object_ref_sink (BP_EVAL_VIEW (bp_eval_view_new ()));

  bp_eval_view_set_evaluation (view, t.evaluation, (const char * const *) t.dataset->class_names,
                               t.dataset->n_classes, NULL);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (bp_eval_view_get_roc_chart (view))));
  BpChartSeries *roc = bp_eval_view_get_roc_series (view);
  g_assert_cmpuint (bp_chart_series_get_n_points (roc), ==, t.evaluation->roc->n_points);
  g_assert_cmpuint (bp_chart_series_get_n_points (roc), >, 2);
  double x, y;
  g_assert_true (bp_chart_series_get_point (roc, bp_chart_series_get_n_points (roc) - 1, &x, &y));
  g_assert_cmpfloat (x, ==, 1.0);
  g_assert_cmpfloat (y, ==, 1.0);
  /* The hover shows the nearest point: the chance line's must lie near
   * the pointer's x on the diagonal, not at an end. */
  BpChartSeries *chance = bp_eval_view_get_chance_series (view);
  guint k = bp_chart_series_find_nearest (chance, 0.3712);
  g_assert_true (bp_chart_series_get_point (chance, k, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, 0.3712, 0.001);
  g_assert_cmpfloat (y, ==, x);
  g_assert_cmpuint (bp_confusion_matrix_get_n_classes (bp_eval_view_get_confusion_matrix (view)), ==, 2);

  /* The boundary appears when set, and goes with NULL. */
  g_assert_false (gtk_widget_is_visible (bp_eval_view_get_boundary (view)));
  set_boundary (view, &t, 32);
  g_assert_true (gtk_widget_is_visible (bp_eval_view_get_boundary (view)));
  bp_eval_view_set_boundary (view, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, 0, 0);
  g_assert_false (gtk_widget_is_visible (bp_eval_view_get_boundary (view)));

  /* 60 000 rows whose classes alternate row by row: the points kept over
   * the boundary show both classes about equally, not every 30th row. */
  const gsize n = 60000;
  g_autofree float *xy = g_new0 (float, 2 * n);
  g_autofree guint32 *alternating = g_new (guint32, n);
  for (gsize i = 0; i < n; i++)
    alternating[i] = i % 2;
  float flat[4] = { 0.2f, 0.4f, 0.6f, 0.8f };
  bp_eval_view_set_boundary (view, flat, 2, 2, 0, 1, 0, 1, xy, alternating, n, 2);
  const guint32 *kept_labels = NULL;
  gsize kept = bp_eval_view_get_boundary_labels (view, &kept_labels);
  g_assert_cmpuint (kept, ==, 2000);
  gsize ones = 0;
  for (gsize i = 0; i < kept; i++)
    ones += kept_labels[i];
  g_assert_cmpuint (ones, >, kept / 3);
  g_assert_cmpuint (ones, <, 2 * kept / 3);
  g_object_unref (view);
}

static void
test_regression (void)
{
  g_auto(Trained) t = { 0 };
  train_diabetes (&t);
  BpEvalView *view = g_object_ref_sink (BP_EVAL_VIEW (bp_eval_view_new ()));

  bp_eval_view_set_evaluation (view, t.evaluation, NULL, 0, "89 validation rows");
  g_assert_false (bp_eval_view_is_empty (view));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (bp_eval_view_get_confusion_matrix (view))));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (bp_eval_view_get_roc_chart (view))));
  g_assert_true (g_str_has_prefix (bp_eval_view_get_summary (view), "MAE"));
  g_assert_nonnull (strstr (bp_eval_view_get_summary (view), "R²"));

  /* Back to a classification: the matrix returns. */
  g_auto(Trained) iris = { 0 };
  train_iris (&iris);
  bp_eval_view_set_evaluation (view, iris.evaluation, NULL, 0, NULL);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (bp_eval_view_get_confusion_matrix (view))));
  g_object_unref (view);
}

/* ---- the confusion matrix's pixels ------------------------------------- */

static double
saturation (const double rgb[3])
{
  return MAX (MAX (rgb[0], rgb[1]), rgb[2]) - MIN (MIN (rgb[0], rgb[1]), rgb[2]);
}

static double
lightness (const double rgb[3])
{
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

/* Diagonal cells (all of their row) against empty ones, on the view's
 * background for the scheme; a corner of each cell, away from the count. */
static void
check_matrix_pixels (gboolean dark)
{
  const int w = 420, h = 320;
  const guint64 counts[] = { 10, 0, 0,
                             0, 12, 0,
                             0, 0, 7 };
  const char * const names[] = { "setosa", "versicolor", "virginica" };
  AdwStyleManager *manager = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

  BpConfusionMatrix *matrix = g_object_ref_sink (BP_CONFUSION_MATRIX (bp_confusion_matrix_new ()));
  bp_confusion_matrix_set_counts (matrix, counts, 3, names);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  if (dark)
    cairo_set_source_rgb (cr, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  bp_confusion_matrix_draw (matrix, cr, w, h);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  for (gsize k = 0; k < 3; k++)
    {
      graphene_rect_t on, off;
      double a[3], b[3];
      g_assert_true (bp_confusion_matrix_get_cell_rect (matrix, w, h, k, k, &on));
      g_assert_true (bp_confusion_matrix_get_cell_rect (matrix, w, h, k, (k + 1) % 3, &off));
      g_assert_cmpfloat (on.size.width, >=, 20);
      pixel (surface, on.origin.x + 4, on.origin.y + 4, a);
      pixel (surface, off.origin.x + 4, off.origin.y + 4, b);
      g_test_message ("%s: diagonal %.2f/%.2f/%.2f, empty %.2f/%.2f/%.2f", dark ? "dark" : "light",
                      a[0], a[1], a[2], b[0], b[1], b[2]);
      g_assert_cmpfloat (saturation (a), >, saturation (b) + 0.3);
      if (!dark)
        g_assert_cmpfloat (lightness (a), <, lightness (b) - 0.2);
      /* Blue leads in a shaded cell. */
      g_assert_cmpfloat (a[2], >, a[0]);
    }
  g_assert_false (bp_confusion_matrix_get_cell_rect (matrix, w, h, 3, 0, &(graphene_rect_t) { 0 }));

  cairo_surface_destroy (surface);
  g_object_unref (matrix);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_matrix_pixels (void)
{
  check_matrix_pixels (FALSE);
  check_matrix_pixels (TRUE);
}

/* ---- pictures ----------------------------------------------------------- */

static void
write_window (GtkWidget *window, const char *path)
{
  gtk_widget_queue_draw (window);
  gtk_test_widget_wait_for_draw (window);
  const int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);
  g_assert_cmpint (w, >, 0);

  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
shoot (GtkWidget *window, const char *dir, const char *name)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_autofree char *light_name = g_strdup_printf ("%s-light.png", name);
  g_autofree char *light = g_build_filename (dir, light_name, NULL);
  write_window (window, light);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_autofree char *dark_name = g_strdup_printf ("%s-dark.png", name);
  g_autofree char *dark = g_build_filename (dir, dark_name, NULL);
  write_window (window, dark);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_shots (void)
{
  const char *dir = g_getenv ("BP_EVAL_SHOTS");
  if (dir == NULL)
    {
      g_test_skip ("set BP_EVAL_SHOTS=DIR to write pictures");
      return;
    }

  g_auto(Trained) xor = { 0 };
  train_xor (&xor);
  GtkWidget *window = gtk_window_new ();
  BpEvalView *view = BP_EVAL_VIEW (bp_eval_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 650);
  g_autofree char *rows = rows_text (&xor);
  bp_eval_view_set_evaluation (view, xor.evaluation, (const char * const *) xor.dataset->class_names,
                               xor.dataset->n_classes, rows);
  set_boundary (view, &xor, 96);
  gtk_window_present (GTK_WINDOW (window));
  shoot (window, dir, "eval");

  g_auto(Trained) iris = { 0 };
  train_iris (&iris);
  g_autofree char *iris_rows = rows_text (&iris);
  bp_eval_view_set_evaluation (view, iris.evaluation, (const char * const *) iris.dataset->class_names,
                               iris.dataset->n_classes, iris_rows);
  bp_eval_view_set_boundary (view, NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, 0, 0);
  shoot (window, dir, "eval-iris");

  g_auto(Trained) diabetes = { 0 };
  train_diabetes (&diabetes);
  bp_eval_view_set_evaluation (view, diabetes.evaluation, NULL, 0, "89 validation rows");
  shoot (window, dir, "eval-regression");

  bp_eval_view_set_evaluation (view, NULL, NULL, 0, NULL);
  shoot (window, dir, "eval-empty");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* At the size the matrix asks for, every name and title is whole: short
 * names across the top, long ones upright, the titles beyond the cells. */
static void
check_labels_whole (const char * const *names, gsize n)
{
  g_autofree guint64 *counts = g_new0 (guint64, n * n);
  for (gsize k = 0; k < n; k++)
    counts[k * n + k] = 1000 + k;
  BpConfusionMatrix *matrix = g_object_ref_sink (BP_CONFUSION_MATRIX (bp_confusion_matrix_new ()));
  bp_confusion_matrix_set_counts (matrix, counts, n, names);
  int min_w, nat_w, min_h, nat_h;
  gtk_widget_measure (GTK_WIDGET (matrix), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (matrix), GTK_ORIENTATION_VERTICAL, nat_w, &min_h, &nat_h, NULL, NULL);
  g_assert_true (bp_confusion_matrix_get_labels_whole (matrix, nat_w, nat_h));
  /* Half of a 1280-pixel page, and the least it may get. */
  gtk_widget_measure (GTK_WIDGET (matrix), GTK_ORIENTATION_VERTICAL, 600, &min_h, &nat_h, NULL, NULL);
  g_assert_true (bp_confusion_matrix_get_labels_whole (matrix, 600, nat_h));
  gtk_widget_measure (GTK_WIDGET (matrix), GTK_ORIENTATION_VERTICAL, min_w, &min_h, &nat_h, NULL, NULL);
  g_assert_true (bp_confusion_matrix_get_labels_whole (matrix, min_w, nat_h));
  /* Cells large enough to matter: more than the 28 pixels of old. */
  graphene_rect_t cell;
  g_assert_true (bp_confusion_matrix_get_cell_rect (matrix, 600, nat_h, 0, 0, &cell));
  g_assert_cmpfloat (cell.size.width, >=, 48);
  g_object_unref (matrix);
}

static void
test_matrix_labels (void)
{
  const char * const iris[] = { "setosa", "versicolor", "virginica" };
  check_labels_whole (iris, 3);
  const char * const long_names[] = { "Effect Amount of damage: Minor", "Medium", "Substantial damage", "None" };
  check_labels_whole (long_names, 4);
  const char * const digits[] = { "0", "1" };
  check_labels_whole (digits, 2);
}

/* The boundary says which rows it draws, tells them apart, and leaves
 * room for its axes and legend. */
static void
test_boundary_caption (void)
{
  BpEvalView *view = g_object_ref_sink (BP_EVAL_VIEW (bp_eval_view_new ()));
  const gsize n = 3100;
  g_autofree float *xy = g_new (float, 2 * n);
  g_autofree guint32 *labels = g_new (guint32, n);
  g_autofree guint8 *validation = g_new0 (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      xy[2 * i] = (float) (i % 17) / 17.0f;
      xy[2 * i + 1] = (float) (i % 13) / 13.0f;
      labels[i] = i % 2;
      validation[i] = i % 31 == 0;   /* 100 validation rows */
    }
  const char * const names[] = { "Adelie", "Gentoo" };
  float grid[4] = { 0.2f, 0.4f, 0.6f, 0.8f };
  BpBoundary b = {
    .grid = grid, .width = 2, .height = 2, .x_min = -0.1, .x_max = 1.1, .y_min = -0.1, .y_max = 1.1,
    .points_xy = xy, .labels = labels, .validation = validation, .n_points = 14,
    .n_classes = 2, .class_names = names, .x_name = "Beak Length (mm)", .y_name = "Flipper Length (mm)",
  };
  /* 14 rows: 1 of them validation (row 0). */
  bp_eval_view_show_boundary (view, &b);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (bp_eval_view_get_boundary (view))));
  const char *caption = bp_eval_view_get_boundary_caption (view);
  g_assert_nonnull (strstr (caption, "dots: 1 validation row"));
  g_assert_nonnull (strstr (caption, "rings: 13 training rows"));
  g_assert_cmpuint (bp_eval_view_get_boundary_labels (view, NULL), ==, 14);

  /* Many rows: every validation row, training rows in the rest. */
  b.n_points = n;
  bp_eval_view_show_boundary (view, &b);
  caption = bp_eval_view_get_boundary_caption (view);
  g_assert_nonnull (strstr (caption, "dots: 100 validation rows"));
  g_assert_nonnull (strstr (caption, "rings: 1900 of 3000 training rows"));
  g_assert_cmpuint (bp_eval_view_get_boundary_labels (view, NULL), ==, 2000);

  /* Room left of and under the plot for ticks and names, and right of it
   * for the legend. */
  graphene_rect_t plot;
  g_assert_true (bp_eval_view_get_boundary_plot (view, 380, 300, &plot));
  g_assert_cmpfloat (plot.origin.x, >=, 30);
  g_assert_cmpfloat (plot.origin.y + plot.size.height, <=, 300 - 30);
  g_assert_cmpfloat (plot.origin.x + plot.size.width, <=, 380 - 60);
  g_assert_cmpfloat (plot.size.width, >=, 150);

  bp_eval_view_show_boundary (view, NULL);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (bp_eval_view_get_boundary (view))));
  g_assert_cmpstr (bp_eval_view_get_boundary_caption (view), ==, "");
  g_object_unref (view);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  bp_blas_set_threads (1);

  g_test_add_func ("/eval-view/empty", test_empty);
  g_test_add_func ("/eval-view/iris", test_iris);
  g_test_add_func ("/eval-view/binary", test_binary);
  g_test_add_func ("/eval-view/regression", test_regression);
  g_test_add_func ("/eval-view/matrix-pixels", test_matrix_pixels);
  g_test_add_func ("/eval-view/matrix-labels", test_matrix_labels);
  g_test_add_func ("/eval-view/boundary-caption", test_boundary_caption);
  g_test_add_func ("/eval-view/shots", test_shots);
  return g_test_run ();
}
