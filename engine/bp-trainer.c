#include "bp-trainer.h"

#include <float.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"
#include "bp-fpu.h"

#define EVAL_ROWS 1024

struct _BpTrainer {
  BpModel         *model;
  const BpDataset *dataset;
  BpTrainConfig    config;
  float           *class_weights;   /* our copy */
  BpLossConfig     loss;
  gboolean         classification;
  gsize            n_inputs, n_outputs;

  BpOptimizer     *optimizer;
  BpWorkers       *workers;         /* the element-wise loops' threads, or NULL */
  BpWorkspace     *train_ws;
  BpWorkspace     *eval_ws;
  gsize            batch_capacity;
  float           *batch_x, *batch_y;
  float           *eval_x, *eval_y, *eval_out;
  guint32         *order;
  float           *best_params;
  float           *good_params;     /* weights at the end of the last good epoch */

  BpRng            shuffle_rng, init_rng, dropout_rng;
  BpRng            epoch_rng;        /* shuffle_rng before this epoch's shuffle: the order again */
  gboolean         epoch_shuffled;   /* whether this epoch's order was shuffled */
  guint64          run_id;

  /* Where the run stands. */
  guint            epoch;            /* epochs finished */
  gsize            position;         /* training rows done in this epoch */
  guint            batch;            /* batches done in this epoch */
  guint64          step;
  guint64          samples;
  double           loss_sum, metric_sum;
  gsize            epoch_rows;
  double           seconds;          /* before the current stretch */
  gint64           stretch_start;    /* monotonic time the current stretch began, or 0 */
  double           epoch_seconds_start;
  double           learning_rate;    /* in force now */
  double           base_rate;        /* set by the user; schedules start from it */

  double           best_monitored;
  guint            best_epoch;
  guint            epochs_since_best;
  guint            epochs_since_plateau_best;
  double           plateau_best;
  BpStopReason     stop_reason;
  GArray          *history;
};

void
bp_train_config_init (BpTrainConfig *config)
{
  memset (config, 0, sizeof *config);
  config->epochs = 10;
  config->batch_size = 32;
  config->shuffle = TRUE;
  bp_optimizer_config_init (&config->optimizer, BP_OPTIMIZER_ADAM);
  config->schedule.kind = BP_SCHEDULE_CONSTANT;
  config->schedule.factor = 0.5f;
  config->schedule.step_epochs = 10;
  config->schedule.patience = 5;
  config->monitor = BP_MONITOR_VAL_LOSS;
  config->restore_best = TRUE;
  config->target_metric = NAN;
}

gboolean
bp_train_config_validate (const BpTrainConfig *config, GError **error)
{
  if (config->epochs < 1 || config->epochs > BP_MAX_EPOCHS)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("epochs must be from 1 to 1000000"));
      return FALSE;
    }
  if (config->batch_size < 1 || config->batch_size > BP_MAX_BATCH_SIZE)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("the batch size must be from 1 to 65536"));
      return FALSE;
    }
  if (!(config->label_smoothing >= 0.0f && config->label_smoothing < 1.0f))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("label smoothing must be from 0 up to 1"));
      return FALSE;
    }
  if (config->schedule.kind != BP_SCHEDULE_CONSTANT && config->schedule.kind != BP_SCHEDULE_COSINE &&
      !(config->schedule.factor > 0.0f && config->schedule.factor <= 1.0f))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("the learning-rate schedule's factor must be above 0 and at most 1"));
      return FALSE;
    }
  if (!(config->time_limit >= 0.0) || !(config->min_delta >= 0.0))
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("the time limit and min_delta cannot be negative"));
      return FALSE;
    }
  return bp_optimizer_config_validate (&config->optimizer, error);
}

const char *
bp_stop_reason_to_string (BpStopReason reason)
{
  switch (reason)
    {
    case BP_STOP_EPOCHS: return "epochs";
    case BP_STOP_EARLY:  return "early_stopping";
    case BP_STOP_TARGET: return "target_reached";
    case BP_STOP_TIME:   return "time_limit";
    case BP_STOP_USER:   return "stopped";
    case BP_STOP_DIVERGED: return "diverged";
    case BP_STOP_NONE:
    default:             return "running";
    }
}

static void
allocate_batches (BpTrainer *trainer, gsize batch_size)
{
  bp_workspace_free (trainer->train_ws);
  trainer->train_ws = bp_workspace_new (trainer->model, batch_size, TRUE);
  trainer->train_ws->workers = trainer->workers;
  trainer->batch_x = g_renew (float, trainer->batch_x, batch_size * trainer->n_inputs);
  trainer->batch_y = g_renew (float, trainer->batch_y, batch_size * trainer->n_outputs);
  trainer->batch_capacity = batch_size;
}

BpTrainer *
bp_trainer_new (BpModel *model, const BpDataset *dataset, const BpTrainConfig *config, GError **error)
{
  if (!bp_train_config_validate (config, error))
    return NULL;
  if (model->spec->n_inputs != dataset->n_features || bp_model_n_outputs (model) != dataset->n_outputs)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                   _("the model takes %zu inputs and gives %zu"
                   " outputs, but the data has %zu inputs and %zu targets"),
                   model->spec->n_inputs, bp_model_n_outputs (model), dataset->n_features, dataset->n_outputs);
      return NULL;
    }
  if (dataset->n_train == 0)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_EMPTY, _("there are no training rows"));
      return NULL;
    }

  g_autoptr(BpTrainer) trainer = g_new0 (BpTrainer, 1);
  trainer->model = model;
  trainer->dataset = dataset;
  trainer->config = *config;
  trainer->n_inputs = dataset->n_features;
  trainer->n_outputs = dataset->n_outputs;
  trainer->classification = dataset->task != BP_TASK_REGRESSION;
  if (config->class_weights && dataset->n_classes > 0)
    trainer->class_weights = g_memdup2 (config->class_weights, dataset->n_classes * sizeof (float));
  trainer->config.class_weights = trainer->class_weights;
  trainer->loss.loss = model->spec->loss;
  trainer->loss.label_smoothing = config->label_smoothing;
  trainer->loss.class_weights = trainer->class_weights;

  trainer->optimizer = bp_optimizer_new (model, &config->optimizer);
  /* One thread until bp_trainer_set_threads() asks for more: see there. */
  trainer->workers = NULL;
  trainer->optimizer->workers = trainer->workers;
  allocate_batches (trainer, config->batch_size);
  gsize eval_rows = MIN (EVAL_ROWS, MAX (dataset->n_rows, 1));
  trainer->eval_ws = bp_workspace_new (model, eval_rows, FALSE);
  trainer->eval_ws->workers = trainer->workers;
  trainer->eval_x = g_new (float, eval_rows * trainer->n_inputs);
  trainer->eval_y = g_new (float, eval_rows * trainer->n_outputs);
  trainer->eval_out = g_new (float, eval_rows * trainer->n_outputs);
  trainer->order = g_new (guint32, dataset->n_train);
  trainer->best_params = g_new (float, model->n_params);
  trainer->good_params = g_new (float, model->n_params);
  trainer->history = g_array_new (FALSE, FALSE, sizeof (BpEpochRecord));

  bp_trainer_reset (trainer);
  return g_steal_pointer (&trainer);
}

void
bp_trainer_free (BpTrainer *trainer)
{
  if (trainer == NULL)
    return;
  bp_optimizer_free (trainer->optimizer);
  bp_workspace_free (trainer->train_ws);
  bp_workspace_free (trainer->eval_ws);
  bp_workers_free (trainer->workers);
  g_free (trainer->batch_x);
  g_free (trainer->batch_y);
  g_free (trainer->eval_x);
  g_free (trainer->eval_y);
  g_free (trainer->eval_out);
  g_free (trainer->order);
  g_free (trainer->best_params);
  g_free (trainer->good_params);
  g_free (trainer->class_weights);
  if (trainer->history)
    g_array_unref (trainer->history);
  g_free (trainer);
}

void
bp_trainer_reset (BpTrainer *trainer)
{
  /* Separate streams, so that changing dropout does not change the
   * initial weights or the shuffles. */
  bp_rng_init (&trainer->init_rng, trainer->config.seed, 1);
  bp_rng_init (&trainer->shuffle_rng, trainer->config.seed, 2);
  bp_rng_init (&trainer->dropout_rng, trainer->config.seed, 3);
  bp_model_init_params (trainer->model, &trainer->init_rng);
  bp_optimizer_reset (trainer->optimizer);
  memcpy (trainer->good_params, trainer->model->params, trainer->model->n_params * sizeof (float));
  memcpy (trainer->best_params, trainer->model->params, trainer->model->n_params * sizeof (float));

  trainer->epoch = 0;
  trainer->position = 0;
  trainer->batch = 0;
  trainer->step = 0;
  trainer->samples = 0;
  trainer->loss_sum = trainer->metric_sum = 0.0;
  trainer->epoch_rows = 0;
  trainer->seconds = 0.0;
  trainer->stretch_start = 0;
  trainer->base_rate = trainer->learning_rate = trainer->config.optimizer.learning_rate;
  trainer->best_monitored = INFINITY;
  trainer->best_epoch = 0;
  trainer->plateau_best = INFINITY;
  trainer->epochs_since_best = 0;
  trainer->epochs_since_plateau_best = 0;
  trainer->stop_reason = BP_STOP_NONE;
  g_array_set_size (trainer->history, 0);
}

static double scheduled_rate (BpTrainer *trainer, guint epoch);

gboolean
bp_trainer_set_config (BpTrainer *trainer, const BpTrainConfig *config, GError **error)
{
  if (!bp_train_config_validate (config, error))
    return FALSE;
  if (config->epochs < trainer->epoch)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("%u epochs have already run; the run cannot be made shorter than that"), trainer->epoch);
      return FALSE;
    }
  if (config->batch_size > trainer->batch_capacity)
    allocate_batches (trainer, config->batch_size);

  const float *weights = trainer->class_weights;
  const gboolean new_rate = config->optimizer.learning_rate != trainer->config.optimizer.learning_rate;
  trainer->config = *config;
  trainer->config.class_weights = weights;
  trainer->loss.label_smoothing = config->label_smoothing;
  trainer->optimizer->config = config->optimizer;   /* moments are kept */
  /* A new rate is the schedule's new start; other changes keep the rate
   * in force (a plateau's reductions, a step schedule mid-epoch). */
  if (new_rate)
    trainer->base_rate = trainer->learning_rate = config->optimizer.learning_rate;
  if (trainer->position > 0 || trainer->batch > 0)
    trainer->learning_rate = scheduled_rate (trainer, trainer->epoch);
  trainer->optimizer->config.learning_rate = (float) trainer->learning_rate;
  /* A run that ended by one of its own rules may go on under new ones;
   * the rules are checked again at the next epoch's end. A stopped or
   * diverged run needs bp_trainer_reset(). */
  if (trainer->epoch < config->epochs && trainer->stop_reason != BP_STOP_USER &&
      trainer->stop_reason != BP_STOP_DIVERGED)
    trainer->stop_reason = BP_STOP_NONE;
  return TRUE;
}

const BpTrainConfig *
bp_trainer_get_config (const BpTrainer *trainer)
{
  return &trainer->config;
}

void
bp_trainer_set_run_id (BpTrainer *trainer, guint64 run_id)
{
  trainer->run_id = run_id;
}

const GArray *
bp_trainer_get_history (const BpTrainer *trainer)
{
  return trainer->history;
}

const BpOptimizer *
bp_trainer_get_optimizer (const BpTrainer *trainer)
{
  return trainer->optimizer;
}

void
bp_trainer_set_threads (BpTrainer *trainer, guint n_threads)
{
  if (bp_workers_get_n_threads (trainer->workers) == CLAMP (n_threads, 1, BP_WORKERS_MAX))
    return;
  bp_workers_free (trainer->workers);
  trainer->workers = bp_workers_new (n_threads);
  trainer->optimizer->workers = trainer->train_ws->workers = trainer->eval_ws->workers = trainer->workers;
}

guint
bp_trainer_get_threads (const BpTrainer *trainer)
{
  return bp_workers_get_n_threads (trainer->workers);
}

typedef struct {
  float          *x, *y;
  const float    *src_x, *src_y;
  const guint32  *order;
  gsize           d, k;
} GatherJob;

/* Rows [start, end) of a batch, copied from the dataset. */
static void
gather_part (gpointer data, gsize start, gsize end, guint part)
{
  const GatherJob *job = data;
  const gsize d = job->d, k = job->k;
  for (gsize r = start; r < end; r++)
    {
      const guint32 row = job->order[r];
      memcpy (job->x + r * d, job->src_x + (gsize) row * d, d * sizeof (float));
      memcpy (job->y + r * k, job->src_y + (gsize) row * k, k * sizeof (float));
    }
}

gboolean
bp_trainer_is_finished (const BpTrainer *trainer)
{
  return trainer->stop_reason != BP_STOP_NONE;
}

guint64
bp_trainer_get_step (const BpTrainer *trainer)
{
  return trainer->step;
}

gsize
bp_trainer_get_n_train (const BpTrainer *trainer)
{
  return trainer->dataset->n_train;
}

guint
bp_trainer_get_best_epoch (const BpTrainer *trainer)
{
  return trainer->best_epoch;
}

gboolean
bp_trainer_restored_best (const BpTrainer *trainer)
{
  return trainer->stop_reason == BP_STOP_EARLY && trainer->config.restore_best;
}

BpStopReason
bp_trainer_get_stop_reason (BpTrainer *trainer)
{
  return trainer->stop_reason;
}

gboolean
bp_trainer_epoch_complete (const BpTrainer *trainer)
{
  return trainer->position >= trainer->dataset->n_train;
}

static double
elapsed (BpTrainer *trainer)
{
  double now = trainer->seconds;
  if (trainer->stretch_start)
    now += (double) (g_get_monotonic_time () - trainer->stretch_start) / G_USEC_PER_SEC;
  return now;
}

/* The clock runs only inside step and end_epoch, so pauses do not count. */
static void
clock_start (BpTrainer *trainer)
{
  trainer->stretch_start = g_get_monotonic_time ();
}

static void
clock_stop (BpTrainer *trainer)
{
  trainer->seconds = elapsed (trainer);
  trainer->stretch_start = 0;
}

static double
scheduled_rate (BpTrainer *trainer, guint epoch /* 0-based */)
{
  const BpSchedule *s = &trainer->config.schedule;
  const double base = trainer->base_rate;
  switch (s->kind)
    {
    case BP_SCHEDULE_STEP:
      return base * pow (s->factor, floor ((double) epoch / MAX (s->step_epochs, 1)));
    case BP_SCHEDULE_EXPONENTIAL:
      return base * pow (s->factor, (double) epoch);
    case BP_SCHEDULE_COSINE:
      return s->min_rate + 0.5 * (base - s->min_rate) *
             (1.0 + cos (G_PI * (double) epoch / (double) trainer->config.epochs));
    case BP_SCHEDULE_PLATEAU:
      return trainer->learning_rate;
    case BP_SCHEDULE_CONSTANT:
    default:
      return base;
    }
}

static void
fill_progress (BpTrainer *trainer, BpProgress *p, BpProgressKind kind)
{
  const gsize n_train = trainer->dataset->n_train;
  const gsize batch_size = trainer->config.batch_size;
  memset (p, 0, sizeof *p);
  p->kind = kind;
  p->run_id = trainer->run_id;
  p->epochs = trainer->config.epochs;
  p->step = trainer->step;
  p->samples = trainer->samples;
  p->learning_rate = trainer->learning_rate;
  p->seconds = elapsed (trainer);
  p->epoch_seconds = p->seconds - trainer->epoch_seconds_start;
  p->samples_per_second = p->seconds > 0.0 ? (double) trainer->samples / p->seconds : 0.0;
  p->loss = trainer->epoch_rows ? trainer->loss_sum / (double) trainer->epoch_rows : NAN;
  p->metric = trainer->epoch_rows ? trainer->metric_sum / (double) trainer->epoch_rows : NAN;
  p->val_loss = p->val_metric = NAN;
  p->batch = trainer->batch;
  p->batches = trainer->batch + (guint) ((n_train - MIN (trainer->position, n_train) + batch_size - 1) / batch_size);
}

/* Accuracy (count of right rows) or absolute error summed in target units. */
static double
batch_metric (const BpTrainer *trainer, const float *out, const float *y, gsize n)
{
  const gsize k = trainer->n_outputs;
  double total = 0.0;
  if (!trainer->classification)
    {
      for (gsize i = 0; i < n * k; i++)
        total += fabs ((double) out[i] - (double) y[i]);
      return total * trainer->dataset->target_scale / (double) k;
    }
  for (gsize r = 0; r < n; r++)
    {
      const float *o = out + r * k, *t = y + r * k;
      if (k == 1)
        total += (o[0] >= 0.5f) == (t[0] >= 0.5f);
      else
        {
          gsize best = 0, truth = 0;
          for (gsize j = 1; j < k; j++)
            {
              if (o[j] > o[best])
                best = j;
              if (t[j] > t[truth])
                truth = j;
            }
          total += best == truth;
        }
    }
  return total;
}

/* Inputs, or a target left in its units, beyond sqrt (FLT_MAX) (1.8e19)
 * have squares beyond float32: the loss overflows whatever the learning
 * rate, so the advice names the column and the scaling that helps. */
static gboolean
diverged_on_huge_values (const BpTrainer *trainer, guint epoch, GError **error)
{
  const BpDataset *d = trainer->dataset;
  const float limit = sqrtf (FLT_MAX);
  float largest = 0.0f;
  gsize input = 0;
  for (gsize i = 0; i < d->n_rows * d->n_features; i++)
    if (fabsf (d->x[i]) > largest)
      {
        largest = fabsf (d->x[i]);
        input = i % d->n_features;
      }
  const char *column = NULL;
  for (gsize f = 0; f < d->n_feature_columns && largest > limit; f++)
    if (input >= d->features[f].offset && input < d->features[f].offset + d->features[f].width)
      column = d->features[f].name;
  const gboolean kept_epoch = trainer->epoch > 0;
  if (column != NULL)
    {
      if (kept_epoch)
        g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED,
                     _("training overflowed at epoch %u: column “%s” holds values as large as %g, too "
                       "large for float32 arithmetic; set Scaling to Standardize (the weights of the last "
                       "finished epoch were kept)"), epoch, column, (double) largest);
      else
        g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED,
                     _("training overflowed at epoch %u: column “%s” holds values as large as %g, too "
                       "large for float32 arithmetic; set Scaling to Standardize (the weights of the start "
                       "were kept)"), epoch, column, (double) largest);
      return TRUE;
    }
  if (d->task != BP_TASK_REGRESSION)
    return FALSE;
  largest = 0.0f;
  for (gsize i = 0; i < d->n_rows * d->n_outputs; i++)
    largest = MAX (largest, fabsf (d->y[i]));
  if (!(largest > limit))
    return FALSE;
  if (kept_epoch)
    g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED,
                 _("training overflowed at epoch %u: the target “%s” holds values as large as %g, too "
                   "large for float32 arithmetic; standardize the target (the weights of the last finished "
                   "epoch were kept)"), epoch, d->target_name, (double) largest);
  else
    g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED,
                 _("training overflowed at epoch %u: the target “%s” holds values as large as %g, too "
                   "large for float32 arithmetic; standardize the target (the weights of the start were kept)"),
                 epoch, d->target_name, (double) largest);
  return TRUE;
}

static gboolean
diverged (BpTrainer *trainer, gboolean weights, GError **error)
{
  memcpy (trainer->model->params, trainer->good_params, trainer->model->n_params * sizeof (float));
  clock_stop (trainer);
  trainer->stop_reason = BP_STOP_DIVERGED;
  const guint epoch = trainer->epoch + 1, batch = trainer->batch + 1;
  if (diverged_on_huge_values (trainer, epoch, error))
    return FALSE;
  /* One whole sentence for each case, for translators. */
  if (weights && trainer->epoch)
    g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED,
                 _("the weights became NaN or infinite at epoch %u, batch %u; try a lower learning rate "
                   "(the weights of the last finished epoch were kept)"), epoch, batch);
  else if (weights)
    g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED,
                 _("the weights became NaN or infinite at epoch %u, batch %u; try a lower learning rate "
                   "(the weights of the start were kept)"), epoch, batch);
  else if (trainer->epoch)
    g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED,
                 _("the loss became NaN or infinite at epoch %u, batch %u; try a lower learning rate "
                   "(the weights of the last finished epoch were kept)"), epoch, batch);
  else
    g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED,
                 _("the loss became NaN or infinite at epoch %u, batch %u; try a lower learning rate "
                   "(the weights of the start were kept)"), epoch, batch);
  return FALSE;
}

gboolean
bp_trainer_step (BpTrainer *trainer, BpProgress *progress, GError **error)
{
  const BpDataset *dataset = trainer->dataset;
  const gsize n_train = dataset->n_train;
  const gsize d = trainer->n_inputs, k = trainer->n_outputs;

  g_return_val_if_fail (!bp_trainer_is_finished (trainer), FALSE);
  G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();
  clock_start (trainer);

  if (trainer->position == 0 && trainer->batch == 0)
    {
      /* A new epoch: its order and its learning rate. */
      memcpy (trainer->order, dataset->train, n_train * sizeof (guint32));
      trainer->epoch_rng = trainer->shuffle_rng;
      trainer->epoch_shuffled = trainer->config.shuffle;
      if (trainer->config.shuffle)
        bp_rng_shuffle_u32 (&trainer->shuffle_rng, trainer->order, n_train);
      trainer->learning_rate = scheduled_rate (trainer, trainer->epoch);
      trainer->optimizer->config.learning_rate = (float) trainer->learning_rate;
      trainer->loss_sum = trainer->metric_sum = 0.0;
      trainer->epoch_rows = 0;
      trainer->epoch_seconds_start = trainer->seconds;
    }

  const gsize n = MIN ((gsize) trainer->config.batch_size, n_train - trainer->position);
  GatherJob gather = { trainer->batch_x, trainer->batch_y, dataset->x, dataset->y,
                       trainer->order + trainer->position, d, k };
  /* Split by rows only when the batch is big enough to pay a helper. */
  bp_workers_run (trainer->workers, gather_part, &gather, n, n * d >= 32768 ? 32 : G_MAXSIZE);

  BpModel *model = trainer->model;
  BpWorkspace *ws = trainer->train_ws;
  const gsize last = model->n_layers - 1;
  bp_model_forward (model, ws, trainer->batch_x, n, &trainer->dropout_rng);
  double loss = bp_loss_compute (&trainer->loss, ws->a[last], ws->delta, ws->z[last], trainer->batch_y, n, k);
  if (!isfinite (loss))
    return diverged (trainer, FALSE, error);
  bp_model_backward (model, ws, trainer->batch_x);
  /* The penalty of the weights this loss was computed with. */
  loss += bp_optimizer_penalty (trainer->optimizer, model);
  /* NaN when the gradient or the updated weights are not finite: a
   * finite gradient can still overflow the update. */
  if (!isfinite (bp_optimizer_step (trainer->optimizer, model)))
    return diverged (trainer, TRUE, error);

  trainer->loss_sum += loss * (double) n;
  trainer->metric_sum += batch_metric (trainer, ws->a[last], trainer->batch_y, n);
  trainer->epoch_rows += n;
  trainer->position += n;
  trainer->batch++;
  trainer->step++;
  trainer->samples += n;

  clock_stop (trainer);
  if (trainer->config.time_limit > 0.0 && trainer->seconds >= trainer->config.time_limit)
    trainer->stop_reason = BP_STOP_TIME;

  fill_progress (trainer, progress, BP_PROGRESS_BATCH);
  progress->epoch = trainer->epoch + 1;
  progress->batch_loss = loss;
  return TRUE;
}

void
bp_trainer_evaluate (BpTrainer *trainer, const guint32 *rows, gsize n_rows, double *loss_out,
                     double *metric_out)
{
  const BpDataset *dataset = trainer->dataset;
  const gsize d = trainer->n_inputs, k = trainer->n_outputs;
  const gsize chunk_rows = trainer->eval_ws->max_rows;
  BpLossConfig plain = trainer->loss;
  plain.label_smoothing = 0.0f;   /* report the loss of the true labels, as Keras does */
  double loss = 0.0, metric = 0.0;
  G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();

  for (gsize start = 0; start < n_rows; start += chunk_rows)
    {
      const gsize n = MIN (chunk_rows, n_rows - start);
      for (gsize r = 0; r < n; r++)
        {
          const guint32 row = rows[start + r];
          memcpy (trainer->eval_x + r * d, dataset->x + (gsize) row * d, d * sizeof (float));
          memcpy (trainer->eval_y + r * k, dataset->y + (gsize) row * k, k * sizeof (float));
        }
      bp_model_forward (trainer->model, trainer->eval_ws, trainer->eval_x, n, NULL);
      const gsize last = trainer->model->n_layers - 1;
      loss += bp_loss_compute (&plain, trainer->eval_out, NULL, trainer->eval_ws->z[last], trainer->eval_y, n, k) * (double) n;
      metric += batch_metric (trainer, trainer->eval_out, trainer->eval_y, n);
    }
  *loss_out = n_rows ? loss / (double) n_rows + bp_optimizer_penalty (trainer->optimizer, trainer->model) : NAN;
  *metric_out = n_rows ? metric / (double) n_rows : NAN;
}

/* Lower is better for what is monitored. */
static double
monitored (const BpTrainer *trainer, const BpEpochRecord *record)
{
  gboolean have_validation = trainer->dataset->n_validation > 0;
  if (trainer->config.monitor == BP_MONITOR_VAL_METRIC)
    {
      double m = have_validation ? record->val_metric : record->metric;
      return trainer->classification ? -m : m;
    }
  return have_validation ? record->val_loss : record->loss;
}

/* Validate and record the epoch so far: normally a whole one; when the
 * time limit ends a run mid-epoch, the part that ran, so that the history
 * describes the weights the run ends with. */
static gboolean
close_epoch (BpTrainer *trainer, BpProgress *progress, GError **error)
{
  const BpDataset *dataset = trainer->dataset;
  BpTrainConfig *config = &trainer->config;
  G_GNUC_UNUSED g_auto(BpFlushDenormals) flush = bp_flush_denormals_begin ();
  clock_start (trainer);

  BpEpochRecord record = {
    .epoch = trainer->epoch + 1,
    .loss = trainer->loss_sum / (double) MAX (trainer->epoch_rows, 1),
    .metric = trainer->metric_sum / (double) MAX (trainer->epoch_rows, 1),
    .val_loss = NAN,
    .val_metric = NAN,
    .learning_rate = trainer->learning_rate,
  };
  if (dataset->n_validation > 0)
    bp_trainer_evaluate (trainer, dataset->validation, dataset->n_validation, &record.val_loss, &record.val_metric);
  if (!isfinite (record.val_loss) && dataset->n_validation > 0)
    {
      memcpy (trainer->model->params, trainer->good_params, trainer->model->n_params * sizeof (float));
      clock_stop (trainer);
      trainer->stop_reason = BP_STOP_DIVERGED;
      if (diverged_on_huge_values (trainer, record.epoch, error))
        ;
      else if (trainer->epoch)
        g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED,
                     _("the validation loss became NaN or infinite at epoch %u; try a lower learning rate "
                     "(the weights of the last finished epoch were kept)"), record.epoch);
      else
        g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED,
                     _("the validation loss became NaN or infinite at epoch %u; try a lower learning rate "
                     "(the weights of the start were kept)"), record.epoch);
      return FALSE;
    }

  trainer->epoch++;
  trainer->position = 0;
  trainer->batch = 0;
  memcpy (trainer->good_params, trainer->model->params, trainer->model->n_params * sizeof (float));

  /* Early stopping and the plateau schedule watch the same value. */
  double value = monitored (trainer, &record);
  if (value < trainer->best_monitored - config->min_delta)
    {
      trainer->best_monitored = value;
      trainer->best_epoch = record.epoch;
      trainer->epochs_since_best = 0;
      memcpy (trainer->best_params, trainer->model->params, trainer->model->n_params * sizeof (float));
    }
  else
    trainer->epochs_since_best++;

  if (config->schedule.kind == BP_SCHEDULE_PLATEAU)
    {
      if (value < trainer->plateau_best - config->min_delta)
        {
          trainer->plateau_best = value;
          trainer->epochs_since_plateau_best = 0;
        }
      else if (++trainer->epochs_since_plateau_best >= MAX (config->schedule.patience, 1))
        {
          trainer->learning_rate = MAX (trainer->learning_rate * config->schedule.factor, config->schedule.min_rate);
          trainer->epochs_since_plateau_best = 0;
        }
    }

  clock_stop (trainer);
  record.seconds = trainer->seconds - trainer->epoch_seconds_start;
  record.samples_per_second = record.seconds > 0.0 ? (double) trainer->epoch_rows / record.seconds : 0.0;
  g_array_append_val (trainer->history, record);

  if (trainer->stop_reason != BP_STOP_NONE)
    ;   /* already ended (the time limit, mid-epoch) */
  else if (config->patience > 0 && trainer->epochs_since_best >= config->patience)
    trainer->stop_reason = BP_STOP_EARLY;
  else if (!isnan (config->target_metric) && dataset->n_validation > 0 &&
           (trainer->classification ? record.val_metric >= config->target_metric
                                    : record.val_metric <= config->target_metric))
    trainer->stop_reason = BP_STOP_TARGET;
  else if (config->time_limit > 0.0 && trainer->seconds >= config->time_limit)
    trainer->stop_reason = BP_STOP_TIME;
  else if (trainer->epoch >= config->epochs)
    trainer->stop_reason = BP_STOP_EPOCHS;

  if (trainer->stop_reason == BP_STOP_EARLY && config->restore_best)
    memcpy (trainer->model->params, trainer->best_params, trainer->model->n_params * sizeof (float));

  fill_progress (trainer, progress, BP_PROGRESS_EPOCH);
  progress->epoch = record.epoch;
  progress->batch = progress->batches = trainer->history->len ? (guint) ((dataset->n_train + config->batch_size - 1) / config->batch_size) : 0;
  progress->loss = record.loss;
  progress->metric = record.metric;
  progress->val_loss = record.val_loss;
  progress->val_metric = record.val_metric;
  progress->learning_rate = record.learning_rate;
  progress->epoch_seconds = record.seconds;
  progress->samples_per_second = record.samples_per_second;
  return TRUE;
}

gboolean
bp_trainer_end_epoch (BpTrainer *trainer, BpProgress *progress, GError **error)
{
  g_return_val_if_fail (bp_trainer_epoch_complete (trainer), FALSE);
  return close_epoch (trainer, progress, error);
}

gboolean
bp_trainer_run (BpTrainer *trainer, BpProgressCallback callback, gpointer user_data,
                BpTrainControl *control, GError **error)
{
  BpProgress progress;
  while (!bp_trainer_is_finished (trainer))
    {
      if (control)
        {
          gboolean epoch_start = trainer->position == 0;
          if (bp_train_control_wait (control, epoch_start) == BP_CONTROL_STOP)
            {
              trainer->stop_reason = BP_STOP_USER;
              break;
            }
        }
      if (!bp_trainer_step (trainer, &progress, error))
        return FALSE;
      if (callback)
        callback (&progress, user_data);
      if (bp_trainer_epoch_complete (trainer) || trainer->stop_reason == BP_STOP_TIME)
        {
          if (!close_epoch (trainer, &progress, error))
            return FALSE;
          if (callback)
            callback (&progress, user_data);
        }
    }
  return TRUE;
}

/* ---- captured moments ---------------------------------------------------- */

/* Everything the next batch depends on, in one block: a state restored into
 * a trainer over the same network and data continues bit for bit as the
 * captured one did. The shuffle order is not kept but made again from the
 * generator's state before the epoch's shuffle. */
struct _BpTrainerState {
  gsize         size;              /* bytes of the whole block */
  gsize         n_params;
  gsize         n_train;
  BpTrainConfig config;            /* class_weights NULL: the trainer keeps its own */
  BpRng         shuffle_rng, init_rng, dropout_rng, epoch_rng;
  gboolean      epoch_shuffled;
  guint         epoch;
  gsize         position;
  guint         batch;
  guint64       step, samples;
  double        loss_sum, metric_sum;
  gsize         epoch_rows;
  double        seconds, epoch_seconds_start;
  double        learning_rate, base_rate;
  double        best_monitored, plateau_best;
  guint         best_epoch, epochs_since_best, epochs_since_plateau_best;
  BpStopReason  stop_reason;
  guint         history_len;
  guint64       optimizer_steps;
  /* n_params floats each: the weights, the optimizer's two moments, the
   * last good epoch's and the best epoch's weights. */
  float         data[];
};

#define STATE_BLOCKS 5

gsize
bp_trainer_state_size (const BpTrainer *trainer)
{
  gsize size = sizeof (BpTrainerState) + STATE_BLOCKS * trainer->model->n_params * sizeof (float);
  /* Slots of a pool stay aligned for the header's doubles. */
  return (size + 15) & ~(gsize) 15;
}

void
bp_trainer_capture_into (const BpTrainer *trainer, BpTrainerState *state)
{
  const gsize n = trainer->model->n_params;
  state->size = bp_trainer_state_size (trainer);
  state->n_params = n;
  state->n_train = trainer->dataset->n_train;
  state->config = trainer->config;
  state->config.class_weights = NULL;
  state->shuffle_rng = trainer->shuffle_rng;
  state->init_rng = trainer->init_rng;
  state->dropout_rng = trainer->dropout_rng;
  state->epoch_rng = trainer->epoch_rng;
  state->epoch_shuffled = trainer->epoch_shuffled;
  state->epoch = trainer->epoch;
  state->position = trainer->position;
  state->batch = trainer->batch;
  state->step = trainer->step;
  state->samples = trainer->samples;
  state->loss_sum = trainer->loss_sum;
  state->metric_sum = trainer->metric_sum;
  state->epoch_rows = trainer->epoch_rows;
  state->seconds = trainer->seconds;
  state->epoch_seconds_start = trainer->epoch_seconds_start;
  state->learning_rate = trainer->learning_rate;
  state->base_rate = trainer->base_rate;
  state->best_monitored = trainer->best_monitored;
  state->plateau_best = trainer->plateau_best;
  state->best_epoch = trainer->best_epoch;
  state->epochs_since_best = trainer->epochs_since_best;
  state->epochs_since_plateau_best = trainer->epochs_since_plateau_best;
  state->stop_reason = trainer->stop_reason;
  state->history_len = trainer->history->len;
  state->optimizer_steps = trainer->optimizer->steps;
  memcpy (state->data, trainer->model->params, n * sizeof (float));
  memcpy (state->data + n, trainer->optimizer->m, n * sizeof (float));
  memcpy (state->data + 2 * n, trainer->optimizer->v, n * sizeof (float));
  memcpy (state->data + 3 * n, trainer->good_params, n * sizeof (float));
  memcpy (state->data + 4 * n, trainer->best_params, n * sizeof (float));
}

BpTrainerState *
bp_trainer_capture (const BpTrainer *trainer)
{
  BpTrainerState *state = g_malloc (bp_trainer_state_size (trainer));
  bp_trainer_capture_into (trainer, state);
  return state;
}

BpTrainerState *
bp_trainer_state_copy (const BpTrainerState *state)
{
  return g_memdup2 (state, state->size);
}

void
bp_trainer_state_free (BpTrainerState *state)
{
  g_free (state);
}

gsize
bp_trainer_state_get_size (const BpTrainerState *state)
{
  return state->size;
}

void
bp_trainer_state_get_moment (const BpTrainerState *state, BpTrainerMoment *moment)
{
  const gsize batch_size = MAX (state->config.batch_size, 1);
  moment->epoch = state->epoch;
  moment->batch = state->batch;
  moment->batches = state->batch + (guint) ((state->n_train - MIN (state->position, state->n_train) + batch_size - 1) / batch_size);
  moment->step = state->step;
  moment->samples = state->samples;
  moment->history_len = state->history_len;
  moment->learning_rate = state->learning_rate;
  moment->finished = state->stop_reason != BP_STOP_NONE;
}

const float *
bp_trainer_state_get_params (const BpTrainerState *state, gsize *n_params)
{
  if (n_params)
    *n_params = state->n_params;
  return state->data;
}

const BpTrainConfig *
bp_trainer_state_get_config (const BpTrainerState *state)
{
  return &state->config;
}

gboolean
bp_trainer_restore (BpTrainer *trainer, const BpTrainerState *state, const GArray *history, GError **error)
{
  const gsize n = trainer->model->n_params;
  const BpDataset *dataset = trainer->dataset;
  if (state->n_params != n || state->n_train != dataset->n_train)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_SHAPE,
                   _("the moment to continue from is of another network or other data"));
      return FALSE;
    }
  if (!history)
    history = trainer->history;
  if (history->len < state->history_len)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("the moment to continue from needs %u epochs of history, but only %u are there"),
                   state->history_len, history->len);
      return FALSE;
    }
  if (state->config.batch_size > trainer->batch_capacity)
    allocate_batches (trainer, state->config.batch_size);

  const float *weights = trainer->class_weights;
  trainer->config = state->config;
  trainer->config.class_weights = weights;
  trainer->loss.label_smoothing = state->config.label_smoothing;
  trainer->shuffle_rng = state->shuffle_rng;
  trainer->init_rng = state->init_rng;
  trainer->dropout_rng = state->dropout_rng;
  trainer->epoch_rng = state->epoch_rng;
  trainer->epoch_shuffled = state->epoch_shuffled;
  trainer->epoch = state->epoch;
  trainer->position = state->position;
  trainer->batch = state->batch;
  trainer->step = state->step;
  trainer->samples = state->samples;
  trainer->loss_sum = state->loss_sum;
  trainer->metric_sum = state->metric_sum;
  trainer->epoch_rows = state->epoch_rows;
  trainer->seconds = state->seconds;
  trainer->stretch_start = 0;
  trainer->epoch_seconds_start = state->epoch_seconds_start;
  trainer->learning_rate = state->learning_rate;
  trainer->base_rate = state->base_rate;
  trainer->best_monitored = state->best_monitored;
  trainer->plateau_best = state->plateau_best;
  trainer->best_epoch = state->best_epoch;
  trainer->epochs_since_best = state->epochs_since_best;
  trainer->epochs_since_plateau_best = state->epochs_since_plateau_best;
  /* A user's stop is no part of the training: from that moment the run can go on. */
  trainer->stop_reason = state->stop_reason == BP_STOP_USER ? BP_STOP_NONE : state->stop_reason;

  trainer->optimizer->config = state->config.optimizer;
  trainer->optimizer->config.learning_rate = (float) state->learning_rate;
  trainer->optimizer->steps = state->optimizer_steps;
  memcpy (trainer->model->params, state->data, n * sizeof (float));
  memcpy (trainer->optimizer->m, state->data + n, n * sizeof (float));
  memcpy (trainer->optimizer->v, state->data + 2 * n, n * sizeof (float));
  memcpy (trainer->good_params, state->data + 3 * n, n * sizeof (float));
  memcpy (trainer->best_params, state->data + 4 * n, n * sizeof (float));

  /* Mid-epoch: this epoch's order, made again as step() made it. */
  if (trainer->position > 0 || trainer->batch > 0)
    {
      memcpy (trainer->order, dataset->train, dataset->n_train * sizeof (guint32));
      if (trainer->epoch_shuffled)
        {
          BpRng rng = trainer->epoch_rng;
          bp_rng_shuffle_u32 (&rng, trainer->order, dataset->n_train);
        }
    }

  if (history != trainer->history)
    {
      g_array_set_size (trainer->history, 0);
      g_array_append_vals (trainer->history, history->data, state->history_len);
    }
  else
    g_array_set_size (trainer->history, state->history_len);
  return TRUE;
}
