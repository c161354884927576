/* test-sweep.c: tests for bp-sweep (sweeps, repeats, groups, statistics).
 *
 * A sweep over 3 learning rates with 2 seeds expands to 6 runs whose
 * settings differ from the base in the rate and the seed only, in order;
 * trained, they form 3 groups of 2, and the same settings and seed give
 * the same history bit for bit. The statistics per epoch are checked
 * against numbers worked out by hand (mean 7/3, sample sd sqrt(7/3) for
 * 1, 2 and 4), with runs of different lengths. Text axes: lists, log
 * ranges (1e-4..1e-1:4 is exactly 1e-4, 1e-3, 1e-2, 1e-1), layer numbers,
 * optimizers; each kind of bad text or value is an INVALID error naming
 * it. A swept optimizer takes its own defaults, then a swept rate.
 */
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

static GArray *
values_of (const BpSweep *sweep, guint axis)
{
  return sweep->axes[axis].values;
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpSweep) sweep = bp_sweep_new ();
  g_assert_true (bp_sweep_parse_axis (sweep, "lr=1e-4..1e-1:4", &error));
  g_assert_no_error (error);
  const double expected[] = { 1e-4, 1e-3, 1e-2, 1e-1 };
  g_assert_cmpuint (values_of (sweep, 0)->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (g_array_index (values_of (sweep, 0), double, i), ==, expected[i]);
  g_assert_true (bp_sweep_parse_axis (sweep, "units2=16, 32,64", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sweep->axes[1].setting, ==, BP_SWEEP_UNITS);
  g_assert_cmpuint (sweep->axes[1].layer, ==, 1);
  g_autofree char *name = bp_sweep_axis_name (&sweep->axes[1]);
  g_assert_cmpstr (name, ==, "units2");
  g_assert_true (bp_sweep_set_repeats (sweep, 3, &error));
  g_assert_cmpuint (bp_sweep_count (sweep), ==, 4 * 3 * 3);

  /* A third axis, or one swept twice. */
  g_assert_false (bp_sweep_parse_axis (sweep, "batch=32,64", &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "batch"));
  g_clear_error (&error);
  g_autoptr(BpSweep) twice = bp_sweep_new ();
  g_assert_true (bp_sweep_parse_axis (twice, "dropout=0,0.5", &error));
  g_assert_cmpuint (twice->axes[0].layer, ==, BP_SWEEP_ALL_LAYERS);
  g_assert_false (bp_sweep_parse_axis (twice, "dropout=0.1", &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);

  static const char * const bad[] = {
    "lr", "=1", "lr=", "speed=1,2", "lr=1e-3,x", "lr=0", "lr=-1", "batch=0", "batch=1.5", "units=0", "dropout=0.95",
    "epochs=1e10", "seed=-1", "optimizer=adagrad", "batch=1..8:3", "lr=1e-4..1e-1", "lr=1e-4..0:3", "lr=1..2:0",
    "seed2=1", "units0=8", "lr=nan", "lr=inf", "lr=1,,2",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(BpSweep) s = bp_sweep_new ();
      g_assert_false (bp_sweep_parse_axis (s, bad[i], &error));
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
      g_assert_cmpuint (s->n_axes, ==, 0);
      g_clear_error (&error);
    }
  /* Too many runs in all. */
  g_autoptr(BpSweep) big = bp_sweep_new ();
  g_assert_true (bp_sweep_parse_axis (big, "lr=1e-5..1:100", &error));
  g_assert_false (bp_sweep_parse_axis (big, "seed=1,2,3,4,5,6,7,8,9,10,11", &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bp_sweep_set_repeats (big, 11, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bp_sweep_set_repeats (big, 0, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
}

/* A value that is not one the setting takes: the setting, what it takes
 * and the text as given, in bp-range's shape; the limits are where they
 * belong (0.9 is the largest dropout, though 0.9 > (double) 0.9f). */
static void
test_parse_messages (void)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "lr=abc", "lr takes a number above 0 and at most 1e+06, not “abc”" },
    { "lr=1e-3, nan", "lr takes a number above 0 and at most 1e+06, not “nan”" },
    { "batch=1.5", "batch takes a whole number from 1 to 65536, not “1.5”" },
    { "units2=0", "units2 takes a whole number from 1 to 4096, not “0”" },
    { "dropout=0.95", "dropout takes a number from 0 to 0.9, not “0.95”" },
    { "seed=-1", "seed takes a whole number of 0 or more, not “-1”" },
    { "lr=1e-1..1e-4:0", "the number of steps takes a whole number from 1 to 1000, not “0”" },
    { "lr=1e-1..0:3", "lr takes a number above 0 and at most 1e+06, not “0”" },
    { "optimizer=adagrad", "optimizer takes sgd, momentum, rmsprop, adam or adamw, not “adagrad”" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BpSweep) sweep = bp_sweep_new ();
      g_assert_false (bp_sweep_parse_axis (sweep, cases[i].text, &error));
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  g_autoptr(GError) error = NULL;
  g_autoptr(BpSweep) sweep = bp_sweep_new ();
  g_assert_true (bp_sweep_parse_axis (sweep, "dropout=0,0.9", &error));
  g_assert_no_error (error);
  const double largest = 0.9;
  g_assert_cmpfloat (g_array_index (values_of (sweep, 0), double, 1), ==, largest);
  /* Values given as numbers, not text: the same limits and message. */
  g_autoptr(BpSweep) numbers = bp_sweep_new ();
  g_assert_true (bp_sweep_add_axis (numbers, BP_SWEEP_BATCH_SIZE, 0, (const double[]) { 65536 }, 1, &error));
  g_assert_false (bp_sweep_add_axis (numbers, BP_SWEEP_UNITS, 0, (const double[]) { 4097 }, 1, &error));
  g_assert_cmpstr (error->message, ==, "units takes a whole number from 1 to 4096, not “4097”");
}

static void
test_expand_optimizer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpRunSettings) base = bp_run_settings_new ();
  base->config.optimizer.l2 = 0.001f;
  g_autoptr(BpSweep) sweep = bp_sweep_new ();
  /* The rate first on the command line: the optimizer still applies first. */
  g_assert_true (bp_sweep_parse_axis (sweep, "lr=0.5,0.05", &error));
  g_assert_true (bp_sweep_parse_axis (sweep, "optimizer=sgd,adam", &error));
  g_autoptr(GArray) runs = bp_sweep_expand (sweep, base, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 4);
  const BpSweepRun *r = &g_array_index (runs, BpSweepRun, 1);
  g_assert_cmpint (r->settings->config.optimizer.kind, ==, BP_OPTIMIZER_ADAM);
  g_assert_cmpfloat (r->settings->config.optimizer.learning_rate, ==, 0.5f);
  g_assert_cmpfloat (r->settings->config.optimizer.l2, ==, 0.001f);
  g_assert_cmpstr (r->label, ==, "lr 0.5, optimizer adam");
  g_assert_cmpuint (r->group, ==, 1);

  /* A layer the network does not have. */
  g_autoptr(BpSweep) units = bp_sweep_new ();
  g_assert_true (bp_sweep_parse_axis (units, "units3=8", &error));
  g_assert_null (bp_sweep_expand (units, base, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "units3"));
  g_clear_error (&error);
  g_autoptr(BpSweep) dropout = bp_sweep_new ();
  g_assert_true (bp_sweep_parse_axis (dropout, "dropout2=0.3", &error));
  g_autoptr(GArray) d = bp_sweep_expand (dropout, base, &error);
  g_assert_no_error (error);
  const GArray *layers = g_array_index (d, BpSweepRun, 0).settings->layers->layers;
  g_assert_cmpfloat (g_array_index (layers, BpLayerSpec, 0).dropout, ==, 0.0f);
  g_assert_cmpfloat (g_array_index (layers, BpLayerSpec, 1).dropout, ==, 0.3f);
}

static void
keep_epoch (const BpProgress *p, gpointer user_data)
{
  bp_run_record (user_data, p);
}

/* The test: 3 rates × 2 seeds, trained. */
static void
test_sweep_3x2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpRunSettings) base = bp_run_settings_new ();
  base->config.epochs = 3;
  base->config.seed = 10;
  g_autoptr(BpSweep) sweep = bp_sweep_new ();
  g_assert_true (bp_sweep_parse_axis (sweep, "lr=1e-3,1e-2,1e-1", &error));
  g_assert_true (bp_sweep_set_repeats (sweep, 2, &error));
  g_autoptr(GArray) runs = bp_sweep_expand (sweep, base, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 6);
  const float rates[] = { 1e-3f, 1e-2f, 1e-1f };
  for (guint i = 0; i < 6; i++)
    {
      const BpSweepRun *r = &g_array_index (runs, BpSweepRun, i);
      g_assert_cmpuint (r->group, ==, i / 2);
      g_assert_cmpuint (r->repeat, ==, i % 2);
      g_assert_cmpfloat (r->settings->config.optimizer.learning_rate, ==, rates[i / 2]);
      g_assert_cmpuint (r->settings->config.seed, ==, 10 + i % 2);
      /* Nothing else changed. */
      g_autoptr(GArray) changes = bp_run_settings_diff (base, r->settings);
      for (guint c = 0; c < changes->len; c++)
        {
          BpRunField field = g_array_index (changes, BpRunChange, c).field;
          g_assert_true (field == BP_RUN_FIELD_LEARNING_RATE || field == BP_RUN_FIELD_SEED);
        }
    }
  g_assert_cmpstr (g_array_index (runs, BpSweepRun, 3).label, ==, "lr 0.01, seed 11");

  /* Trained on one dataset, one after another. */
  g_autoptr(BpTable) table = load_sample ("breast_cancer.csv");
  BpDatasetOptions options = base->data;
  g_autoptr(BpDataset) dataset = make_dataset (table, &options);
  g_autoptr(BpRunList) list = bp_run_list_new ();
  for (guint i = 0; i < runs->len; i++)
    {
      const BpSweepRun *r = &g_array_index (runs, BpSweepRun, i);
      g_autoptr(BpModelSpec) spec = bp_layer_stack_build (r->settings->layers, dataset);
      g_autoptr(BpModel) model = bp_model_new (spec, &error);
      g_assert_no_error (error);
      g_autoptr(BpTrainer) trainer = bp_trainer_new (model, dataset, &r->settings->config, &error);
      g_assert_no_error (error);
      g_autoptr(BpRun) run = bp_run_new (r->settings, dataset->task, dataset->n_validation > 0);
      g_assert_true (bp_trainer_run (trainer, keep_epoch, run, NULL, &error));
      bp_run_finish (run, bp_trainer_get_stop_reason (trainer), model);
      bp_run_list_add (list, run);
    }
  g_assert_cmpuint (bp_run_list_get_length (list), ==, 6);
  BpRun *all[6];
  for (guint i = 0; i < 6; i++)
    all[i] = bp_run_list_get (list, i);
  g_autoptr(GPtrArray) groups = bp_runs_group (all, 6);
  g_assert_cmpuint (groups->len, ==, 3);
  for (guint g = 0; g < 3; g++)
    {
      GPtrArray *group = g_ptr_array_index (groups, g);
      g_assert_cmpuint (group->len, ==, 2);
      g_assert_true (g_ptr_array_index (group, 0) == all[2 * g]);
      g_assert_true (g_ptr_array_index (group, 1) == all[2 * g + 1]);
      /* The two seeds differ: the first epoch's loss is not the same. */
      const BpRun *a = all[2 * g], *b = all[2 * g + 1];
      g_assert_cmpfloat (g_array_index (a->epochs, BpEpochRecord, 0).loss, !=,
                         g_array_index (b->epochs, BpEpochRecord, 0).loss);
      /* The group's statistics are those of its two runs. */
      g_autoptr(GArray) stats = bp_runs_stats ((BpRun **) group->pdata, group->len, BP_RUN_METRIC_VAL_LOSS);
      g_assert_cmpuint (stats->len, ==, 3);
      for (guint e = 0; e < 3; e++)
        {
          const BpRunStat *s = &g_array_index (stats, BpRunStat, e);
          double x = g_array_index (a->epochs, BpEpochRecord, e).val_loss;
          double y = g_array_index (b->epochs, BpEpochRecord, e).val_loss;
          g_assert_cmpuint (s->n, ==, 2);
          g_assert_cmpfloat_with_epsilon (s->mean, (x + y) / 2, 1e-12);
          /* Two values: the sample sd is |x - y| / sqrt 2. */
          g_assert_cmpfloat_with_epsilon (s->sd, fabs (x - y) / sqrt (2.0), 1e-12);
          g_assert_cmpfloat (s->min, ==, MIN (x, y));
          g_assert_cmpfloat (s->max, ==, MAX (x, y));
        }
    }
  /* The best run and group: the highest accuracy. */
  BpRun *best = bp_runs_best (all, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpfloat (bp_run_get_score (best), >=, bp_run_get_score (all[i]));
  int best_group = bp_run_groups_best (groups);
  g_assert_cmpint (best_group, >=, 0);

  /* The same settings and seed train the same history. */
  const BpSweepRun *again = &g_array_index (runs, BpSweepRun, 3);
  g_autoptr(BpModelSpec) spec = bp_layer_stack_build (again->settings->layers, dataset);
  g_autoptr(BpModel) model = bp_model_new (spec, &error);
  g_autoptr(BpTrainer) trainer = bp_trainer_new (model, dataset, &again->settings->config, &error);
  g_assert_true (bp_trainer_run (trainer, NULL, NULL, NULL, &error));
  const GArray *history = bp_trainer_get_history (trainer);
  for (guint e = 0; e < history->len; e++)
    g_assert_cmpfloat (g_array_index (history, BpEpochRecord, e).val_loss, ==,
                       g_array_index (all[3]->epochs, BpEpochRecord, e).val_loss);
}

/* Runs with given validation metrics, one per epoch. */
static BpRun *
synthetic_run (const BpRunSettings *settings, const double *val_metrics, guint n, BpTask task)
{
  BpRun *run = bp_run_new (settings, task, TRUE);
  for (guint e = 0; e < n; e++)
    {
      BpProgress p = { .kind = BP_PROGRESS_EPOCH, .epoch = e + 1, .loss = 1.0, .metric = 0.5,
                       .val_loss = 1.0, .val_metric = val_metrics[e] };
      bp_run_record (run, &p);
    }
  bp_run_finish (run, BP_STOP_EPOCHS, NULL);
  return run;
}

static void
test_stats_by_hand (void)
{
  g_autoptr(BpRunSettings) settings = bp_run_settings_new ();
  const double a[] = { 1.0, 0.25 }, b[] = { 2.0, 0.75 }, c[] = { 4.0 };
  g_autoptr(BpRun) ra = synthetic_run (settings, a, 2, BP_TASK_REGRESSION);
  settings->config.seed = 1;
  g_autoptr(BpRun) rb = synthetic_run (settings, b, 2, BP_TASK_REGRESSION);
  settings->config.seed = 2;
  g_autoptr(BpRun) rc = synthetic_run (settings, c, 1, BP_TASK_REGRESSION);
  BpRun *runs[] = { ra, rb, rc };
  g_autoptr(GArray) stats = bp_runs_stats (runs, 3, BP_RUN_METRIC_VAL_METRIC);
  g_assert_cmpuint (stats->len, ==, 2);
  const BpRunStat *s = &g_array_index (stats, BpRunStat, 0);
  /* 1, 2, 4: mean 7/3; squares of the deviations 16/9 + 1/9 + 25/9 = 42/9,
   * over n - 1 = 2: 7/3. */
  g_assert_cmpuint (s->epoch, ==, 1);
  g_assert_cmpuint (s->n, ==, 3);
  g_assert_cmpfloat_with_epsilon (s->mean, 7.0 / 3.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (s->sd, sqrt (7.0 / 3.0), 1e-15);
  g_assert_cmpfloat (s->min, ==, 1.0);
  g_assert_cmpfloat (s->max, ==, 4.0);
  /* Epoch 2: only two runs reached it; 0.25 and 0.75: mean 0.5, sd sqrt(0.125). */
  s = &g_array_index (stats, BpRunStat, 1);
  g_assert_cmpuint (s->n, ==, 2);
  g_assert_cmpfloat_with_epsilon (s->mean, 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (s->sd, sqrt (0.125), 1e-15);

  /* One value: sd 0; none: NaN. */
  BpRunStat one;
  const double single[] = { NAN, 3.0 };
  bp_values_stats (single, 2, &one);
  g_assert_cmpuint (one.n, ==, 1);
  g_assert_cmpfloat (one.sd, ==, 0.0);
  bp_values_stats (single, 1, &one);
  g_assert_cmpuint (one.n, ==, 0);
  g_assert_true (isnan (one.mean));

  /* Regression ranks the lowest MAE best: run a's 0.25. */
  g_assert_true (bp_runs_best (runs, 3) == ra);
  g_autoptr(GPtrArray) groups = bp_runs_group (runs, 3);
  g_assert_cmpuint (groups->len, ==, 1);
  g_assert_cmpint (bp_run_groups_best (groups), ==, 0);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sweep/parse", test_parse);
  g_test_add_func ("/sweep/parse/messages", test_parse_messages);
  g_test_add_func ("/sweep/expand/optimizer", test_expand_optimizer);
  g_test_add_func ("/sweep/3x2", test_sweep_3x2);
  g_test_add_func ("/sweep/stats", test_stats_by_hand);
  return g_test_run ();
}
