/* Tests for the views of the network's inside under Xvfb: the decision
 * boundary, the network diagram and the regression plot each draw
 * something besides the background, draw again differently when their
 * data changes, tell what is under the pointer, and the boundary's
 * pickers signal the user's choices; a boundary too narrow for its
 * legend beside the plot draws it underneath. */
#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "bp-boundary-view.h"
#include "bp-network-view.h"
#include "bp-regression-plot.h"
#include "test-pixels.h"

#define W 420
#define H 300

typedef void (*DrawFunc) (gpointer widget, cairo_t *cr, int width, int height);

static cairo_surface_t *
draw_into (gpointer widget, DrawFunc draw, int w, int h)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw (widget, cr, w, h);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Pixels that are not the white background. */
static gsize
count_drawn (cairo_surface_t *surface)
{
  gsize n = 0;
  const int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double rgb[3];
        pixel (surface, x, y, rgb);
        n += rgb[0] < 0.97 || rgb[1] < 0.97 || rgb[2] < 0.97;
      }
  return n;
}

/* Pixels that differ between two drawings of one size. */
static gsize
count_changed (cairo_surface_t *a, cairo_surface_t *b)
{
  gsize n = 0;
  const int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double p[3], q[3];
        pixel (a, x, y, p);
        pixel (b, x, y, q);
        n += fabs (p[0] - q[0]) + fabs (p[1] - q[1]) + fabs (p[2] - q[2]) > 0.05;
      }
  return n;
}

/* ---- the boundary ------------------------------------------------------- */

#define GRID 16

/* P(class 1) rising from left to right (or right to left: flipped). */
static void
fill_grid (float *grid, gboolean flipped)
{
  for (int j = 0; j < GRID; j++)
    for (int i = 0; i < GRID; i++)
      {
        float p = (i + 0.5f) / GRID;
        grid[j * GRID + i] = flipped ? 1.0f - p : p;
      }
}

static void
test_boundary_draws (void)
{
  BpBoundaryView *view = g_object_ref_sink (BP_BOUNDARY_VIEW (bp_boundary_view_new ()));
  float grid[GRID * GRID];
  fill_grid (grid, FALSE);
  const float xy[] = { -0.5f, -0.5f, 0.5f, 0.5f, 0.0f, 0.0f };
  const guint32 labels[] = { 0, 1, 1 };
  const guint8 validation[] = { 0, 0, 1 };
  const char * const names[] = { "inside", "outside" };
  BpBoundary b = {
    .grid = grid, .width = GRID, .height = GRID, .x_min = -1, .x_max = 1, .y_min = -1, .y_max = 1,
    .points_xy = xy, .labels = labels, .validation = validation, .n_points = 3,
    .n_classes = 2, .class_names = names, .x_name = "x1", .y_name = "x2",
  };

  /* Nothing to draw but the placeholder. */
  cairo_surface_t *empty = draw_into (view, (DrawFunc) bp_boundary_view_draw, W, H);
  g_assert_cmpuint (count_drawn (empty), ==, 0);
  bp_boundary_view_set_placeholder (view, "Train to see it");
  cairo_surface_t *placeholder = draw_into (view, (DrawFunc) bp_boundary_view_draw, W, H);
  g_assert_cmpuint (count_drawn (placeholder), >, 0);

  bp_boundary_view_set_boundary (view, &b);
  g_assert_true (bp_boundary_view_has_boundary (view));
  cairo_surface_t *first = draw_into (view, (DrawFunc) bp_boundary_view_draw, W, H);
  graphene_rect_t plot;
  g_assert_true (bp_boundary_view_get_plot (view, W, H, &plot));
  /* The left of the plot is blue (class 0), the right orange (class 1). */
  double left[3], right[3];
  pixel (first, plot.origin.x + 4, plot.origin.y + plot.size.height * 0.25, left);
  pixel (first, plot.origin.x + plot.size.width - 4, plot.origin.y + plot.size.height * 0.25, right);
  g_assert_cmpfloat (left[2], >, left[0]);
  g_assert_cmpfloat (right[0], >, right[2]);
  g_assert_cmpuint (count_drawn (first), >, (gsize) (plot.size.width * plot.size.height / 2));

  /* New data: drawn again, differently. */
  fill_grid (grid, TRUE);
  bp_boundary_view_set_boundary (view, &b);
  cairo_surface_t *second = draw_into (view, (DrawFunc) bp_boundary_view_draw, W, H);
  g_assert_cmpuint (count_changed (first, second), >, (gsize) (plot.size.width * plot.size.height / 4));

  /* Validation dots (and their legend line) go when the toggle is off;
   * the training ring stays. */
  bp_boundary_view_set_show_validation (view, FALSE);
  cairo_surface_t *hidden = draw_into (view, (DrawFunc) bp_boundary_view_draw, W, H);
  g_assert_cmpuint (count_changed (second, hidden), <, 2000);
  double dot[3], gone[3], ring[3], kept[3];
  const double cx = plot.origin.x + plot.size.width / 2, cy = plot.origin.y + plot.size.height / 2;
  pixel (second, cx, cy, dot);
  pixel (hidden, cx, cy, gone);
  g_assert_cmpfloat (fabs (dot[0] - gone[0]) + fabs (dot[1] - gone[1]) + fabs (dot[2] - gone[2]), >, 0.1);
  /* The ring at (0.5, 0.5): a quarter in from the top right, on its rim. */
  const double rx = plot.origin.x + plot.size.width * 0.75, ry = plot.origin.y + plot.size.height * 0.25;
  gsize ring_same = 0;
  for (int d = -4; d <= 4; d++)
    {
      pixel (second, rx + d, ry, ring);
      pixel (hidden, rx + d, ry, kept);
      ring_same += fabs (ring[0] - kept[0]) + fabs (ring[1] - kept[1]) + fabs (ring[2] - kept[2]) < 0.01;
    }
  g_assert_cmpuint (ring_same, ==, 9);

  /* The tooltip tells the point in the data's units and the answer. */
  g_autofree char *tip = bp_boundary_view_describe_at (view, W, H, plot.origin.x + 2, plot.origin.y + 2);
  g_assert_nonnull (tip);
  g_assert_nonnull (strstr (tip, "x1"));
  g_assert_nonnull (strstr (tip, "outside (probability 0.97)"));   /* flipped: class 1 on the left */
  g_assert_null (bp_boundary_view_describe_at (view, W, H, 1, 1));

  /* Regression: a colour scale, low blue and high orange. */
  b.n_classes = 0;
  b.class_names = NULL;
  b.value_min = 10;
  b.value_max = 20;
  const float values[] = { 11, 19, 15 };
  b.values = values;
  for (int k = 0; k < GRID * GRID; k++)
    grid[k] = 10 + 10 * ((k % GRID) + 0.5f) / GRID;
  bp_boundary_view_set_boundary (view, &b);
  cairo_surface_t *regression = draw_into (view, (DrawFunc) bp_boundary_view_draw, W, H);
  pixel (regression, plot.origin.x + 4, plot.origin.y + plot.size.height * 0.25, left);
  pixel (regression, plot.origin.x + plot.size.width - 4, plot.origin.y + plot.size.height * 0.25, right);
  g_assert_cmpfloat (left[2], >, left[0]);
  g_assert_cmpfloat (right[0], >, right[2]);
  g_autofree char *value_tip = bp_boundary_view_describe_at (view, W, H, plot.origin.x + 2, plot.origin.y + 2);
  g_assert_nonnull (strstr (value_tip, "predicted 10.3"));

  bp_boundary_view_set_boundary (view, NULL);
  g_assert_false (bp_boundary_view_has_boundary (view));
  g_assert_cmpstr (bp_boundary_view_get_caption (view), ==, "");

  cairo_surface_destroy (empty);
  cairo_surface_destroy (placeholder);
  cairo_surface_destroy (first);
  cairo_surface_destroy (second);
  cairo_surface_destroy (hidden);
  cairo_surface_destroy (regression);
  g_object_unref (view);
}

/* Multiclass cells take the class given per cell and its probability. */
static void
test_boundary_multiclass (void)
{
  BpBoundaryView *view = g_object_ref_sink (BP_BOUNDARY_VIEW (bp_boundary_view_new ()));
  float grid[GRID * GRID], confidence[GRID * GRID];
  guint32 winner[GRID * GRID];
  for (int k = 0; k < GRID * GRID; k++)
    {
      winner[k] = (k % GRID) * 3 / GRID;
      grid[k] = confidence[k] = 0.9f;
    }
  BpBoundary b = {
    .grid = grid, .winner = winner, .confidence = confidence, .width = GRID, .height = GRID,
    .x_min = 0, .x_max = 1, .y_min = 0, .y_max = 1, .n_classes = 3,
  };
  bp_boundary_view_set_boundary (view, &b);
  cairo_surface_t *sure = draw_into (view, (DrawFunc) bp_boundary_view_draw, W, H);
  graphene_rect_t plot;
  g_assert_true (bp_boundary_view_get_plot (view, W, H, &plot));
  /* Three bands of three colours. */
  double a[3], c[3], e[3];
  const double y = plot.origin.y + plot.size.height / 2;
  pixel (sure, plot.origin.x + plot.size.width / 6, y, a);
  pixel (sure, plot.origin.x + plot.size.width / 2, y, c);
  pixel (sure, plot.origin.x + plot.size.width * 5 / 6, y, e);
  g_assert_cmpfloat (fabs (a[0] - c[0]) + fabs (a[1] - c[1]) + fabs (a[2] - c[2]), >, 0.1);
  g_assert_cmpfloat (fabs (c[0] - e[0]) + fabs (c[1] - e[1]) + fabs (c[2] - e[2]), >, 0.1);
  /* Less sure: paler. */
  for (int k = 0; k < GRID * GRID; k++)
    confidence[k] = 0.4f;
  bp_boundary_view_set_boundary (view, &b);
  cairo_surface_t *unsure = draw_into (view, (DrawFunc) bp_boundary_view_draw, W, H);
  double pale[3];
  pixel (unsure, plot.origin.x + plot.size.width / 6, y, pale);
  g_assert_cmpfloat (pale[0] + pale[1] + pale[2], >, a[0] + a[1] + a[2] + 0.1);
  g_autofree char *tip = bp_boundary_view_describe_at (view, W, H, plot.origin.x + plot.size.width - 3, y);
  g_assert_nonnull (strstr (tip, "2 (probability 0.40)"));
  cairo_surface_destroy (sure);
  cairo_surface_destroy (unsure);
  g_object_unref (view);
}

/* Too narrow for the legend beside the plot (the live page beside the
 * pickers): it goes under the plot, in rows, and the plot keeps its size. */
static void
test_boundary_narrow_legend (void)
{
  BpBoundaryView *view = g_object_ref_sink (BP_BOUNDARY_VIEW (bp_boundary_view_new ()));
  float grid[GRID * GRID], confidence[GRID * GRID];
  guint32 winner[GRID * GRID];
  for (int k = 0; k < GRID * GRID; k++)
    {
      winner[k] = (k % GRID) * 3 / GRID;
      grid[k] = confidence[k] = 0.9f;
    }
  const char * const names[] = { "Europe", "Japan", "USA" };
  BpBoundary b = {
    .grid = grid, .winner = winner, .confidence = confidence, .width = GRID, .height = GRID,
    .x_min = 1600, .x_max = 5200, .y_min = 8, .y_max = 25, .n_classes = 3, .class_names = names,
    .x_name = "Weight_in_lbs", .y_name = "Acceleration",
  };
  bp_boundary_view_set_boundary (view, &b);
  const int w = 230, h = 300;
  cairo_surface_t *surface = draw_into (view, (DrawFunc) bp_boundary_view_draw, w, h);
  graphene_rect_t plot;
  g_assert_true (bp_boundary_view_get_plot (view, w, h, &plot));
  g_assert_cmpfloat (plot.size.width, >=, 80);
  /* Under the tick labels and the axis name: the legend's swatches. */
  const int top = (int) (plot.origin.y + plot.size.height) + 40;
  g_assert_cmpint (top, <, h);
  gsize drawn = 0;
  for (int y = top; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double rgb[3];
        pixel (surface, x, y, rgb);
        drawn += rgb[0] < 0.97 || rgb[1] < 0.97 || rgb[2] < 0.97;
      }
  g_assert_cmpuint (drawn, >, 3 * 100);
  cairo_surface_destroy (surface);
  g_object_unref (view);
}

typedef struct {
  guint axes, held;
  guint x, y, feature;
  double value;
} Choices;

static void
on_axes (BpBoundaryView *view, guint x, guint y, Choices *c)
{
  c->axes++;
  c->x = x;
  c->y = y;
}

static void
on_held (BpBoundaryView *view, guint feature, double value, Choices *c)
{
  c->held++;
  c->feature = feature;
  c->value = value;
}

/* More than two features: pickers beside the plot, and the choices
 * signalled once each; a category is never offered as an axis. */
static void
test_boundary_pickers (void)
{
  BpBoundaryView *view = g_object_ref_sink (BP_BOUNDARY_VIEW (bp_boundary_view_new ()));
  Choices c = { 0 };
  g_signal_connect (view, "axes-changed", G_CALLBACK (on_axes), &c);
  g_signal_connect (view, "held-changed", G_CALLBACK (on_held), &c);
  const char * const islands[] = { "Biscoe", "Dream", "Torgersen", NULL };
  const BpBoundaryFeature features[] = {
    { "bill_length_mm", TRUE, NULL, 44, 32, 60 },
    { "island", FALSE, islands, 0, 0, 0 },
    { "bill_depth_mm", TRUE, NULL, 17, 13, 22 },
    { "flipper_length_mm", TRUE, NULL, 197, 172, 231 },
  };
  bp_boundary_view_set_features (view, features, 2, 0, 1);
  g_assert_false (gtk_widget_get_visible (bp_boundary_view_get_pickers (view)));
  bp_boundary_view_set_features (view, features, G_N_ELEMENTS (features), 0, 2);
  g_assert_true (gtk_widget_get_visible (bp_boundary_view_get_pickers (view)));
  g_assert_cmpuint (c.axes, ==, 0);
  guint x, y;
  bp_boundary_view_get_axes (view, &x, &y);
  g_assert_cmpuint (x, ==, 0);
  g_assert_cmpuint (y, ==, 2);
  g_assert_cmpfloat (bp_boundary_view_get_held (view, 3), ==, 197);

  bp_boundary_view_choose_axes (view, 3, 2);
  g_assert_cmpuint (c.axes, ==, 1);
  g_assert_cmpuint (c.x, ==, 3);
  g_assert_cmpuint (c.y, ==, 2);
  bp_boundary_view_choose_axes (view, 3, 2);
  g_assert_cmpuint (c.axes, ==, 1);

  bp_boundary_view_choose_held (view, 1, 2);
  g_assert_cmpuint (c.held, ==, 1);
  g_assert_cmpuint (c.feature, ==, 1);
  g_assert_cmpfloat (c.value, ==, 2);
  g_assert_cmpfloat (bp_boundary_view_get_held (view, 1), ==, 2);
  g_object_unref (view);
}

/* ---- the network -------------------------------------------------------- */

/* 3 inputs (the last two one category) → 4 relu → 1 output. */
static float w1[3 * 4] = { 0.9f, -0.2f, 0.1f, 0.0f,
                           -0.7f, 0.3f, 0.05f, 0.0f,
                           0.2f, -0.1f, 0.6f, 0.0f };
static float b1[4] = { 0 };
static float w2[4] = { 1.0f, -1.0f, 0.5f, 0.0f };
static float b2[1] = { 0 };

static void
set_small_network (BpNetworkView *view)
{
  const char * const nodes[] = { "age", "colour" };
  const guint input_node[] = { 0, 1, 1 };
  const char * const inputs[] = { "age", "colour=red", "colour=blue" };
  bp_network_view_set_inputs (view, nodes, 2, input_node, inputs, 3);
  const char * const outputs[] = { "P(sick)" };
  bp_network_view_set_outputs (view, outputs, 1);
  const BpNetworkLayer layers[] = {
    { 3, 4, w1, b1, BP_ACTIVATION_RELU },
    { 4, 1, w2, b2, BP_ACTIVATION_SIGMOID },
  };
  bp_network_view_set_layers (view, layers, 2);
}

static void
test_network_draws (void)
{
  BpNetworkView *view = g_object_ref_sink (BP_NETWORK_VIEW (bp_network_view_new ()));
  cairo_surface_t *empty = draw_into (view, (DrawFunc) bp_network_view_draw, W, H);
  g_assert_cmpuint (count_drawn (empty), ==, 0);

  set_small_network (view);
  cairo_surface_t *first = draw_into (view, (DrawFunc) bp_network_view_draw, W, H);
  g_assert_cmpuint (count_drawn (first), >, 1000);
  /* Two input nodes (the category is one), four hidden, one output. */
  graphene_point_t p, q;
  g_assert_true (bp_network_view_get_unit_position (view, W, H, 0, 1, &p));
  g_assert_false (bp_network_view_get_unit_position (view, W, H, 0, 2, &p));
  g_assert_true (bp_network_view_get_unit_position (view, W, H, 1, 3, &p));
  g_assert_true (bp_network_view_get_unit_position (view, W, H, 2, 0, &p));

  /* Hover a unit: its statistics, and a dead ReLU says so. */
  const float mean[4] = { 0.5f, 0.25f, 0.125f, 0.0f }, inactive[4] = { 0.1f, 0.5f, 0.75f, 1.0f };
  bp_network_view_set_unit_stats (view, 0, mean, inactive, 4);
  g_assert_true (bp_network_view_get_unit_position (view, W, H, 1, 0, &p));
  g_autofree char *unit = bp_network_view_describe_at (view, W, H, p.x, p.y);
  g_assert_nonnull (strstr (unit, "mean activation 0.5"));
  g_assert_nonnull (strstr (unit, "inactive on 10%"));
  g_assert_null (strstr (unit, "dead"));
  g_assert_true (bp_network_view_get_unit_position (view, W, H, 1, 3, &p));
  g_autofree char *dead = bp_network_view_describe_at (view, W, H, p.x, p.y);
  g_assert_nonnull (strstr (dead, "dead ReLU"));
  /* The category's node says what it stands for. */
  g_assert_true (bp_network_view_get_unit_position (view, W, H, 0, 1, &p));
  g_autofree char *group = bp_network_view_describe_at (view, W, H, p.x, p.y);
  g_assert_nonnull (strstr (group, "colour: a category, 2 inputs"));

  /* Hover the middle of an edge: its weight (a group: its strongest level). */
  g_assert_true (bp_network_view_get_unit_position (view, W, H, 0, 1, &p));
  g_assert_true (bp_network_view_get_unit_position (view, W, H, 1, 0, &q));
  g_autofree char *edge = bp_network_view_describe_at (view, W, H, (p.x + q.x) / 2, (p.y + q.y) / 2);
  g_assert_nonnull (edge);
  g_assert_nonnull (strstr (edge, "colour=red"));
  g_assert_nonnull (strstr (edge, "-0.7000"));
  g_assert_null (bp_network_view_describe_at (view, W, H, 2, H - 2));

  /* New weights: drawn again, differently. */
  cairo_surface_t *before = draw_into (view, (DrawFunc) bp_network_view_draw, W, H);
  for (gsize i = 0; i < G_N_ELEMENTS (w1); i++)
    w1[i] = -w1[i];
  set_small_network (view);
  cairo_surface_t *after = draw_into (view, (DrawFunc) bp_network_view_draw, W, H);
  g_assert_cmpuint (count_changed (before, after), >, 200);

  cairo_surface_destroy (empty);
  cairo_surface_destroy (first);
  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
  g_object_unref (view);
}

/* A layer wider than fits shows its strongest units and "+N more"; units
 * with maps are drawn as their maps, and one opens large. */
static void
test_network_wide (void)
{
  BpNetworkView *view = g_object_ref_sink (BP_NETWORK_VIEW (bp_network_view_new ()));
  const gsize n_in = 2, n_hidden = 128;
  g_autofree float *w = g_new0 (float, n_in * n_hidden);
  g_autofree float *b = g_new0 (float, n_hidden);
  g_autofree float *out = g_new0 (float, n_hidden);
  for (gsize u = 0; u < n_hidden; u++)
    w[u] = w[n_hidden + u] = 0.01f * (float) (u % 7);
  /* Unit 100 is by far the strongest. */
  w[100] = 5.0f;
  float ob = 0;
  const BpNetworkLayer layers[] = {
    { n_in, n_hidden, w, b, BP_ACTIVATION_TANH },
    { n_hidden, 1, out, &ob, BP_ACTIVATION_SIGMOID },
  };
  bp_network_view_set_layers (view, layers, 2);
  const gsize hidden = bp_network_view_get_n_hidden_units (view, W, H, 1);
  g_assert_cmpuint (hidden, >, 0);
  g_assert_cmpuint (hidden, <, n_hidden);
  graphene_point_t p;
  g_assert_true (bp_network_view_get_unit_position (view, W, H, 1, 100, &p));
  g_assert_false (bp_network_view_get_unit_position (view, W, H, 1, 0, &p));

  /* Maps of the first 8 units. */
  const guint size = 8;
  g_autofree float *maps = g_new (float, 8 * size * size);
  for (gsize k = 0; k < 8 * size * size; k++)
    maps[k] = (float) ((k % size) / (double) size - 0.5);
  cairo_surface_t *plain = draw_into (view, (DrawFunc) bp_network_view_draw, W, H);
  bp_network_view_set_unit_maps (view, 0, maps, size, 8);
  cairo_surface_t *mapped = draw_into (view, (DrawFunc) bp_network_view_draw, W, H);
  g_assert_cmpuint (count_changed (plain, mapped), >, 100);
  g_assert_true (bp_network_view_show_map (view, 0, 3));
  g_assert_false (bp_network_view_show_map (view, 0, 50));
  cairo_surface_destroy (plain);
  cairo_surface_destroy (mapped);
  g_object_unref (view);
}

/* ---- regression --------------------------------------------------------- */

static void
test_regression_plot (void)
{
  BpRegressionPlot *plot = g_object_ref_sink (BP_REGRESSION_PLOT (bp_regression_plot_new ()));
  cairo_surface_t *empty = draw_into (plot, (DrawFunc) bp_regression_plot_draw, W, H);
  g_assert_cmpuint (count_drawn (empty), ==, 0);
  const gsize n = 50;
  float actual[50], predicted[50];
  for (gsize i = 0; i < n; i++)
    {
      actual[i] = 100.0f + i;
      predicted[i] = actual[i] + (i % 2 ? 5.0f : -5.0f);
    }
  bp_regression_plot_set_points (plot, actual, predicted, n, "price");
  g_assert_cmpuint (bp_regression_plot_get_n_points (plot), ==, n);
  cairo_surface_t *first = draw_into (plot, (DrawFunc) bp_regression_plot_draw, W, H);
  graphene_rect_t scatter, residuals;
  g_assert_true (bp_regression_plot_get_panels (plot, W, H, &scatter, &residuals));
  g_assert_cmpfloat (scatter.origin.x + scatter.size.width, <, residuals.origin.x);
  g_assert_cmpuint (count_drawn (first), >, 500);
  /* Perfect answers: the residual panel's points all on its zero line. */
  bp_regression_plot_set_points (plot, actual, actual, n, "price");
  cairo_surface_t *second = draw_into (plot, (DrawFunc) bp_regression_plot_draw, W, H);
  g_assert_cmpuint (count_changed (first, second), >, 100);
  bp_regression_plot_set_points (plot, NULL, NULL, 0, NULL);
  g_assert_false (bp_regression_plot_get_panels (plot, W, H, &scatter, &residuals));
  cairo_surface_destroy (empty);
  cairo_surface_destroy (first);
  cairo_surface_destroy (second);
  g_object_unref (plot);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/live-views/boundary", test_boundary_draws);
  g_test_add_func ("/live-views/boundary-multiclass", test_boundary_multiclass);
  g_test_add_func ("/live-views/boundary-narrow-legend", test_boundary_narrow_legend);
  g_test_add_func ("/live-views/boundary-pickers", test_boundary_pickers);
  g_test_add_func ("/live-views/network", test_network_draws);
  g_test_add_func ("/live-views/network-wide", test_network_wide);
  g_test_add_func ("/live-views/regression", test_regression_plot);
  return g_test_run ();
}
