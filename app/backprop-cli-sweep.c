/* backprop-cli-sweep.c: `backprop-cli sweep`: the runs of a sweep, one
 * after another, on one dataset.
 *
 * The options are train's (the base settings) plus --sweep SETTING=VALUES
 * (once or twice) and --repeat N (seeds seed, seed+1, …). With --json,
 * each epoch is train's JSON line with a "run" field first; after each
 * run a line with "run_summary"; at the end a line with "final" naming
 * the best run (and with repeats the best group, mean ± sd). Without
 * --json the same as text. --history writes every run's history as one
 * CSV (run, name, epoch, metric, value); --save-project the project with
 * the runs; --save the best run's model.
 *
 * Runs go one after another: the trainer already uses the cores through
 * OpenBLAS (--threads), and two runs side by side were not faster where
 * this was written (2 shared cores: two 30-epoch breast_cancer runs took
 * 0.67 s in one sweep, 0.78 s as two train processes at once).
 */
#include "backprop-cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

typedef struct {
  char   **sweeps;
  gint     repeats;
  char    *twin;
} SweepArgs;

typedef struct {
  const BpDataset *dataset;
  BpRun           *run;
  gboolean         json;
  gboolean         quiet;
  guint            index;      /* from 1 */
} SweepPrinter;

static void
on_progress (const BpProgress *p, gpointer user_data)
{
  SweepPrinter *printer = user_data;
  bp_run_record (printer->run, p);
  if (p->kind != BP_PROGRESS_EPOCH || printer->quiet)
    return;
  const BpDataset *d = printer->dataset;
  const gboolean validation = d->n_validation > 0;
  if (printer->json)
    {
      /* train's line with the run first: {"run": 2, "epoch": …}. */
      g_autofree char *text = bp_epoch_to_json (p, d->task, validation);
      printf ("{\"run\": %u, %s\n", printer->index, text + 1);
    }
  else
    {
      const char *metric = bp_metric_name (d->task);
      printf ("  Epoch %u/%u - %.3fs - loss: %.4f - %s: %.4f", p->epoch, p->epochs, p->epoch_seconds, p->loss, metric,
              p->metric);
      if (validation)
        printf (" - val_loss: %.4f - val_%s: %.4f", p->val_loss, metric, p->val_metric);
      printf ("\n");
    }
  fflush (stdout);
}

/* The run's line at its end. */
static void
print_run_summary (const BpRun *run, const BpSweepRun *item, guint index, gboolean json)
{
  const char *metric = bp_metric_name (run->task);
  g_autofree char *val_metric = g_strconcat ("val_", metric, NULL);
  g_autofree char *final_key = g_strconcat ("final_", val_metric, NULL);
  g_autofree char *best_key = g_strconcat ("best_", val_metric, NULL);
  const BpEpochRecord *last = run->epochs->len ? &g_array_index (run->epochs, BpEpochRecord, run->epochs->len - 1)
                                               : NULL;
  if (json)
    {
      BpJsonWriter j;
      bp_json_writer_init (&j);
      bp_json_open (&j, NULL, '{', TRUE);
      bp_json_int (&j, "run", index);
      bp_json_bool (&j, "run_summary", TRUE);
      bp_json_string (&j, "name", run->name);
      bp_json_int (&j, "group", item->group + 1);
      bp_json_int (&j, "repeat", item->repeat + 1);
      bp_json_string (&j, "status", bp_run_status_to_string (run->status));
      bp_json_string (&j, "stop_reason", bp_stop_reason_to_string (run->stop_reason));
      bp_json_int (&j, "epochs", run->epochs->len);
      bp_json_double (&j, "seconds", run->seconds);
      bp_json_float (&j, "learning_rate", run->settings->config.optimizer.learning_rate);
      bp_json_int (&j, "batch_size", run->settings->config.batch_size);
      bp_json_uint64 (&j, "seed", run->settings->config.seed);
      bp_json_double (&j, "loss", last ? last->loss : NAN);
      bp_json_double (&j, metric, last ? last->metric : NAN);
      bp_json_double (&j, final_key, run->final_val_metric);
      bp_json_double (&j, best_key, run->best_val_metric);
      bp_json_int (&j, "best_epoch", run->best_epoch);
      bp_json_close (&j, '}');
      g_autofree char *text = bp_json_writer_finish (&j, NULL);
      printf ("%s\n", text);
    }
  else
    {
      printf ("  %s after %u epochs (%.3f s)", bp_run_status_to_string (run->status), run->epochs->len, run->seconds);
      if (run->has_validation)
        printf (": val_%s %.4f, best %.4f at epoch %u", metric, run->final_val_metric, run->best_val_metric,
                run->best_epoch);
      printf ("\n");
    }
  fflush (stdout);
}

/* The last line: the best run, and with repeats each group's mean ± sd. */
static void
print_final (BpRunList *list, GArray *items, gboolean json, const char *saved)
{
  guint n = bp_run_list_get_length (list);
  g_autofree BpRun **runs = g_new (BpRun *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    runs[i] = bp_run_list_get (list, i);
  BpRun *best = bp_runs_best (runs, n);
  g_autoptr(GPtrArray) groups = bp_runs_group (runs, n);
  int best_group = bp_run_groups_best (groups);
  const char *metric = n ? bp_metric_name (runs[0]->task) : "metric";
  const gboolean validation = n && runs[0]->has_validation;
  /* The score: the best validation metric, or the last training one. */
  g_autofree char *score_key = validation ? g_strconcat ("best_val_", metric, NULL) : g_strconcat ("final_", metric, NULL);
  const gboolean repeated = n > groups->len;

  BpJsonWriter j;
  bp_json_writer_init (&j);
  bp_json_open (&j, NULL, '{', TRUE);
  bp_json_bool (&j, "final", TRUE);
  bp_json_int (&j, "runs", n);
  bp_json_int (&j, "best_run", best ? (gint64) (bp_run_list_index_of (list, best->id) + 1) : 0);
  bp_json_string (&j, "best_name", best ? best->name : NULL);
  bp_json_double (&j, score_key, best ? bp_run_get_score (best) : NAN);
  if (!json)
    {
      if (best)
        printf ("Best: run %d, %s, %s %.4f\n", bp_run_list_index_of (list, best->id) + 1, best->name, score_key,
                bp_run_get_score (best));
      else
        printf ("No run has a score.\n");
    }
  if (repeated)
    {
      bp_json_open (&j, "groups", '[', TRUE);
      for (guint g = 0; g < groups->len; g++)
        {
          GPtrArray *group = g_ptr_array_index (groups, g);
          g_autofree double *scores = g_new (double, group->len);
          for (guint i = 0; i < group->len; i++)
            scores[i] = bp_run_get_score (g_ptr_array_index (group, i));
          BpRunStat stat;
          bp_values_stats (scores, group->len, &stat);
          /* The group's name: the swept values of its first run, no seed. */
          const BpRun *first = g_ptr_array_index (group, 0);
          int index = bp_run_list_index_of (list, first->id);
          const BpSweepRun *item = &g_array_index (items, BpSweepRun, index);
          g_autofree char *label = g_strdup (item->label);
          char *seed = strstr (label, "seed ");
          if (seed)
            *(seed > label + 1 ? seed - 2 : seed) = '\0';
          bp_json_open (&j, NULL, '{', TRUE);
          bp_json_int (&j, "group", g + 1);
          bp_json_string (&j, "name", label);
          bp_json_int (&j, "runs", group->len);
          bp_json_double (&j, "mean", stat.mean);
          bp_json_double (&j, "sd", stat.sd);
          bp_json_double (&j, "min", stat.min);
          bp_json_double (&j, "max", stat.max);
          bp_json_close (&j, '}');
          if (!json)
            printf ("%s group %u (%s): %s %.4f ± %.4f over %u runs (min %.4f, max %.4f)\n",
                    (int) g == best_group ? "*" : " ", g + 1, label[0] ? label : "base", score_key, stat.mean,
                    stat.sd, stat.n, stat.min, stat.max);
        }
      bp_json_close (&j, ']');
      bp_json_int (&j, "best_group", best_group + 1);
    }
  if (saved)
    bp_json_string (&j, "saved", saved);
  bp_json_close (&j, '}');
  g_autofree char *text = bp_json_writer_finish (&j, NULL);
  if (json)
    printf ("%s\n", text);
  else if (saved)
    printf ("Best model saved to %s\n", saved);
}

/* One run of the sweep: its own model and trainer on the shared dataset.
 * FALSE when it could not start (the message printed). A run that
 * diverges is kept as such and the sweep goes on. */
static gboolean
train_one (const BpCliTraining *t, const BpSweepRun *item, BpRun *run, guint index, gboolean json,
           gboolean quiet, gboolean keep_weights, int *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelSpec) spec = bp_layer_stack_build (item->settings->layers, t->dataset);
  g_autoptr(BpModel) model = bp_model_new (spec, &error);
  if (model == NULL)
    {
      *status = bp_cli_fail (EXIT_USAGE, "%s: %s", run->name, error->message);
      return FALSE;
    }
  g_autoptr(BpTrainer) trainer = bp_trainer_new (model, t->dataset, &item->settings->config, &error);
  if (trainer == NULL)
    {
      *status = bp_cli_fail (EXIT_BAD_INPUT, "%s: %s: %s", t->display_name, run->name, error->message);
      return FALSE;
    }
  if (!json && !quiet)
    printf ("Run %u: %s\n", index, run->name);
  SweepPrinter printer = { t->dataset, run, json, quiet, index };
  if (!bp_trainer_run (trainer, on_progress, &printer, NULL, &error))
    {
      if (!g_error_matches (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED))
        {
          *status = bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", t->display_name, error->message);
          return FALSE;
        }
      fprintf (stderr, "%s: %s: %s\n", BP_CLI_PROGRAM, run->name, error->message);
    }
  bp_run_finish (run, bp_trainer_get_stop_reason (trainer), keep_weights ? model : NULL);
  return TRUE;
}

static gboolean
write_text (const char *path, const char *text, gsize length, int *status)
{
  g_autoptr(GError) error = NULL;
  if (bp_save_file_atomically (path, text, length, BP_SAVE_DEFAULT, &error))
    return TRUE;
  g_autofree char *display = g_filename_display_name (path);
  *status = bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", display, error->message);
  return FALSE;
}

static gboolean
save_best_model (const BpCliTraining *t, const BpRun *best, const char *path, int *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModel) model = bp_run_new_model (best, &error);
  if (model == NULL)
    {
      *status = bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      return FALSE;
    }
  BpDatasetOptions data_options = t->data_options;
  data_options.roles = NULL;
  g_autoptr(BpModelFile) file = bp_model_file_new_from_training (t->dataset, &data_options, model,
                                                                 &best->settings->config, best->epochs);
  if (!bp_model_file_save (file, path, &error))
    {
      *status = bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- twins: --twin SETTING=VALUE ---------------------------------------- */

typedef struct {
  const BpDataset *dataset;
  BpRun           *runs[2];
  gboolean         json;
  gboolean         quiet;
} TwinPrinter;

static void
on_twin_progress (const BpProgress *p, gpointer user_data)
{
  TwinPrinter *twins = user_data;
  guint which = (guint) p->run_id;
  SweepPrinter printer = { twins->dataset, twins->runs[which], twins->json, twins->quiet, which + 1 };
  if (p->kind == BP_PROGRESS_EPOCH && !twins->json && !twins->quiet)
    printf ("Twin %u:", which + 1);
  on_progress (p, &printer);
}

/* The twins' last line: both, and the second's difference from the first. */
static void
print_twins_final (BpRun * const *runs, gboolean json)
{
  const char *metric = bp_metric_name (runs[0]->task);
  g_autofree char *final_key = g_strconcat ("final_val_", metric, NULL);
  g_autofree char *best_key = g_strconcat ("best_val_", metric, NULL);
  const double final_difference = runs[1]->final_val_metric - runs[0]->final_val_metric;
  const double best_difference = runs[1]->best_val_metric - runs[0]->best_val_metric;
  if (!json)
    {
      printf ("Twin 2 (%s) minus twin 1: %s %+.4f, %s %+.4f\n", runs[1]->name, final_key, final_difference, best_key,
              best_difference);
      return;
    }
  BpJsonWriter j;
  bp_json_writer_init (&j);
  bp_json_open (&j, NULL, '{', TRUE);
  bp_json_bool (&j, "final", TRUE);
  bp_json_bool (&j, "twins", TRUE);
  bp_json_string (&j, "change", runs[1]->name);
  bp_json_open (&j, "difference", '{', TRUE);
  bp_json_double (&j, final_key, final_difference);
  bp_json_double (&j, best_key, best_difference);
  bp_json_close (&j, '}');
  bp_json_close (&j, '}');
  g_autofree char *text = bp_json_writer_finish (&j, NULL);
  printf ("%s\n", text);
}

static int
twins_main (const BpCliTraining *t, const BpRunSettings *base, const BpSweepRun *change, BpRunList *list,
            const BpCliDataArgs *args, const BpCliTrainArgs *train)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTwins) twins = bp_twins_new (t->dataset, base, change->settings, &error);
  if (twins == NULL)
    return bp_cli_fail (EXIT_USAGE, "--twin: %s", error->message);
  const gboolean json = args->json || train->quiet;
  BpRun *runs[2];
  const char *names[] = { "base", change->label };
  const BpRunSettings *settings[] = { base, change->settings };
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(BpRun) run = bp_run_new (settings[i], t->dataset->task, t->dataset->n_validation > 0);
      bp_run_set_name (run, names[i]);
      runs[i] = bp_run_list_add (list, run);
      if (!args->json && !train->quiet)
        printf ("Twin %u: %s\n", i + 1, names[i]);
    }
  TwinPrinter printer = { t->dataset, { runs[0], runs[1] }, args->json, train->quiet };
  GError *diverged[2] = { NULL, NULL };
  if (!bp_twins_run (twins, on_twin_progress, &printer, diverged, &error))
    return bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", t->display_name, error->message);
  for (guint i = 0; i < 2; i++)
    {
      if (diverged[i])
        fprintf (stderr, "%s: twin %u: %s\n", BP_CLI_PROGRAM, i + 1, diverged[i]->message);
      g_clear_error (&diverged[i]);
      bp_run_finish (runs[i], bp_trainer_get_stop_reason (bp_twins_get_trainer (twins, i)), NULL);
      BpSweepRun item = { NULL, i, 0, NULL };
      if (!json && !train->quiet)
        printf ("Twin %u:", i + 1);
      print_run_summary (runs[i], &item, i + 1, json);
    }
  print_twins_final (runs, json);
  return 0;
}

static int
sweep_main (const char *path, BpCliDataArgs *args, BpCliTrainArgs *train, BpSweep *sweep, gboolean twin)
{
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_auto(BpCliTraining) t = { NULL };
  if (!bp_cli_training_prepare (&t, path, args, train, &status))
    return status;

  /* The base: the data choices, the layers and settings as given. */
  BpProject *run_project = t.run;
  g_clear_pointer (&run_project->layers, bp_layer_stack_free);
  run_project->layers = bp_layer_stack_copy (t.stack);
  run_project->config = t.config;
  run_project->config.class_weights = NULL;
  g_autoptr(BpRunSettings) base = bp_project_get_run_settings (run_project);
  g_autoptr(GArray) items = bp_sweep_expand (sweep, base, &error);
  if (items == NULL)
    return bp_cli_fail (EXIT_USAGE, "sweep: %s", error->message);

  g_autoptr(BpRunList) list = bp_run_list_ref (run_project->runs);
  if (twin)
    {
      bp_blas_set_threads (train->threads);
      int status_twins = twins_main (&t, base, &g_array_index (items, BpSweepRun, 0), list, args, train);
      if (status_twins == 0 && train->history)
        {
          gsize length;
          g_autofree char *csv = bp_run_list_histories_to_csv (list, &length);
          if (!write_text (train->history, csv, length, &status))
            return status;
        }
      if (status_twins == 0 && train->save_project &&
          !bp_cli_save_run_project (run_project, t.stack, &t.config, train->save_project, &status))
        return status;
      return status_twins;
    }

  if (!args->json && !train->quiet)
    {
      printf ("Sweep of %u runs on %" G_GSIZE_FORMAT " rows, validating on %" G_GSIZE_FORMAT " (%s, target “%s”)\n",
              items->len, t.dataset->n_train, t.dataset->n_validation, bp_task_to_string (t.dataset->task),
              t.dataset->target_name);
      for (guint i = 0; i < t.table_warnings->len; i++)
        fprintf (stderr, "warning: %s\n", (char *) t.table_warnings->pdata[i]);
      for (guint i = 0; i < t.dataset->warnings->len; i++)
        fprintf (stderr, "warning: %s\n", (char *) t.dataset->warnings->pdata[i]);
    }

  bp_blas_set_threads (train->threads);
  /* Weights only for --save: the best run's model. */
  for (guint i = 0; i < items->len; i++)
    {
      const BpSweepRun *item = &g_array_index (items, BpSweepRun, i);
      g_autoptr(BpRun) run = bp_run_new (item->settings, t.dataset->task, t.dataset->n_validation > 0);
      bp_run_set_name (run, item->label[0] ? item->label : "base");
      bp_run_list_add (list, run);
      if (!train_one (&t, item, run, i + 1, args->json, train->quiet, train->save != NULL, &status))
        return status;
      if (train->save)
        {
          /* Only the best so far keeps its weights. */
          BpRun **all = g_new (BpRun *, i + 1);
          for (guint k = 0; k <= i; k++)
            all[k] = bp_run_list_get (list, k);
          BpRun *best = bp_runs_best (all, i + 1);
          for (guint k = 0; k <= i; k++)
            if (all[k] != best)
              bp_run_drop_weights (all[k]);
          g_free (all);
        }
      print_run_summary (run, item, i + 1, args->json || train->quiet);
    }

  if (train->history)
    {
      gsize length;
      g_autofree char *csv = bp_run_list_histories_to_csv (list, &length);
      if (!write_text (train->history, csv, length, &status))
        return status;
    }
  g_autofree char *saved = NULL;
  if (train->save)
    {
      g_autofree BpRun **all = g_new (BpRun *, items->len);
      for (guint k = 0; k < items->len; k++)
        all[k] = bp_run_list_get (list, k);
      BpRun *best = bp_runs_best (all, items->len);
      if (best && !save_best_model (&t, best, train->save, &status))
        return status;
      if (best)
        saved = g_filename_display_name (train->save);
    }
  if (train->save_project)
    {
      /* The runs without weights: a project keeps those of pinned runs. */
      for (guint k = 0; k < bp_run_list_get_length (list); k++)
        bp_run_drop_weights (bp_run_list_get (list, k));
      if (!bp_cli_save_run_project (run_project, t.stack, &t.config, train->save_project, &status))
        return status;
    }
  print_final (list, items, args->json || train->quiet, saved);
  return 0;
}

int
bp_cli_sweep (int argc, char **argv)
{
  BpCliDataArgs args = { .validation_split = NAN, .test_split = NAN, .seed = SEED_UNSET };
  BpCliTrainArgs train = BP_CLI_TRAIN_ARGS_INIT;
  SweepArgs sweep_args = { .repeats = 1 };
  GOptionEntry sweep_entries[] = {
    { "sweep", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sweep_args.sweeps, "A setting and its values: lr=1e-4,1e-3,1e-2, "
      "lr=1e-4..1e-1:4 (a log range), batch=, epochs=, seed=, optimizer=adam,sgd, units=, units2=, dropout=, "
      "dropout2=; at most twice", "SETTING=VALUES" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &sweep_args.repeats, "Train each combination with N seeds: the seed, "
      "seed+1, … (default: 1)", "N" },
    { "twin", 0, 0, G_OPTION_ARG_STRING, &sweep_args.twin, "Twins instead of a sweep: the settings given and the same "
      "with this one change (lr=0.01, units2=32, …), trained in lock-step from the same seed: the same initial "
      "weights where the shapes allow, the same batches in the same order", "SETTING=VALUE" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.csv | --sample NAME | --project FILE.backprop");
  g_option_context_set_summary (context,
                                "Train several runs one after another on the same data: the settings of train (or a project)\n"
                                "with one or two of them swept over values (--sweep), each combination with --repeat seeds.\n"
                                "Prints each epoch with its run, a summary of each run and the best run (with --json as JSON lines);\n"
                                "--history writes every run's history as one CSV, --save-project a project with the runs,\n"
                                "--save the best run's model.");
  g_option_context_set_main_group (context, bp_cli_data_group (&args));
  g_option_context_add_group (context, bp_cli_train_group (&train));
  GOptionGroup *group = g_option_group_new ("sweep", "Sweep options:", "Show sweep options", &sweep_args, NULL);
  g_option_group_add_entries (group, sweep_entries);
  g_option_context_add_group (context, group);

  int status = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpSweep) sweep = bp_sweep_new ();
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = bp_cli_fail (EXIT_USAGE, "sweep: %s", error->message);
      goto out;
    }
  if (argc != (args.sample ? 1 : 2) && !(train.project && argc == 1))
    {
      status = bp_cli_fail (EXIT_USAGE, args.sample ? "sweep takes one CSV file or --sample, not both"
                                                    : "sweep takes one CSV file (see backprop-cli sweep --help)");
      goto out;
    }
  for (char **s = sweep_args.sweeps; s && *s; s++)
    if (!bp_sweep_parse_axis (sweep, *s, &error))
      {
        status = bp_cli_fail (EXIT_USAGE, "--sweep %s: %s", *s, error->message);
        goto out;
      }
  if (sweep_args.twin)
    {
      if (sweep->n_axes > 0 || sweep_args.repeats != 1 || train.save)
        {
          status = bp_cli_fail (EXIT_USAGE, "--twin takes no --sweep, --repeat or --save");
          goto out;
        }
      if (!bp_sweep_parse_axis (sweep, sweep_args.twin, &error))
        {
          status = bp_cli_fail (EXIT_USAGE, "--twin %s: %s", sweep_args.twin, error->message);
          goto out;
        }
      if (bp_sweep_count (sweep) != 1)
        {
          status = bp_cli_fail (EXIT_USAGE, "--twin %s: one value, the twin's", sweep_args.twin);
          goto out;
        }
    }
  else if (sweep->n_axes == 0 && sweep_args.repeats <= 1)
    {
      status = bp_cli_fail (EXIT_USAGE, "sweep needs --sweep SETTING=VALUES or --repeat N (see backprop-cli sweep --help)");
      goto out;
    }
  if (!bp_sweep_set_repeats (sweep, (guint) MAX (sweep_args.repeats, 0), &error))
    {
      status = bp_cli_fail (EXIT_USAGE, "--repeat %d: %s", sweep_args.repeats, error->message);
      goto out;
    }
  status = sweep_main (argc == 2 ? argv[1] : NULL, &args, &train, sweep, sweep_args.twin != NULL);

out:
  bp_cli_data_args_clear (&args);
  bp_cli_train_args_clear (&train);
  g_strfreev (sweep_args.sweeps);
  g_free (sweep_args.twin);
  return status;
}
