/* chart_draw: what a loss chart costs as it fills up over a long run.
 *
 * The app's loss chart holds one point per batch: a long run on a big file
 * reaches millions (200 000 rows, batch 32, 1 000 epochs: 5 million). This
 * fills a chart the way the training view does (a smoothed per-batch
 * series, a per-epoch training and validation series, an epoch every
 * 5 000 batches) and at 10³ … 10⁷ batch points measures, on the UI
 * thread's side:
 *
 *   append   mean cost of adding one batch point, over the last stretch;
 *   draw     one full redraw of the chart into an 860 × 320 image
 *            surface with Cairo (what a frame pays when the chart
 *            changed), median of --repeats;
 *   sweep    computing the smoothed line again after the smoothing weight
 *            changed (the user moved the slider): all of it, which the
 *            widget spreads over frames of at most 4 ms of it each (the
 *            frames column), while bp_chart_draw() for an export does it
 *            at once;
 *   hover    finding the nearest point and its smoothed value (the hover
 *            readout), median of --repeats;
 *   memory   bytes the series hold.
 *
 * Times are wall clock on whatever else the machine runs; the median of
 * repeats keeps most of that out. Needs a display for Pango (run it under
 * xvfb-run, as `make bench-chart` does).
 *
 * Usage: chart-draw [--max-points N] [--repeats R] [--out FILE.md]
 */
#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "bp-chart.h"

#define WIDTH  860
#define HEIGHT 320
#define BATCHES_PER_EPOCH 5000

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, int n)
{
  qsort (v, (size_t) n, sizeof *v, compare_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static double
draw_once (BpChart *chart, cairo_surface_t *surface)
{
  cairo_t *cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  double t0 = now_ms ();
  bp_chart_draw (chart, cr, WIDTH, HEIGHT);
  cairo_surface_flush (surface);
  double t = now_ms () - t0;
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    g_error ("drawing failed: %s", cairo_status_to_string (cairo_status (cr)));
  cairo_destroy (cr);
  return t;
}

static gsize
rss_kib (void)
{
  g_autofree char *status = NULL;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  const char *line = strstr (status, "VmRSS:");
  return line ? (gsize) g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

int
main (int argc, char **argv)
{
  gint64 max_points = 10000000;
  int repeats = 9;
  g_autofree char *out_path = NULL;
  GOptionEntry entries[] = {
    { "max-points", 0, 0, G_OPTION_ARG_INT64, &max_points, "Batch points at the end (default 10 000 000)", "N" },
    { "repeats", 0, 0, G_OPTION_ARG_INT, &repeats, "Draws per measurement (default 9)", "R" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_path, "Also write the report here", "FILE" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time a filling loss chart");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "chart-draw: %s\n", error->message);
      return 2;
    }
  repeats = CLAMP (repeats, 1, 1000);
  gtk_init ();
  adw_init ();

  BpChart *chart = BP_CHART (g_object_ref_sink (bp_chart_new ()));
  bp_chart_set_title (chart, "Loss");
  bp_chart_set_x_label (chart, "Epoch");
  bp_chart_set_y_label (chart, "Loss");
  BpChartSeries *batch = bp_chart_series_new ("Batch loss", 0, BP_CHART_LINE_SOLID);
  BpChartSeries *train = bp_chart_series_new ("Training loss", 0, BP_CHART_LINE_SOLID);
  BpChartSeries *val = bp_chart_series_new ("Validation loss", 1, BP_CHART_LINE_DASHED);
  bp_chart_series_set_smoothed (batch, TRUE);
  bp_chart_series_set_show_points (train, TRUE);
  bp_chart_series_set_show_points (val, TRUE);
  bp_chart_add_series (chart, batch);
  bp_chart_add_series (chart, train);
  bp_chart_add_series (chart, val);
  bp_chart_set_smoothing (chart, 0.6);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);

  GString *report = g_string_new ("# Loss chart cost as it fills\n\n");
  struct utsname un;
  uname (&un);
  g_string_append_printf (report,
                          "- `chart-draw --max-points %" G_GINT64_FORMAT " --repeats %d`, GTK %u.%u.%u, "
                          "Cairo %s, Linux %s, %d CPUs\n",
                          max_points, repeats, gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version (), cairo_version_string (), un.release,
                          (int) g_get_num_processors ());
  g_string_append (report,
                   "- Chart: 860 × 320 px, a smoothed per-batch loss series (weight 0.6), per-epoch "
                   "training and validation series with markers, an epoch every 5 000 batches; "
                   "image surface, Cairo\n"
                   "- *append*: mean per batch point over the stretch before; *draw*: median full "
                   "redraw; *sweep*: the smoothed line computed again after the smoothing weight "
                   "changed, all of it; *frames*: how many frames the chart spreads that over "
                   "(at most 4 ms of it each); *hover*: "
                   "median nearest-point lookup with its smoothed value; *series memory*: what "
                   "the three series hold; *RSS*: the process\n\n");
  g_string_append (report, "| batch points | append | draw | sweep | frames | hover | series memory | RSS |\n"
                           "|---:|---:|---:|---:|---:|---:|---:|---:|\n");

  GRand *rand = g_rand_new_with_seed (7);
  double weight = 0.6;
  gint64 n = 0;
  for (gint64 target = 1000; target <= max_points; target *= 10)
    {
      double t0 = now_ms ();
      gint64 start = n;
      for (; n < target; n++)
        {
          double x = (double) n / BATCHES_PER_EPOCH;
          /* Mini-batch noise does not fade as the loss falls. */
          double loss = 0.2 + exp (-x / 20.0) + 0.15 * g_rand_double (rand);
          bp_chart_series_append (batch, x, loss);
          if ((n + 1) % BATCHES_PER_EPOCH == 0)
            {
              bp_chart_series_append (train, x, 0.25 + exp (-x / 20.0));
              bp_chart_series_append (val, x, 0.3 + exp (-x / 20.0));
            }
        }
      double append_us = (now_ms () - t0) * 1000.0 / (double) MAX (n - start, 1);
      bp_chart_data_changed (chart);

      double *times = g_new (double, repeats);
      draw_once (chart, surface);   /* warms caches and fonts */
      for (int r = 0; r < repeats; r++)
        {
          bp_chart_data_changed (chart);
          times[r] = draw_once (chart, surface);
        }
      double draw_ms = median (times, repeats);

      for (int r = 0; r < repeats; r++)
        {
          weight = weight == 0.6 ? 0.7 : 0.6;
          bp_chart_set_smoothing (chart, weight);
          double t1 = now_ms ();
          bp_chart_series_update_ema (batch, G_MAXUINT);
          times[r] = now_ms () - t1;
        }
      double sweep_ms = median (times, repeats);

      double x_last = (double) (n - 1) / BATCHES_PER_EPOCH;
      for (int r = 0; r < repeats; r++)
        {
          double t1 = now_ms ();
          for (int k = 0; k < 100; k++)
            {
              double x = x_last * (k + 0.5) / 100.0;
              guint i = bp_chart_series_find_nearest (batch, x);
              double y;
              if (!bp_chart_series_get_smoothed_value (batch, i, &y))
                g_error ("no smoothed value at %u", i);
            }
          times[r] = (now_ms () - t1) * 10.0;   /* µs per lookup */
        }
      double hover_us = median (times, repeats);
      g_free (times);

      gsize bytes = bp_chart_series_get_memory (batch) + bp_chart_series_get_memory (train) +
                    bp_chart_series_get_memory (val);
      g_string_append_printf (report, "| %" G_GINT64_FORMAT " | %.3f µs | %.2f ms | %.2f ms | %d | %.1f µs "
                              "| %.1f MiB | %.0f MiB |\n",
                              n, append_us, draw_ms, sweep_ms, (int) ceil (sweep_ms / 4.0), hover_us,
                              bytes / 1048576.0, rss_kib () / 1024.0);
      fprintf (stderr, "chart-draw: %" G_GINT64_FORMAT " points done\n", n);
    }
  g_string_append (report, "\n");

  fputs (report->str, stdout);
  if (out_path && !g_file_set_contents (out_path, report->str, (gssize) report->len, &error))
    {
      fprintf (stderr, "chart-draw: %s\n", error->message);
      return 1;
    }
  g_string_free (report, TRUE);
  g_rand_free (rand);
  cairo_surface_destroy (surface);
  g_object_unref (batch);
  g_object_unref (train);
  g_object_unref (val);
  g_object_unref (chart);
  return 0;
}
