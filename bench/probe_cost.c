/* probe_cost: what one live frame costs the training thread, part by part.
 *
 * The training page's views are fed by bp_probe_run() on the training
 * thread, within 5 % of training time; what a frame costs sets how many
 * the views get per second (0.05 / cost). This times each part alone and
 * all of them, on the seed network (Dense 128-64, the recipe's weights),
 * at the live grids (64 × 64 and the coarse 32 × 32), median of --repeats
 * runs, single-threaded OpenBLAS like the app's training thread on two
 * cores:
 *
 *   grid      the outputs over the plane (a forward pass per cell)
 *   maps      the grid with every hidden unit's map copied out
 *   stats     hidden units' mean and share inactive on 256 training rows
 *   eval      confusion (or predicted/actual) on up to 4 096 validation rows
 *   weights   a copy of the parameters
 *
 * Data: a generated set (--sample circles, the default, 500 rows) or a
 * CSV file (its last usable column the target). Times are wall clock on
 * whatever else the machine runs.
 *
 * Usage: probe-cost [--sample NAME[:ROWS]] [--csv FILE] [--repeats R]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bp-engine.h"

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
time_parts (BpProbe *probe, const BpModel *model, BpProbeFrame *frame, BpProbeParts parts, int repeats)
{
  g_autofree double *ms = g_new (double, repeats);
  bp_probe_set_parts (probe, parts);
  bp_probe_run (probe, model, frame);   /* warm: caches, OpenBLAS's buffers */
  for (int i = 0; i < repeats; i++)
    {
      gint64 start = g_get_monotonic_time ();
      bp_probe_run (probe, model, frame);
      ms[i] = (double) (g_get_monotonic_time () - start) / 1000.0;
    }
  qsort (ms, (size_t) repeats, sizeof *ms, compare_double);
  return repeats % 2 ? ms[repeats / 2] : 0.5 * (ms[repeats / 2 - 1] + ms[repeats / 2]);
}

int
main (int argc, char **argv)
{
  g_autofree char *sample = NULL, *csv = NULL;
  int repeats = 31;
  GOptionEntry entries[] = {
    { "sample", 0, 0, G_OPTION_ARG_STRING, &sample, "A generated set, NAME[:ROWS]", "NAME" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, "A CSV file", "FILE" },
    { "repeats", 0, 0, G_OPTION_ARG_INT, &repeats, "Runs per figure (default 31)", "R" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the live probe's cost");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error) || repeats < 1)
    {
      g_printerr ("probe-cost: %s\n", error ? error->message : "--repeats must be 1 or more");
      return 2;
    }
  bp_blas_set_threads (1);

  g_autoptr(BpTable) table = NULL;
  g_autofree char *name = NULL;
  if (csv)
    {
      table = bp_table_load (csv, NULL, &error);
      name = g_path_get_basename (csv);
    }
  else
    {
      g_auto(GStrv) parts = g_strsplit (sample ? sample : "circles", ":", 2);
      BpSampleKind kind;
      if (!bp_sample_kind_from_string (parts[0], &kind))
        {
          g_printerr ("probe-cost: no sample “%s”\n", parts[0]);
          return 2;
        }
      gsize rows = parts[1] ? (gsize) g_ascii_strtoull (parts[1], NULL, 10) : BP_SAMPLE_DEFAULT_ROWS;
      table = bp_sample_generate (kind, rows, BP_SAMPLE_DEFAULT_NOISE, 0, &error);
      name = g_strdup_printf ("%s:%zu", parts[0], rows);
    }
  if (!table)
    {
      g_printerr ("probe-cost: %s\n", error->message);
      return 1;
    }
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.target = bp_dataset_default_target (table);
  g_autoptr(BpLayerStack) stack = bp_layer_stack_new_recipe ();
  BpTrainConfig config;
  bp_train_config_init (&config);
  g_autoptr(BpRecipe) recipe = bp_recipe_new (table, &options, stack, &config, NULL, &error);
  if (!recipe)
    {
      g_printerr ("probe-cost: %s\n", error->message);
      return 1;
    }

  static const struct { const char *name; BpProbeParts parts; } rows[] = {
    { "grid", BP_PROBE_GRID },
    { "grid + maps", BP_PROBE_GRID | BP_PROBE_MAPS },
    { "stats", BP_PROBE_STATS },
    { "eval", BP_PROBE_EVAL },
    { "weights", BP_PROBE_WEIGHTS },
    { "all", BP_PROBE_ALL },
    { "all but maps", BP_PROBE_ALL & ~BP_PROBE_MAPS },
  };
  static const guint grids[] = { 64, 32 };
  double ms[G_N_ELEMENTS (grids)][G_N_ELEMENTS (rows)];
  for (guint g = 0; g < G_N_ELEMENTS (grids); g++)
    {
      g_autoptr(BpProbe) probe = bp_probe_new (recipe->model->spec, recipe->dataset, 64, 64, &error);
      if (!probe)
        {
          g_printerr ("probe-cost: %s\n", error->message);
          return 1;
        }
      bp_probe_set_grid (probe, grids[g], grids[g]);
      g_autoptr(BpProbeFrame) frame = bp_probe_frame_new (probe);
      for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
        ms[g][r] = time_parts (probe, recipe->model, frame, rows[r].parts, repeats);
    }

  printf ("# %s: %zu inputs, %zu training and %zu validation rows, Dense 128-64; median of %d, ms\n\n",
          name, recipe->dataset->n_features, recipe->dataset->n_train, recipe->dataset->n_validation, repeats);
  printf ("| part | 64 × 64 | 32 × 32 |\n|---|---:|---:|\n");
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    printf ("| %s | %.2f | %.2f |\n", rows[r].name, ms[0][r], ms[1][r]);
  printf ("\nframes/s within 5 %% of training time, all parts: %.1f (64 × 64), %.1f (32 × 32)\n",
          0.05 / (ms[0][5] / 1000.0), 0.05 / (ms[1][5] / 1000.0));
  return 0;
}
