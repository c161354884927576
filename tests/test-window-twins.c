/* test-window-twins.c: "Compare With One Change…" under Xvfb.
 *
 * From the action through the form to both twins trained: both curves
 * drawn in their colours on the loss chart, the difference charts with a
 * point per epoch, and for circles (two inputs) both boundaries drawn
 * side by side, different where the networks differ. A form with the
 * first network's own value refuses to train; Stop ends both; closing
 * the window mid-run lets the worker go. BP_SCREENSHOT_DIR: the window
 * in its 1200×700 size, light and dark (LANGUAGE picks the language).
 */
#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bp-twins-session.h"
#include "bp-twins-view.h"
#include "bp-window.h"
#include "test-util.h"
#include "test-ui-util.h"

static BpWindow *
circles_window (guint epochs)
{
  BpWindow *window = new_window ();
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_window_open_sample (window, "circles", &error));
  g_assert_no_error (error);
  spin_until (not_loading, window, 60);
  spin (50);
  set_epochs (window, epochs);
  return window;
}

/* The comparison window the action opened. */
static GtkWindow *
twins_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (g_object_get_data (G_OBJECT (w), "twins-form"))
        return w;
    }
  return NULL;
}

static GtkWindow *
open_dialog (BpWindow *window)
{
  g_assert_null (twins_dialog ());
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-twins", NULL);
  spin (50);
  GtkWindow *dialog = twins_dialog ();
  g_assert_nonnull (dialog);
  return dialog;
}

static gpointer
part (GtkWindow *dialog, const char *name)
{
  gpointer p = g_object_get_data (G_OBJECT (dialog), name);
  g_assert_nonnull (p);
  return p;
}

static gboolean
twins_finished (gpointer dialog)
{
  return bp_twins_session_get_state (part (dialog, "session")) == BP_SESSION_FINISHED;
}

/* Pixels of palette colour @index in @chart drawn at 600×300. */
static guint
count_color (BpChart *chart, guint index)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 300);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  bp_chart_draw (chart, cr, 600, 300);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  GdkRGBA c;
  bp_chart_get_series_color (chart, index, &c);
  const guchar *data = cairo_image_surface_get_data (surface);
  const int stride = cairo_image_surface_get_stride (surface);
  guint n = 0;
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 600; x++)
      {
        guint32 p = *(const guint32 *) (const void *) (data + y * stride + x * 4);
        double r = ((p >> 16) & 0xff) / 255.0, g = ((p >> 8) & 0xff) / 255.0, b = (p & 0xff) / 255.0;
        n += fabs (r - c.red) < 0.12 && fabs (g - c.green) < 0.12 && fabs (b - c.blue) < 0.12;
      }
  cairo_surface_destroy (surface);
  return n;
}

/* The boundary's plot drawn at 300×300: its pixels (ARGB32), newly allocated. */
static guint32 *
draw_boundary (BpBoundaryView *view, guint *n_pixels)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 300);
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  bp_boundary_view_draw (view, cr, 300, 300);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  const int stride = cairo_image_surface_get_stride (surface);
  guint32 *pixels = g_new (guint32, 300 * 300);
  for (int y = 0; y < 300; y++)
    memcpy (pixels + y * 300, cairo_image_surface_get_data (surface) + y * stride, 300 * 4);
  cairo_surface_destroy (surface);
  *n_pixels = 300 * 300;
  return pixels;
}

/* Pixels far from white and from grey: the classes' colours. */
static guint
count_coloured (const guint32 *pixels, guint n)
{
  guint coloured = 0;
  for (guint i = 0; i < n; i++)
    {
      int r = (pixels[i] >> 16) & 0xff, g = (pixels[i] >> 8) & 0xff, b = pixels[i] & 0xff;
      coloured += MAX (MAX (r, g), b) - MIN (MIN (r, g), b) > 40;
    }
  return coloured;
}

static void
test_learning_rate (void)
{
  BpWindow *window = circles_window (4);
  GtkWindow *dialog = open_dialog (window);
  /* The learning rate is the first choice; the first network's own rate
   * cannot be the second's. */
  g_assert_cmpuint (adw_combo_row_get_selected (part (dialog, "setting")), ==, 0);
  GtkWidget *train = part (dialog, "train");
  g_assert_true (gtk_widget_get_sensitive (train));
  gtk_editable_set_text (part (dialog, "value"), "0.001");
  g_assert_false (gtk_widget_get_sensitive (train));
  gtk_editable_set_text (part (dialog, "value"), "a lot");
  g_assert_false (gtk_widget_get_sensitive (train));
  gtk_editable_set_text (part (dialog, "value"), "0.05");
  g_assert_true (gtk_widget_get_sensitive (train));

  g_signal_emit_by_name (train, "clicked");
  /* The form gives way to the twins' own window. */
  dialog = twins_dialog ();
  g_assert_nonnull (dialog);
  g_assert_null (g_object_get_data (G_OBJECT (dialog), "train"));
  spin_until (twins_finished, dialog, 120);
  spin (200);

  BpTwinsSession *session = part (dialog, "session");
  BpTwinsView *view = part (dialog, "view");
  g_assert_cmpuint (bp_twins_session_get_run (session, 0)->epochs->len, ==, 4);
  g_assert_cmpuint (bp_twins_session_get_run (session, 1)->epochs->len, ==, 4);
  /* Both curves on the loss chart, each in its colour (A 0, B 1). */
  BpChart *loss = bp_twins_view_get_chart (view, BP_TWINS_CHART_LOSS);
  g_assert_cmpuint (count_color (loss, 0), >, 50);
  g_assert_cmpuint (count_color (loss, 1), >, 50);
  /* The differences: a point per epoch, drawn in the third colour, and
   * not all zero (the rates differ). */
  g_assert_cmpuint (bp_twins_view_get_n_compared (view), ==, 4);
  for (BpTwinsChart c = BP_TWINS_CHART_LOSS_DIFFERENCE; c <= BP_TWINS_CHART_METRIC_DIFFERENCE; c += 2)
    {
      BpChart *chart = bp_twins_view_get_chart (view, c);
      double lo, hi;
      g_assert_true (bp_chart_get_y_range (chart, &lo, &hi));
      g_assert_cmpuint (count_color (chart, 2), >, 20);
    }
  const BpEpochRecord *ea = &g_array_index (bp_twins_session_get_run (session, 0)->epochs, BpEpochRecord, 3);
  const BpEpochRecord *eb = &g_array_index (bp_twins_session_get_run (session, 1)->epochs, BpEpochRecord, 3);
  g_assert_cmpfloat (ea->val_loss, !=, eb->val_loss);

  /* Circles has two inputs: both boundaries, side by side, drawn. */
  guint n = 0;
  g_autofree guint32 *pa = draw_boundary (bp_twins_view_get_boundary (view, 0), &n);
  g_autofree guint32 *pb = draw_boundary (bp_twins_view_get_boundary (view, 1), &n);
  for (guint i = 0; i < 2; i++)
    {
      BpBoundaryView *b = bp_twins_view_get_boundary (view, i);
      g_assert_true (bp_boundary_view_has_boundary (b));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (b)));
    }
  g_assert_cmpuint (count_coloured (pa, n), >, n / 10);
  g_assert_cmpuint (count_coloured (pb, n), >, n / 10);
  /* Different networks, different pictures. */
  guint differ = 0;
  for (guint i = 0; i < n; i++)
    differ += pa[i] != pb[i];
  g_assert_cmpuint (differ, >, 100);
  graphene_rect_t ra, rb;
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (bp_twins_view_get_boundary (view, 0)), GTK_WIDGET (view), &ra));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (bp_twins_view_get_boundary (view, 1)), GTK_WIDGET (view), &rb));
  g_assert_cmpfloat (rb.origin.x, >=, ra.origin.x + ra.size.width);
  g_assert_cmpfloat (fabs (rb.origin.y - ra.origin.y), <, 1.0);

  gtk_window_destroy (dialog);
  spin (50);
  g_assert_null (twins_dialog ());
  close_window (window);
}

/* Another activation, on iris (four inputs: no boundaries); Stop ends
 * both, and closing the window mid-run lets the worker go. */
static void
test_stop_and_close (void)
{
  BpWindow *window = new_window ();
  g_autofree char *sample = sample_path ("iris.csv");
  open_path (window, sample);
  set_epochs (window, 500);
  GtkWindow *dialog = open_dialog (window);
  adw_combo_row_set_selected (part (dialog, "setting"), 5);   /* activation of a layer */
  AdwComboRow *choice = part (dialog, "choice");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (choice)));
  g_assert_false (gtk_widget_get_visible (part (dialog, "value")));
  g_assert_true (gtk_widget_get_sensitive (part (dialog, "train")));
  g_signal_emit_by_name (part (dialog, "train"), "clicked");
  dialog = twins_dialog ();
  BpTwinsSession *session = part (dialog, "session");
  BpTwinsView *view = part (dialog, "view");
  g_assert_cmpint (bp_twins_session_get_state (session), ==, BP_SESSION_RUNNING);
  spin (300);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bp_twins_view_get_boundary (view, 0))) &&
                  gtk_widget_get_mapped (GTK_WIDGET (bp_twins_view_get_boundary (view, 0))));
  g_signal_emit_by_name (part (dialog, "stop"), "clicked");
  spin_until (twins_finished, dialog, 60);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (bp_twins_session_get_stop_reason (session, i), ==, BP_STOP_USER);
      g_assert_cmpint (bp_twins_session_get_run (session, i)->status, ==, BP_RUN_STOPPED);
    }
  gtk_window_destroy (dialog);

  /* Once more, closed while both train. */
  dialog = open_dialog (window);
  g_signal_emit_by_name (part (dialog, "train"), "clicked");
  dialog = twins_dialog ();
  spin (200);
  g_assert_cmpint (bp_twins_session_get_state (part (dialog, "session")), ==, BP_SESSION_RUNNING);
  gtk_window_destroy (dialog);
  spin (100);
  g_assert_null (twins_dialog ());
  close_window (window);
}

static void
save_png (GtkWidget *widget, const char *dir, const char *name)
{
  gtk_widget_queue_draw (widget);
  gtk_test_widget_wait_for_draw (widget);
  spin (300);
  const int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  if (dir == NULL)
    return;
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  gsk_render_node_unref (node);
  g_object_unref (paintable);
}

/* The form and the twins after 20 epochs on circles in their window,
 * light and dark: pictures for people to check (BP_SCREENSHOT_DIR),
 * drawn either way. */
static void
test_screenshots (void)
{
  const char *dir = g_getenv ("BP_SCREENSHOT_DIR");
  /* Twenty epochs for the pictures; fewer when nobody looks. */
  BpWindow *window = circles_window (dir ? 20 : 6);
  GtkWindow *dialog = open_dialog (window);
  AdwStyleManager *style = adw_style_manager_get_default ();
  save_png (GTK_WIDGET (dialog), dir, "twins-form");
  gtk_editable_set_text (part (dialog, "value"), "0.03");
  g_signal_emit_by_name (part (dialog, "train"), "clicked");
  dialog = twins_dialog ();
  spin_until (twins_finished, dialog, 300);
  const char *schemes[] = { "light", "dark" };
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      adw_style_manager_set_color_scheme (style, i ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      g_autofree char *name = g_strdup_printf ("twins-%s", schemes[i]);
      save_png (GTK_WIDGET (dialog), dir, name);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (dialog);
  close_window (window);
}

int
main (int argc, char **argv)
{
  /* Pictures in another language, as test-window-training takes them. */
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
  g_test_add_func ("/window/twins/learning-rate", test_learning_rate);
  g_test_add_func ("/window/twins/stop-and-close", test_stop_and_close);
  g_test_add_func ("/window/twins/screenshots", test_screenshots);
  return g_test_run ();
}
