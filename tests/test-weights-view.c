/* Tests for BpWeightsView under Xvfb: a hand-made 2-2-1 network whose
 * weights we know, drawn into image surfaces in light and dark (orange
 * for positive, blue for negative, the background for zero), the copy it
 * keeps, the hover read-out, clearing, and a 784 × 256 layer and a narrow
 * 300-unit one that have to be shown one pixel per block of weights. */
#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "bp-weights-view.h"
#include "test-pixels.h"

#define W 640
#define H 420

/* n_in → hidden1 → hidden2 (relu) → output, seeded Glorot weights. */
static BpModel *
make_random_model (gsize n_in, guint hidden1, guint hidden2, BpTask task, guint n_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (n_in);
  bp_model_spec_add_layer (spec, hidden1, BP_ACTIVATION_RELU, 0.0f);
  bp_model_spec_add_layer (spec, hidden2, BP_ACTIVATION_RELU, 0.0f);
  bp_model_spec_add_output (spec, task, n_out);
  BpModel *model = bp_model_new (spec, &error);
  g_assert_no_error (error);
  BpRng rng;
  bp_rng_init (&rng, 7, 0);
  bp_model_init_params (model, &rng);
  return model;
}

/* Inputs x0, x1 → 2 relu units → 1 sigmoid output, with
 *   W1 = [ 0.5  -0.5 ]   b1 = [ 0.1  -0.1 ]
 *        [ 0     0.25 ]
 *   W2 = [ 1 ; -1 ]      b2 = [ 0 ]
 * (row-major, inputs × units, as bp-model.h says). */
static BpModel *
make_small_model (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (2);
  bp_model_spec_add_layer (spec, 2, BP_ACTIVATION_RELU, 0.0f);
  bp_model_spec_add_output (spec, BP_TASK_BINARY, 1);
  BpModel *model = bp_model_new (spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (model->n_layers, ==, 2);

  const float w1[] = { 0.5f, -0.5f, 0.0f, 0.25f }, b1[] = { 0.1f, -0.1f };
  const float w2[] = { 1.0f, -1.0f }, b2[] = { 0.0f };
  memcpy (model->layers[0].w, w1, sizeof w1);
  memcpy (model->layers[0].b, b1, sizeof b1);
  memcpy (model->layers[1].w, w2, sizeof w2);
  memcpy (model->layers[1].b, b2, sizeof b2);
  return model;
}

static const char * const features[] = { "mean_radius", "texture", NULL };
static const char * const classes[] = { "benign", "malignant", NULL };

/* ---- pixels ------------------------------------------------------------- */

static cairo_surface_t *
draw_view (BpWeightsView *view, int w, int h, const double bg[3])
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, bg[0], bg[1], bg[2]);
  cairo_paint (cr);
  bp_weights_view_draw (view, cr, w, h);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The middle of a weight's cell, checked to lie inside the widget. */
static void
cell_pixel (BpWeightsView *view, cairo_surface_t *surface, int w, int h, gsize layer, gsize input, gsize unit,
            double rgb[3])
{
  graphene_rect_t rect;
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, layer, input, unit, &rect));
  g_assert_cmpfloat (rect.size.width, >=, 1.0);
  g_assert_cmpfloat (rect.size.height, >=, 1.0);
  g_assert_cmpfloat (rect.origin.x, >=, 0);
  g_assert_cmpfloat (rect.origin.y, >=, 0);
  g_assert_cmpfloat (rect.origin.x + rect.size.width, <=, w);
  g_assert_cmpfloat (rect.origin.y + rect.size.height, <=, h);
  pixel (surface, rect.origin.x + rect.size.width / 2, rect.origin.y + rect.size.height / 2, rgb);
}

static double
distance (const double a[3], const double b[3])
{
  return fabs (a[0] - b[0]) + fabs (a[1] - b[1]) + fabs (a[2] - b[2]);
}

static gboolean
is_orange (const double rgb[3])
{
  return rgb[0] > rgb[2] + 0.4 && rgb[0] > rgb[1];
}

static gboolean
is_blue (const double rgb[3])
{
  return rgb[2] > rgb[0] + 0.4 && rgb[2] > rgb[1];
}

static void
check_pixels (gboolean dark)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  const double bg[3] = { dark ? 0x1e / 255.0 : 1.0, dark ? 0x1e / 255.0 : 1.0, dark ? 0x1e / 255.0 : 1.0 };

  g_autoptr(BpModel) model = make_small_model ();
  BpWeightsView *view = g_object_ref_sink (BP_WEIGHTS_VIEW (bp_weights_view_new ()));
  bp_weights_view_set_model (view, model, features, classes);
  cairo_surface_t *surface = draw_view (view, W, H, bg);
  if (g_getenv ("BP_WEIGHTS_DEBUG"))
    cairo_surface_write_to_png (surface, g_getenv ("BP_WEIGHTS_DEBUG"));

  double rgb[3];
  /* The layer's largest |w| is 0.5: ±0.5 are full orange and blue. */
  cell_pixel (view, surface, W, H, 0, 0, 0, rgb);
  g_test_message ("%s +0.5: %.2f/%.2f/%.2f", dark ? "dark" : "light", rgb[0], rgb[1], rgb[2]);
  g_assert_true (is_orange (rgb));
  cell_pixel (view, surface, W, H, 0, 0, 1, rgb);
  g_test_message ("%s -0.5: %.2f/%.2f/%.2f", dark ? "dark" : "light", rgb[0], rgb[1], rgb[2]);
  g_assert_true (is_blue (rgb));
  /* Zero is the background. */
  cell_pixel (view, surface, W, H, 0, 1, 0, rgb);
  for (int k = 0; k < 3; k++)
    g_assert_cmpfloat (fabs (rgb[k] - bg[k]), <, 0.02);
  /* 0.25 is half way: orange, but nearer the background than 0.5. */
  double full[3];
  cell_pixel (view, surface, W, H, 0, 0, 0, full);
  cell_pixel (view, surface, W, H, 0, 1, 1, rgb);
  g_assert_cmpfloat (rgb[0], >, rgb[2]);
  g_assert_cmpfloat (distance (rgb, bg), <, distance (full, bg) * 0.7);
  g_assert_cmpfloat (distance (rgb, bg), >, distance (full, bg) * 0.3);
  /* The biases, in their row: +0.1 a little orange, −0.1 a little blue. */
  cell_pixel (view, surface, W, H, 0, 2, 0, rgb);
  g_assert_cmpfloat (rgb[0], >, rgb[2]);
  cell_pixel (view, surface, W, H, 0, 2, 1, rgb);
  g_assert_cmpfloat (rgb[2], >, rgb[0]);
  /* The output layer, scaled on its own (max 1). */
  cell_pixel (view, surface, W, H, 1, 0, 0, rgb);
  g_assert_true (is_orange (rgb));
  cell_pixel (view, surface, W, H, 1, 1, 0, rgb);
  g_assert_true (is_blue (rgb));

  /* Cells read as inputs → units: a row down is the next input, a column
   * across the next unit; the bias row is under the matrix. */
  graphene_rect_t a, b, c, bias;
  g_assert_true (bp_weights_view_get_cell_rect (view, W, H, 0, 0, 0, &a));
  g_assert_true (bp_weights_view_get_cell_rect (view, W, H, 0, 0, 1, &b));
  g_assert_true (bp_weights_view_get_cell_rect (view, W, H, 0, 1, 0, &c));
  g_assert_true (bp_weights_view_get_cell_rect (view, W, H, 0, 2, 0, &bias));
  g_assert_cmpfloat (b.origin.x, >, a.origin.x);
  g_assert_cmpfloat (b.origin.y, ==, a.origin.y);
  g_assert_cmpfloat (c.origin.y, >, a.origin.y);
  g_assert_cmpfloat (c.origin.x, ==, a.origin.x);
  g_assert_cmpfloat (bias.origin.y, >=, c.origin.y + c.size.height);
  /* The next layer is to the right of the first. */
  g_assert_true (bp_weights_view_get_cell_rect (view, W, H, 1, 0, 0, &c));
  g_assert_cmpfloat (c.origin.x, >, b.origin.x + b.size.width);
  /* No such weights. */
  g_assert_false (bp_weights_view_get_cell_rect (view, W, H, 2, 0, 0, &c));
  g_assert_false (bp_weights_view_get_cell_rect (view, W, H, 0, 3, 0, &c));
  g_assert_false (bp_weights_view_get_cell_rect (view, W, H, 0, 0, 2, &c));

  cairo_surface_destroy (surface);
  g_object_unref (view);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_pixels (void)
{
  check_pixels (FALSE);
  check_pixels (TRUE);
}

/* ---- the copy, the read-out, clearing ------------------------------------ */

static void
test_copy (void)
{
  BpModel *model = make_small_model ();
  BpWeightsView *view = g_object_ref_sink (BP_WEIGHTS_VIEW (bp_weights_view_new ()));
  bp_weights_view_set_model (view, model, NULL, NULL);
  /* The model may change or go once set: the view keeps its own numbers. */
  model->layers[0].w[1] = 7.0f;
  bp_model_free (model);
  g_assert_cmpuint (bp_weights_view_get_n_layers (view), ==, 2);
  g_assert_cmpfloat (bp_weights_view_get_weight (view, 0, 0, 1), ==, -0.5f);
  g_assert_cmpfloat (bp_weights_view_get_weight (view, 0, 1, 1), ==, 0.25f);
  g_assert_cmpfloat (bp_weights_view_get_weight (view, 0, 2, 0), ==, 0.1f);
  g_assert_cmpfloat (bp_weights_view_get_weight (view, 1, 1, 0), ==, -1.0f);
  g_object_unref (view);
}

static char *
describe_cell (BpWeightsView *view, gsize layer, gsize input, gsize unit)
{
  graphene_rect_t rect;
  g_assert_true (bp_weights_view_get_cell_rect (view, W, H, layer, input, unit, &rect));
  return bp_weights_view_describe_at (view, W, H, rect.origin.x + rect.size.width / 2,
                                      rect.origin.y + rect.size.height / 2);
}

static void
test_describe (void)
{
  g_autoptr(BpModel) model = make_small_model ();
  BpWeightsView *view = g_object_ref_sink (BP_WEIGHTS_VIEW (bp_weights_view_new ()));
  bp_weights_view_set_model (view, model, features, classes);

  /* Numbers as the locale writes them. */
  g_autofree char *minus_half = g_strdup_printf ("%.3g", -0.5);
  g_autofree char *tenth = g_strdup_printf ("%.3g", (double) 0.1f);
  g_autofree char *expected = g_strdup_printf ("Dense 1: input “mean_radius” → unit 2: %s", minus_half);
  char *text = describe_cell (view, 0, 0, 1);
  g_assert_cmpstr (text, ==, expected);
  g_free (text);

  text = describe_cell (view, 0, 1, 0);
  g_assert_cmpstr (text, ==, "Dense 1: input “texture” → unit 1: 0");
  g_free (text);

  g_free (expected);
  expected = g_strdup_printf ("Dense 1: bias → unit 1: %s", tenth);
  text = describe_cell (view, 0, 2, 0);
  g_assert_cmpstr (text, ==, expected);
  g_free (text);

  /* The output layer, named as on the model page: from the layer below,
   * to the class it scores. */
  text = describe_cell (view, 1, 1, 0);
  g_assert_cmpstr (text, ==, "Output: unit 2 of Dense 1 → output “malignant”: -1");
  g_free (text);

  /* Just off a cell still finds it; far off finds nothing. */
  graphene_rect_t rect;
  g_assert_true (bp_weights_view_get_cell_rect (view, W, H, 0, 0, 0, &rect));
  text = bp_weights_view_describe_at (view, W, H, rect.origin.x - 2, rect.origin.y + 1);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "Dense 1: input “mean_radius” → unit 1:"));
  g_free (text);
  g_assert_null (bp_weights_view_describe_at (view, W, H, 2, 2));
  g_assert_null (bp_weights_view_describe_at (view, W, H, W - 2, H - 2));

  /* Without names: numbers. */
  bp_weights_view_set_model (view, model, NULL, NULL);
  text = describe_cell (view, 0, 1, 0);
  g_assert_cmpstr (text, ==, "Dense 1: input 2 → unit 1: 0");
  g_free (text);
  text = describe_cell (view, 1, 0, 0);
  g_assert_cmpstr (text, ==, "Output: unit 1 of Dense 1 → unit 1: 1");
  g_free (text);
  g_object_unref (view);
}

static void
test_clear (void)
{
  const double white[3] = { 1, 1, 1 };
  g_autoptr(BpModel) model = make_small_model ();
  BpWeightsView *view = g_object_ref_sink (BP_WEIGHTS_VIEW (bp_weights_view_new ()));
  int minimum, natural;

  bp_weights_view_set_model (view, model, features, classes);
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, >, 100);

  bp_weights_view_set_model (view, NULL, NULL, NULL);
  g_assert_cmpuint (bp_weights_view_get_n_layers (view), ==, 0);
  graphene_rect_t rect;
  g_assert_false (bp_weights_view_get_cell_rect (view, W, H, 0, 0, 0, &rect));
  g_assert_null (bp_weights_view_describe_at (view, W, H, W / 2, H / 2));
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 0);

  /* Nothing drawn. */
  cairo_surface_t *surface = draw_view (view, W, H, white);
  for (int y = 0; y < H; y += 7)
    for (int x = 0; x < W; x += 7)
      {
        double rgb[3];
        pixel (surface, x, y, rgb);
        g_assert_cmpfloat (rgb[0] + rgb[1] + rgb[2], ==, 3.0);
      }
  cairo_surface_destroy (surface);
  g_object_unref (view);
}

/* ---- a big layer ---------------------------------------------------------- */

static void
test_large (void)
{
  g_autoptr(BpModel) model = make_random_model (784, 256, 128, BP_TASK_MULTICLASS, 10);
  /* One weight far larger than the rest between two large negative ones:
   * its pixel block must show it, not their sum or the first. */
  model->layers[0].w[499 * 256 + 100] = -0.9f;
  model->layers[0].w[500 * 256 + 100] = 1.0f;
  model->layers[0].w[501 * 256 + 100] = -0.9f;

  char *names[11] = { NULL };
  for (int k = 0; k < 10; k++)
    names[k] = g_strdup_printf ("class %d", k);
  BpWeightsView *view = g_object_ref_sink (BP_WEIGHTS_VIEW (bp_weights_view_new ()));
  bp_weights_view_set_model (view, model, NULL, (const char * const *) names);
  for (int k = 0; k < 10; k++)
    g_free (names[k]);
  g_assert_cmpuint (bp_weights_view_get_n_layers (view), ==, 3);

  const int w = 1000, h = 480;
  const double white[3] = { 1, 1, 1 };
  gint64 t0 = g_get_monotonic_time ();
  cairo_surface_t *surface = draw_view (view, w, h, white);
  g_test_message ("784 × 256 + 256 × 128 + 128 × 10, first draw: %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  t0 = g_get_monotonic_time ();
  cairo_surface_destroy (draw_view (view, w, h, white));
  g_test_message ("next draw: %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);

  /* Every layer's corners lie inside the widget (cell_pixel checks). */
  double rgb[3];
  cell_pixel (view, surface, w, h, 0, 0, 0, rgb);
  cell_pixel (view, surface, w, h, 0, 783, 255, rgb);
  cell_pixel (view, surface, w, h, 0, 784, 255, rgb);
  cell_pixel (view, surface, w, h, 2, 127, 9, rgb);
  /* 784 rows in less than 784 pixels: blocks of two or more inputs, one
   * pixel each, showing their largest weight: the planted 1.0 is full
   * orange, although the block holds a −0.9 too. */
  graphene_rect_t first, last, before, planted, after;
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, 0, 0, 0, &first));
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, 0, 783, 0, &last));
  g_assert_cmpfloat (last.origin.y + last.size.height - first.origin.y, <, 784);
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, 0, 499, 100, &before));
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, 0, 500, 100, &planted));
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, 0, 501, 100, &after));
  g_assert_true (graphene_rect_equal (&before, &planted) || graphene_rect_equal (&after, &planted));
  cell_pixel (view, surface, w, h, 0, 500, 100, rgb);
  g_test_message ("planted weight: %.2f/%.2f/%.2f", rgb[0], rgb[1], rgb[2]);
  g_assert_true (is_orange (rgb));

  /* The read-out names the weight the pixel shows, and says it is a block. */
  graphene_rect_t rect;
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, 0, 500, 100, &rect));
  g_autofree char *text = bp_weights_view_describe_at (view, w, h, rect.origin.x + rect.size.width / 2,
                                                       rect.origin.y + rect.size.height / 2);
  g_test_message ("%s", text);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "Dense 1: input 501 → unit 101: 1 (the largest of up to "));
  cairo_surface_destroy (surface);
  g_object_unref (view);
}

/* A layer too narrow for its own share of the width, with more units than
 * the pixels of its column: it too is shown one pixel per block of units,
 * so no unit's column is dropped between pixels. */
static void
test_narrow_many_units (void)
{
  g_autoptr(BpModel) model = make_random_model (2, 4000, 300, BP_TASK_BINARY, 1);
  /* Unit 1 of the 300: at well under a pixel per unit, its column is one
   * that nearest-neighbour scaling would skip. */
  model->layers[1].w[2000 * 300 + 1] = 1.0f;

  BpWeightsView *view = g_object_ref_sink (BP_WEIGHTS_VIEW (bp_weights_view_new ()));
  bp_weights_view_set_model (view, model, NULL, NULL);
  const int w = 1000, h = 480;
  const double white[3] = { 1, 1, 1 };
  cairo_surface_t *surface = draw_view (view, w, h, white);

  /* The 300 units share fewer than 300 pixels, yet the 4000-unit layer is
   * wider: this is the narrow layer. */
  graphene_rect_t first, last, wide_first, wide_last;
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, 1, 0, 0, &first));
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, 1, 0, 299, &last));
  g_assert_cmpfloat (last.origin.x + last.size.width - first.origin.x, <, 300);
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, 0, 0, 0, &wide_first));
  g_assert_true (bp_weights_view_get_cell_rect (view, w, h, 0, 0, 3999, &wide_last));
  g_assert_cmpfloat (wide_last.origin.x + wide_last.size.width - wide_first.origin.x, >,
                     last.origin.x + last.size.width - first.origin.x);
  /* The planted weight's pixel (at least one wide) shows it. */
  double rgb[3];
  cell_pixel (view, surface, w, h, 1, 2000, 1, rgb);
  g_test_message ("planted weight in a narrow layer: %.2f/%.2f/%.2f", rgb[0], rgb[1], rgb[2]);
  g_assert_true (is_orange (rgb));
  cairo_surface_destroy (surface);
  g_object_unref (view);
}

/* ---- the real widget path ---------------------------------------------- */

static void
test_widget (void)
{
  g_autoptr(BpModel) model = make_small_model ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = bp_weights_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), W, H);
  bp_weights_view_set_model (BP_WEIGHTS_VIEW (view), model, features, classes);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_assert_cmpint (gtk_widget_get_height (view), >, 100);

  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (view);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (view),
                          gtk_widget_get_height (view));
  g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  /* A tooltip is offered over a cell. */
  g_autofree char *text = describe_cell (BP_WEIGHTS_VIEW (view), 0, 0, 0);
  g_assert_nonnull (text);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/weights-view/pixels", test_pixels);
  g_test_add_func ("/weights-view/copy", test_copy);
  g_test_add_func ("/weights-view/describe", test_describe);
  g_test_add_func ("/weights-view/clear", test_clear);
  g_test_add_func ("/weights-view/large", test_large);
  g_test_add_func ("/weights-view/narrow-many-units", test_narrow_many_units);
  g_test_add_func ("/weights-view/widget", test_widget);
  return g_test_run ();
}
