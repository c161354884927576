/* test-timeline.c: tests for bp-timeline, the run's snapshots.
 *
 * - the budget: never more snapshots than fit, thinning evenly over the
 *   moments offered with the first and the latest always kept;
 * - short runs get points within their first epoch;
 * - a snapshot's model evaluates as the model saved at that epoch
 *   (bp-model-file round trip) does, and its state continues the run;
 * - a network too big for the budget gets none.
 */
#include <math.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

typedef struct {
  BpTrainer  *trainer;
  BpTimeline *timeline;
  guint       max_seen;      /* most snapshots held at once */
  gsize       max_bytes;
  /* The model file at save_epoch's end, as the app saves it. */
  guint       save_epoch;
  char       *saved;
  gsize       saved_length;
  const BpDataset *dataset;
  const BpDatasetOptions *options;
  const BpModel *model;
} Run;

static void
on_progress (const BpProgress *progress, gpointer data)
{
  Run *run = data;
  bp_timeline_offer (run->timeline, run->trainer, progress);
  run->max_seen = MAX (run->max_seen, bp_timeline_get_n_snapshots (run->timeline));
  run->max_bytes = MAX (run->max_bytes, bp_timeline_get_bytes_used (run->timeline));
  if (progress->kind == BP_PROGRESS_EPOCH && progress->epoch == run->save_epoch && !run->saved)
    {
      g_autoptr(BpModelFile) file = bp_model_file_new_from_training (run->dataset, run->options, run->model,
                                                                     bp_trainer_get_config (run->trainer),
                                                                     bp_trainer_get_history (run->trainer));
      run->saved = bp_model_file_to_data (file, &run->saved_length);
    }
}

typedef struct {
  BpTable          *table;
  BpDatasetOptions  options;
  BpDataset        *dataset;
  BpModelSpec      *spec;
  BpModel          *model;
  BpTrainer        *trainer;
} Setup;

static void
setup_init (Setup *s, const char *sample, const char *layers, const BpTrainConfig *config)
{
  g_autoptr(GError) error = NULL;
  s->table = load_sample (sample);
  bp_dataset_options_init (&s->options);
  s->dataset = make_dataset (s->table, &s->options);
  s->spec = bp_model_spec_new (s->dataset->n_features);
  g_assert_true (bp_model_spec_parse_layers (s->spec, layers, &error));
  bp_model_spec_add_output (s->spec, s->dataset->task, s->dataset->n_outputs);
  s->model = bp_model_new (s->spec, &error);
  g_assert_no_error (error);
  s->trainer = bp_trainer_new (s->model, s->dataset, config, &error);
  g_assert_no_error (error);
}

static void
setup_clear (Setup *s)
{
  bp_trainer_free (s->trainer);
  bp_model_free (s->model);
  bp_model_spec_free (s->spec);
  bp_dataset_free (s->dataset);
  bp_table_free (s->table);
}

static void
train (Setup *s, Run *run)
{
  g_autoptr(GError) error = NULL;
  run->trainer = s->trainer;
  run->dataset = s->dataset;
  run->options = &s->options;
  run->model = s->model;
  g_assert_true (bp_timeline_capture (run->timeline, s->trainer));
  g_assert_true (bp_trainer_run (s->trainer, on_progress, run, NULL, &error));
  g_assert_no_error (error);
  bp_timeline_capture (run->timeline, s->trainer);
}

/* 60 epochs into room for 10 snapshots. */
static void
test_budget (void)
{
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 60;
  config.seed = 3;
  Setup s;
  setup_init (&s, "breast_cancer.csv", "8:relu", &config);
  const gsize slot = bp_trainer_state_size (s.trainer);
  g_assert_cmpuint (slot, >=, 5 * s.model->n_params * sizeof (float));
  const gsize budget = 10 * slot + slot / 2;

  Run run = { .timeline = bp_timeline_new (s.trainer, s.spec, budget) };
  g_assert_cmpuint (bp_timeline_get_budget (run.timeline), ==, budget);
  g_assert_cmpuint (bp_timeline_get_capacity (run.timeline), ==, 10);
  g_assert_cmpuint (bp_timeline_get_slot_size (run.timeline), ==, slot);
  train (&s, &run);

  g_assert_cmpuint (run.max_seen, <=, 10);
  g_assert_cmpuint (run.max_bytes, <=, budget);
  g_assert_true (bp_timeline_get_thinned (run.timeline));
  g_autoptr(GArray) list = bp_timeline_list (run.timeline);
  g_assert_cmpuint (list->len, ==, bp_timeline_get_n_snapshots (run.timeline));
  g_assert_cmpuint (list->len, >=, 5);

  /* The first: before any batch. The last: the run's end. */
  const BpSnapshotInfo *first = &g_array_index (list, BpSnapshotInfo, 0);
  const BpSnapshotInfo *last = &g_array_index (list, BpSnapshotInfo, list->len - 1);
  g_assert_cmpuint (first->offered, ==, 0);
  g_assert_cmpuint (first->moment.step, ==, 0);
  g_assert_cmpfloat (first->position, ==, 0.0);
  g_assert_cmpuint (last->moment.epoch, ==, 60);
  g_assert_cmpuint (last->moment.step, ==, bp_trainer_get_step (s.trainer));
  g_assert_true (last->moment.finished);
  g_assert_cmpfloat (last->position, ==, 60.0);

  /* Even: the same gap between every two but the latest, and in order. */
  const guint64 gap = g_array_index (list, BpSnapshotInfo, 1).offered;
  g_assert_cmpuint (gap, >, 1);
  g_assert_cmpuint (gap & (gap - 1), ==, 0);   /* a doubled stride */
  for (guint i = 1; i + 1 < list->len; i++)
    g_assert_cmpuint (g_array_index (list, BpSnapshotInfo, i).offered, ==, i * gap);
  for (guint i = 1; i < list->len; i++)
    g_assert_cmpfloat (g_array_index (list, BpSnapshotInfo, i).position, >, g_array_index (list, BpSnapshotInfo, i - 1).position);
  /* Nothing kept that another thinning would have left. */
  g_assert_cmpuint (last->offered - g_array_index (list, BpSnapshotInfo, list->len - 2).offered, <=, gap);

  /* The one nearest a position. */
  g_assert_cmpuint (bp_timeline_find (run.timeline, 0.2), ==, 0);
  g_assert_cmpuint (bp_timeline_find (run.timeline, 1e9), ==, list->len - 1);

  g_autoptr(GError) error = NULL;
  g_assert_null (bp_timeline_get_model (run.timeline, list->len, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_null (bp_timeline_get_state (run.timeline, list->len));
  bp_timeline_free (run.timeline);
  setup_clear (&s);
}

/* A 3-epoch run: points within its first epoch, then each epoch's end;
 * the default budget holds them all. */
static void
test_early_points (void)
{
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 3;
  config.batch_size = 8;
  Setup s;
  setup_init (&s, "breast_cancer.csv", "16:relu", &config);
  Run run = { .timeline = bp_timeline_new (s.trainer, s.spec, 0) };
  g_assert_cmpuint (bp_timeline_get_budget (run.timeline), ==, BP_TIMELINE_DEFAULT_BUDGET);
  train (&s, &run);
  g_assert_false (bp_timeline_get_thinned (run.timeline));

  const guint batches = (guint) ((s.dataset->n_train + 7) / 8);
  const guint every = (batches + BP_TIMELINE_EARLY_POINTS - 1) / BP_TIMELINE_EARLY_POINTS;
  guint early = 0;
  for (guint b = every; b < batches; b += every)
    early++;
  g_assert_cmpuint (early, >=, BP_TIMELINE_EARLY_POINTS * 3 / 4);
  g_autoptr(GArray) list = bp_timeline_list (run.timeline);
  g_assert_cmpuint (list->len, ==, 1 + early + 3);
  for (guint i = 1; i <= early; i++)
    {
      const BpSnapshotInfo *info = &g_array_index (list, BpSnapshotInfo, i);
      g_assert_cmpuint (info->moment.epoch, ==, 0);
      g_assert_cmpuint (info->moment.batch, ==, i * every);
      g_assert_cmpuint (info->moment.batches, ==, batches);
      g_assert_cmpfloat (info->position, >, 0.0);
      g_assert_cmpfloat (info->position, <, 1.0);
    }
  for (guint e = 1; e <= 3; e++)
    {
      const BpSnapshotInfo *info = &g_array_index (list, BpSnapshotInfo, early + e);
      g_assert_cmpuint (info->moment.epoch, ==, e);
      g_assert_cmpuint (info->moment.batch, ==, 0);
      g_assert_cmpuint (info->moment.history_len, ==, e);
    }
  g_autoptr(GArray) history = bp_timeline_get_history (run.timeline);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpint (memcmp (history->data, bp_trainer_get_history (s.trainer)->data, 3 * sizeof (BpEpochRecord)), ==, 0);
  bp_timeline_free (run.timeline);
  setup_clear (&s);
}

static void
assert_same_evaluation (const BpEvaluation *a, const BpEvaluation *b)
{
  g_assert_cmpuint (a->n_rows, ==, b->n_rows);
  g_assert_cmpint (memcmp (a->outputs, b->outputs, a->n_rows * a->n_outputs * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (&a->loss, &b->loss, sizeof a->loss), ==, 0);
  g_assert_cmpint (memcmp (&a->accuracy, &b->accuracy, sizeof a->accuracy), ==, 0);
  g_assert_cmpint (memcmp (a->predicted, b->predicted, a->n_rows * sizeof (guint32)), ==, 0);
}

/* Epoch 4 of 8: the snapshot's model and the model file saved then give
 * the same evaluation; the final model's differs. The snapshot's state
 * goes on to the final weights. */
static void
test_replay_evaluation (void)
{
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 8;
  config.seed = 5;
  Setup s;
  setup_init (&s, "breast_cancer.csv", "32:relu,16:tanh", &config);
  Run run = { .timeline = bp_timeline_new (s.trainer, s.spec, 0), .save_epoch = 4 };
  train (&s, &run);
  g_assert_nonnull (run.saved);

  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = bp_timeline_list (run.timeline);
  guint at = G_MAXUINT;
  for (guint i = 0; i < list->len; i++)
    {
      const BpSnapshotInfo *info = &g_array_index (list, BpSnapshotInfo, i);
      if (info->moment.epoch == 4 && info->moment.batch == 0)
        at = i;
    }
  g_assert_cmpuint (at, <, list->len);
  g_assert_cmpuint (bp_timeline_find (run.timeline, 4.0), ==, at);

  g_autoptr(BpModel) replayed = bp_timeline_get_model (run.timeline, at, &error);
  g_assert_no_error (error);
  g_autoptr(BpModelFile) file = bp_model_file_load_data ("epoch-4.json", run.saved, run.saved_length, &error);
  g_assert_no_error (error);
  g_autoptr(BpModel) saved = bp_model_file_build_model (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file->history->len, ==, 4);

  const BpDataset *d = s.dataset;
  g_autoptr(BpEvaluation) from_snapshot = bp_evaluation_new (replayed, d, d->validation, d->n_validation, &error);
  g_assert_no_error (error);
  g_autoptr(BpEvaluation) from_file = bp_evaluation_new (saved, d, d->validation, d->n_validation, &error);
  g_assert_no_error (error);
  assert_same_evaluation (from_snapshot, from_file);
  g_autoptr(BpEvaluation) final = bp_evaluation_new (s.model, d, d->validation, d->n_validation, &error);
  g_assert_cmpint (memcmp (final->outputs, from_file->outputs, d->n_validation * sizeof (float)), !=, 0);

  /* From the snapshot's state, a fresh trainer ends with the same weights. */
  g_autoptr(BpTrainerState) state = bp_timeline_get_state (run.timeline, at);
  g_autoptr(GArray) history = bp_timeline_get_history (run.timeline);
  g_autoptr(BpModel) model_b = bp_model_new (s.spec, &error);
  g_autoptr(BpTrainer) b = bp_trainer_new (model_b, d, &config, &error);
  g_assert_no_error (error);
  g_assert_true (bp_trainer_restore (b, state, history, &error));
  g_assert_no_error (error);
  g_assert_true (bp_trainer_run (b, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (memcmp (model_b->params, s.model->params, s.model->n_params * sizeof (float)), ==, 0);

  g_free (run.saved);
  bp_timeline_free (run.timeline);
  setup_clear (&s);
}

/* A budget below two states: no snapshots, and said so by the capacity. */
static void
test_too_small (void)
{
  BpTrainConfig config;
  bp_train_config_init (&config);
  config.epochs = 2;
  Setup s;
  setup_init (&s, "breast_cancer.csv", "8:relu", &config);
  Run run = { .timeline = bp_timeline_new (s.trainer, s.spec, bp_trainer_state_size (s.trainer) + 1),
              .trainer = s.trainer };
  g_assert_cmpuint (bp_timeline_get_capacity (run.timeline), ==, 0);
  g_autoptr(GError) error = NULL;
  g_assert_false (bp_timeline_capture (run.timeline, s.trainer));
  g_assert_true (bp_trainer_run (s.trainer, on_progress, &run, NULL, &error));
  g_assert_cmpuint (bp_timeline_get_n_snapshots (run.timeline), ==, 0);
  g_assert_cmpuint (bp_timeline_get_bytes_used (run.timeline), ==, 0);
  bp_timeline_free (run.timeline);
  setup_clear (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bp_blas_set_threads (1);
  g_test_add_func ("/engine/timeline/budget", test_budget);
  g_test_add_func ("/engine/timeline/early-points", test_early_points);
  g_test_add_func ("/engine/timeline/replay-evaluation", test_replay_evaluation);
  g_test_add_func ("/engine/timeline/too-small", test_too_small);
  return g_test_run ();
}
