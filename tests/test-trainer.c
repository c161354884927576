/* test-trainer.c: tests for bp-trainer and bp-train-control.
 *
 * - convergence on generated 2-D sets (XOR, circles, spiral) from
 *   bp-samples, which reads them with bp_table_load_data();
 * - the seed recipe on the samples (breast cancer, iris, diabetes);
 * - determinism, early stopping and restore_best, target and time stops,
 *   divergence, learning-rate schedules, dropout;
 * - the step API by hand, with its progress counters;
 * - pause, step, set_config, resume and stop from another thread, and
 *   the errand a parked training thread runs (once per park, per nudge).
 *
 * Accuracies and errors are recomputed here with bp_model_predict() and the
 * dataset's labels (or the table's raw values), not only read back from the
 * trainer. OpenBLAS runs on one thread, so seeded runs are bit-identical.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

/* ---- helpers ------------------------------------------------------------ */

static BpTable *
load_text (const char *csv)
{
  return load_text_named ("generated.csv", csv);
}

/* A sample with the default options (Keras split, 20% validation). */
static BpDataset *
sample_dataset (const char *name, BpTable **table_out)
{
  BpTable *table = load_sample (name);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  BpDataset *dataset = make_dataset (table, &options);
  *table_out = table;
  return dataset;
}

/* Hidden layers as the CLI parses them, then the output the task needs. */
static BpModel *
make_model (const BpDataset *dataset, const char *layers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (dataset->n_features);
  g_assert_true (bp_model_spec_parse_layers (spec, layers, &error));
  g_assert_no_error (error);
  bp_model_spec_add_output (spec, dataset->task, dataset->n_outputs);
  BpModel *model = bp_model_new (spec, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static BpTrainer *
make_trainer (BpModel *model, const BpDataset *dataset, const BpTrainConfig *config)
{
  g_autoptr(GError) error = NULL;
  BpTrainer *trainer = bp_trainer_new (model, dataset, config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trainer);
  return trainer;
}

static void
run_to_end (BpTrainer *trainer)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = bp_trainer_run (trainer, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (bp_trainer_is_finished (trainer));
}

static const BpEpochRecord *
history_at (BpTrainer *trainer, guint i)
{
  const GArray *history = bp_trainer_get_history (trainer);
  g_assert_cmpuint (i, <, history->len);
  return &g_array_index (history, BpEpochRecord, i);
}

static guint
history_len (BpTrainer *trainer)
{
  return bp_trainer_get_history (trainer)->len;
}

static void
assert_params_finite (const BpModel *model)
{
  for (gsize i = 0; i < model->n_params; i++)
    if (!isfinite (model->params[i]))
      g_error ("parameter %" G_GSIZE_FORMAT " is %g", i, (double) model->params[i]);
}

/* Outputs of the model for a set of dataset rows, by bp_model_predict(). */
static float *
predict_rows (const BpModel *model, const BpDataset *dataset, const guint32 *rows, gsize n)
{
  const gsize d = dataset->n_features, k = dataset->n_outputs;
  g_autofree float *x = g_new (float, n * d);
  for (gsize r = 0; r < n; r++)
    memcpy (x + r * d, dataset->x + (gsize) rows[r] * d, d * sizeof (float));
  float *out = g_new (float, n * k);
  g_autoptr(BpWorkspace) ws = bp_workspace_new (model, 64, FALSE);
  bp_model_predict (model, ws, out, x, n);
  return out;
}

/* Accuracy from the dataset's class labels, or MAE in the target's units
 * from the table's own values, of the model on a set of rows. */
static double
predicted_metric (const BpModel *model, const BpDataset *dataset, const BpTable *table,
                  const guint32 *rows, gsize n)
{
  const gsize k = dataset->n_outputs;
  g_autofree float *out = predict_rows (model, dataset, rows, n);
  double total = 0.0;
  for (gsize r = 0; r < n; r++)
    {
      const float *o = out + r * k;
      if (dataset->task == BP_TASK_REGRESSION)
        {
          const BpColumn *target = &table->columns[dataset->target_column];
          double truth = bp_column_value (target, dataset->source_rows[rows[r]]);
          total += fabs (bp_dataset_target_in_units (dataset, o[0]) - truth);
          continue;
        }
      guint32 predicted = 0;
      if (k == 1)
        predicted = o[0] >= 0.5f;
      else
        for (guint32 j = 1; j < k; j++)
          if (o[j] > o[predicted])
            predicted = j;
      total += predicted == dataset->labels[rows[r]];
    }
  return total / (double) n;
}

/* Validation metric of the trained model, both ways; they must agree. */
static double
validation_metric (BpTrainer *trainer, const BpModel *model, const BpDataset *dataset, const BpTable *table)
{
  double loss, metric;
  bp_trainer_evaluate (trainer, dataset->validation, dataset->n_validation, &loss, &metric);
  g_assert_true (isfinite (loss));
  double mine = predicted_metric (model, dataset, table, dataset->validation, dataset->n_validation);
  g_assert_cmpfloat_with_epsilon (metric, mine, 1e-6 * MAX (1.0, fabs (mine)));
  /* The history's last val_metric is the same model's. */
  g_assert_cmpfloat (history_at (trainer, history_len (trainer) - 1)->val_metric, ==, metric);
  return metric;
}

static void
assert_same_history (BpTrainer *a, BpTrainer *b)
{
  g_assert_cmpuint (history_len (a), ==, history_len (b));
  for (guint i = 0; i < history_len (a); i++)
    {
      const BpEpochRecord *ra = history_at (a, i), *rb = history_at (b, i);
      g_assert_cmpint (memcmp (&ra->loss, &rb->loss, sizeof ra->loss), ==, 0);
      g_assert_cmpint (memcmp (&ra->metric, &rb->metric, sizeof ra->metric), ==, 0);
      g_assert_cmpint (memcmp (&ra->val_loss, &rb->val_loss, sizeof ra->val_loss), ==, 0);
      g_assert_cmpint (memcmp (&ra->val_metric, &rb->val_metric, sizeof ra->val_metric), ==, 0);
      g_assert_cmpint (memcmp (&ra->learning_rate, &rb->learning_rate, sizeof ra->learning_rate), ==, 0);
    }
}

/* ---- generated 2-D sets -------------------------------------------------- */

/* bp-samples' sets, with less noise than the GUI's default 0.1, so the
 * thresholds below sit under the best possible accuracy:
 * - XOR: points at least 0.05 from both axes, σ 0.03; a point's observed
 *   quadrant is wrong only when noise carries it across an axis, for about
 *   0.1% of the points;
 * - circles: a disc of radius 0.5 and a ring from 0.7 to 1.0, σ 0.05; the
 *   classes meet at the mid radius 0.6 only beyond 2σ, and only the disc's
 *   outer fifth gets there (P ≈ 0.2%);
 * - spiral: two arms of 1.75 turns, σ 0.02; where the arms pass each other
 *   they are over 0.25 apart, over 12σ, so the classes do not overlap; the
 *   difficulty is the shape, which a linear model gets ~50% right. */
#define XOR_NOISE     0.03
#define CIRCLES_NOISE 0.05
#define SPIRAL_NOISE  0.02

/* A shuffled split, 25% validation. */
static BpDataset *
generated_dataset (BpSampleKind kind, gsize rows, double noise, guint64 seed, BpTable **table_out)
{
  g_autoptr(GError) error = NULL;
  BpTable *table = bp_sample_generate (kind, rows, noise, seed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (table);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_SHUFFLE;
  options.validation_fraction = 0.25;
  options.seed = 5;
  BpDataset *dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_BINARY);
  g_assert_cmpuint (dataset->n_features, ==, 2);
  *table_out = table;
  return dataset;
}

/* A small binary task for the tests below that need one. */
static BpDataset *
xor_dataset (guint64 seed, gsize rows, BpTable **table_out)
{
  return generated_dataset (BP_SAMPLE_XOR, rows, XOR_NOISE, seed, table_out);
}

typedef struct {
  const char  *name;
  BpSampleKind kind;
  double       noise;
  guint        rows;
  const char *layers;
  float       learning_rate;
  guint       epochs;
  double      threshold;
} ConvergenceCase;

static void
test_convergence (gconstpointer data)
{
  const ConvergenceCase *c = data;
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = generated_dataset (c->kind, c->rows, c->noise, 42, &table);
  g_autoptr(BpModel) model = make_model (dataset, c->layers);

  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = c->epochs;
  config.batch_size = 16;
  config.seed = 3;
  config.optimizer.learning_rate = c->learning_rate;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);

  /* Before training: near chance (these sets are balanced). */
  double before = predicted_metric (model, dataset, table, dataset->validation, dataset->n_validation);
  run_to_end (trainer);
  g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_EPOCHS);
  g_assert_cmpuint (history_len (trainer), ==, c->epochs);
  double after = validation_metric (trainer, model, dataset, table);
  g_test_message ("%s: validation accuracy %.3f before, %.3f after %u epochs (%" G_GSIZE_FORMAT " rows)",
                  c->name, before, after, c->epochs, dataset->n_validation);
  g_assert_cmpfloat (before, <, 0.8);
  g_assert_cmpfloat (after, >=, c->threshold);
  /* The training loss fell. */
  g_assert_cmpfloat (history_at (trainer, c->epochs - 1)->loss, <, 0.5 * history_at (trainer, 0)->loss);
  assert_params_finite (model);
}

/* ---- the seed recipe on the samples ------------------------------------- */

/* bp_train_config_init's recipe (10 epochs, batch 32, Adam 1e-3), layers
 * 128:relu,64:relu, Keras split: PyTorch and Keras reach ~0.965 on the
 * last 20% of breast_cancer.csv; we ask ≥ 0.95 (at most 5 of 114 wrong)
 * for three seeds. Over seeds 0-19 this engine scores 0.947-0.982, mean
 * 0.966 (seed 5 alone is under 0.95); seeds 0-2 score 0.974. */
static void
test_recipe_breast_cancer (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  static const guint64 seeds[] = { 0, 1, 2 };
  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr(BpModel) model = make_model (dataset, "128:relu,64:relu");
      BpTrainConfig config;
      bp_train_config_init (&config);
      config.seed = seeds[s];
      g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
      run_to_end (trainer);
      g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_EPOCHS);
      g_assert_cmpuint (history_len (trainer), ==, 10);
      double accuracy = validation_metric (trainer, model, dataset, table);
      g_test_message ("breast_cancer seed %" G_GUINT64_FORMAT ": validation accuracy %.4f, val_loss %.4f",
                      seeds[s], accuracy, history_at (trainer, 9)->val_loss);
      g_assert_cmpfloat (accuracy, >=, 0.95);
      g_assert_cmpfloat (history_at (trainer, 9)->val_loss, <, 0.2);
    }
}

/* iris is sorted by class, so the split is shuffled (seed 0, 30 validation
 * rows). 150 epochs of batch 16 with Adam 1e-3: a 128/64 relu net is past
 * its fit by ~100 epochs; 0.93 allows two wrong of 30 (versicolor and
 * virginica overlap a little). */
static void
test_recipe_iris (void)
{
  g_autoptr(BpTable) table = load_sample ("iris.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.split = BP_SPLIT_SHUFFLE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_MULTICLASS);
  g_assert_cmpuint (dataset->n_outputs, ==, 3);
  g_autoptr(BpModel) model = make_model (dataset, "128:relu,64:relu");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 150;
  config.batch_size = 16;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  run_to_end (trainer);
  double accuracy = validation_metric (trainer, model, dataset, table);
  g_test_message ("iris: validation accuracy %.4f of %" G_GSIZE_FORMAT " rows", accuracy, dataset->n_validation);
  g_assert_cmpfloat (accuracy, >=, 0.93);
}

/* Diabetes (442 rows, Keras split, target standardized): a 64/32 relu net,
 * 100 epochs of batch 32, Adam 1e-3. Predicting the training mean scores
 * an MAE of ~70 on the validation rows, this net ~47 (diabetes is noisy:
 * linear models explain only about half the variance). We ask for at most
 * 80% of the mean's MAE. */
static void
test_recipe_diabetes (void)
{
  g_autoptr(BpTable) table = load_sample ("diabetes.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scale_target = TRUE;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_REGRESSION);

  /* The baseline, from the table's values. */
  const BpColumn *target = &table->columns[dataset->target_column];
  double mean = 0.0, baseline = 0.0;
  for (gsize i = 0; i < dataset->n_train; i++)
    mean += bp_column_value (target, dataset->source_rows[dataset->train[i]]);
  mean /= (double) dataset->n_train;
  for (gsize i = 0; i < dataset->n_validation; i++)
    baseline += fabs (bp_column_value (target, dataset->source_rows[dataset->validation[i]]) - mean);
  baseline /= (double) dataset->n_validation;

  g_autoptr(BpModel) model = make_model (dataset, "64:relu,32:relu");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 100;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  run_to_end (trainer);
  double mae = validation_metric (trainer, model, dataset, table);
  g_test_message ("diabetes: validation MAE %.2f; predicting the training mean %.2f", mae, baseline);
  g_assert_cmpfloat (baseline, >, 50.0);
  g_assert_cmpfloat (mae, <, 0.8 * baseline);
}

/* ---- determinism --------------------------------------------------------- */

static void
test_determinism (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 3;
  config.seed = 7;

  g_autoptr(BpModel) model_a = make_model (dataset, "128:relu,64:relu");
  g_autoptr(BpModel) model_b = make_model (dataset, "128:relu,64:relu");
  g_autoptr(BpModel) model_c = make_model (dataset, "128:relu,64:relu");
  g_autoptr(BpTrainer) a = make_trainer (model_a, dataset, &config);
  g_autoptr(BpTrainer) b = make_trainer (model_b, dataset, &config);
  config.seed = 8;
  g_autoptr(BpTrainer) c = make_trainer (model_c, dataset, &config);

  const gsize bytes = model_a->n_params * sizeof (float);
  g_autofree float *initial = g_memdup2 (model_a->params, bytes);
  g_assert_cmpint (memcmp (model_a->params, model_b->params, bytes), ==, 0);
  g_assert_cmpint (memcmp (model_a->params, model_c->params, bytes), !=, 0);

  run_to_end (a);
  run_to_end (b);
  run_to_end (c);
  assert_same_history (a, b);
  g_assert_cmpint (memcmp (model_a->params, model_b->params, bytes), ==, 0);
  g_assert_cmpint (memcmp (model_a->params, initial, bytes), !=, 0);

  /* Another seed: other weights, other losses. */
  g_assert_cmpint (memcmp (model_a->params, model_c->params, bytes), !=, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (history_at (a, i)->loss, !=, history_at (c, i)->loss);

  /* reset puts back the seed's initial weights; the run repeats exactly. */
  g_autoptr(GArray) first = g_array_copy ((GArray *) bp_trainer_get_history (a));
  bp_trainer_reset (a);
  g_assert_false (bp_trainer_is_finished (a));
  g_assert_cmpuint (history_len (a), ==, 0);
  g_assert_cmpint (memcmp (model_a->params, initial, bytes), ==, 0);
  run_to_end (a);
  assert_same_history (a, b);
  g_assert_cmpuint (first->len, ==, history_len (a));
  g_assert_cmpint (memcmp (model_a->params, model_b->params, bytes), ==, 0);
}

/* ---- stop rules ---------------------------------------------------------- */

/* Adam at 1e-2 on breast cancer: the validation loss bottoms out within a
 * few epochs and then rises as the net overfits its 455 rows. */
static void
test_early_stopping (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 200;
  config.patience = 5;
  config.optimizer.learning_rate = 1e-2f;
  config.seed = 1;

  for (int restore = 1; restore >= 0; restore--)
    {
      config.restore_best = restore;
      g_autoptr(BpModel) model = make_model (dataset, "128:relu,64:relu");
      g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
      run_to_end (trainer);
      g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_EARLY);
      const guint n = history_len (trainer);
      g_assert_cmpuint (n, <, config.epochs);

      /* The best epoch is the first minimum; the run stopped `patience`
       * epochs after it. */
      guint best = 0;
      for (guint i = 1; i < n; i++)
        if (history_at (trainer, i)->val_loss < history_at (trainer, best)->val_loss)
          best = i;
      g_assert_cmpuint (n, ==, best + 1 + config.patience);
      const double best_loss = history_at (trainer, best)->val_loss;
      const double last_loss = history_at (trainer, n - 1)->val_loss;
      g_assert_cmpfloat (last_loss, >, best_loss);

      double loss, metric;
      bp_trainer_evaluate (trainer, dataset->validation, dataset->n_validation, &loss, &metric);
      g_test_message ("early stop after %u epochs (best %u, val_loss %.5f, last %.5f), restore_best %d: now %.5f",
                      n, best + 1, best_loss, last_loss, restore, loss);
      double expected = restore ? best_loss : last_loss;
      g_assert_cmpfloat_with_epsilon (loss, expected, 1e-9 * MAX (1.0, expected));
      g_assert_cmpfloat (fabs (loss - (restore ? last_loss : best_loss)), >, 1e-6);
      g_assert_cmpuint (bp_trainer_get_best_epoch (trainer), ==, best + 1);
      g_assert_cmpint (bp_trainer_restored_best (trainer), ==, restore);
    }
}

static void
test_stop_target (void)
{
  /* Classification: stop once validation accuracy reaches 0.9. */
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  g_autoptr(BpModel) model = make_model (dataset, "16:relu");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 100;
  config.target_metric = 0.9;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  run_to_end (trainer);
  g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_TARGET);
  guint n = history_len (trainer);
  g_test_message ("accuracy target 0.9 reached at epoch %u", n);
  g_assert_cmpuint (n, <, config.epochs);
  g_assert_cmpfloat (history_at (trainer, n - 1)->val_metric, >=, 0.9);
  for (guint i = 0; i + 1 < n; i++)
    g_assert_cmpfloat (history_at (trainer, i)->val_metric, <, 0.9);

  /* Regression: the metric is an error, so lower is the target. */
  g_autoptr(BpTable) dtable = load_sample ("diabetes.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.scale_target = TRUE;
  g_autoptr(BpDataset) diabetes = make_dataset (dtable, &options);
  g_autoptr(BpModel) dmodel = make_model (diabetes, "32:relu");
  config.target_metric = 55.0;
  config.epochs = 300;
  g_autoptr(BpTrainer) dtrainer = make_trainer (dmodel, diabetes, &config);
  run_to_end (dtrainer);
  g_assert_cmpint (bp_trainer_get_stop_reason (dtrainer), ==, BP_STOP_TARGET);
  n = history_len (dtrainer);
  g_test_message ("MAE target 55 reached at epoch %u", n);
  g_assert_cmpuint (n, >, 1);
  g_assert_cmpuint (n, <, config.epochs);
  g_assert_cmpfloat (history_at (dtrainer, n - 1)->val_metric, <=, 55.0);
  for (guint i = 0; i + 1 < n; i++)
    g_assert_cmpfloat (history_at (dtrainer, i)->val_metric, >, 55.0);
}

typedef struct {
  guint       batches;
  guint       epochs;
  BpProgress  last;
} Counter;

static void
count_progress (const BpProgress *progress, gpointer user_data)
{
  Counter *counter = user_data;
  if (progress->kind == BP_PROGRESS_BATCH)
    counter->batches++;
  else
    counter->epochs++;
  counter->last = *progress;
}

static void
test_stop_time (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  g_autoptr(BpModel) model = make_model (dataset, "128:relu,64:relu");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 1000000;
  config.time_limit = 0.3;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  Counter counter = { 0 };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_trainer_run (trainer, count_progress, &counter, NULL, &error));
  g_assert_no_error (error);
  double wall = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_test_message ("time limit 0.3 s: %u batches, %u epochs, %.3f s training, %.3f s wall",
                  counter.batches, counter.epochs, counter.last.seconds, wall);
  g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_TIME);
  g_assert_cmpuint (counter.batches, >, 0);
  g_assert_cmpfloat (counter.last.seconds, >=, 0.3);
  /* It stops within a batch (or an epoch's validation) of the limit. */
  g_assert_cmpfloat (counter.last.seconds, <, 0.3 + 0.5);
  g_assert_cmpfloat (wall, <, 5.0);
  g_assert_cmpuint (history_len (trainer), <, config.epochs);
  assert_params_finite (model);
  /* The last record, partial epoch or not, describes the final weights. */
  g_assert_cmpuint (history_len (trainer), >=, 1);
  const BpEpochRecord *last = history_at (trainer, history_len (trainer) - 1);
  double val_loss, val_metric;
  bp_trainer_evaluate (trainer, dataset->validation, dataset->n_validation, &val_loss, &val_metric);
  g_assert_cmpfloat (val_loss, ==, last->val_loss);
  g_assert_cmpfloat (val_metric, ==, last->val_metric);
}

/* ---- divergence ---------------------------------------------------------- */

typedef struct {
  const BpModel *model;
  float         *snapshot;     /* params after the last epoch event */
  guint          epochs;
  guint          batch;        /* last batch event's batch */
  guint          epoch;        /* ... and epoch */
} Snapshots;

static void
snapshot_progress (const BpProgress *progress, gpointer user_data)
{
  Snapshots *s = user_data;
  if (progress->kind == BP_PROGRESS_EPOCH)
    {
      memcpy (s->snapshot, s->model->params, s->model->n_params * sizeof (float));
      s->epochs++;
    }
  else
    {
      s->batch = progress->batch;
      s->epoch = progress->epoch;
    }
}

/* warm_epochs at a sane rate first, then the rate that diverges: the
 * weights kept must be those of the last finished epoch (or the start). */
static void
check_divergence (BpOptimizerKind kind, float learning_rate, double validation_fraction, guint warm_epochs)
{
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.validation_fraction = validation_fraction;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_autoptr(BpModel) model = make_model (dataset, "128:relu,64:relu");
  BpTrainConfig config;
  bp_train_config_init (&config);
  bp_optimizer_config_init (&config.optimizer, kind);
  config.optimizer.learning_rate = warm_epochs ? 0.01f : learning_rate;
  config.epochs = warm_epochs ? warm_epochs : 50;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  g_autoptr(GError) error = NULL;
  if (warm_epochs)
    {
      run_to_end (trainer);
      g_assert_cmpuint (history_len (trainer), ==, warm_epochs);
      config.optimizer.learning_rate = learning_rate;
      config.epochs = warm_epochs + 50;
      g_assert_true (bp_trainer_set_config (trainer, &config, &error));
      g_assert_no_error (error);
      g_assert_false (bp_trainer_is_finished (trainer));
    }

  Snapshots s = { model, g_memdup2 (model->params, model->n_params * sizeof (float)), warm_epochs, 0, 0 };
  gboolean ok = bp_trainer_run (trainer, snapshot_progress, &s, NULL, &error);
  g_assert_false (ok);
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED);
  g_test_message ("%s lr %g after %u epochs: %s", bp_optimizer_kind_to_string (kind), (double) learning_rate,
                  warm_epochs, error->message);

  /* "… at epoch E, batch B; try a lower learning rate …", where E and B
   * are the batch that failed: the one after the last reported. */
  const char *at = strstr (error->message, "epoch ");
  g_assert_nonnull (at);
  guint epoch = 0, batch = 0;
  g_assert_cmpint (sscanf (at, "epoch %u, batch %u", &epoch, &batch), ==, 2);
  g_assert_nonnull (strstr (error->message, "lower learning rate"));
  g_assert_nonnull (strstr (error->message, s.epochs ? "last finished epoch" : "the start"));
  g_assert_cmpuint (epoch, ==, s.epochs + 1);
  g_assert_cmpuint (batch, ==, s.epoch == epoch ? s.batch + 1 : 1);
  g_assert_cmpuint (s.epochs, >=, warm_epochs);

  /* The weights are those of the last finished epoch, or the start. */
  assert_params_finite (model);
  g_assert_cmpint (memcmp (model->params, s.snapshot, model->n_params * sizeof (float)), ==, 0);
  g_assert_cmpuint (history_len (trainer), ==, s.epochs);
  /* The run is over, and says why. */
  g_assert_true (bp_trainer_is_finished (trainer));
  g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_DIVERGED);
  g_assert_cmpstr (bp_stop_reason_to_string (BP_STOP_DIVERGED), ==, "diverged");
  g_free (s.snapshot);
}

static void
test_divergence_sgd (void)
{
  check_divergence (BP_OPTIMIZER_SGD, 1000.0f, 0.2, 0);
}

/* Adam's steps are bounded by the rate, and the cross-entropy is computed
 * from logits, so Adam at 1000 does not overflow on this data; momentum
 * SGD does. */
static void
test_divergence_momentum (void)
{
  check_divergence (BP_OPTIMIZER_MOMENTUM, 1000.0f, 0.2, 0);
}

/* Two good epochs, then the rate raised while paused: back to epoch 2. */
static void
test_divergence_after_epochs (void)
{
  check_divergence (BP_OPTIMIZER_SGD, 1000.0f, 0.2, 2);
}

static void
test_divergence_no_validation (void)
{
  check_divergence (BP_OPTIMIZER_SGD, 1000.0f, 0.0, 0);
  check_divergence (BP_OPTIMIZER_SGD, 1000.0f, 0.0, 3);
}

/* An update can overflow the weights while the loss and gradient it came
 * from are finite (here: a rate of 1e38). With no validation rows, nothing
 * but the weights themselves shows it at the end of that epoch; they must
 * not be kept as the last good epoch's. */
static void
test_divergence_update_overflow (void)
{
  g_autoptr(BpTable) table = load_text ("a,b,value\n1,2,3\n2,1,5\n3,3,1\n4,0,2\n0,4,6\n");
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.validation_fraction = 0.0;
  options.task = BP_TASK_REGRESSION;
  options.scale_target = FALSE;   /* targets in their units overflow first */
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_assert_cmpint (dataset->task, ==, BP_TASK_REGRESSION);
  g_autoptr(BpModel) model = make_model (dataset, "4:tanh");
  BpTrainConfig config;
  bp_train_config_init (&config);
  bp_optimizer_config_init (&config.optimizer, BP_OPTIMIZER_SGD);
  config.optimizer.learning_rate = 1e38f;
  config.epochs = 5;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  g_autofree float *initial = g_memdup2 (model->params, model->n_params * sizeof (float));
  g_autoptr(GError) error = NULL;
  g_assert_false (bp_trainer_run (trainer, NULL, NULL, NULL, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED);
  g_test_message ("%s", error->message);
  assert_params_finite (model);
  g_assert_nonnull (strstr (error->message, "epoch 1, batch 1"));
  g_assert_cmpint (memcmp (model->params, initial, model->n_params * sizeof (float)), ==, 0);
  g_assert_cmpuint (history_len (trainer), ==, 0);
}

/* Values whose squares are beyond float32 (3e38 here) overflow the loss at
 * any learning rate: the advice names the column and standardization, not
 * the learning rate. Inputs with scaling off, then a target left unscaled. */
static void
check_huge_values (const char *csv, BpScaling scaling, gboolean scale_target, const char *column,
                   const char *remedy)
{
  g_autoptr(BpTable) table = load_text (csv);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  options.validation_fraction = 0.0;
  options.task = BP_TASK_REGRESSION;
  options.target = 2;
  options.scaling = scaling;
  options.scale_target = scale_target;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_autoptr(BpModel) model = make_model (dataset, "8:relu");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.optimizer.learning_rate = 1e-9f;
  config.epochs = 3;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  g_autoptr(GError) error = NULL;
  g_assert_false (bp_trainer_run (trainer, NULL, NULL, NULL, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "at epoch 1:"));
  g_assert_nonnull (strstr (error->message, column));
  g_assert_nonnull (strstr (error->message, "3e+38"));
  g_assert_nonnull (strstr (error->message, "float32"));
  g_assert_nonnull (strstr (error->message, remedy));
  g_assert_nonnull (strstr (error->message, "the start"));
  g_assert_null (strstr (error->message, "learning rate"));
  assert_params_finite (model);
}

static void
test_divergence_huge_values (void)
{
  check_huge_values ("small,big,value\n1,3e38,1\n2,-3e38,2\n3,3e38,3\n4,-2e38,4\n",
                     BP_SCALING_NONE, TRUE, "“big”", "Standardize");
  check_huge_values ("small,other,value\n1,2,3e38\n2,1,-3e38\n3,3,1e38\n4,0,2\n",
                     BP_SCALING_STANDARDIZE, FALSE, "“value”", "standardize the target");
}

/* ---- the step API by hand ------------------------------------------------ */

static void
test_step_api (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  g_autoptr(BpModel) model = make_model (dataset, "32:relu");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 2;
  config.batch_size = 32;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);

  const gsize n_train = dataset->n_train;
  const guint batches = (guint) ((n_train + 31) / 32);
  const gsize last_rows = n_train - 32 * (batches - 1);
  g_test_message ("%" G_GSIZE_FORMAT " training rows: %u batches, the last of %" G_GSIZE_FORMAT,
                  n_train, batches, last_rows);
  g_assert_cmpuint (last_rows, <, 32);   /* this test needs a partial batch */

  guint64 step = 0, samples = 0;
  for (guint epoch = 1; epoch <= 2; epoch++)
    {
      double weighted = 0.0;
      BpProgress p;
      for (guint b = 1; b <= batches; b++)
        {
          g_assert_false (bp_trainer_epoch_complete (trainer));
          g_autoptr(GError) error = NULL;
          g_assert_true (bp_trainer_step (trainer, &p, &error));
          g_assert_no_error (error);
          const gsize rows = b < batches ? 32 : last_rows;
          step++;
          samples += rows;
          weighted += p.batch_loss * (double) rows;
          g_assert_cmpint (p.kind, ==, BP_PROGRESS_BATCH);
          g_assert_cmpuint (p.epoch, ==, epoch);
          g_assert_cmpuint (p.epochs, ==, 2);
          g_assert_cmpuint (p.batch, ==, b);
          g_assert_cmpuint (p.batches, ==, batches);
          g_assert_cmpuint (p.step, ==, step);
          g_assert_cmpuint (p.samples, ==, samples);
          g_assert_true (isfinite (p.batch_loss));
          g_assert_true (isnan (p.val_loss));
          g_assert_cmpfloat (p.learning_rate, ==, (double) 1e-3f);
          g_assert_cmpfloat (p.seconds, >=, 0.0);
          /* The running loss is the row-weighted mean of the batch losses. */
          g_assert_cmpfloat_with_epsilon (p.loss, weighted / (double) (samples - (epoch - 1) * n_train), 1e-9);
        }
      g_assert_true (bp_trainer_epoch_complete (trainer));
      g_assert_false (bp_trainer_is_finished (trainer));
      const double epoch_loss = p.loss;

      g_autoptr(GError) error = NULL;
      g_assert_true (bp_trainer_end_epoch (trainer, &p, &error));
      g_assert_no_error (error);
      g_assert_cmpint (p.kind, ==, BP_PROGRESS_EPOCH);
      g_assert_cmpuint (p.epoch, ==, epoch);
      g_assert_cmpuint (p.batch, ==, batches);
      g_assert_cmpuint (p.batches, ==, batches);
      g_assert_cmpuint (p.step, ==, step);
      g_assert_cmpuint (p.samples, ==, samples);
      g_assert_cmpfloat (p.loss, ==, epoch_loss);
      g_assert_true (isfinite (p.val_loss));
      g_assert_cmpfloat (p.val_metric, >=, 0.0);
      g_assert_cmpfloat (p.val_metric, <=, 1.0);
      g_assert_false (bp_trainer_epoch_complete (trainer));

      g_assert_cmpuint (history_len (trainer), ==, epoch);
      const BpEpochRecord *record = history_at (trainer, epoch - 1);
      g_assert_cmpuint (record->epoch, ==, epoch);
      g_assert_cmpfloat (record->loss, ==, epoch_loss);
      g_assert_cmpfloat (record->val_loss, ==, p.val_loss);
      g_assert_cmpfloat (record->val_metric, ==, p.val_metric);
      double loss, metric;
      bp_trainer_evaluate (trainer, dataset->validation, dataset->n_validation, &loss, &metric);
      g_assert_cmpfloat (loss, ==, record->val_loss);
      g_assert_cmpfloat (metric, ==, record->val_metric);
    }
  g_assert_true (bp_trainer_is_finished (trainer));
  g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_EPOCHS);

  /* A run cannot be made shorter than what has run ... */
  BpTrainConfig longer = *bp_trainer_get_config (trainer);
  longer.epochs = 1;
  g_autoptr(GError) error = NULL;
  g_assert_false (bp_trainer_set_config (trainer, &longer, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_true (bp_trainer_is_finished (trainer));
  g_clear_error (&error);

  /* ... but can be made longer, with a bigger batch, and goes on. */
  longer.epochs = 3;
  longer.batch_size = 100;
  g_assert_true (bp_trainer_set_config (trainer, &longer, &error));
  g_assert_no_error (error);
  g_assert_false (bp_trainer_is_finished (trainer));
  BpProgress p;
  guint b = 0;
  while (!bp_trainer_epoch_complete (trainer))
    {
      g_assert_true (bp_trainer_step (trainer, &p, &error));
      g_assert_no_error (error);
      b++;
      step++;
      samples += MIN (100, n_train - (b - 1) * 100);
      g_assert_cmpuint (p.epoch, ==, 3);
      g_assert_cmpuint (p.batch, ==, b);
      g_assert_cmpuint (p.batches, ==, (n_train + 99) / 100);
      g_assert_cmpuint (p.step, ==, step);
      g_assert_cmpuint (p.samples, ==, samples);
    }
  g_assert_cmpuint (b, ==, (n_train + 99) / 100);
  g_assert_true (bp_trainer_end_epoch (trainer, &p, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p.epoch, ==, 3);
  g_assert_true (bp_trainer_is_finished (trainer));
  g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_EPOCHS);
}

/* The run loop reports the same counters through its callback. */
typedef struct {
  GArray *events;   /* BpProgress */
} Recorder;

static void
record_progress (const BpProgress *progress, gpointer user_data)
{
  Recorder *recorder = user_data;
  g_array_append_val (recorder->events, *progress);
}

static void
test_run_callbacks (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = xor_dataset (1, 100, &table);
  g_autoptr(BpModel) model = make_model (dataset, "8:tanh");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 3;
  config.batch_size = 16;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  bp_trainer_set_run_id (trainer, 77);
  Recorder recorder = { g_array_new (FALSE, FALSE, sizeof (BpProgress)) };
  run_to_end (trainer);   /* no callback: fine */
  bp_trainer_reset (trainer);
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_trainer_run (trainer, record_progress, &recorder, NULL, &error));
  g_assert_no_error (error);

  const guint batches = (guint) ((dataset->n_train + 15) / 16);
  g_assert_cmpuint (recorder.events->len, ==, 3 * (batches + 1));
  guint i = 0;
  for (guint epoch = 1; epoch <= 3; epoch++)
    {
      for (guint b = 1; b <= batches; b++, i++)
        {
          const BpProgress *p = &g_array_index (recorder.events, BpProgress, i);
          g_assert_cmpint (p->kind, ==, BP_PROGRESS_BATCH);
          g_assert_cmpuint (p->run_id, ==, 77);
          g_assert_cmpuint (p->epoch, ==, epoch);
          g_assert_cmpuint (p->batch, ==, b);
          g_assert_cmpuint (p->step, ==, (epoch - 1) * batches + b);
        }
      const BpProgress *p = &g_array_index (recorder.events, BpProgress, i++);
      g_assert_cmpint (p->kind, ==, BP_PROGRESS_EPOCH);
      g_assert_cmpuint (p->epoch, ==, epoch);
      g_assert_cmpuint (p->samples, ==, epoch * dataset->n_train);
      g_assert_cmpfloat (p->val_loss, ==, history_at (trainer, epoch - 1)->val_loss);
    }
  g_array_unref (recorder.events);
}

/* ---- learning-rate schedules --------------------------------------------- */

static GArray *
epoch_rates (BpTrainer *trainer)
{
  GArray *rates = g_array_new (FALSE, FALSE, sizeof (double));
  Recorder recorder = { g_array_new (FALSE, FALSE, sizeof (BpProgress)) };
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_trainer_run (trainer, record_progress, &recorder, NULL, &error));
  g_assert_no_error (error);
  guint epoch = 0;
  for (guint i = 0; i < recorder.events->len; i++)
    {
      const BpProgress *p = &g_array_index (recorder.events, BpProgress, i);
      if (p->kind == BP_PROGRESS_EPOCH)
        {
          g_assert_cmpfloat (p->learning_rate, ==, history_at (trainer, epoch)->learning_rate);
          g_array_append_val (rates, p->learning_rate);
          epoch++;
        }
      else if (p->batch > 1)
        {
          /* Every batch of an epoch runs at that epoch's rate. */
          const BpProgress *prev = &g_array_index (recorder.events, BpProgress, i - 1);
          g_assert_cmpfloat (p->learning_rate, ==, prev->learning_rate);
        }
    }
  g_array_unref (recorder.events);
  return rates;
}

static void
test_schedules (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = xor_dataset (2, 100, &table);
  const double base = (double) 0.01f;

  for (BpScheduleKind kind = BP_SCHEDULE_CONSTANT; kind <= BP_SCHEDULE_COSINE; kind++)
    {
      g_autoptr(BpModel) model = make_model (dataset, "8:tanh");
      BpTrainConfig config;
      bp_train_config_init (&config);
      config.epochs = 10;
      config.batch_size = 16;
      config.optimizer.learning_rate = 0.01f;
      config.schedule.kind = kind;
      config.schedule.step_epochs = 3;
      config.schedule.factor = kind == BP_SCHEDULE_EXPONENTIAL ? 0.8f : 0.5f;
      config.schedule.min_rate = 1e-4f;
      g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
      g_autoptr(GArray) rates = epoch_rates (trainer);
      g_assert_cmpuint (rates->len, ==, 10);
      for (guint e = 0; e < 10; e++)
        {
          double expected = base;
          switch (kind)
            {
            case BP_SCHEDULE_STEP:
              /* 0.01 for epochs 1-3, 0.005 for 4-6, 0.0025 for 7-9, … */
              expected = base * pow (0.5, (double) (e / 3));
              break;
            case BP_SCHEDULE_EXPONENTIAL:
              expected = base * pow ((double) 0.8f, (double) e);
              break;
            case BP_SCHEDULE_COSINE:
              /* PyTorch's CosineAnnealingLR with T_max = epochs. */
              expected = (double) 1e-4f + 0.5 * (base - (double) 1e-4f) * (1.0 + cos (G_PI * e / 10.0));
              break;
            case BP_SCHEDULE_CONSTANT:
            case BP_SCHEDULE_PLATEAU:
            default:
              break;
            }
          double got = g_array_index (rates, double, e);
          g_assert_cmpfloat_with_epsilon (got, expected, 1e-12);
        }
      if (kind == BP_SCHEDULE_COSINE)
        {
          g_assert_cmpfloat (g_array_index (rates, double, 0), ==, base);
          for (guint e = 1; e < 10; e++)
            g_assert_cmpfloat (g_array_index (rates, double, e), <, g_array_index (rates, double, e - 1));
          g_assert_cmpfloat (g_array_index (rates, double, 9), >, (double) 1e-4f);
        }
    }
}

/* Plateau: the rate is multiplied by the factor after `patience` epochs
 * without a better validation loss, never below min_rate. Random labels
 * give a validation loss that stops improving after a few epochs. The
 * expected rates are replayed from the recorded validation losses. */
static void
test_schedule_plateau (void)
{
  BpRng rng;
  bp_rng_init (&rng, 9, 1);
  GString *csv = g_string_new ("a,b,label\n");
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (csv, "%.4f,%.4f,%s\n", bp_rng_uniform (&rng), bp_rng_uniform (&rng),
                            bp_rng_below (&rng, 2) ? "yes" : "no");
  g_autoptr(BpTable) table = load_text (csv->str);
  g_string_free (csv, TRUE);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_autoptr(BpModel) model = make_model (dataset, "32:relu,32:relu");

  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 30;
  config.batch_size = 16;
  config.optimizer.learning_rate = 0.01f;
  config.schedule.kind = BP_SCHEDULE_PLATEAU;
  config.schedule.patience = 2;
  config.schedule.factor = 0.5f;
  config.schedule.min_rate = 0.001f;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  g_autoptr(GArray) rates = epoch_rates (trainer);
  g_assert_cmpuint (rates->len, ==, 30);

  double rate = (double) 0.01f, best = INFINITY;
  guint since = 0, reductions = 0;
  for (guint e = 0; e < 30; e++)
    {
      g_assert_cmpfloat_with_epsilon (g_array_index (rates, double, e), rate, 1e-12);
      double value = history_at (trainer, e)->val_loss;
      if (value < best)
        {
          best = value;
          since = 0;
        }
      else if (++since >= 2)
        {
          double lowered = MAX (rate * 0.5, (double) 0.001f);
          reductions += lowered < rate;
          rate = lowered;
          since = 0;
        }
    }
  g_test_message ("plateau: %u reductions, final rate %g", reductions, g_array_index (rates, double, 29));
  g_assert_cmpuint (reductions, >=, 2);
  g_assert_cmpfloat (g_array_index (rates, double, 29), <, (double) 0.01f);
  g_assert_cmpfloat (g_array_index (rates, double, 29), >=, (double) 0.001f);

  /* Making the run longer, rate untouched, keeps the lowered rate. */
  BpTrainConfig longer = *bp_trainer_get_config (trainer);
  longer.epochs = 31;
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_trainer_set_config (trainer, &longer, &error));
  g_assert_no_error (error);
  run_to_end (trainer);
  g_assert_cmpuint (history_len (trainer), ==, 31);
  g_assert_cmpfloat_with_epsilon (history_at (trainer, 30)->learning_rate, rate, 1e-12);

  /* A new rate is a new start. */
  longer.epochs = 32;
  longer.optimizer.learning_rate = 0.02f;
  g_assert_true (bp_trainer_set_config (trainer, &longer, &error));
  run_to_end (trainer);
  g_assert_cmpfloat (history_at (trainer, 31)->learning_rate, ==, (double) 0.02f);
}

/* Changing settings mid-epoch (as a paused run does) keeps the scheduled
 * rate in force; a new rate is scheduled from at once. */
static void
test_schedule_set_config (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = xor_dataset (6, 100, &table);
  g_autoptr(BpModel) model = make_model (dataset, "8:tanh");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 4;
  config.batch_size = 16;
  config.optimizer.learning_rate = 0.01f;
  config.schedule.kind = BP_SCHEDULE_STEP;
  config.schedule.step_epochs = 1;
  config.schedule.factor = 0.5f;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  g_autoptr(GError) error = NULL;
  BpProgress p;
  for (guint epoch = 0; epoch < 2; epoch++)
    {
      while (!bp_trainer_epoch_complete (trainer))
        g_assert_true (bp_trainer_step (trainer, &p, &error));
      g_assert_true (bp_trainer_end_epoch (trainer, &p, &error));
    }
  g_assert_true (bp_trainer_step (trainer, &p, &error));
  g_assert_cmpuint (p.epoch, ==, 3);
  g_assert_cmpfloat (p.learning_rate, ==, (double) 0.01f * 0.25);

  BpTrainConfig changed = *bp_trainer_get_config (trainer);
  changed.epochs = 6;
  g_assert_true (bp_trainer_set_config (trainer, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (bp_trainer_step (trainer, &p, &error));
  g_assert_cmpuint (p.batch, ==, 2);
  g_assert_cmpfloat (p.learning_rate, ==, (double) 0.01f * 0.25);

  changed.optimizer.learning_rate = 0.004f;
  g_assert_true (bp_trainer_set_config (trainer, &changed, &error));
  g_assert_true (bp_trainer_step (trainer, &p, &error));
  g_assert_cmpuint (p.batch, ==, 3);
  g_assert_cmpfloat (p.learning_rate, ==, (double) 0.004f * 0.25);
  while (!bp_trainer_epoch_complete (trainer))
    g_assert_true (bp_trainer_step (trainer, &p, &error));
  g_assert_true (bp_trainer_end_epoch (trainer, &p, &error));
  g_assert_cmpfloat (history_at (trainer, 2)->learning_rate, ==, (double) 0.004f * 0.25);
  g_assert_true (bp_trainer_step (trainer, &p, &error));
  g_assert_cmpfloat (p.learning_rate, ==, (double) 0.004f * 0.125);
  g_assert_no_error (error);
}

/* ---- dropout ------------------------------------------------------------- */

static void
test_dropout (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.seed = 4;
  g_autoptr(BpModel) plain = make_model (dataset, "64:relu,32:relu");
  g_autoptr(BpModel) a = make_model (dataset, "64:relu:0.5,32:relu:0.3");
  g_autoptr(BpModel) b = make_model (dataset, "64:relu:0.5,32:relu:0.3");
  g_autoptr(BpTrainer) tp = make_trainer (plain, dataset, &config);
  g_autoptr(BpTrainer) ta = make_trainer (a, dataset, &config);
  g_autoptr(BpTrainer) tb = make_trainer (b, dataset, &config);
  const gsize bytes = a->n_params * sizeof (float);

  /* Dropout draws from its own stream: the initial weights are the same. */
  g_assert_cmpuint (plain->n_params, ==, a->n_params);
  g_assert_cmpint (memcmp (plain->params, a->params, bytes), ==, 0);

  run_to_end (tp);
  run_to_end (ta);
  run_to_end (tb);
  for (guint i = 0; i < history_len (ta); i++)
    {
      g_assert_true (isfinite (history_at (ta, i)->loss));
      g_assert_true (isfinite (history_at (ta, i)->val_loss));
      /* Dropout changes what is trained. */
      g_assert_cmpfloat (history_at (ta, i)->loss, !=, history_at (tp, i)->loss);
    }
  /* Seeded: the same masks, the same run. */
  assert_same_history (ta, tb);
  g_assert_cmpint (memcmp (a->params, b->params, bytes), ==, 0);
  assert_params_finite (a);

  /* Inference has no dropout: the same outputs twice, the accuracy the
   * trainer reports, and a good one (inverted dropout keeps the scale). */
  g_autofree float *first = predict_rows (a, dataset, dataset->validation, dataset->n_validation);
  g_autofree float *second = predict_rows (a, dataset, dataset->validation, dataset->n_validation);
  g_assert_cmpint (memcmp (first, second, dataset->n_validation * sizeof (float)), ==, 0);
  double accuracy = validation_metric (ta, a, dataset, table);
  g_test_message ("dropout: validation accuracy %.4f", accuracy);
  g_assert_cmpfloat (accuracy, >=, 0.93);
  double loss1, loss2, m1, m2;
  bp_trainer_evaluate (ta, dataset->validation, dataset->n_validation, &loss1, &m1);
  bp_trainer_evaluate (ta, dataset->validation, dataset->n_validation, &loss2, &m2);
  g_assert_cmpfloat (loss1, ==, loss2);
  g_assert_cmpfloat (m1, ==, m2);
}

/* ---- control from another thread ----------------------------------------- */

/* The contract for touching the trainer from another thread: while
 * bp_trainer_run() runs, the trainer belongs to the training thread. The
 * test thread calls bp_trainer_get_config()/bp_trainer_set_config() only
 * while the worker is paused after a step has been used up: once the event
 * of the step's last batch that did not end an epoch, or of the epoch's
 * end, has been recorded (under our mutex, after the worker's last write to
 * the trainer), the worker only reads the trainer's position and stop
 * reason on its way into bp_train_control_wait(), where it blocks. A
 * set_config on a run that is not finished writes neither, and the next
 * batch, which reads the new settings, starts only when our step() or
 * resume() wakes the worker, after set_config has returned. The engine has
 * no call that says the worker has reached the wait, so this is the
 * safe point a front end has too. */
typedef struct {
  GMutex          mutex;
  GCond           cond;
  GArray         *events;   /* BpProgress */
  guint           batches;
  gboolean        done;
  gboolean        ok;
  GError         *error;
  BpTrainer      *trainer;
  BpTrainControl *control;
} Worker;

static void
worker_progress (const BpProgress *progress, gpointer user_data)
{
  Worker *w = user_data;
  g_mutex_lock (&w->mutex);
  g_array_append_val (w->events, *progress);
  if (progress->kind == BP_PROGRESS_BATCH)
    w->batches++;
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->mutex);
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  GError *error = NULL;
  gboolean ok = bp_trainer_run (w->trainer, worker_progress, w, w->control, &error);
  g_mutex_lock (&w->mutex);
  w->ok = ok;
  w->error = error;
  w->done = TRUE;
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->mutex);
  return NULL;
}

/* Wait until `batches` batch events have arrived; fail after `seconds`. */
static void
wait_batches (Worker *w, guint batches, double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  g_mutex_lock (&w->mutex);
  while (w->batches < batches && !w->done)
    if (!g_cond_wait_until (&w->cond, &w->mutex, deadline))
      break;
  guint got = w->batches;
  gboolean done = w->done;
  g_mutex_unlock (&w->mutex);
  if (got < batches)
    g_error ("waited %.1f s for batch %u; have %u%s", seconds, batches, got, done ? ", run ended" : "");
}

/* Wait until no event has come for `quiet` seconds (fail if that takes
 * more than `limit`); returns the number of events. */
static guint
wait_quiet (Worker *w, double quiet, double limit)
{
  gint64 give_up = g_get_monotonic_time () + (gint64) (limit * G_USEC_PER_SEC);
  g_mutex_lock (&w->mutex);
  for (;;)
    {
      guint seen = w->events->len;
      gint64 until = g_get_monotonic_time () + (gint64) (quiet * G_USEC_PER_SEC);
      while (w->events->len == seen && !w->done)
        if (!g_cond_wait_until (&w->cond, &w->mutex, until))
          break;
      if (w->events->len == seen)
        break;
      if (g_get_monotonic_time () > give_up)
        g_error ("events kept coming for %.1f s", limit);
    }
  g_assert_false (w->done);
  guint n = w->events->len;
  g_mutex_unlock (&w->mutex);
  return n;
}

static void
wait_done (Worker *w, double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  g_mutex_lock (&w->mutex);
  while (!w->done)
    if (!g_cond_wait_until (&w->cond, &w->mutex, deadline))
      break;
  gboolean done = w->done;
  g_mutex_unlock (&w->mutex);
  if (!done)
    g_error ("the run did not end within %.1f s", seconds);
}

static BpProgress
event_at (Worker *w, guint i)
{
  g_mutex_lock (&w->mutex);
  g_assert_cmpuint (i, <, w->events->len);
  BpProgress p = g_array_index (w->events, BpProgress, i);
  g_mutex_unlock (&w->mutex);
  return p;
}

static guint
batch_count (Worker *w)
{
  g_mutex_lock (&w->mutex);
  guint n = w->batches;
  g_mutex_unlock (&w->mutex);
  return n;
}

/* The batch the worker runs next, from the last event. */
static guint
next_batch (Worker *w, guint n_events)
{
  BpProgress last = event_at (w, n_events - 1);
  if (last.kind == BP_PROGRESS_EPOCH)
    return 1;
  g_assert_cmpuint (last.batch, <, last.batches);   /* else an epoch event follows */
  return last.batch + 1;
}

static void
assert_quiet_for (Worker *w, double seconds)
{
  guint before = batch_count (w);
  g_usleep ((gulong) (seconds * G_USEC_PER_SEC));
  g_assert_cmpuint (batch_count (w), ==, before);
}

static void
test_control_thread (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = xor_dataset (3, 400, &table);
  g_autoptr(BpModel) model = make_model (dataset, "16:tanh,16:tanh");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 1000000;   /* only the control ends this run */
  config.batch_size = 16;
  config.optimizer.learning_rate = 0.01f;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  g_autoptr(BpTrainControl) control = bp_train_control_new ();
  const guint per_epoch = (guint) ((dataset->n_train + 15) / 16);

  Worker w = { .events = g_array_new (FALSE, FALSE, sizeof (BpProgress)), .trainer = trainer, .control = control };
  g_mutex_init (&w.mutex);
  g_cond_init (&w.cond);
  gint64 start = g_get_monotonic_time ();
  GThread *thread = g_thread_new ("trainer", worker_main, &w);

  /* Running: batches come. */
  wait_batches (&w, 5, 10.0);

  /* Pause: at most the batch under way finishes, then nothing. */
  g_mutex_lock (&w.mutex);
  bp_train_control_pause (control);
  guint at_pause = w.batches;
  g_mutex_unlock (&w.mutex);
  g_assert_true (bp_train_control_is_paused (control));
  guint n = wait_quiet (&w, 0.1, 5.0);
  g_assert_cmpuint (batch_count (&w), <=, at_pause + 1);
  assert_quiet_for (&w, 0.1);
  g_assert_true (bp_train_control_is_paused (control));

  /* Step one batch: exactly one arrives (and its epoch's end, if it was the
   * last), then the run is paused again. */
  guint expected = next_batch (&w, n);
  guint batches = batch_count (&w);
  bp_train_control_step (control, BP_STEP_BATCH);
  wait_batches (&w, batches + 1, 5.0);
  guint m = wait_quiet (&w, 0.1, 5.0);
  g_assert_cmpuint (batch_count (&w), ==, batches + 1);
  BpProgress p = event_at (&w, n);
  g_assert_cmpint (p.kind, ==, BP_PROGRESS_BATCH);
  g_assert_cmpuint (p.batch, ==, expected);
  g_assert_cmpuint (m, ==, n + 1 + (expected == per_epoch));
  g_assert_true (bp_train_control_is_paused (control));
  n = m;

  /* Step an epoch: the rest of this epoch's batches, its end, then paused. */
  expected = next_batch (&w, n);
  batches = batch_count (&w);
  bp_train_control_step (control, BP_STEP_EPOCH);
  wait_batches (&w, batches + per_epoch - expected + 1, 5.0);
  m = wait_quiet (&w, 0.1, 5.0);
  g_assert_cmpuint (m, ==, n + per_epoch - expected + 2);
  for (guint i = n; i + 1 < m; i++)
    {
      p = event_at (&w, i);
      g_assert_cmpint (p.kind, ==, BP_PROGRESS_BATCH);
      g_assert_cmpuint (p.batch, ==, expected + (i - n));
    }
  p = event_at (&w, m - 1);
  g_assert_cmpint (p.kind, ==, BP_PROGRESS_EPOCH);
  const guint paused_epoch = p.epoch;
  assert_quiet_for (&w, 0.1);
  g_assert_true (bp_train_control_is_paused (control));
  n = m;

  /* Change the learning rate while the worker is blocked (see the contract
   * above Worker); it holds from the next batch on. */
  BpTrainConfig changed = *bp_trainer_get_config (trainer);
  g_assert_cmpfloat (changed.optimizer.learning_rate, ==, 0.01f);
  changed.optimizer.learning_rate = 0.0025f;
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_trainer_set_config (trainer, &changed, &error));
  g_assert_no_error (error);
  batches = batch_count (&w);
  bp_train_control_step (control, BP_STEP_BATCH);
  wait_batches (&w, batches + 1, 5.0);
  n = wait_quiet (&w, 0.1, 5.0);
  p = event_at (&w, n - 1);
  g_assert_cmpint (p.kind, ==, BP_PROGRESS_BATCH);
  g_assert_cmpuint (p.epoch, ==, paused_epoch + 1);
  g_assert_cmpuint (p.batch, ==, 1);
  g_assert_cmpfloat (p.learning_rate, ==, (double) 0.0025f);

  /* Resume: batches flow again. */
  bp_train_control_resume (control);
  g_assert_false (bp_train_control_is_paused (control));
  wait_batches (&w, batch_count (&w) + 2 * per_epoch, 10.0);

  /* Stop: the run ends within one batch. */
  g_mutex_lock (&w.mutex);
  bp_train_control_stop (control);
  guint at_stop = w.batches;
  g_mutex_unlock (&w.mutex);
  wait_done (&w, 10.0);
  g_thread_join (thread);
  double wall = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_assert_true (bp_train_control_is_stopped (control));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_cmpuint (w.batches, <=, at_stop + 1);
  g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_USER);
  g_assert_true (bp_trainer_is_finished (trainer));
  assert_params_finite (model);

  /* Every batch ran once, in order; the epochs after the change ran at the
   * new rate; the pauses (over 0.5 s) are not training time. */
  guint b = 0;
  for (guint i = 0; i < w.events->len; i++)
    {
      p = g_array_index (w.events, BpProgress, i);
      if (p.kind != BP_PROGRESS_BATCH)
        continue;
      b++;
      g_assert_cmpuint (p.step, ==, b);
      g_assert_cmpfloat (p.learning_rate, ==, p.epoch > paused_epoch ? (double) 0.0025f : (double) 0.01f);
    }
  g_assert_cmpuint (history_len (trainer), >, paused_epoch);
  g_assert_cmpfloat (history_at (trainer, paused_epoch)->learning_rate, ==, (double) 0.0025f);
  p = g_array_index (w.events, BpProgress, w.events->len - 1);
  g_test_message ("control: %u batches, %.3f s training in %.3f s", w.batches, p.seconds, wall);
  g_assert_cmpfloat (p.seconds, <, wall - 0.5);

  g_array_unref (w.events);
  g_mutex_clear (&w.mutex);
  g_cond_clear (&w.cond);
}

/* Paused before the first batch, then stopped: nothing trains. */
static void
test_control_stop_while_paused (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = xor_dataset (4, 100, &table);
  g_autoptr(BpModel) model = make_model (dataset, "8:tanh");
  BpTrainConfig config;
  bp_train_config_init (&config);
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  g_autofree float *initial = g_memdup2 (model->params, model->n_params * sizeof (float));
  g_autoptr(BpTrainControl) control = bp_train_control_new ();
  bp_train_control_pause (control);

  Worker w = { .events = g_array_new (FALSE, FALSE, sizeof (BpProgress)), .trainer = trainer, .control = control };
  g_mutex_init (&w.mutex);
  g_cond_init (&w.cond);
  GThread *thread = g_thread_new ("trainer", worker_main, &w);
  assert_quiet_for (&w, 0.1);
  g_assert_cmpuint (w.events->len, ==, 0);
  bp_train_control_stop (control);
  wait_done (&w, 5.0);
  g_thread_join (thread);
  g_assert_true (w.ok);
  g_assert_no_error (w.error);
  g_assert_cmpuint (w.events->len, ==, 0);
  g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_USER);
  g_assert_cmpint (memcmp (model->params, initial, model->n_params * sizeof (float)), ==, 0);
  g_array_unref (w.events);
  g_mutex_clear (&w.mutex);
  g_cond_clear (&w.cond);
}

/* ---- main ---------------------------------------------------------------- */

/* Adam 1e-2, batch 16, model seed 3, data seed 42. The thresholds sit
 * under the best possible accuracy argued above XOR_NOISE; over training
 * seeds 0-19 XOR scored 0.98-0.99, circles 0.99-1.0 and spiral 0.995-1.0,
 * and over data seeds 0-19 XOR 0.97-1.0, circles 0.97-1.0, spiral
 * 0.995-1.0. */
static const ConvergenceCase xor_case = { "xor", BP_SAMPLE_XOR, XOR_NOISE, 400, "16:tanh,16:tanh", 0.01f, 60, 0.95 };
static const ConvergenceCase circles_case = { "circles", BP_SAMPLE_CIRCLES, CIRCLES_NOISE, 400, "16:tanh,16:tanh", 0.01f, 60, 0.95 };
static const ConvergenceCase spiral_case = { "spiral", BP_SAMPLE_SPIRAL, SPIRAL_NOISE, 800, "32:relu,32:relu", 0.01f, 150, 0.90 };


/* bp_train_control_wait_idle: after a pause or a step, it returns only
 * once the worker is blocked, so the batch count is final by then. */
typedef struct {
  BpTrainer      *trainer;
  BpTrainControl *control;
  gint            batches;
  gboolean        ok;
} IdleRun;

static void
count_batches (const BpProgress *progress, gpointer user_data)
{
  IdleRun *run = user_data;
  if (progress->kind == BP_PROGRESS_BATCH)
    g_atomic_int_inc (&run->batches);
}

static gpointer
idle_worker (gpointer data)
{
  IdleRun *run = data;
  run->ok = bp_trainer_run (run->trainer, count_batches, run, run->control, NULL);
  return NULL;
}

static void
test_control_wait_idle (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  g_autoptr(BpModel) model = make_model (dataset, "16:relu");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 1000;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  g_autoptr(BpTrainControl) control = bp_train_control_new ();

  bp_train_control_pause (control);
  IdleRun run = { trainer, control, 0, FALSE };
  GThread *thread = g_thread_new ("trainer", idle_worker, &run);
  g_assert_true (bp_train_control_wait_idle (control, 5 * G_USEC_PER_SEC));
  g_assert_cmpint (g_atomic_int_get (&run.batches), ==, 0);

  for (int i = 1; i <= 3; i++)
    {
      bp_train_control_step (control, BP_STEP_BATCH);
      g_assert_true (bp_train_control_wait_idle (control, 5 * G_USEC_PER_SEC));
      g_assert_cmpint (g_atomic_int_get (&run.batches), ==, i);
    }
  /* Safe now: the worker is blocked. */
  config.optimizer.learning_rate = 0.01f;
  g_assert_true (bp_trainer_set_config (trainer, &config, NULL));

  bp_train_control_stop (control);
  g_thread_join (thread);
  g_assert_true (run.ok);
  g_assert_cmpint (bp_trainer_get_stop_reason (trainer), ==, BP_STOP_USER);
  g_assert_cmpint (g_atomic_int_get (&run.batches), ==, 3);
  /* With nobody paused, waiting for idle times out. */
  g_autoptr(BpTrainControl) running = bp_train_control_new ();
  g_assert_false (bp_train_control_wait_idle (running, 1000));
}

/* The errand of a parked training thread: once per park (the first,
 * and after each step), again per nudge, on that thread, before it counts
 * as parked; a nudge while running waits for the next park. */
typedef struct {
  IdleRun  run;
  GThread *errand_thread;  /* where the last errand ran */
  gint     errands;
  gint     batches_seen;   /* the batch count when the last errand ran */
} ErrandRun;

static void
errand (gpointer data)
{
  ErrandRun *e = data;
  e->errand_thread = g_thread_self ();
  g_atomic_int_set (&e->batches_seen, g_atomic_int_get (&e->run.batches));
  g_atomic_int_inc (&e->errands);
}

static void
test_control_errand (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  g_autoptr(BpModel) model = make_model (dataset, "16:relu");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 1000;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);
  g_autoptr(BpTrainControl) control = bp_train_control_new ();

  ErrandRun e = { { trainer, control, 0, FALSE }, NULL, 0, -1 };
  bp_train_control_set_parked_func (control, errand, &e);
  bp_train_control_pause (control);
  GThread *thread = g_thread_new ("trainer", idle_worker, &e.run);
  g_assert_true (bp_train_control_wait_idle (control, 5 * G_USEC_PER_SEC));
  g_assert_cmpint (g_atomic_int_get (&e.errands), ==, 1);
  /* Read after wait_idle(), which took the control's lock after it. */
  g_assert_true (e.errand_thread == thread);
  g_assert_cmpint (g_atomic_int_get (&e.batches_seen), ==, 0);

  /* A step: one batch, then the errand sees it before the park. */
  bp_train_control_step (control, BP_STEP_BATCH);
  g_assert_true (bp_train_control_wait_idle (control, 5 * G_USEC_PER_SEC));
  g_assert_cmpint (g_atomic_int_get (&e.errands), ==, 2);
  g_assert_cmpint (g_atomic_int_get (&e.batches_seen), ==, 1);

  /* Nudged while parked: once more, no batch. */
  bp_train_control_nudge (control);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_atomic_int_get (&e.errands) < 3)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  g_assert_true (bp_train_control_wait_idle (control, 5 * G_USEC_PER_SEC));
  g_assert_cmpint (g_atomic_int_get (&e.errands), ==, 3);
  g_assert_cmpint (g_atomic_int_get (&e.run.batches), ==, 1);

  /* Running: no errand until the next pause parks it. */
  bp_train_control_resume (control);
  while (g_atomic_int_get (&e.run.batches) < 20)
    g_usleep (1000);
  g_assert_cmpint (g_atomic_int_get (&e.errands), ==, 3);
  bp_train_control_pause (control);
  g_assert_true (bp_train_control_wait_idle (control, 5 * G_USEC_PER_SEC));
  g_assert_cmpint (g_atomic_int_get (&e.errands), ==, 4);
  g_assert_cmpint (g_atomic_int_get (&e.batches_seen), ==, g_atomic_int_get (&e.run.batches));

  bp_train_control_stop (control);
  g_thread_join (thread);
  g_assert_true (e.run.ok);
  g_assert_cmpint (g_atomic_int_get (&e.errands), ==, 4);
}

/* ---- element-wise work on several threads --------------------------------- */

typedef struct {
  guint8 *hits;
  guint   parts_seen[BP_WORKERS_MAX];
} SplitCheck;

static void
count_hits (gpointer data, gsize start, gsize end, guint part)
{
  SplitCheck *check = data;
  g_assert_cmpuint (start % 16, ==, 0);
  for (gsize i = start; i < end; i++)
    check->hits[i]++;
  check->parts_seen[part]++;
}

/* Every element is done exactly once, on as many threads as asked, run
 * after run (helpers that slept and helpers still spinning). */
static void
test_workers_split (void)
{
  for (guint threads = 1; threads <= 4; threads++)
    {
      g_autoptr(BpWorkers) workers = bp_workers_new (threads);
      g_assert_cmpuint (bp_workers_get_n_threads (workers), ==, threads);
      const gsize sizes[] = { 1, 31, 32, 33, 1000, 65537 };
      for (guint round = 0; round < 200; round++)
        {
          gsize n = sizes[round % G_N_ELEMENTS (sizes)];
          SplitCheck check = { g_new0 (guint8, n), { 0 } };
          bp_workers_run (workers, count_hits, &check, n, 32);
          for (gsize i = 0; i < n; i++)
            g_assert_cmpuint (check.hits[i], ==, 1);
          if (n >= 1000)
            for (guint t = 0; t < threads; t++)
              g_assert_cmpuint (check.parts_seen[t], ==, 1);
          g_free (check.hits);
          if (round % 50 == 49)
            g_usleep (2000);   /* let the helpers fall asleep */
        }
    }
}

/* The element-wise loops split over threads give the same bits as on
 * one: activations, their derivatives, dropout masks, the bias gradient
 * and Adam, at a size where every one of them is split. */
static void
test_determinism_threads (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 3;
  config.batch_size = 256;
  config.seed = 3;

  g_autoptr(BpModel) model_1 = make_model (dataset, "256:relu:0.2,256:tanh");
  g_autoptr(BpModel) model_2 = make_model (dataset, "256:relu:0.2,256:tanh");
  g_autoptr(BpModel) model_3 = make_model (dataset, "256:relu:0.2,256:tanh");
  g_autoptr(BpTrainer) one = make_trainer (model_1, dataset, &config);
  g_autoptr(BpTrainer) two = make_trainer (model_2, dataset, &config);
  g_autoptr(BpTrainer) three = make_trainer (model_3, dataset, &config);
  bp_trainer_set_threads (one, 1);
  bp_trainer_set_threads (two, 2);
  bp_trainer_set_threads (three, 3);
  g_assert_cmpuint (bp_trainer_get_threads (one), ==, 1);
  g_assert_cmpuint (bp_trainer_get_threads (two), ==, 2);
  g_assert_cmpuint (bp_trainer_get_threads (three), ==, 3);

  run_to_end (one);
  run_to_end (two);
  run_to_end (three);
  assert_same_history (one, two);
  assert_same_history (one, three);
  const gsize bytes = model_1->n_params * sizeof (float);
  g_assert_cmpint (memcmp (model_1->params, model_2->params, bytes), ==, 0);
  g_assert_cmpint (memcmp (model_1->params, model_3->params, bytes), ==, 0);
  const BpOptimizer *o1 = bp_trainer_get_optimizer (one), *o3 = bp_trainer_get_optimizer (three);
  g_assert_cmpint (memcmp (o1->m, o3->m, bytes), ==, 0);
  g_assert_cmpint (memcmp (o1->v, o3->v, bytes), ==, 0);
}

/* ---- denormals ----------------------------------------------------------- */

/* The architectures where bp-fpu.h flushes; elsewhere the scope is a no-op
 * and the tests below check just that. */
#if defined(__x86_64__) || defined(__aarch64__)
#define FLUSHES TRUE
#else
#define FLUSHES FALSE
#endif

static gsize
count_denormals (const float *values, gsize n)
{
  gsize count = 0;
  for (gsize i = 0; i < n; i++)
    count += fpclassify (values[i]) == FP_SUBNORMAL;
  return count;
}

/* volatile: computed at run time, in the thread's current mode. */
static float
halve (float x)
{
  volatile float v = x, half = 0.5f;
  return v * half;
}

static void
test_flush_scope (void)
{
  const float tiny = 2.0f * FLT_MIN;   /* normal; half of it is not */
  g_assert_false (bp_flush_denormals_active ());
  g_assert_cmpint (fpclassify (halve (FLT_MIN)), ==, FP_SUBNORMAL);
  {
    G_GNUC_UNUSED g_auto(BpFlushDenormals) outer = bp_flush_denormals_begin ();
    g_assert_cmpint (bp_flush_denormals_active (), ==, FLUSHES);
    g_assert_cmpfloat (halve (tiny), ==, FLT_MIN);
    if (FLUSHES)
      g_assert_cmpfloat (halve (FLT_MIN), ==, 0.0f);
    {
      /* Nested: still on, and still on after the inner one ends. */
      G_GNUC_UNUSED g_auto(BpFlushDenormals) inner = bp_flush_denormals_begin ();
      g_assert_cmpint (bp_flush_denormals_active (), ==, FLUSHES);
    }
    g_assert_cmpint (bp_flush_denormals_active (), ==, FLUSHES);
  }
  /* The caller's mode is back. */
  g_assert_false (bp_flush_denormals_active ());
  g_assert_cmpint (fpclassify (halve (FLT_MIN)), ==, FP_SUBNORMAL);
}

/* Adam on a parameter whose gradient is zero: 0.9 · m rounds back to m
 * for the smallest denormals, so without flushing m stays denormal for
 * ever (and every later step is slow). */
static gpointer
adam_zero_gradient (gpointer data)
{
  BpModel *model = data;
  BpOptimizerConfig config;
  bp_optimizer_config_init (&config, BP_OPTIMIZER_ADAM);
  g_autoptr(BpOptimizer) optimizer = bp_optimizer_new (model, &config);
  const float smallest = 1.4e-45f;
  g_assert_cmpint (fpclassify (smallest), ==, FP_SUBNORMAL);
  for (gsize i = 0; i < model->n_params; i++)
    {
      model->grads[i] = 0.0f;
      optimizer->m[i] = (i % 4 + 1) * smallest;
      optimizer->v[i] = (i % 400 + 1) * smallest;
    }
  g_autofree float *before = g_memdup2 (model->params, model->n_params * sizeof (float));
  for (guint step = 0; step < 3; step++)
    g_assert_true (isfinite (bp_optimizer_step (optimizer, model)));
  gsize left = count_denormals (optimizer->m, model->n_params) + count_denormals (optimizer->v, model->n_params);
  g_assert_cmpuint (left, ==, FLUSHES ? 0 : 2 * model->n_params);
  /* The weights do not move either way. */
  g_assert_cmpint (memcmp (before, model->params, model->n_params * sizeof (float)), ==, 0);
  return NULL;
}

static void
test_flush_adam (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = xor_dataset (1, 40, &table);
  g_autoptr(BpModel) model = make_model (dataset, "8:relu");
  /* On this thread and on another one, as the app's worker. */
  adam_zero_gradient (model);
  g_thread_join (g_thread_new ("adam", adam_zero_gradient, model));
}

/* A real run on a worker thread, long enough for ReLU units to die and
 * their weights' moments to decay below FLT_MIN: none is left denormal. */
static void
test_flush_worker (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpTable) circles = bp_sample_generate (BP_SAMPLE_CIRCLES, 2000, 0.1, 0, &error);
  g_assert_no_error (error);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  g_autoptr(BpDataset) dataset = make_dataset (circles, &options);
  g_autoptr(BpModel) model = make_model (dataset, "128:relu,64:relu");
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 40;
  g_autoptr(BpTrainer) trainer = make_trainer (model, dataset, &config);

  Worker w = { 0 };
  g_mutex_init (&w.mutex);
  g_cond_init (&w.cond);
  w.events = g_array_new (FALSE, FALSE, sizeof (BpProgress));
  w.trainer = trainer;
  GThread *thread = g_thread_new ("bp-training", worker_main, &w);
  g_thread_join (thread);
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_cmpuint (history_len (trainer), ==, 40);

  const BpOptimizer *optimizer = bp_trainer_get_optimizer (trainer);
  const gsize n = model->n_params;
  gsize zero_moments = 0;
  for (gsize i = 0; i < n; i++)
    zero_moments += optimizer->m[i] == 0.0f;
  gsize denormal = count_denormals (optimizer->m, n) + count_denormals (optimizer->v, n);
  if (FLUSHES)
    {
      g_assert_cmpuint (denormal, ==, 0);
      /* Dead units there were: their moments went all the way to 0. */
      g_assert_cmpuint (zero_moments, >, 100);
    }
  g_assert_cmpuint (count_denormals (model->params, n), ==, 0);
  g_array_unref (w.events);
  g_mutex_clear (&w.mutex);
  g_cond_clear (&w.cond);
}


/* ---- captured moments ------------------------------------------------------ */

typedef struct {
  BpTrainer      *trainer;
  guint           at_epoch;     /* capture at this epoch's end */
  guint           mid_epoch;    /* and in this (1-based) epoch after mid_batch batches */
  guint           mid_batch;
  BpTrainerState *end, *mid;
} CaptureJob;

static void
capture_cb (const BpProgress *p, gpointer data)
{
  CaptureJob *job = data;
  if (p->kind == BP_PROGRESS_EPOCH && p->epoch == job->at_epoch && !job->end)
    job->end = bp_trainer_capture (job->trainer);
  else if (p->kind == BP_PROGRESS_BATCH && p->epoch == job->mid_epoch && p->batch == job->mid_batch && !job->mid)
    job->mid = bp_trainer_capture (job->trainer);
}

/* A fresh model and trainer from the same spec and settings, put back to a
 * captured moment of another run and trained to the end. */
static BpTrainer *
continue_from (BpModel *model, const BpDataset *dataset, const BpTrainConfig *config,
               const BpTrainerState *state, const GArray *history, const BpTrainConfig *fork)
{
  g_autoptr(GError) error = NULL;
  BpTrainer *trainer = make_trainer (model, dataset, config);
  g_assert_true (bp_trainer_restore (trainer, state, history, &error));
  g_assert_no_error (error);
  if (fork)
    {
      g_assert_true (bp_trainer_set_config (trainer, fork, &error));
      g_assert_no_error (error);
    }
  run_to_end (trainer);
  return trainer;
}

/* Dropout, a plateau schedule and early stopping's bookkeeping all ride
 * along: continuing from a moment at an epoch's end or mid-epoch gives
 * the original's losses and weights bit for bit; a changed rate forks. */
static void
test_state_restore (void)
{
  g_autoptr(BpTable) table = NULL;
  g_autoptr(BpDataset) dataset = sample_dataset ("breast_cancer.csv", &table);
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 6;
  config.seed = 11;
  config.patience = 20;
  config.schedule.kind = BP_SCHEDULE_PLATEAU;
  config.schedule.patience = 1;
  const char *layers = "16:relu:0.2,8:tanh";

  g_autoptr(BpModel) model = make_model (dataset, layers);
  g_autoptr(BpTrainer) original = make_trainer (model, dataset, &config);
  CaptureJob job = { original, 3, 2, 4, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_trainer_run (original, capture_cb, &job, NULL, &error));
  g_assert_no_error (error);
  g_autoptr(BpTrainerState) end = job.end;
  g_autoptr(BpTrainerState) mid = job.mid;
  g_assert_nonnull (end);
  g_assert_nonnull (mid);
  const GArray *history = bp_trainer_get_history (original);
  g_assert_cmpuint (history->len, ==, 6);
  const gsize bytes = model->n_params * sizeof (float);

  BpTrainerMoment moment;
  bp_trainer_state_get_moment (end, &moment);
  g_assert_cmpuint (moment.epoch, ==, 3);
  g_assert_cmpuint (moment.batch, ==, 0);
  g_assert_cmpuint (moment.history_len, ==, 3);
  g_assert_false (moment.finished);
  bp_trainer_state_get_moment (mid, &moment);
  g_assert_cmpuint (moment.epoch, ==, 1);
  g_assert_cmpuint (moment.batch, ==, 4);
  g_assert_cmpuint (moment.batches, ==, (dataset->n_train + 31) / 32);
  g_assert_cmpuint (moment.step, ==, moment.batches + 4);
  g_assert_cmpuint (bp_trainer_state_get_size (mid), ==, bp_trainer_state_size (original));
  gsize n_params = 0;
  g_assert_nonnull (bp_trainer_state_get_params (mid, &n_params));
  g_assert_cmpuint (n_params, ==, model->n_params);

  const BpTrainerState *states[] = { end, mid };
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(BpModel) model_b = make_model (dataset, layers);
      g_autoptr(BpTrainer) b = continue_from (model_b, dataset, &config, states[i], history, NULL);
      assert_same_history (original, b);
      g_assert_cmpint (memcmp (model->params, model_b->params, bytes), ==, 0);
      g_assert_cmpuint (bp_trainer_get_best_epoch (b), ==, bp_trainer_get_best_epoch (original));
    }

  /* The fork: a doubled rate from epoch 3 on. The first three epochs are
   * the original's, the fourth already differs, and so do the weights. */
  BpTrainConfig faster = config;
  faster.optimizer.learning_rate *= 2.0f;
  g_autoptr(BpModel) model_f = make_model (dataset, layers);
  g_autoptr(BpTrainer) fork = continue_from (model_f, dataset, &config, end, history, &faster);
  g_assert_cmpuint (history_len (fork), ==, 6);
  for (guint e = 0; e < 3; e++)
    g_assert_cmpint (memcmp (history_at (fork, e), history_at (original, e), sizeof (BpEpochRecord)), ==, 0);
  for (guint e = 3; e < 6; e++)
    g_assert_cmpfloat (history_at (fork, e)->loss, !=, history_at (original, e)->loss);
  g_assert_cmpfloat (history_at (fork, 3)->learning_rate, ==, (double) faster.optimizer.learning_rate);
  g_assert_cmpint (memcmp (model->params, model_f->params, bytes), !=, 0);

  /* Back in its own run (its own history), the original repeats itself. */
  g_autoptr(GArray) first = g_array_copy ((GArray *) history);
  g_autofree float *final = g_memdup2 (model->params, bytes);
  g_assert_true (bp_trainer_restore (original, mid, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (bp_trainer_is_finished (original));
  g_assert_cmpuint (history_len (original), ==, 1);
  run_to_end (original);
  g_assert_cmpuint (history_len (original), ==, first->len);
  for (guint e = 0; e < first->len; e++)
    g_assert_cmpint (memcmp (&g_array_index (first, BpEpochRecord, e).val_loss, &history_at (original, e)->val_loss,
                             sizeof (double)), ==, 0);
  g_assert_cmpint (memcmp (model->params, final, bytes), ==, 0);

  /* Another network, or a history too short for the moment: refused, and
   * the trainer is left as it was. */
  g_autoptr(BpModel) other = make_model (dataset, "4:relu");
  g_autoptr(BpTrainer) wrong = make_trainer (other, dataset, &config);
  g_assert_false (bp_trainer_restore (wrong, end, history, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE);
  g_clear_error (&error);
  g_autoptr(BpModel) model_s = make_model (dataset, layers);
  g_autoptr(BpTrainer) shorter = make_trainer (model_s, dataset, &config);
  g_autoptr(GArray) two = g_array_copy ((GArray *) history);
  g_array_set_size (two, 2);
  g_assert_false (bp_trainer_restore (shorter, end, two, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_cmpuint (history_len (shorter), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bp_blas_set_threads (1);

  g_test_add_data_func ("/engine/trainer/convergence/xor", &xor_case, test_convergence);
  g_test_add_data_func ("/engine/trainer/convergence/circles", &circles_case, test_convergence);
  g_test_add_data_func ("/engine/trainer/convergence/spiral", &spiral_case, test_convergence);
  g_test_add_func ("/engine/trainer/recipe/breast-cancer", test_recipe_breast_cancer);
  g_test_add_func ("/engine/trainer/recipe/iris", test_recipe_iris);
  g_test_add_func ("/engine/trainer/recipe/diabetes", test_recipe_diabetes);
  g_test_add_func ("/engine/trainer/determinism", test_determinism);
  g_test_add_func ("/engine/trainer/determinism/threads", test_determinism_threads);
  g_test_add_func ("/engine/trainer/state/restore", test_state_restore);
  g_test_add_func ("/engine/workers/split", test_workers_split);
  g_test_add_func ("/engine/trainer/stop/early", test_early_stopping);
  g_test_add_func ("/engine/trainer/stop/target", test_stop_target);
  g_test_add_func ("/engine/trainer/stop/time", test_stop_time);
  g_test_add_func ("/engine/trainer/divergence/sgd", test_divergence_sgd);
  g_test_add_func ("/engine/trainer/divergence/momentum", test_divergence_momentum);
  g_test_add_func ("/engine/trainer/divergence/after-epochs", test_divergence_after_epochs);
  g_test_add_func ("/engine/trainer/divergence/no-validation", test_divergence_no_validation);
  g_test_add_func ("/engine/trainer/divergence/update-overflow", test_divergence_update_overflow);
  g_test_add_func ("/engine/trainer/divergence/huge-values", test_divergence_huge_values);
  g_test_add_func ("/engine/trainer/step-api", test_step_api);
  g_test_add_func ("/engine/trainer/run-callbacks", test_run_callbacks);
  g_test_add_func ("/engine/trainer/schedule/step-exponential-cosine", test_schedules);
  g_test_add_func ("/engine/trainer/schedule/plateau", test_schedule_plateau);
  g_test_add_func ("/engine/trainer/schedule/set-config", test_schedule_set_config);
  g_test_add_func ("/engine/trainer/dropout", test_dropout);
  g_test_add_func ("/engine/trainer/control/thread", test_control_thread);
  g_test_add_func ("/engine/trainer/control/wait-idle", test_control_wait_idle);
  g_test_add_func ("/engine/trainer/control/errand", test_control_errand);
  g_test_add_func ("/engine/trainer/control/stop-while-paused", test_control_stop_while_paused);
  g_test_add_func ("/engine/trainer/denormals/scope", test_flush_scope);
  g_test_add_func ("/engine/trainer/denormals/adam", test_flush_adam);
  g_test_add_func ("/engine/trainer/denormals/worker", test_flush_worker);

  return g_test_run ();
}
