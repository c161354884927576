/* Tests for BpChart under Xvfb: draw into image surfaces and look at the
 * pixels, export to files, and render once through the real widget path.
 * With BP_CHART_SHOTS=DIR set, /chart/shots also writes light and dark
 * pictures of two realistic charts for people to look at. */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "bp-chart.h"
#include "bp-chart-axis.h"
#include "bp-style.h"

#define W 400
#define H 300

typedef struct {
  cairo_surface_t *surface;
  guchar          *data;
  int              stride;
} Image;

static void
image_init (Image *img, int w, int h)
{
  img->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (img->surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
}

static void
image_ready (Image *img)
{
  cairo_surface_flush (img->surface);
  img->data = cairo_image_surface_get_data (img->surface);
  img->stride = cairo_image_surface_get_stride (img->surface);
}

static void
image_clear (Image *img)
{
  g_clear_pointer (&img->surface, cairo_surface_destroy);
}

/* Opaque pixels only (we paint a white background first). */
static void
pixel (const Image *img, int x, int y, double *r, double *g, double *b)
{
  guint32 p = *(const guint32 *) (const void *) (img->data + y * img->stride + x * 4);
  *r = ((p >> 16) & 0xff) / 255.0;
  *g = ((p >> 8) & 0xff) / 255.0;
  *b = (p & 0xff) / 255.0;
}

static gboolean
is_dark (const Image *img, int x, int y)
{
  double r, g, b;
  pixel (img, x, y, &r, &g, &b);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.6;
}

static gboolean
is_color (const Image *img, int x, int y, const GdkRGBA *c)
{
  double r, g, b;
  pixel (img, x, y, &r, &g, &b);
  return fabs (r - c->red) < 0.12 && fabs (g - c->green) < 0.12 && fabs (b - c->blue) < 0.12;
}

typedef struct {
  guint inside, left, right, below, above;
} Where;

/* Counts pixels of a colour inside the plot and on each side of it
 * (with a few pixels of slack for line width). */
static Where
count_color (const Image *img, int w, int h, const cairo_rectangle_int_t *a, const GdkRGBA *c)
{
  const int slack = 4;
  Where where = { 0 };

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        if (!is_color (img, x, y, c))
          continue;
        if (y < a->y - slack)
          where.above++;
        else if (x < a->x - slack)
          where.left++;
        else if (x >= a->x + a->width + slack)
          where.right++;
        else if (y >= a->y + a->height + slack)
          where.below++;
        else
          where.inside++;
      }
  return where;
}

static BpChart *
make_chart (void)
{
  BpChart *chart = BP_CHART (g_object_ref_sink (bp_chart_new ()));

  bp_chart_set_title (chart, "Loss");
  bp_chart_set_x_label (chart, "Epoch");
  bp_chart_set_y_label (chart, "Loss");
  return chart;
}

static void
draw_chart (BpChart *chart, Image *img, int w, int h)
{
  image_init (img, w, h);
  cairo_t *cr = cairo_create (img->surface);
  bp_chart_draw (chart, cr, w, h);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  image_ready (img);
}


/* Two charts whose y labels differ in width ("0.6" against "400000")
 * line up their plots once aligned, and stop doing so when one goes. */
static void
test_align (void)
{
  g_autoptr(BpChart) narrow = make_chart ();
  BpChart *wide = make_chart ();
  g_autoptr(BpChartSeries) a = bp_chart_series_new ("a", 0, BP_CHART_LINE_SOLID);
  g_autoptr(BpChartSeries) b = bp_chart_series_new ("b", 1, BP_CHART_LINE_SOLID);
  cairo_rectangle_int_t na, wa;

  for (int i = 0; i <= 20; i++)
    {
      bp_chart_series_append (a, i, 0.5 + i / 100.0);
      bp_chart_series_append (b, i, 1000.0 * i * i);
    }
  bp_chart_add_series (narrow, a);
  bp_chart_add_series (wide, b);
  bp_chart_data_changed (narrow);
  bp_chart_data_changed (wide);

  g_assert_true (bp_chart_get_plot_area (narrow, W, H, &na));
  g_assert_true (bp_chart_get_plot_area (wide, W, H, &wa));
  g_assert_cmpint (na.x, <, wa.x);
  int own_x = na.x;

  bp_chart_align_with (narrow, wide);
  /* Each chart learns the other's needs when it lays out. */
  g_assert_true (bp_chart_get_plot_area (narrow, W, H, &na));
  g_assert_true (bp_chart_get_plot_area (wide, W, H, &wa));
  g_assert_true (bp_chart_get_plot_area (narrow, W, H, &na));
  g_assert_cmpint (na.x, ==, wa.x);
  g_assert_cmpint (na.width, ==, wa.width);

  /* The partner gone, the narrow chart is back to its own layout. */
  g_object_unref (wide);
  g_assert_true (bp_chart_get_plot_area (narrow, W, H, &na));
  g_assert_cmpint (na.x, ==, own_x);
}

static void
test_draw (void)
{
  g_autoptr(BpChart) chart = make_chart ();
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("train", 0, BP_CHART_LINE_SOLID);
  cairo_rectangle_int_t a;
  GdkRGBA color;
  Image img;

  for (int i = 0; i <= 200; i++)
    bp_chart_series_append (s, i / 20.0, 1.5 + sin (i / 10.0));
  bp_chart_add_series (chart, s);
  bp_chart_data_changed (chart);

  g_assert_true (bp_chart_get_plot_area (chart, W, H, &a));
  g_assert_cmpint (a.x, >, 20);
  g_assert_cmpint (a.y, >, 20);
  g_assert_cmpint (a.x + a.width, <=, W);
  g_assert_cmpint (a.y + a.height, <, H - 20);
  g_assert_cmpint (a.width, >, W / 2);
  g_assert_cmpint (a.height, >, H / 2);

  draw_chart (chart, &img, W, H);
  if (g_getenv ("BP_CHART_DEBUG"))
    cairo_surface_write_to_png (img.surface, g_getenv ("BP_CHART_DEBUG"));

  /* The axes: a dark column along the left of the plot, a dark row
   * along its bottom. */
  guint left = 0, bottom = 0;
  for (int y = a.y; y < a.y + a.height; y++)
    left += is_dark (&img, a.x, y);
  for (int x = a.x; x < a.x + a.width; x++)
    bottom += is_dark (&img, x, a.y + a.height);
  g_assert_cmpuint (left, >=, a.height * 9 / 10);
  g_assert_cmpuint (bottom, >=, a.width * 9 / 10);
  /* and not everything is dark: the middle of the plot is mostly light */
  guint mid_dark = 0;
  for (int x = a.x + 10; x < a.x + a.width - 10; x++)
    mid_dark += is_dark (&img, x, a.y + 3);
  g_assert_cmpuint (mid_dark, <, (guint) a.width / 4);

  /* The series' colour: in the plot, in the legend above it, nowhere else. */
  bp_chart_get_series_color (chart, 0, &color);
  Where where = count_color (&img, W, H, &a, &color);
  g_assert_cmpuint (where.inside, >, 300);
  g_assert_cmpuint (where.above, >, 10);
  g_assert_cmpuint (where.left, ==, 0);
  g_assert_cmpuint (where.right, ==, 0);
  g_assert_cmpuint (where.below, ==, 0);

  /* A sine over [0.5, 2.5] reaches near the top and the bottom of the plot. */
  guint top_band = 0, bottom_band = 0;
  for (int y = a.y; y < a.y + a.height / 5; y++)
    for (int x = a.x; x < a.x + a.width; x++)
      top_band += is_color (&img, x, y, &color);
  for (int y = a.y + a.height * 4 / 5; y < a.y + a.height; y++)
    for (int x = a.x; x < a.x + a.width; x++)
      bottom_band += is_color (&img, x, y, &color);
  g_assert_cmpuint (top_band, >, 20);
  g_assert_cmpuint (bottom_band, >, 20);

  image_clear (&img);
}

/* A million points with smoothing: stays inside the plot; the y range
 * includes the spike. */
static void
test_draw_many (void)
{
  g_autoptr(BpChart) chart = make_chart ();
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("batch", 3, BP_CHART_LINE_SOLID);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  cairo_rectangle_int_t a;
  GdkRGBA color;
  Image img;

  bp_chart_series_set_smoothed (s, TRUE);
  bp_chart_add_series (chart, s);
  bp_chart_set_smoothing (chart, 0.9);
  for (int i = 0; i < 1000000; i++)
    bp_chart_series_append (s, i / 100000.0, exp (-i / 300000.0) + 0.2 * g_rand_double (rand) +
                            (i == 500000 ? 3.0 : 0.0));
  bp_chart_data_changed (chart);

  g_assert_true (bp_chart_get_plot_area (chart, W, H, &a));
  gint64 t0 = g_get_monotonic_time ();
  draw_chart (chart, &img, W, H);
  g_test_message ("1M points, first draw (EMA pass included): %.1f ms",
                  (g_get_monotonic_time () - t0) / 1000.0);
  image_clear (&img);
  t0 = g_get_monotonic_time ();
  draw_chart (chart, &img, W, H);
  g_test_message ("1M points, next draw: %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  bp_chart_get_series_color (chart, 3, &color);
  Where where = count_color (&img, W, H, &a, &color);
  g_assert_cmpuint (where.inside, >, 200);
  g_assert_cmpuint (where.left + where.right + where.below, ==, 0);

  /* The spike (the max, 4.0-ish) survives decimation: some of the
   * band reaches the top tenth of the plot. */
  guint top = 0;
  for (int y = a.y; y < a.y + a.height / 10; y++)
    for (int x = a.x + 1; x < a.x + a.width; x++)
      {
        double r, g, b;
        pixel (&img, x, y, &r, &g, &b);
        top += (r < 0.98 || g < 0.98 || b < 0.98) && !is_dark (&img, x, y);
      }
  g_assert_cmpuint (top, >, 0);
  image_clear (&img);
}

static void
notify_count (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_log_y (void)
{
  g_autoptr(BpChart) chart = make_chart ();
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("loss", 1, BP_CHART_LINE_SOLID);
  cairo_rectangle_int_t a;
  GdkRGBA color;
  Image img;
  guint notified = 0;

  /* Loss falling from 10 to 0.001: a straight line on a log axis. */
  for (int i = 0; i <= 100; i++)
    bp_chart_series_append (s, i / 10.0, 10.0 * pow (1e-4, i / 100.0));
  bp_chart_add_series (chart, s);

  g_signal_connect (chart, "notify::log-y", G_CALLBACK (notify_count), &notified);
  g_object_set (chart, "log-y", TRUE, NULL);
  g_assert_true (bp_chart_get_log_y (chart));
  g_assert_cmpuint (notified, ==, 1);
  bp_chart_set_log_y (chart, TRUE);
  g_assert_cmpuint (notified, ==, 1);

  g_assert_true (bp_chart_get_plot_area (chart, W, H, &a));
  draw_chart (chart, &img, W, H);
  bp_chart_get_series_color (chart, 1, &color);

  /* On a log axis the line crosses the middle of the plot at mid-x; on a
   * linear one it would hug the bottom there. */
  int mid_x = a.x + a.width / 2;
  int hit_y = -1;
  for (int y = a.y; y < a.y + a.height; y++)
    if (is_color (&img, mid_x, y, &color))
      {
        hit_y = y;
        break;
      }
  g_assert_cmpint (hit_y, >, a.y + a.height / 4);
  g_assert_cmpint (hit_y, <, a.y + a.height * 3 / 4);
  Where where = count_color (&img, W, H, &a, &color);
  g_assert_cmpuint (where.left + where.right + where.below, ==, 0);
  image_clear (&img);

  g_object_set (chart, "log-y", FALSE, NULL);
  draw_chart (chart, &img, W, H);
  hit_y = -1;
  for (int y = a.y; y < a.y + a.height + 3; y++)
    if (is_color (&img, mid_x, y, &color))
      {
        hit_y = y;
        break;
      }
  g_assert_cmpint (hit_y, >, a.y + a.height * 9 / 10);
  image_clear (&img);

  /* Non-positive values on a log axis draw (at the bottom) without harm. */
  bp_chart_series_append (s, 11, 0.0);
  bp_chart_series_append (s, 12, -3.0);
  bp_chart_set_log_y (chart, TRUE);
  bp_chart_data_changed (chart);
  draw_chart (chart, &img, W, H);
  where = count_color (&img, W, H, &a, &color);
  g_assert_cmpuint (where.left + where.right + where.below, ==, 0);
  image_clear (&img);
}

static void
test_properties (void)
{
  g_autoptr(BpChart) chart = make_chart ();
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("batch", 0, BP_CHART_LINE_SOLID);
  guint notified = 0;
  double v;
  char *str;

  bp_chart_series_set_smoothed (s, TRUE);
  bp_chart_add_series (chart, s);
  g_signal_connect (chart, "notify::smoothing", G_CALLBACK (notify_count), &notified);

  g_object_set (chart, "smoothing", 0.8, NULL);
  g_object_get (chart, "smoothing", &v, NULL);
  g_assert_cmpfloat (v, ==, 0.8);
  g_assert_cmpuint (notified, ==, 1);
  /* the series follows the chart */
  g_assert_cmpfloat (bp_chart_series_get_smoothing_weight (s), ==, 0.8);
  bp_chart_set_smoothing (chart, 0.8);
  g_assert_cmpuint (notified, ==, 1);
  bp_chart_set_smoothing (chart, 2.0);
  g_assert_cmpfloat (bp_chart_get_smoothing (chart), ==, 0.99);

  g_object_get (chart, "title", &str, NULL);
  g_assert_cmpstr (str, ==, "Loss");
  g_free (str);

  /* Bindable the way the app binds GSettings. */
  g_autoptr(BpChart) other = make_chart ();
  g_object_bind_property (chart, "log-y", other, "log-y", G_BINDING_SYNC_CREATE);
  bp_chart_set_log_y (chart, TRUE);
  g_assert_true (bp_chart_get_log_y (other));
}

static void
test_placeholder (void)
{
  g_autoptr(BpChart) chart = make_chart ();
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("train", 0, BP_CHART_LINE_SOLID);
  cairo_rectangle_int_t a;
  Image img;

  bp_chart_set_placeholder (chart, "Press Train to see the loss");
  bp_chart_add_series (chart, s);
  g_assert_false (bp_chart_get_plot_area (chart, W, H, &a));

  /* Text in the middle, no axes. */
  draw_chart (chart, &img, W, H);
  guint middle = 0, low = 0;
  for (int y = H / 3; y < 2 * H / 3; y++)
    for (int x = 0; x < W; x++)
      middle += is_dark (&img, x, y);
  for (int y = H - 30; y < H; y++)
    for (int x = 0; x < W; x++)
      low += is_dark (&img, x, y);
  g_assert_cmpuint (middle, >, 50);
  g_assert_cmpuint (low, ==, 0);
  image_clear (&img);

  /* Points arrive, then the series is cleared: back to the placeholder,
   * and a fresh range afterwards. */
  bp_chart_series_append (s, 0, 100);
  bp_chart_series_append (s, 1, 200);
  bp_chart_data_changed (chart);
  g_assert_true (bp_chart_get_plot_area (chart, W, H, &a));
  bp_chart_series_clear (s);
  bp_chart_data_changed (chart);
  g_assert_false (bp_chart_get_plot_area (chart, W, H, &a));

  bp_chart_remove_all_series (chart);
  g_assert_false (bp_chart_get_plot_area (chart, W, H, &a));
  /* tiny sizes draw nothing harmful */
  draw_chart (chart, &img, 10, 10);
  image_clear (&img);
}

static char *
read_head (const char *path, gsize *length)
{
  char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static void
test_export (void)
{
  g_autoptr(BpChart) chart = make_chart ();
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("train", 0, BP_CHART_LINE_SOLID);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-chart-XXXXXX", &error);
  g_assert_no_error (error);

  for (int i = 0; i < 50; i++)
    bp_chart_series_append (s, i, 1.0 / (i + 1));
  bp_chart_add_series (chart, s);
  bp_chart_add_marker (chart, 20, "lr 0.01");

  static const struct { const char *name; const char *magic; } cases[] = {
    { "chart.png", "\x89PNG\r\n" },
    { "chart.svg", "<?xml" },
    { "chart.PDF", "%PDF-" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      gsize length;

      g_assert_true (bp_chart_export (chart, path, 640, 400, &error));
      g_assert_no_error (error);
      g_autofree char *contents = read_head (path, &length);
      g_assert_cmpuint (length, >, 500);
      g_assert_true (memcmp (contents, cases[i].magic, strlen (cases[i].magic)) == 0);
      g_assert_cmpint (g_remove (path), ==, 0);
    }

  /* The PNG is opaque and the size asked for. */
  g_autofree char *png = g_build_filename (dir, "opaque.png", NULL);
  g_assert_true (bp_chart_export (chart, png, 300, 200, &error));
  cairo_surface_t *back = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (back), ==, 300);
  g_assert_cmpint (cairo_image_surface_get_height (back), ==, 200);
  cairo_surface_flush (back);
  guint32 corner = *(guint32 *) (void *) cairo_image_surface_get_data (back);
  g_assert_cmphex (corner >> 24, ==, 0xff);
  cairo_surface_destroy (back);
  g_remove (png);

  /* An unknown extension: an error naming the file, and no file. */
  g_autofree char *bmp = g_build_filename (dir, "chart.bmp", NULL);
  g_assert_false (bp_chart_export (chart, bmp, 640, 400, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "chart.bmp"));
  g_assert_false (g_file_test (bmp, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_autofree char *bare = g_build_filename (dir, "chart", NULL);
  g_assert_false (bp_chart_export (chart, bare, 640, 400, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* A directory that does not exist: a write failure naming the file. */
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "chart.svg", NULL);
  g_assert_false (bp_chart_export (chart, missing, 640, 400, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_nonnull (strstr (error->message, "chart.svg"));
  g_clear_error (&error);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
render_widget_on (GtkWidget *widget, Image *img, int w, int h, const GdkRGBA *bg)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  image_init (img, w, h);
  cairo_t *cr = cairo_create (img->surface);
  if (bg)
    {
      gdk_cairo_set_source_rgba (cr, bg);
      cairo_paint (cr);
    }
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  image_ready (img);
}

static void
render_widget (GtkWidget *widget, Image *img, int w, int h)
{
  render_widget_on (widget, img, w, h, NULL);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GtkEventController *
motion_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_MOTION (c))
        return c;
    }
  return NULL;
}

static void
test_widget (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = bp_chart_new ();
  g_autoptr(BpChartSeries) s = bp_chart_series_new ("train", 2, BP_CHART_LINE_DASHED);
  cairo_rectangle_int_t a;
  GdkRGBA color;
  Image img, hover, again;

  bp_chart_series_set_show_points (s, TRUE);
  for (int i = 1; i <= 10; i++)
    bp_chart_series_append (s, i, 1.0 / i);
  bp_chart_add_series (BP_CHART (chart), s);
  bp_chart_set_title (BP_CHART (chart), "Validation");

  gtk_window_set_default_size (GTK_WINDOW (window), W, H);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  spin (200);
  g_assert_true (gtk_widget_get_mapped (chart));

  int w = gtk_widget_get_width (chart), h = gtk_widget_get_height (chart);
  g_assert_cmpint (w, >=, 240);
  g_assert_cmpint (h, >=, 160);
  g_assert_true (gtk_widget_get_hexpand (chart));
  g_assert_true (bp_chart_get_plot_area (BP_CHART (chart), w, h, &a));

  render_widget (chart, &img, w, h);
  bp_chart_get_series_color (BP_CHART (chart), 2, &color);
  Where where = count_color (&img, w, h, &a, &color);
  g_assert_cmpuint (where.inside, >, 100);
  g_assert_cmpuint (where.left + where.right + where.below, ==, 0);

  /* The pointer over the plot: a read-out appears; gone on leave. */
  GtkEventController *motion = motion_controller (chart);
  g_assert_nonnull (motion);
  g_signal_emit_by_name (motion, "motion", (double) a.x + a.width / 2, (double) a.y + a.height / 2);
  gtk_test_widget_wait_for_draw (window);
  render_widget (chart, &hover, w, h);
  g_signal_emit_by_name (motion, "leave");
  gtk_test_widget_wait_for_draw (window);
  render_widget (chart, &again, w, h);

  guint differ = 0, differ_again = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p0 = *(guint32 *) (void *) (img.data + y * img.stride + x * 4);
        guint32 p1 = *(guint32 *) (void *) (hover.data + y * hover.stride + x * 4);
        guint32 p2 = *(guint32 *) (void *) (again.data + y * again.stride + x * 4);
        differ += p0 != p1;
        differ_again += p0 != p2;
      }
  g_assert_cmpuint (differ, >, 500);
  g_assert_cmpuint (differ_again, ==, 0);

  image_clear (&img);
  image_clear (&hover);
  image_clear (&again);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Kept runs overlaid -------------------------------------------------- */

/* The widget's own snapshot, as a frame makes it (a widget paintable
 * has nothing to show while a redraw is queued). */
static void
render_snapshot (GtkWidget *widget, Image *img, int w, int h)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  image_init (img, w, h);
  cairo_t *cr = cairo_create (img->surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  image_ready (img);
}

/* Twenty kept runs' validation loss, faded, under a current run that is
 * still training: every run keeps its own colour and line, the current
 * one is drawn strongest, the legend stays within two rows, the pointer
 * names the nearest kept run, and a frame of the widget (the cached
 * drawing made again after new batches, then the read-out) stays far
 * below 50 ms. */
#define OVERLAY_RUNS   20
#define OVERLAY_EPOCHS 100

static void
test_overlay (void)
{
  GtkWidget *window = gtk_window_new ();
  BpChart *chart = BP_CHART (bp_chart_new ());
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BpChartSeries) batch = bp_chart_series_new ("Loss per batch", 0, BP_CHART_LINE_SOLID);
  g_autoptr(BpChartSeries) current = bp_chart_series_new ("Validation loss", 1, BP_CHART_LINE_DASHED);
  const int w = 860, h = 330;

  bp_chart_set_title (chart, "Loss");
  bp_chart_set_x_label (chart, "Epoch");
  bp_chart_set_y_label (chart, "Loss");
  gboolean seen[BP_PALETTE_N_COLORS][BP_CHART_N_LINE_STYLES] = { { FALSE } };
  for (guint r = 0; r < OVERLAY_RUNS; r++)
    {
      guint color;
      BpChartLineStyle style;
      bp_chart_run_style (r, &color, &style);
      /* No two of the twenty look alike. */
      g_assert_false (seen[color][style]);
      seen[color][style] = TRUE;
      g_autofree char *name = g_strdup_printf ("lr 0.%03u", r + 1);
      BpChartSeries *s = bp_chart_series_new (name, color, style);
      bp_chart_series_set_faded (s, TRUE);
      g_assert_true (bp_chart_series_get_faded (s));
      for (int e = 1; e <= OVERLAY_EPOCHS; e++)
        bp_chart_series_append (s, e, 0.2 + (1.0 + r / 10.0) * exp (-e / (5.0 + r)));
      bp_chart_add_series (chart, s);
      g_ptr_array_add (runs, s);
    }
  bp_chart_series_set_smoothed (batch, TRUE);
  bp_chart_add_series (chart, batch);
  bp_chart_add_series (chart, current);
  /* The current run is drawn strongest: its colour index (1) is also a
   * kept run's, whose faded line must not hide it. */
  for (int e = 1; e <= 30; e++)
    bp_chart_series_append (current, e, 2.0);

  gtk_window_set_default_size (GTK_WINDOW (window), w, h);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  spin (100);
  int cw = gtk_widget_get_width (GTK_WIDGET (chart)), chh = gtk_widget_get_height (GTK_WIDGET (chart));
  cairo_rectangle_int_t a;
  g_assert_true (bp_chart_get_plot_area (chart, cw, chh, &a));
  /* Two legend rows at most: the plot keeps most of the height. */
  g_assert_cmpint (a.height, >, chh / 2);

  Image img;
  render_widget (GTK_WIDGET (chart), &img, cw, chh);
  GdkRGBA strong;
  bp_chart_get_series_color (chart, 1, &strong);
  /* Along y = 2.0 the current run's dashes are full colour. */
  guint full = 0;
  for (int x = a.x; x < a.x + a.width / 4; x++)
    for (int y = a.y; y < a.y + a.height; y++)
      full += is_color (&img, x, y, &strong);
  g_assert_cmpuint (full, >, 20);
  /* Every kept run left some of its (faded) colour in the plot. */
  guint coloured = 0;
  for (int y = a.y; y < a.y + a.height; y++)
    for (int x = a.x + 2; x < a.x + a.width; x++)
      {
        double r, g, b;
        pixel (&img, x, y, &r, &g, &b);
        coloured += fabs (r - g) > 0.08 || fabs (g - b) > 0.08;
      }
  g_assert_cmpuint (coloured, >, (guint) (OVERLAY_RUNS * 40));
  image_clear (&img);

  /* One more run trains: batches arrive, the chart is told, a frame is
   * drawn; the pointer sits over the plot so the read-out is drawn too. */
  GtkEventController *motion = motion_controller (GTK_WIDGET (chart));
  g_signal_emit_by_name (motion, "motion", (double) a.x + a.width / 3, (double) a.y + a.height * 0.7);
  double worst = 0, total = 0;
  const int frames = 60, per_frame = 200;
  for (int f = 0; f < frames; f++)
    {
      for (int b = 0; b < per_frame; b++)
        {
          double x = (f * per_frame + b) / 400.0;
          bp_chart_series_append (batch, x, 0.3 + exp (-x / 8.0) * (0.5 + 0.5 * sin (b)));
        }
      bp_chart_data_changed (chart);
      gint64 t0 = g_get_monotonic_time ();
      /* What GTK does for a frame: the widget's snapshot, then the
       * Cairo renderer draws its nodes (GSK_RENDERER=cairo in the tests). */
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (chart)->snapshot (GTK_WIDGET (chart), snapshot);
      g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
      g_assert_nonnull (node);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cw, chh);
      cairo_t *cr = cairo_create (surface);
      gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;
      worst = MAX (worst, ms);
      total += ms;
    }
  g_test_message ("%d overlaid runs of %d epochs, one more training (%u batch points): frame mean %.1f ms, worst %.1f ms",
                  OVERLAY_RUNS, OVERLAY_EPOCHS, bp_chart_series_get_n_points (batch), total / frames, worst);
  if (g_getenv ("BP_CHART_TIMES"))
    g_printerr ("overlay frames at %dx%d: mean %.1f ms, worst %.1f ms\n", cw, chh, total / frames, worst);
  /* The time is reported, not asserted: a unit test is no benchmark (at
   * load 37 the worst frame took 308 ms). BP_CHART_TIMES=1 prints it. */

  /* The read-out names the kept run nearest the pointer and draws it
   * out: the hover picture differs from the plain one along that line. */
  Image plain, hover;
  g_signal_emit_by_name (motion, "leave");
  render_snapshot (GTK_WIDGET (chart), &plain, cw, chh);
  g_signal_emit_by_name (motion, "motion", (double) a.x + a.width / 3, (double) a.y + a.height * 0.7);
  render_snapshot (GTK_WIDGET (chart), &hover, cw, chh);
  guint differ = 0;
  for (int y = a.y; y < a.y + a.height; y++)
    for (int x = a.x; x < a.x + a.width; x++)
      differ += *(guint32 *) (void *) (plain.data + y * plain.stride + x * 4)
                != *(guint32 *) (void *) (hover.data + y * hover.stride + x * 4);
  g_assert_cmpuint (differ, >, 500);
  image_clear (&plain);
  image_clear (&hover);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Pictures to look at --------------------------------------------------- */

static void
fill_realistic (BpChart *loss, BpChart *accuracy)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  g_autoptr(BpChartSeries) batch = bp_chart_series_new ("train loss (batches)", 0, BP_CHART_LINE_SOLID);
  g_autoptr(BpChartSeries) train = bp_chart_series_new ("train loss", 0, BP_CHART_LINE_SOLID);
  g_autoptr(BpChartSeries) val = bp_chart_series_new ("validation loss", 1, BP_CHART_LINE_DASHED);
  g_autoptr(BpChartSeries) acc_train = bp_chart_series_new ("train accuracy", 2, BP_CHART_LINE_SOLID);
  g_autoptr(BpChartSeries) acc_val = bp_chart_series_new ("validation accuracy", 2, BP_CHART_LINE_DASHED);
  const int epochs = 10, batches = 400;

  bp_chart_series_set_smoothed (batch, TRUE);
  bp_chart_series_set_show_points (train, TRUE);
  bp_chart_series_set_show_points (val, TRUE);
  bp_chart_series_set_show_points (acc_train, TRUE);
  bp_chart_series_set_show_points (acc_val, TRUE);
  bp_chart_add_series (loss, batch);
  bp_chart_add_series (loss, train);
  bp_chart_add_series (loss, val);
  bp_chart_add_series (accuracy, acc_train);
  bp_chart_add_series (accuracy, acc_val);

  for (int e = 0; e < epochs; e++)
    {
      double sum = 0;
      for (int b = 1; b <= batches; b++)
        {
          double x = e + (double) b / batches;
          double lr_drop = x > 6 ? 0.7 : 1.0;
          double base = 0.08 + 2.2 * exp (-x / 1.6) * lr_drop;
          double y = base * (0.6 + 0.8 * g_rand_double (rand));
          sum += y;
          bp_chart_series_append (batch, x, y);
        }
      double train_loss = sum / batches;
      double val_loss = train_loss * 1.08 + 0.02 * e * e / 10.0;
      bp_chart_series_append (train, e + 1, train_loss);
      bp_chart_series_append (val, e + 1, val_loss);
      double a = 1.0 - 0.6 * exp (-(e + 1) / 2.0) - 0.03;
      bp_chart_series_append (acc_train, e + 1, a);
      bp_chart_series_append (acc_val, e + 1, a - 0.02 - 0.004 * e);
    }
  bp_chart_add_marker (loss, 6, "lr 0.01");
  bp_chart_add_marker (accuracy, 6, "lr 0.01");
  bp_chart_set_smoothing (loss, 0.9);
  bp_chart_set_y_bounds (accuracy, 0, 1);
  bp_chart_data_changed (loss);
  bp_chart_data_changed (accuracy);
}

static void
write_shot (GtkWidget *window, BpChart *loss, BpChart *accuracy, const char *path)
{
  const int cw = 640, ch = 380;
  GdkRGBA fg;
  Image img;

  gtk_widget_queue_draw (window);
  gtk_test_widget_wait_for_draw (window);

  /* Same background as export uses. */
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (loss), &fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (loss)), &fg);
#endif
  gboolean dark = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;

  img.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cw, 2 * ch);
  cairo_t *cr = cairo_create (img.surface);
  if (dark)
    cairo_set_source_rgb (cr, 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  bp_chart_draw (loss, cr, cw, ch);
  cairo_translate (cr, 0, ch);
  bp_chart_draw (accuracy, cr, cw, ch);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (img.surface, path), ==, CAIRO_STATUS_SUCCESS);
  image_clear (&img);
}

static void
test_shots (void)
{
  const char *dir = g_getenv ("BP_CHART_SHOTS");

  if (dir == NULL)
    {
      g_test_skip ("set BP_CHART_SHOTS=DIR to write pictures");
      return;
    }

  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  BpChart *loss = BP_CHART (bp_chart_new ());
  BpChart *accuracy = BP_CHART (bp_chart_new ());

  bp_chart_set_title (loss, "Loss");
  bp_chart_set_x_label (loss, "Epoch");
  bp_chart_set_y_label (loss, "Cross-entropy");
  bp_chart_set_title (accuracy, "Accuracy");
  bp_chart_set_x_label (accuracy, "Epoch");
  bp_chart_set_y_label (accuracy, "Accuracy");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (loss));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (accuracy));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 760);
  fill_realistic (loss, accuracy);
  gtk_window_present (GTK_WINDOW (window));

  AdwStyleManager *manager = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_autofree char *light = g_build_filename (dir, "chart-light.png", NULL);
  write_shot (window, loss, accuracy, light);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_autofree char *dark = g_build_filename (dir, "chart-dark.png", NULL);
  write_shot (window, loss, accuracy, dark);

  /* The widget itself, with the pointer over the loss plot. */
  GtkEventController *motion = motion_controller (GTK_WIDGET (loss));
  cairo_rectangle_int_t a;
  int w = gtk_widget_get_width (GTK_WIDGET (loss)), h = gtk_widget_get_height (GTK_WIDGET (loss));
  Image img;
  g_assert_true (bp_chart_get_plot_area (loss, w, h, &a));
  g_signal_emit_by_name (motion, "motion", a.x + a.width * 0.42, a.y + a.height * 0.5);
  gtk_test_widget_wait_for_draw (window);
  render_widget_on (GTK_WIDGET (loss), &img, w, h, &(GdkRGBA) { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0, 1 });
  g_autofree char *hover = g_build_filename (dir, "chart-hover-dark.png", NULL);
  cairo_surface_write_to_png (img.surface, hover);
  image_clear (&img);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A loss history like the one reported: the first batch at 0.7, epoch
 * losses falling to 0.0075. The y axis shows the epoch curves, not the
 * spike; the log axis still shows everything. */
static void
test_loss_range (void)
{
  BpChart *chart = BP_CHART (g_object_ref_sink (bp_chart_new ()));
  g_autoptr(BpChartSeries) batch = bp_chart_series_new ("batch", 0, BP_CHART_LINE_SOLID);
  g_autoptr(BpChartSeries) epoch = bp_chart_series_new ("epoch", 2, BP_CHART_LINE_SOLID);
  bp_chart_series_set_smoothed (batch, TRUE);
  bp_chart_add_series (chart, batch);
  bp_chart_add_series (chart, epoch);
  double lo, hi;

  const guint per_epoch = 100;
  for (guint i = 0; i < 10 * per_epoch; i++)
    {
      double x = (i + 1.0) / per_epoch;
      double y = i == 0 ? 0.7 : i < 5 ? 0.2 / i : 0.006 + 0.004 * fabs (sin (i * 0.37)) + 0.02 * exp (-(double) i / 50);
      bp_chart_series_append (batch, x, y);
      if ((i + 1) % per_epoch == 0)
        bp_chart_series_append (epoch, (i + 1) / per_epoch, 0.0075 + 0.01 * exp (-(double) i / 200));
      bp_chart_data_changed (chart);
      /* As the training view asks for it, every so often. */
      if (i % 37 == 0)
        g_assert_true (bp_chart_get_y_range (chart, &lo, &hi));
    }
  g_assert_true (bp_chart_get_y_range (chart, &lo, &hi));
  g_assert_cmpfloat (hi, <, 0.05);
  g_assert_cmpfloat (lo, >=, 0);
  /* Every epoch point is inside. */
  for (guint i = 0; i < bp_chart_series_get_n_points (epoch); i++)
    {
      double x, y;
      bp_chart_series_get_point (epoch, i, &x, &y);
      g_assert_cmpfloat (y, >=, lo);
      g_assert_cmpfloat (y, <=, hi);
    }
  bp_chart_set_log_y (chart, TRUE);
  g_assert_true (bp_chart_get_y_range (chart, &lo, &hi));
  g_assert_cmpfloat (lo, <=, 0.0075);
  g_object_unref (chart);
}

/* Accuracy after one epoch: inside [0, 1], ticks on a 1-2-5 step with as
 * many decimals as the step; whole epochs on the x axis. */
static void
test_accuracy_range (void)
{
  BpChart *chart = BP_CHART (g_object_ref_sink (bp_chart_new ()));
  g_autoptr(BpChartSeries) train = bp_chart_series_new ("train", 2, BP_CHART_LINE_SOLID);
  g_autoptr(BpChartSeries) val = bp_chart_series_new ("val", 1, BP_CHART_LINE_DASHED);
  bp_chart_add_series (chart, train);
  bp_chart_add_series (chart, val);
  bp_chart_set_y_bounds (chart, 0, 1);
  bp_chart_set_x_extent (chart, 0, 1);
  bp_chart_set_x_min_step (chart, 1);
  double lo, hi;

  const double values[][2] = { { 1.0, 1.0 }, { 0.9583, 1.0 }, { 0.999, 0.9995 } };
  for (guint k = 0; k < G_N_ELEMENTS (values); k++)
    {
      bp_chart_series_clear (train);
      bp_chart_series_clear (val);
      bp_chart_series_append (train, 1, values[k][0]);
      bp_chart_series_append (val, 1, values[k][1]);
      bp_chart_data_changed (chart);
      g_assert_true (bp_chart_get_y_range (chart, &lo, &hi));
      g_assert_cmpfloat (lo, >=, 0);
      g_assert_cmpfloat (hi, <=, 1);
      g_assert_cmpfloat (hi, >=, values[k][1]);
      double ticks[BP_CHART_AXIS_MAX_TICKS], step;
      guint n = bp_chart_axis_ticks (lo, hi, FALSE, 5, ticks, G_N_ELEMENTS (ticks), &step);
      g_assert_cmpuint (n, >=, 2);
      /* Two decimals at most: a range of at least a few hundredths. */
      g_assert_cmpfloat (step, >=, 0.01 - 1e-12);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *label = bp_chart_axis_format_tick (ticks[i], step);
          const char *dot = strchr (label, '.');
          g_assert_true (dot == NULL || strlen (dot + 1) <= 2);
        }
    }

  /* The x axis during the first epoch and after three: whole numbers. */
  cairo_rectangle_int_t area;
  g_assert_true (bp_chart_get_plot_area (chart, W, H, &area));
  bp_chart_series_append (train, 2, 0.99);
  bp_chart_series_append (train, 3, 0.995);
  bp_chart_data_changed (chart);
  double t[BP_CHART_AXIS_MAX_TICKS], step;
  guint n = bp_chart_axis_ticks_min_step (0, 3, FALSE, 10, 1, t, G_N_ELEMENTS (t), &step);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (t[i], ==, floor (t[i]));
  g_object_unref (chart);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/chart/draw", test_draw);
  g_test_add_func ("/chart/align", test_align);
  g_test_add_func ("/chart/draw-many", test_draw_many);
  g_test_add_func ("/chart/log-y", test_log_y);
  g_test_add_func ("/chart/properties", test_properties);
  g_test_add_func ("/chart/placeholder", test_placeholder);
  g_test_add_func ("/chart/export", test_export);
  g_test_add_func ("/chart/widget", test_widget);
  g_test_add_func ("/chart/loss-range", test_loss_range);
  g_test_add_func ("/chart/accuracy-range", test_accuracy_range);
  g_test_add_func ("/chart/overlay", test_overlay);
  g_test_add_func ("/chart/shots", test_shots);

  return g_test_run ();
}
