/* backprop-cli-train.c: `backprop-cli train`: a network trained on a CSV
 * file, a generated set or what a project says, with the options given
 * over the project's. Prints each epoch (text or JSON lines) and a summary;
 * --save writes the model, --save-project the project of the run, before
 * it starts. */
#include "backprop-cli.h"

#include <float.h>
#include <math.h>
#include <stdio.h>

#include <glib/gi18n-lib.h>

typedef BpCliTrainArgs TrainArgs;

void
bp_cli_train_args_clear (TrainArgs *args)
{
  g_free (args->layers);
  g_free (args->optimizer);
  g_free (args->schedule);
  g_free (args->init);
  g_free (args->loss);
  g_free (args->monitor);
  g_free (args->history);
  g_free (args->save);
  g_free (args->project);
  g_free (args->save_project);
}

typedef struct {
  const BpDataset *dataset;
  gboolean         json;
  gboolean         quiet;
  guint            epochs;
} TrainPrinter;

static void
print_epoch (const BpProgress *p, gpointer user_data)
{
  TrainPrinter *printer = user_data;
  if (p->kind != BP_PROGRESS_EPOCH || printer->quiet)
    return;
  const char *metric = bp_metric_name (printer->dataset->task);
  const gboolean validation = printer->dataset->n_validation > 0;
  if (printer->json)
    {
      g_autofree char *text = bp_epoch_to_json (p, printer->dataset->task, validation);
      printf ("%s\n", text);
    }
  else
    {
      /* Text for people: numbers in their locale's style throughout. */
      printf ("Epoch %u/%u - %.3fs - loss: %.4f - %s: %.4f", p->epoch, p->epochs, p->epoch_seconds, p->loss, metric, p->metric);
      if (validation)
        printf (" - val_loss: %.4f - val_%s: %.4f", p->val_loss, metric, p->val_metric);
      printf ("\n");
    }
  fflush (stdout);
}

static gboolean
write_history (const char *path, const BpTrainer *trainer, BpTask task, GError **error)
{
  gsize length;
  g_autofree char *text = bp_history_to_csv (bp_trainer_get_history (trainer), task, &length);
  if (bp_save_file_atomically (path, text, length, BP_SAVE_DEFAULT, error))
    return TRUE;
  g_autofree char *display = g_filename_display_name (path);
  g_prefix_error (error, "%s: ", display);
  return FALSE;
}

/* The table a project's data source (@source, a copy of it) names, when
 * no CSV or --sample is given on the command line. */
static BpTable *
load_project_table (BpDataSource *source, const char *project_path, BpCliDataArgs *args, char ***markers_out,
                    int *status)
{
  g_autofree char *display = g_filename_display_name (project_path);
  switch (source->kind)
    {
    case BP_DATA_SOURCE_FILE:
      /* A project mailed without its CSV, or run where the CSV is not
       * (a sandbox): the copy it keeps, with a note. */
      if (source->copy != NULL && !bp_data_source_file_readable (source))
        {
          g_autofree char *data_display = g_filename_display_name (source->path);
          /* Translators: the first %s is a CSV file's full path, the second the project file's name. */
          g_autofree char *note = g_strdup_printf (_("note: %s cannot be opened; using the copy saved in %s"),
                                                   data_display, display);
          fprintf (stderr, "%s: %s\n", BP_CLI_PROGRAM, note);
        }
      return bp_cli_load_table (source, args, markers_out, status);
    case BP_DATA_SOURCE_GENERATED:
      {
        g_autoptr(GError) error = NULL;
        BpTable *table = bp_data_source_load (source, NULL, NULL, &error);
        if (table == NULL)
          *status = bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", display, error->message);
        else if (!bp_cli_apply_types (table, args, status))
          g_clear_pointer (&table, bp_table_free);
        return table;
      }
    case BP_DATA_SOURCE_SAMPLE:
      /* Translators: the first %s is the project file's name, the second a sample's name such as iris. */
      *status = bp_cli_fail (EXIT_BAD_INPUT, _("%s: the project trains on the built-in sample “%s”, which only the app "
                                      "has; give its CSV file after --project"), display, source->name);
      return NULL;
    case BP_DATA_SOURCE_NONE:
    default:
      /* Translators: %s is the project file's name. */
      *status = bp_cli_fail (EXIT_BAD_INPUT, _("%s: the project has no data yet; give a CSV file or --sample"), display);
      return NULL;
    }
}

/* The settings: the project's (@config), with the options given here
 * over them. FALSE with the usage error printed and *status set. */
static gboolean
config_from_args (BpTrainConfig *config, const BpCliDataArgs *args, const TrainArgs *train, int *status)
{
  if (train->optimizer)
    {
      int kind;
      if (!bp_cli_parse_choice ("--optimizer", train->optimizer, bp_optimizer_names, &kind, status))
        return FALSE;
      bp_optimizer_config_init (&config->optimizer, (BpOptimizerKind) kind);
    }
  if (!isnan (train->lr))
    config->optimizer.learning_rate = (float) train->lr;
  if (!isnan (train->momentum))
    config->optimizer.momentum = (float) train->momentum;
  if (train->nesterov)
    config->optimizer.nesterov = TRUE;
  if (!isnan (train->weight_decay))
    config->optimizer.weight_decay = (float) train->weight_decay;
  if (!isnan (train->l1))
    config->optimizer.l1 = (float) train->l1;
  if (!isnan (train->l2))
    config->optimizer.l2 = (float) train->l2;
  if (!isnan (train->clip_norm))
    config->optimizer.clip_norm = (float) train->clip_norm;
  /* Numbers are in range already (bp_cli_parse_number). */
  if (train->epochs != INT_UNSET)
    config->epochs = (guint) train->epochs;
  if (train->batch_size != INT_UNSET)
    config->batch_size = (guint) train->batch_size;
  if (args->seed != SEED_UNSET)
    config->seed = (guint64) MAX (args->seed, 0);
  if (!isnan (train->label_smoothing))
    config->label_smoothing = (float) train->label_smoothing;
  if (train->patience != INT_UNSET)
    config->patience = (guint) train->patience;
  if (!isnan (train->min_delta))
    config->min_delta = train->min_delta;
  if (!isnan (train->target_metric))
    config->target_metric = train->target_metric;
  if (!isnan (train->time_limit))
    config->time_limit = train->time_limit;
  if (train->schedule)
    {
      int schedule;
      if (!bp_cli_parse_choice ("--schedule", train->schedule, bp_schedule_names, &schedule, status))
        return FALSE;
      config->schedule.kind = (BpScheduleKind) schedule;
      if (config->schedule.kind == BP_SCHEDULE_EXPONENTIAL)
        config->schedule.factor = 0.9f;
    }
  if (train->monitor)
    {
      int monitor;
      if (!bp_cli_parse_choice ("--monitor", train->monitor, bp_monitor_names, &monitor, status))
        return FALSE;
      config->monitor = (BpMonitor) monitor;
    }
  g_autoptr(GError) error = NULL;
  if (!bp_train_config_validate (config, &error))
    {
      *status = bp_cli_fail (EXIT_USAGE, "train: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* The network: the project's (@stack), with --layers, --dropout, --init
 * and --loss over it. FALSE with the usage error printed and *status set. */
static gboolean
stack_from_args (BpLayerStack *stack, const TrainArgs *train, int *status)
{
  g_autoptr(GError) error = NULL;
  if (train->layers)
    {
      g_array_set_size (stack->layers, 0);
      if (!bp_layer_stack_parse (stack, train->layers, &error))
        {
          *status = bp_cli_fail (EXIT_USAGE, "--layers: %s", error->message);
          return FALSE;
        }
    }
  if (!isnan (train->dropout))
    {
      for (guint l = 0; l < stack->layers->len; l++)
        {
          BpLayerSpec *layer = &g_array_index (stack->layers, BpLayerSpec, l);
          if (layer->dropout == 0.0f)
            layer->dropout = (float) train->dropout;
        }
    }
  if (train->init)
    {
      int init;
      if (!bp_cli_parse_choice ("--init", train->init, bp_init_names, &init, status))
        return FALSE;
      stack->init = (BpInit) init;
    }
  if (train->loss)
    {
      /* The regression losses, the last of BpLoss's names. */
      int loss;
      if (!bp_cli_parse_choice ("--loss", train->loss, bp_loss_names + BP_LOSS_MSE, &loss, status))
        return FALSE;
      stack->loss = (BpLoss) (BP_LOSS_MSE + loss);
    }
  return TRUE;
}

/* The table to train on: a CSV or --sample given here, else the project's
 * data; run->source gets where it came from, for --save-project. */
static BpTable *
load_run_table (const char *path, BpCliDataArgs *args, const TrainArgs *train, const BpProject *project,
                BpProject *run, char ***markers_out, int *status)
{
  if (path)
    bp_data_source_set_file (&run->source, path);
  else if (!args->sample)
    bp_data_source_copy (&run->source, &project->source);
  /* The project's missing-value markers, unless given here. */
  if (train->project && !args->sample)
    {
      if (!args->missing && project->missing_markers)
        args->missing = g_strjoinv ("|", project->missing_markers);
      args->keep_empty = args->keep_empty || project->keep_empty;
    }
  if (path || args->sample || !train->project)
    return bp_cli_load_table (&run->source, args, markers_out, status);
  return load_project_table (&run->source, train->project, args, markers_out, status);
}

/* The project of this run (@run, its data source and column choices
 * set), written before
 * the run starts: a run stopped halfway can be started again from it. */
gboolean
bp_cli_save_run_project (BpProject *run, const BpLayerStack *stack, const BpTrainConfig *config, const char *path,
                  int *status)
{
  g_autoptr(GError) error = NULL;
  g_clear_pointer (&run->layers, bp_layer_stack_free);
  run->layers = bp_layer_stack_copy (stack);
  run->config = *config;
  run->config.class_weights = NULL;
  /* The data file as it is now; one that cannot be read keeps the
   * copy the table came from, if any. */
  if (run->source.kind == BP_DATA_SOURCE_FILE)
    bp_project_read_data_copy (run, NULL);
  if (!bp_project_save (run, path, &error))
    {
      *status = bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
print_start (const GPtrArray *table_warnings, const BpRecipe *recipe)
{
  const BpDataset *dataset = recipe->dataset;
  g_autofree char *summary = bp_model_spec_summary (recipe->spec);
  printf ("Training on %" G_GSIZE_FORMAT " rows, validating on %" G_GSIZE_FORMAT " (%s, target “%s”)\n%s\n",
          dataset->n_train, dataset->n_validation, bp_task_to_string (dataset->task),
          dataset->target_name, summary);
  for (guint i = 0; i < table_warnings->len; i++)
    fprintf (stderr, "warning: %s\n", (char *) table_warnings->pdata[i]);
  for (guint i = 0; i < dataset->warnings->len; i++)
    fprintf (stderr, "warning: %s\n", (char *) dataset->warnings->pdata[i]);
}

/* The last line of train --json (and --quiet): how the run ended. */
static void
print_final_json (const BpRecipe *recipe, const TrainArgs *train, guint64 seed, double seconds)
{
  const BpDataset *dataset = recipe->dataset;
  const BpModelSpec *spec = recipe->spec;
  BpTrainer *trainer = recipe->trainer;
  const GArray *history = bp_trainer_get_history (trainer);
  const BpEpochRecord *last = history->len ? &g_array_index (history, BpEpochRecord, history->len - 1) : NULL;
  const char *metric = bp_metric_name (dataset->task);
  g_autofree char *val_metric = g_strconcat ("val_", metric, NULL);
  BpJsonWriter j;
  bp_json_writer_init (&j);
  bp_json_open (&j, NULL, '{', TRUE);
  bp_json_bool (&j, "final", TRUE);
  bp_json_int (&j, "epochs", history->len);
  bp_json_string (&j, "stop_reason", bp_stop_reason_to_string (bp_trainer_get_stop_reason (trainer)));
  bp_json_int (&j, "best_epoch", bp_trainer_get_best_epoch (trainer));
  bp_json_bool (&j, "restored_best", bp_trainer_restored_best (trainer));
  bp_json_double (&j, "seconds", seconds);
  bp_json_double (&j, "samples_per_second", seconds > 0.0 ? (double) (dataset->n_train * history->len) / seconds : 0.0);
  bp_json_double (&j, "loss", last ? last->loss : NAN);
  bp_json_double (&j, metric, last ? last->metric : NAN);
  bp_json_double (&j, "val_loss", last ? last->val_loss : NAN);
  bp_json_double (&j, val_metric, last ? last->val_metric : NAN);
  bp_json_open (&j, "model", '{', TRUE);
  bp_json_int (&j, "inputs", (gint64) spec->n_inputs);
  bp_json_open (&j, "layers", '[', TRUE);
  for (guint l = 0; l < spec->layers->len; l++)
    {
      const BpLayerSpec *layer = &g_array_index (spec->layers, BpLayerSpec, l);
      bp_json_open (&j, NULL, '{', TRUE);
      bp_json_int (&j, "units", layer->units);
      bp_json_string (&j, "activation", bp_activation_to_string (layer->activation));
      bp_json_double (&j, "dropout", layer->dropout);
      bp_json_close (&j, '}');
    }
  bp_json_close (&j, ']');
  bp_json_string (&j, "loss", bp_loss_to_string (spec->loss));
  bp_json_int (&j, "parameters", (gint64) recipe->model->n_params);
  bp_json_close (&j, '}');
  bp_json_string (&j, "task", bp_task_to_string (dataset->task));
  bp_json_int (&j, "train_rows", (gint64) dataset->n_train);
  bp_json_int (&j, "validation_rows", (gint64) dataset->n_validation);
  bp_json_int (&j, "threads", train->threads);
  bp_json_int (&j, "seed", (gint64) seed);
  if (train->save)
    {
      g_autofree char *saved = g_filename_display_name (train->save);
      bp_json_string (&j, "saved", saved);
    }
  bp_json_close (&j, '}');
  g_autofree char *text = bp_json_writer_finish (&j, NULL);
  printf ("%s\n", text);
}

/* How the run ended, as a sentence. */
static void
print_ending (const BpRecipe *recipe, double seconds)
{
  BpTrainer *trainer = recipe->trainer;
  const guint epochs = bp_trainer_get_history (trainer)->len;
  const char *unit = epochs == 1 ? "epoch" : "epochs";
  const BpTrainConfig *config = bp_trainer_get_config (trainer);
  const char *monitored = config->monitor == BP_MONITOR_VAL_LOSS ? "loss"
    : recipe->dataset->task == BP_TASK_REGRESSION ? "MAE" : "accuracy";
  switch (bp_trainer_get_stop_reason (trainer))
    {
    case BP_STOP_EPOCHS:
      printf ("Finished %u %s in %.3f s.\n", epochs, unit, seconds);
      break;
    case BP_STOP_EARLY:
      printf ("Stopped early after %u %s (%.3f s): the validation %s stopped improving.\n", epochs, unit, seconds,
              monitored);
      break;
    case BP_STOP_TARGET:
      printf ("Stopped after %u %s (%.3f s): the validation %s reached its target.\n", epochs, unit, seconds,
              recipe->dataset->task == BP_TASK_REGRESSION ? "MAE" : "accuracy");
      break;
    case BP_STOP_TIME:
      printf ("Stopped after %u %s (%.3f s): the time limit was reached.\n", epochs, unit, seconds);
      break;
    case BP_STOP_USER:
    case BP_STOP_DIVERGED:
    case BP_STOP_NONE:
    default:
      printf ("Stopped after %u %s (%.3f s).\n", epochs, unit, seconds);
      break;
    }
}

/* The model's score and what always giving the same answer scores, on the
 * validation rows (the training rows when there are none). */
static void
print_result (const BpRecipe *recipe)
{
  const BpDataset *d = recipe->dataset;
  const gboolean validation = d->n_validation > 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(BpEvaluation) ev = bp_evaluation_new (recipe->model, d, validation ? d->validation : d->train,
                                                  validation ? d->n_validation : d->n_train, &error);
  if (ev == NULL)
    return;
  const char *rows = validation ? "Validation" : "Training";
  if (d->task == BP_TASK_REGRESSION)
    printf ("%s MAE %.4g (R² %.3f) — always answering the training mean, %.4g, scores MAE %.4g (R² %.3f).\n",
            rows, ev->regression.mae, ev->regression.r2, ev->baseline.mean, ev->baseline.regression.mae,
            ev->baseline.regression.r2);
  else
    printf ("%s accuracy %.1f%% — always answering “%s” scores %.1f%%.\n", rows, ev->accuracy * 100.0,
            d->class_names[ev->baseline.majority], ev->baseline.accuracy * 100.0);
}

static void
print_final_text (const BpRecipe *recipe, const TrainArgs *train, double seconds)
{
  BpTrainer *trainer = recipe->trainer;
  print_ending (recipe, seconds);
  if (bp_trainer_restored_best (trainer))
    printf ("The weights of epoch %u, the best, were restored.\n", bp_trainer_get_best_epoch (trainer));
  print_result (recipe);
  if (train->save)
    {
      g_autofree char *saved = g_filename_display_name (train->save);
      printf ("Model saved to %s\n", saved);
    }
}

/* Runs the recipe to its end, then writes --history and --save and prints
 * the summary. */
static int
run_recipe (const BpRecipe *recipe, const char *display_name, BpDatasetOptions *data_options,
            const BpCliDataArgs *args, const TrainArgs *train, const BpTrainConfig *config)
{
  g_autoptr(GError) error = NULL;
  const BpDataset *dataset = recipe->dataset;
  TrainPrinter printer = { dataset, args->json, train->quiet, config->epochs };
  gboolean ok = bp_trainer_run (recipe->trainer, print_epoch, &printer, NULL, &error);

  if (train->history)
    {
      g_autoptr(GError) history_error = NULL;
      if (!write_history (train->history, recipe->trainer, dataset->task, &history_error))
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", history_error->message);
    }
  if (!ok)
    return bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", display_name, error->message);

  const GArray *history = bp_trainer_get_history (recipe->trainer);
  if (train->save)
    {
      /* The model file keeps the column roles and the split as chosen,
       * not the training table's column numbers. */
      data_options->roles = NULL;
      g_autoptr(BpModelFile) file = bp_model_file_new_from_training (dataset, data_options, recipe->model,
                                                                     bp_trainer_get_config (recipe->trainer), history);
      if (!bp_model_file_save (file, train->save, &error))
        return bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
    }
  double seconds = 0.0;
  for (guint i = 0; i < history->len; i++)
    seconds += g_array_index (history, BpEpochRecord, i).seconds;
  if (args->json || train->quiet)
    print_final_json (recipe, train, config->seed, seconds);
  else
    print_final_text (recipe, train, seconds);
  return 0;
}

void
bp_cli_training_clear (BpCliTraining *t)
{
  g_clear_pointer (&t->project, bp_project_free);
  g_clear_pointer (&t->run, bp_project_free);
  g_clear_pointer (&t->dataset, bp_dataset_free);
  g_clear_pointer (&t->roles, g_free);
  g_clear_pointer (&t->stack, bp_layer_stack_free);
  g_clear_pointer (&t->display_name, g_free);
  g_clear_pointer (&t->table_warnings, g_ptr_array_unref);
}

gboolean
bp_cli_training_prepare (BpCliTraining *t, const char *path, BpCliDataArgs *args, TrainArgs *train, int *status)
{
  g_autoptr(GError) error = NULL;

  /* A project is the base; what the command line gives overrides it.
   * Without one, the base is the seed recipe, as bp_project_new() has it. */
  t->project = train->project ? bp_project_load (train->project, &error) : bp_project_new ();
  if (t->project == NULL)
    {
      *status = bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      return FALSE;
    }
  BpProject *project = t->project;
  /* Nothing written over what is read, and every output writable, before
   * the first epoch rather than after the last. */
  const char *inputs[] = {
    path, train->project,
    path == NULL && !args->sample && project->source.kind == BP_DATA_SOURCE_FILE ? project->source.path : NULL,
  };
  const BpCliOutput outputs[] = {
    { "--save", train->save }, { "--save-project", train->save_project }, { "--history", train->history },
  };
  *status = bp_cli_check_outputs (inputs, G_N_ELEMENTS (inputs), outputs, G_N_ELEMENTS (outputs));
  if (*status != 0)
    return FALSE;
  t->config = project->config;
  if (!config_from_args (&t->config, args, train, status))
    return FALSE;

  t->run = bp_project_new ();
  g_auto(GStrv) markers = NULL;
  g_autoptr(BpTable) table = load_run_table (path, args, train, project, t->run, &markers, status);
  if (table == NULL)
    return FALSE;

  /* The project's column choices, then --type, --target, --ignore, … */
  t->roles = g_new0 (BpColumnRole, MAX (table->n_columns, 1));
  BpDatasetOptions base;
  if (!bp_project_apply (project, table, t->roles, &base, &error))
    {
      *status = bp_cli_fail (EXIT_BAD_INPUT, "%s", error->message);
      return FALSE;
    }
  if (!bp_cli_apply_types (table, args, status))
    return FALSE;
  t->dataset = bp_cli_make_dataset (table, TRUE, args, &base, &t->roles, &t->data_options, &error, status);
  if (t->dataset == NULL)
    {
      if (error)
        *status = bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", table->display_name, error->message);
      return FALSE;   /* or a usage error, already reported */
    }

  if (t->dataset->split_note && !train->quiet)
    {
      /* Translators: %s is a sentence saying which split was chosen and why. */
      g_autofree char *note = g_strdup_printf (_("note: %s --split keras keeps the rows in file order."),
                                               t->dataset->split_note);
      fprintf (stderr, "%s: %s\n", BP_CLI_PROGRAM, note);
    }

  /* Training needs only the dataset: the table (8 bytes a cell, twice the
   * float32 dataset) gave its rows back while they were encoded, and the
   * rest goes before the model, trainer and their buffers are made,
   * keeping what is printed or saved later. */
  t->display_name = g_strdup (table->display_name);
  t->table_warnings = g_ptr_array_ref (table->warnings);
  bp_project_set_data_choices (t->run, table, &t->data_options);
  g_clear_pointer (&table, bp_table_free);

  t->stack = bp_layer_stack_copy (project->layers);
  return stack_from_args (t->stack, train, status);
}

static int
train_main (const char *path, BpCliDataArgs *args, TrainArgs *train)
{
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_auto(BpCliTraining) t = { NULL };
  if (!bp_cli_training_prepare (&t, path, args, train, &status))
    return status;

  bp_blas_set_threads (train->threads);
  BpRecipeStep failed;
  g_autoptr(BpRecipe) recipe = bp_recipe_new_for_dataset (g_steal_pointer (&t.dataset), t.stack, &t.config, &failed,
                                                          &error);
  if (recipe == NULL)
    {
      if (failed == BP_RECIPE_STEP_MODEL)
        return bp_cli_fail (EXIT_USAGE, "%s", error->message);
      return bp_cli_fail (EXIT_BAD_INPUT, "%s: %s", t.display_name, error->message);
    }

  if (train->save_project && !bp_cli_save_run_project (t.run, t.stack, &t.config, train->save_project, &status))
    return status;
  if (!args->json && !train->quiet)
    print_start (t.table_warnings, recipe);
  return run_recipe (recipe, t.display_name, &t.data_options, args, train, &t.config);
}

/* The training options that take a number (see bp_cli_parse_number()). */
static gboolean
on_train_number (const char *option, const char *value, gpointer args, GError **error)
{
  static const BpCliNumber numbers[] = {
    { "--dropout", G_STRUCT_OFFSET (TrainArgs, dropout), FALSE, { BP_RANGE_FROM_ZERO, 0, BP_MAX_DROPOUT, TRUE } },
    { "--epochs", G_STRUCT_OFFSET (TrainArgs, epochs), TRUE, { BP_RANGE_WHOLE, 1, BP_MAX_EPOCHS }, 'e' },
    { "--batch-size", G_STRUCT_OFFSET (TrainArgs, batch_size), TRUE, { BP_RANGE_WHOLE, 1, BP_MAX_BATCH_SIZE }, 'b' },
    { "--lr", G_STRUCT_OFFSET (TrainArgs, lr), FALSE, { BP_RANGE_ABOVE_ZERO, 0, FLT_MAX, TRUE } },
    { "--momentum", G_STRUCT_OFFSET (TrainArgs, momentum), FALSE, { BP_RANGE_FRACTION, 0, 0, TRUE } },
    { "--weight-decay", G_STRUCT_OFFSET (TrainArgs, weight_decay), FALSE, { BP_RANGE_FROM_ZERO, 0, FLT_MAX, TRUE } },
    { "--l1", G_STRUCT_OFFSET (TrainArgs, l1), FALSE, { BP_RANGE_FROM_ZERO, 0, FLT_MAX, TRUE } },
    { "--l2", G_STRUCT_OFFSET (TrainArgs, l2), FALSE, { BP_RANGE_FROM_ZERO, 0, FLT_MAX, TRUE } },
    { "--clip-norm", G_STRUCT_OFFSET (TrainArgs, clip_norm), FALSE, { BP_RANGE_FROM_ZERO, 0, FLT_MAX, TRUE } },
    { "--label-smoothing", G_STRUCT_OFFSET (TrainArgs, label_smoothing), FALSE, { BP_RANGE_FRACTION, 0, 0, TRUE } },
    { "--threads", G_STRUCT_OFFSET (TrainArgs, threads), TRUE, { BP_RANGE_WHOLE, 1, G_MAXINT } },
    { "--early-stopping", G_STRUCT_OFFSET (TrainArgs, patience), TRUE, { BP_RANGE_WHOLE, 0, G_MAXINT } },
    { "--min-delta", G_STRUCT_OFFSET (TrainArgs, min_delta), FALSE, { BP_RANGE_NOT_NEGATIVE } },
    { "--target-metric", G_STRUCT_OFFSET (TrainArgs, target_metric), FALSE, { BP_RANGE_FINITE } },
    { "--time-limit", G_STRUCT_OFFSET (TrainArgs, time_limit), FALSE, { BP_RANGE_NOT_NEGATIVE } },
  };
  return bp_cli_parse_number (numbers, G_N_ELEMENTS (numbers), option, value, args, error);
}

GOptionGroup *
bp_cli_train_group (TrainArgs *train)
{
  GOptionEntry entries[] = {
    { "layers", 'l', 0, G_OPTION_ARG_STRING, &train->layers, "Hidden layers as UNITS:ACTIVATION[:DROPOUT], comma-separated (default: 128:relu,64:relu)", "SPEC" },
    { "dropout", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Dropout after every hidden layer that sets none (default: 0)", "P" },
    { "epochs", 'e', 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Epochs (default: 10)", "N" },
    { "batch-size", 'b', 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Rows per batch (default: 32)", "N" },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &train->optimizer, "sgd, momentum, rmsprop, adam or adamw (default: adam)", "NAME" },
    { "lr", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Learning rate (default: 0.001 for adam)", "RATE" },
    { "momentum", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Momentum for SGD (default: 0.9 with --optimizer momentum)", "M" },
    { "nesterov", 0, 0, G_OPTION_ARG_NONE, &train->nesterov, "Nesterov momentum", 0 },
    { "weight-decay", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "AdamW's weight decay (default: 0.004)", "W" },
    { "l1", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "L1 penalty on weights", "L" },
    { "l2", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "L2 penalty on weights", "L" },
    { "clip-norm", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Clip gradients to this global norm", "N" },
    { "schedule", 0, 0, G_OPTION_ARG_STRING, &train->schedule, "constant, step, exponential, cosine or plateau (default: constant)", "NAME" },
    { "label-smoothing", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Label smoothing for classification", "S" },
    { "init", 0, 0, G_OPTION_ARG_STRING, &train->init, "glorot_uniform, he_uniform or he_normal (default: glorot_uniform)", "NAME" },
    { "loss", 0, 0, G_OPTION_ARG_STRING, &train->loss, "Regression loss: mse, mae or huber (default: mse)", "NAME" },
    { "threads", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "OpenBLAS threads (default: 1)", "N" },
    { "early-stopping", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Stop after this many epochs without improvement", "PATIENCE" },
    { "min-delta", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Smallest change that counts as improvement", "D" },
    { "monitor", 0, 0, G_OPTION_ARG_STRING, &train->monitor, "val_loss or val_metric (default: val_loss)", "WHAT" },
    { "target-metric", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Stop once the validation metric reaches this", "X" },
    { "time-limit", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) on_train_number, "Stop after this many seconds of training", "S" },
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &train->history, "Write the per-epoch history as CSV", "OUT.csv" },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &train->save, "Save the trained model", "MODEL.json" },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &train->project, "Train what a project file says (its data, columns, "
      "layers and settings); the options given here override it, a CSV file or --sample its data", "FILE.backprop" },
    { "save-project", 0, 0, G_OPTION_ARG_FILENAME, &train->save_project, "Save this run's data, column choices, "
      "layers and settings as a project file, before training", "FILE.backprop" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &train->quiet, "Print only the final summary", 0 },
    { NULL },
  };
  /* The group keeps a copy of the entries. */
  GOptionGroup *group = g_option_group_new ("training", "Training options:", "Show training options", train, NULL);
  g_option_group_add_entries (group, entries);
  return group;
}

int
bp_cli_train (int argc, char **argv)
{
  /* Unset options take the project's value (or the defaults below). */
  BpCliDataArgs args = { .validation_split = NAN, .test_split = NAN, .seed = SEED_UNSET };
  TrainArgs train = BP_CLI_TRAIN_ARGS_INIT;
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE.csv | --sample NAME | --project FILE.backprop");
  g_option_context_set_summary (context,
                                "Train a network on a CSV file (or a generated set, --sample). The defaults are the classic recipe: standardize,\n"
                                "Dense(128, relu), Dense(64, relu), output by task, Adam 1e-3, batch 32,\n"
                                "10 epochs, the last 20% of the rows for validation (stratified when that would leave a class\n"
                                "out), a regression target standardized.\n"
                                "--project FILE.backprop trains what a project saved by the app (or --save-project) says instead;\n"
                                "options given with it override the project's.");
  g_option_context_set_main_group (context, bp_cli_data_group (&args));
  g_option_context_add_group (context, bp_cli_train_group (&train));

  int status = 0;
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = bp_cli_fail (EXIT_USAGE, "train: %s", error->message);
      goto out;
    }
  if (argc != (args.sample ? 1 : 2) && !(train.project && argc == 1))
    {
      status = bp_cli_fail (EXIT_USAGE, args.sample ? "train takes one CSV file or --sample, not both"
                                             : "train takes one CSV file (see backprop-cli train --help)");
      goto out;
    }
  status = train_main (argc == 2 ? argv[1] : NULL, &args, &train);

out:
  bp_cli_data_args_clear (&args);
  bp_cli_train_args_clear (&train);
  return status;
}
