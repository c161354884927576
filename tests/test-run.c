/* test-run.c: tests for bp-run and bp-run-list (kept runs).
 *
 * Runs record what the trainer reports: the epochs equal the trainer's
 * history bit for bit, one batch loss per step, the best and final
 * validation metric those of the epochs, and the final weights make a
 * model that predicts as the trained one. Automatic names say what
 * changed ("lr 0.01", "256-128, dropout 0.2"); the diff lists each
 * changed field with both values. A list numbers and names the runs it
 * is given, drops the weights of the oldest unpinned runs over its
 * budget, frees a run when it is removed (heap measured), and 100 runs
 * of the seed recipe on breast_cancer (10 epochs, batch history, weights)
 * stay under 50 MiB, measured as the heap grows, with the accounting
 * within a fifth of what malloc reports.
 */
#include <locale.h>
#include <malloc.h>
#include <math.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

/* ---- a trained run, recorded ------------------------------------------- */

typedef struct {
  BpRecipe *recipe;
  GArray   *records;   /* BpProgress, every batch and epoch */
  BpTask    task;
  gboolean  has_validation;
} Trained;

static void
keep_record (const BpProgress *progress, gpointer user_data)
{
  g_array_append_val ((GArray *) user_data, *progress);
}

/* The seed recipe on breast_cancer, trained to its end. */
static void
trained_init (Trained *t, const BpRunSettings *settings)
{
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  BpDatasetOptions options = settings->data;
  options.target = -1;
  g_autoptr(GError) error = NULL;
  t->recipe = bp_recipe_new (table, &options, settings->layers, &settings->config, NULL, &error);
  g_assert_no_error (error);
  t->records = g_array_new (FALSE, FALSE, sizeof (BpProgress));
  g_assert_true (bp_trainer_run (t->recipe->trainer, keep_record, t->records, NULL, &error));
  g_assert_no_error (error);
  t->task = t->recipe->dataset->task;
  t->has_validation = t->recipe->dataset->n_validation > 0;
}

static void
trained_clear (Trained *t)
{
  bp_recipe_free (t->recipe);
  g_array_unref (t->records);
}

static BpRun *
run_from (const Trained *t, const BpRunSettings *settings, gboolean weights)
{
  BpRun *run = bp_run_new (settings, t->task, t->has_validation);
  for (guint i = 0; i < t->records->len; i++)
    bp_run_record (run, &g_array_index (t->records, BpProgress, i));
  bp_run_finish (run, bp_trainer_get_stop_reason (t->recipe->trainer), weights ? t->recipe->model : NULL);
  return run;
}

/* The first @n records, field by field (the struct has padding). */
static void
assert_same_epochs (const GArray *a, const GArray *b, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const BpEpochRecord *x = &g_array_index (a, BpEpochRecord, i), *y = &g_array_index (b, BpEpochRecord, i);
      g_assert_cmpuint (x->epoch, ==, y->epoch);
      const double xs[] = { x->loss, x->metric, x->val_loss, x->val_metric, x->seconds, x->samples_per_second,
                            x->learning_rate };
      const double ys[] = { y->loss, y->metric, y->val_loss, y->val_metric, y->seconds, y->samples_per_second,
                            y->learning_rate };
      g_assert_cmpmem (xs, sizeof xs, ys, sizeof ys);
    }
}

/* ---- settings: names and differences ------------------------------------ */

static void
test_names (void)
{
  g_autoptr(BpRunSettings) base = bp_run_settings_new ();
  g_autofree char *first = bp_run_settings_name (base, NULL);
  g_assert_cmpstr (first, ==, "128-64, adam, lr 0.001");

  g_autoptr(BpRunSettings) lr = bp_run_settings_copy (base);
  lr->config.optimizer.learning_rate = 0.01f;
  g_autofree char *lr_name = bp_run_settings_name (lr, base);
  g_assert_cmpstr (lr_name, ==, "lr 0.01");

  g_autoptr(BpRunSettings) wide = bp_run_settings_copy (base);
  g_array_set_size (wide->layers->layers, 0);
  bp_layer_stack_add (wide->layers, 256, BP_ACTIVATION_RELU, 0.2f);
  bp_layer_stack_add (wide->layers, 128, BP_ACTIVATION_RELU, 0.2f);
  g_autofree char *wide_name = bp_run_settings_name (wide, base);
  g_assert_cmpstr (wide_name, ==, "256-128, dropout 0.2");

  /* Nothing changed: the summary; many changes: the first three. */
  g_autofree char *same = bp_run_settings_name (base, base);
  g_assert_cmpstr (same, ==, first);
  g_autoptr(BpRunSettings) many = bp_run_settings_copy (lr);
  many->config.batch_size = 64;
  many->config.epochs = 20;
  many->config.seed = 7;
  g_autofree char *many_name = bp_run_settings_name (many, base);
  g_assert_cmpstr (many_name, ==, "lr 0.01, batch 64, epochs 20, …");
}

static void
test_diff (void)
{
  g_autoptr(BpRunSettings) a = bp_run_settings_new ();
  g_autoptr(BpRunSettings) b = bp_run_settings_copy (a);
  g_assert_true (bp_run_settings_equal (a, b));
  b->config.seed = 43;
  g_assert_false (bp_run_settings_equal (a, b));
  g_assert_true (bp_run_settings_equal_but_seed (a, b));

  bp_optimizer_config_init (&b->config.optimizer, BP_OPTIMIZER_SGD);
  b->config.optimizer.nesterov = TRUE;
  b->config.optimizer.learning_rate = 0.05f;
  g_array_index (b->layers->layers, BpLayerSpec, 1).activation = BP_ACTIVATION_TANH;
  b->data.split = BP_SPLIT_STRATIFIED;
  g_free (b->target);
  b->target = g_strdup ("diagnosis");
  g_assert_false (bp_run_settings_equal_but_seed (a, b));

  g_autoptr(GArray) changes = bp_run_settings_diff (a, b);
  static const struct { BpRunField field; const char *before, *after; } expected[] = {
    { BP_RUN_FIELD_ACTIVATION, "relu", "relu-tanh" },
    { BP_RUN_FIELD_OPTIMIZER, "adam", "sgd nesterov" },
    { BP_RUN_FIELD_LEARNING_RATE, "0.001", "0.05" },
    { BP_RUN_FIELD_SEED, "0", "43" },
    { BP_RUN_FIELD_TARGET, "default", "diagnosis" },
    { BP_RUN_FIELD_SPLIT, "auto 0.2/0 seed 0", "stratified 0.2/0 seed 0" },
  };
  g_assert_cmpuint (changes->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < changes->len; i++)
    {
      const BpRunChange *c = &g_array_index (changes, BpRunChange, i);
      g_assert_cmpint (c->field, ==, expected[i].field);
      g_assert_cmpstr (c->before, ==, expected[i].before);
      g_assert_cmpstr (c->after, ==, expected[i].after);
    }
  /* Every field has a label and a value. */
  for (int f = 0; f < BP_RUN_N_FIELDS; f++)
    {
      g_autofree char *value = bp_run_settings_get_value (a, (BpRunField) f);
      g_assert_nonnull (value);
      g_assert_cmpstr (bp_run_field_label ((BpRunField) f), !=, "");
    }

  /* Settings to a project and back are the same settings. */
  g_autoptr(BpProject) project = bp_project_new ();
  bp_project_set_run_settings (project, b);
  g_autoptr(BpRunSettings) back = bp_project_get_run_settings (project);
  g_assert_true (bp_run_settings_equal (b, back));
}

/* ---- recording ----------------------------------------------------------- */

static void
test_record (void)
{
  g_autoptr(BpRunSettings) settings = bp_run_settings_new ();
  Trained t;
  trained_init (&t, settings);
  g_autoptr(BpRun) run = run_from (&t, settings, TRUE);

  const GArray *history = bp_trainer_get_history (t.recipe->trainer);
  g_assert_cmpuint (run->epochs->len, ==, 10);
  g_assert_cmpuint (history->len, ==, run->epochs->len);
  assert_same_epochs (run->epochs, history, history->len);
  guint batches = 0;
  for (guint i = 0; i < t.records->len; i++)
    batches += g_array_index (t.records, BpProgress, i).kind == BP_PROGRESS_BATCH;
  g_assert_cmpuint (run->batch_losses->len, ==, batches);
  g_assert_cmpuint (run->batches_per_epoch * 10, ==, batches);
  g_assert_cmpint (run->status, ==, BP_RUN_FINISHED);
  g_assert_true (run->has_validation);

  /* Final and best: the last epoch's and the highest accuracy's. */
  const BpEpochRecord *last = &g_array_index (history, BpEpochRecord, history->len - 1);
  g_assert_cmpfloat (run->final_val_metric, ==, last->val_metric);
  double best = -1.0;
  guint best_epoch = 0;
  double seconds = 0.0;
  for (guint i = 0; i < history->len; i++)
    {
      const BpEpochRecord *r = &g_array_index (history, BpEpochRecord, i);
      seconds += r->seconds;
      if (r->val_metric > best)
        best = r->val_metric, best_epoch = r->epoch;
    }
  g_assert_cmpfloat (run->best_val_metric, ==, best);
  g_assert_cmpuint (run->best_epoch, ==, best_epoch);
  g_assert_cmpfloat (run->seconds, ==, seconds);
  g_assert_cmpfloat (bp_run_get_score (run), ==, best);

  /* The kept weights are the model's. */
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModel) model = bp_run_new_model (run, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (model->params, model->n_params * sizeof (float), t.recipe->model->params,
                   t.recipe->model->n_params * sizeof (float));

  bp_run_drop_weights (run);
  g_assert_true (run->weights_dropped);
  g_assert_null (bp_run_new_model (run, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);

  /* A fork starts with its parent's first epochs and batches. */
  run->id = 9;
  g_autoptr(BpRun) fork = bp_run_new (settings, t.task, TRUE);
  bp_run_set_parent (fork, run, 4, 4 * (guint64) run->batches_per_epoch);
  g_assert_cmpuint (fork->parent_id, ==, 9);
  g_assert_cmpuint (fork->epochs->len, ==, 4);
  g_assert_cmpuint (fork->batch_losses->len, ==, 4 * run->batches_per_epoch);
  assert_same_epochs (fork->epochs, run->epochs, 4);

  bp_run_finish (fork, BP_STOP_USER, NULL);
  g_assert_cmpint (fork->status, ==, BP_RUN_STOPPED);
  bp_run_finish (fork, BP_STOP_DIVERGED, NULL);
  g_assert_cmpint (fork->status, ==, BP_RUN_DIVERGED);
  trained_clear (&t);
}

/* ---- the list ------------------------------------------------------------ */

/* ASan's allocator keeps no mallinfo: there the accounting is checked
 * alone. */
#if defined(__SANITIZE_ADDRESS__)
#define HEAP_MEASURED FALSE
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_MEASURED FALSE
#endif
#endif
#ifndef HEAP_MEASURED
#define HEAP_MEASURED TRUE
#endif

static size_t
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();
  return info.uordblks + info.hblkhd;
}

static void
test_list (void)
{
  g_autoptr(BpRunSettings) settings = bp_run_settings_new ();
  Trained t;
  trained_init (&t, settings);
  g_autoptr(BpRunList) list = bp_run_list_new ();

  g_autoptr(BpRun) first = run_from (&t, settings, TRUE);
  bp_run_list_add (list, first);
  g_autoptr(BpRunSettings) lr = bp_run_settings_copy (settings);
  lr->config.optimizer.learning_rate = 0.01f;
  g_autoptr(BpRun) second = run_from (&t, lr, TRUE);
  bp_run_list_add (list, second);
  g_autoptr(BpRun) third = run_from (&t, lr, TRUE);
  bp_run_set_name (third, "mine");
  bp_run_list_add (list, third);

  g_assert_cmpuint (bp_run_list_get_length (list), ==, 3);
  g_assert_cmpuint (first->id, ==, 1);
  g_assert_cmpuint (second->id, ==, 2);
  g_assert_cmpuint (third->id, ==, 3);
  g_assert_cmpstr (first->name, ==, "128-64, adam, lr 0.001");
  g_assert_cmpstr (second->name, ==, "lr 0.01");
  g_assert_cmpstr (third->name, ==, "mine");
  g_assert_true (bp_run_list_find (list, 2) == second);
  g_assert_true (bp_run_list_get_last (list) == third);

  /* Removing a run the list alone holds gives its memory back. */
  gsize listed = bp_run_list_get_memory_size (list);
  gsize second_size = bp_run_get_memory_size (second);
  g_clear_pointer (&second, bp_run_unref);
  size_t before = heap_in_use ();
  g_assert_true (bp_run_list_remove (list, 2));
  size_t after = heap_in_use ();
  g_assert_false (bp_run_list_remove (list, 2));
  g_assert_null (bp_run_list_find (list, 2));
  g_assert_cmpuint (bp_run_list_get_memory_size (list), ==, listed - second_size - sizeof (gpointer));
  g_test_message ("removing a run: %zu bytes accounted, %zd freed", second_size, (gssize) (before - after));
  if (HEAP_MEASURED)
    g_assert_cmpuint (before - after, >=, second_size * 9 / 10);
  /* A new run gets a new number, never the removed one's. */
  g_autoptr(BpRun) fourth = run_from (&t, settings, FALSE);
  bp_run_list_add (list, fourth);
  g_assert_cmpuint (fourth->id, ==, 4);
  g_assert_cmpstr (fourth->name, ==, "lr 0.001");

  /* The budget: room for one run's weights; the oldest unpinned go. */
  bp_run_set_pinned (first, TRUE);
  gsize one = first->n_weights * sizeof (float);
  bp_run_list_set_weights_budget (list, one);
  g_assert_nonnull (first->weights);
  g_assert_null (third->weights);
  g_assert_true (third->weights_dropped);
  g_assert_false (fourth->weights_dropped);   /* it never had any */
  g_autoptr(BpRun) fifth = run_from (&t, settings, TRUE);
  bp_run_list_add (list, fifth);
  g_assert_null (fifth->weights);             /* the pinned run fills the budget */
  bp_run_set_pinned (first, FALSE);
  bp_run_list_set_weights_budget (list, 0);
  g_assert_null (first->weights);

  /* The CSVs: one row per run, epoch and metric; one per run. */
  gsize length;
  g_autofree char *histories = bp_run_list_histories_to_csv (list, &length);
  g_auto(GStrv) lines = g_strsplit (histories, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 4 * 10 * 6 + 1);
  g_assert_cmpstr (lines[0], ==, "run,name,epoch,metric,value");
  g_assert_true (g_str_has_prefix (lines[1], "1,\"128-64, adam, lr 0.001\",1,loss,"));
  g_assert_true (g_str_has_prefix (lines[2], "1,\"128-64, adam, lr 0.001\",1,accuracy,"));
  const BpEpochRecord *r = &g_array_index (first->epochs, BpEpochRecord, 0);
  g_assert_cmpfloat (g_ascii_strtod (strrchr (lines[1], ',') + 1, NULL), ==, r->loss);
  g_assert_cmpfloat (g_ascii_strtod (strrchr (lines[4], ',') + 1, NULL), ==, r->val_metric);
  g_autofree char *table = bp_run_list_table_to_csv (list, NULL);
  g_auto(GStrv) rows = g_strsplit (table, "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + 4 + 1);
  g_assert_true (g_str_has_prefix (rows[3], "4,lr 0.001,,,finished,accuracy,10,"));
  g_assert_true (g_str_has_suffix (rows[3], ",lr: 0.01 -> 0.001"));
  trained_clear (&t);
}

static void
test_memory_100 (void)
{
  g_autoptr(BpRunSettings) settings = bp_run_settings_new ();
  Trained t;
  trained_init (&t, settings);
  size_t before = heap_in_use ();
  g_autoptr(BpRunList) list = bp_run_list_new ();
  for (guint i = 0; i < 100; i++)
    {
      settings->config.seed = 100 + i;
      g_autoptr(BpRun) run = run_from (&t, settings, TRUE);
      bp_run_list_add (list, run);
    }
  size_t measured = heap_in_use () - before;
  gsize accounted = bp_run_list_get_memory_size (list);
  const BpRun *run = bp_run_list_get (list, 0);
  g_test_message ("100 runs of the seed recipe on breast_cancer (%u epochs, %u batch losses, %zu weights each): "
                  "%zu bytes accounted, %zu measured", run->epochs->len, run->batch_losses->len, run->n_weights,
                  accounted, measured);
  g_assert_cmpuint (run->epochs->len, ==, 10);
  g_assert_nonnull (run->weights);
  g_assert_cmpuint (accounted, <, 50 * 1024 * 1024);
  if (HEAP_MEASURED)
    {
      g_assert_cmpuint (measured, <, 50 * 1024 * 1024);
      g_assert_cmpuint (accounted, >=, measured * 4 / 5);
      g_assert_cmpuint (accounted, <=, measured * 6 / 5);
    }

  bp_run_list_clear (list);
  g_assert_cmpuint (bp_run_list_get_memory_size (list), <, 1024);
  if (HEAP_MEASURED)
    g_assert_cmpuint (heap_in_use () - before, <, measured / 20);
  trained_clear (&t);
}

/* ---- runs in a project -------------------------------------------------- */

static void
assert_same_run (const BpRun *a, const BpRun *b)
{
  g_assert_cmpuint (a->id, ==, b->id);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpint (a->renamed, ==, b->renamed);
  g_assert_cmpuint (a->parent_id, ==, b->parent_id);
  g_assert_cmpuint (a->fork_epoch, ==, b->fork_epoch);
  g_assert_cmpuint (a->fork_step, ==, b->fork_step);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->stop_reason, ==, b->stop_reason);
  g_assert_cmpint (a->pinned, ==, b->pinned);
  g_assert_cmpint (a->created, ==, b->created);
  g_assert_cmpint (a->task, ==, b->task);
  g_assert_cmpint (a->has_validation, ==, b->has_validation);
  g_assert_cmpuint (a->batches_per_epoch, ==, b->batches_per_epoch);
  g_assert_true (bp_run_settings_equal (a->settings, b->settings));
  g_assert_cmpuint (a->epochs->len, ==, b->epochs->len);
  assert_same_epochs (a->epochs, b->epochs, a->epochs->len);
  g_assert_cmpmem (a->batch_losses->data, a->batch_losses->len * sizeof (float), b->batch_losses->data,
                   b->batch_losses->len * sizeof (float));
  g_assert_cmpfloat (a->best_val_metric, ==, b->best_val_metric);
  g_assert_cmpfloat (a->final_val_metric, ==, b->final_val_metric);
  g_assert_cmpuint (a->best_epoch, ==, b->best_epoch);
  g_assert_cmpfloat (a->seconds, ==, b->seconds);
}

static void
test_project (void)
{
  g_autoptr(BpRunSettings) settings = bp_run_settings_new ();
  Trained t;
  trained_init (&t, settings);
  g_autoptr(BpProject) project = bp_project_new ();
  /* A project without runs is written as before: no "runs". */
  g_autofree char *empty = bp_project_to_data (project, "/tmp/p.backprop", NULL);
  g_assert_null (strstr (empty, "\"runs\""));

  g_autoptr(BpRun) first = run_from (&t, settings, TRUE);
  bp_run_set_pinned (first, TRUE);
  bp_run_list_add (project->runs, first);
  g_autoptr(BpRunSettings) other = bp_run_settings_copy (settings);
  other->config.optimizer.learning_rate = 0.0003f;
  g_free (other->target);
  other->target = g_strdup ("diagnosis");
  BpProjectColumn column = { g_strdup ("id"), BP_ROLE_IGNORED, BP_COLUMN_ID };
  g_array_append_val (other->columns, column);
  g_autoptr(BpRun) second = run_from (&t, other, TRUE);   /* not pinned: no weights saved */
  bp_run_set_name (second, "slow, \"careful\"");
  bp_run_list_add (project->runs, second);
  g_autoptr(BpRun) fork = bp_run_new (other, t.task, TRUE);
  bp_run_set_parent (fork, first, 3, 3 * (guint64) first->batches_per_epoch);
  bp_run_finish (fork, BP_STOP_USER, NULL);
  bp_run_list_add (project->runs, fork);
  g_autoptr(BpRun) running = bp_run_new (settings, t.task, TRUE);   /* saved as stopped */
  bp_run_list_add (project->runs, running);

  gsize length;
  g_autofree char *text = bp_project_to_data (project, "/tmp/p.backprop", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(BpProject) back = bp_project_load_data ("/tmp/p.backprop", text, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bp_run_list_get_length (back->runs), ==, 4);
  for (guint i = 0; i < 3; i++)
    assert_same_run (bp_run_list_get (project->runs, i), bp_run_list_get (back->runs, i));
  const BpRun *was_running = bp_run_list_get (back->runs, 3);
  g_assert_cmpint (was_running->status, ==, BP_RUN_STOPPED);
  g_assert_cmpint (was_running->stop_reason, ==, BP_STOP_USER);
  /* The pinned run's weights came back; the other's were not saved. */
  const BpRun *first_back = bp_run_list_get (back->runs, 0);
  g_assert_cmpuint (first_back->n_weights, ==, first->n_weights);
  g_assert_cmpmem (first_back->weights, first_back->n_weights * sizeof (float), first->weights,
                   first->n_weights * sizeof (float));
  g_assert_null (bp_run_list_get (back->runs, 1)->weights);
  /* Written again: the same text, every number the same. */
  g_autofree char *again = bp_project_to_data (back, "/tmp/p.backprop", NULL);
  g_assert_cmpstr (again, ==, text);
  /* New runs carry on from the highest id. */
  g_autoptr(BpRun) next = bp_run_new (settings, t.task, TRUE);
  bp_run_list_add (back->runs, next);
  g_assert_cmpuint (next->id, ==, 5);

  /* Without weights when asked, or past the cap. */
  project->save_run_weights = FALSE;
  g_autofree char *light = bp_project_to_data (project, "/tmp/p.backprop", NULL);
  g_assert_null (strstr (light, "\"weights\""));
  project->save_run_weights = TRUE;
  g_autoptr(BpModelSpec) big = bp_model_spec_new (2048);
  bp_model_spec_add_layer (big, 2048, BP_ACTIVATION_RELU, 0.0f);
  bp_model_spec_add_output (big, BP_TASK_BINARY, 1);
  gsize n_big = bp_model_spec_count_params (big);
  g_assert_cmpuint (n_big * sizeof (float), >, BP_PROJECT_MAX_RUN_WEIGHTS);
  g_autofree float *zeros = g_new0 (float, n_big);
  bp_run_set_weights (first, big, zeros, n_big);
  g_autofree char *capped = bp_project_to_data (project, "/tmp/p.backprop", NULL);
  g_assert_null (strstr (capped, "\"weights\""));
  g_assert_nonnull (strstr (capped, "\"batch_loss\""));

  /* A broken history names its place. */
  char *loss = strstr (text, "\"loss\": [");
  g_assert_nonnull (loss);
  loss = strchr (loss, '[') + 1;
  g_autofree char *broken = g_strdup_printf ("%.*s\"x\", %s", (int) (loss - text), text, loss);
  g_autoptr(BpProject) none = bp_project_load_data ("/tmp/p.backprop", broken, strlen (broken), &error);
  g_assert_null (none);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "runs[0].history.loss[0]"));
  g_clear_error (&error);
  /* A batch loss a float32 cannot hold. */
  char *batch = strchr (strstr (text, "\"batch_loss\": ["), '[') + 1;
  g_autofree char *huge = g_strdup_printf ("%.*s1e39, %s", (int) (batch - text), text, batch);
  g_autoptr(BpProject) none2 = bp_project_load_data ("/tmp/p.backprop", huge, strlen (huge), &error);
  g_assert_null (none2);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "runs[0].batch_loss[0]"));
  g_clear_error (&error);
  trained_clear (&t);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/run/settings/names", test_names);
  g_test_add_func ("/run/settings/diff", test_diff);
  g_test_add_func ("/run/record", test_record);
  g_test_add_func ("/run/list", test_list);
  g_test_add_func ("/run/list/memory-100", test_memory_100);
  g_test_add_func ("/run/project", test_project);
  return g_test_run ();
}
