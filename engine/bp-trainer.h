/* bp-trainer.h: the training loop, one batch at a time.
 *
 * bp_trainer_new() allocates everything a run needs (batch buffers, the
 * workspaces, optimizer state, the shuffle order, copies of the best and
 * last good weights); after that, nothing is allocated while training.
 *
 * Two levels share the same code:
 * - the step API: bp_trainer_step() runs one mini-batch,
 *   bp_trainer_end_epoch() validates and closes the epoch; the caller owns
 *   the loop and can pause between any two steps;
 * - bp_trainer_run(): the whole loop, calling back after every batch and
 *   every epoch (on the calling thread), and checking a BpTrainControl
 *   between batches, so a stop takes effect within one batch.
 *
 * Guarantees:
 * - After any call returns, the model is consistent: an update is applied
 *   whole or not at all, so a stopped run keeps the weights trained so far.
 * - A NaN or Inf loss or gradient ends the run with BP_ENGINE_ERROR_DIVERGED
 *   naming the epoch and batch; the model is put back to the weights of the
 *   last finished epoch (or the initial ones).
 * - The same seed and the same OpenBLAS thread count give bit-identical
 *   losses and weights.
 * - A run the time limit ends mid-epoch still gets that partial epoch
 *   validated and recorded, so the history's last entry describes the
 *   weights it ends with.
 * - Settings that can change between batches (learning rate, optimizer
 *   constants, batch size, epochs, stop rules) can be changed with
 *   bp_trainer_set_config() while paused; optimizer state is kept.
 */
#pragma once

#include <glib.h>

#include "bp-dataset.h"
#include "bp-model.h"
#include "bp-optimizer.h"
#include "bp-train-control.h"

G_BEGIN_DECLS

typedef enum {
  BP_SCHEDULE_CONSTANT,
  BP_SCHEDULE_STEP,          /* × factor every step_epochs epochs */
  BP_SCHEDULE_EXPONENTIAL,   /* × factor every epoch */
  BP_SCHEDULE_COSINE,        /* from the rate down to min_rate over the run */
  BP_SCHEDULE_PLATEAU,       /* × factor after patience epochs without improvement */
} BpScheduleKind;

typedef struct {
  BpScheduleKind kind;
  guint          step_epochs;
  float          factor;
  guint          patience;
  float          min_rate;
} BpSchedule;

typedef enum {
  BP_MONITOR_VAL_LOSS,
  BP_MONITOR_VAL_METRIC,
} BpMonitor;

/* The largest epochs and batch size a config takes. */
#define BP_MAX_EPOCHS     1000000
#define BP_MAX_BATCH_SIZE 65536

typedef struct {
  guint             epochs;
  guint             batch_size;
  guint64           seed;
  gboolean          shuffle;          /* reshuffle training rows every epoch (Keras's default) */
  BpOptimizerConfig optimizer;
  BpSchedule        schedule;
  float             label_smoothing;
  const float      *class_weights;    /* n_classes values, or NULL */

  guint             patience;         /* early stopping; 0: off */
  BpMonitor         monitor;
  double            min_delta;
  gboolean          restore_best;
  double            target_metric;    /* stop when validation reaches it; NaN: off */
  double            time_limit;       /* seconds; 0: off */
} BpTrainConfig;

typedef enum {
  BP_PROGRESS_BATCH,
  BP_PROGRESS_EPOCH,
} BpProgressKind;

/* Plain values, copied by value into progress buffers. */
typedef struct {
  BpProgressKind kind;
  guint64        run_id;
  guint          epoch;              /* 1-based */
  guint          epochs;
  guint          batch;              /* 1-based, within the epoch */
  guint          batches;
  guint64        step;               /* batches run so far */
  guint64        samples;            /* rows seen so far */
  double         batch_loss;
  double         loss;               /* mean over the epoch so far */
  double         metric;             /* accuracy, or MAE in the target's units */
  double         val_loss;           /* NaN until measured */
  double         val_metric;
  double         learning_rate;
  double         seconds;            /* training time so far (pauses excluded) */
  double         epoch_seconds;
  double         samples_per_second;
} BpProgress;

typedef struct {
  guint  epoch;
  double loss, metric, val_loss, val_metric;
  double seconds, samples_per_second, learning_rate;
} BpEpochRecord;

typedef enum {
  BP_STOP_NONE,
  BP_STOP_EPOCHS,         /* every epoch ran */
  BP_STOP_EARLY,          /* no improvement for `patience` epochs */
  BP_STOP_TARGET,         /* the validation metric reached its target */
  BP_STOP_TIME,           /* the time limit passed */
  BP_STOP_USER,           /* the control said stop */
  BP_STOP_DIVERGED,       /* NaN or Inf; the last good weights were put back */
} BpStopReason;

typedef void (*BpProgressCallback) (const BpProgress *progress, gpointer user_data);

typedef struct _BpTrainer BpTrainer;

/* The seed recipe: 10 epochs, batch 32, Adam 1e-3, shuffled, no early stop. */
void            bp_train_config_init      (BpTrainConfig        *config);
gboolean        bp_train_config_validate  (const BpTrainConfig  *config,
                                           GError              **error);
const char     *bp_stop_reason_to_string  (BpStopReason          reason);

/* model and dataset are borrowed and must outlive the trainer. */
BpTrainer      *bp_trainer_new            (BpModel              *model,
                                           const BpDataset      *dataset,
                                           const BpTrainConfig  *config,
                                           GError              **error);
void            bp_trainer_free           (BpTrainer            *trainer);

/* Initialize the weights from the seed (done by bp_trainer_new). */
void            bp_trainer_reset          (BpTrainer            *trainer);
gboolean        bp_trainer_set_config     (BpTrainer            *trainer,
                                           const BpTrainConfig  *config,
                                           GError              **error);
const BpTrainConfig *bp_trainer_get_config (const BpTrainer     *trainer);

gboolean        bp_trainer_step           (BpTrainer            *trainer,
                                           BpProgress           *progress,
                                           GError              **error);
gboolean        bp_trainer_epoch_complete (const BpTrainer      *trainer);
gboolean        bp_trainer_end_epoch      (BpTrainer            *trainer,
                                           BpProgress           *progress,
                                           GError              **error);
gboolean        bp_trainer_is_finished    (const BpTrainer      *trainer);
/* Batches run so far, and the training rows an epoch goes through. */
guint64         bp_trainer_get_step       (const BpTrainer      *trainer);
gsize           bp_trainer_get_n_train    (const BpTrainer      *trainer);
BpStopReason    bp_trainer_get_stop_reason (BpTrainer           *trainer);
/* The epoch with the best monitored value so far (0 before the first). */
guint           bp_trainer_get_best_epoch (const BpTrainer      *trainer);
/* Whether early stopping put that epoch's weights back at the end. */
gboolean        bp_trainer_restored_best  (const BpTrainer      *trainer);

gboolean        bp_trainer_run            (BpTrainer            *trainer,
                                           BpProgressCallback    callback,
                                           gpointer              user_data,
                                           BpTrainControl       *control,
                                           GError              **error);

/* Loss and metric of the current model on a set of dataset rows. */
void            bp_trainer_evaluate       (BpTrainer            *trainer,
                                           const guint32        *rows,
                                           gsize                 n_rows,
                                           double               *loss,
                                           double               *metric);
const GArray   *bp_trainer_get_history    (const BpTrainer      *trainer);  /* BpEpochRecord */
/* Its state (Adam's moments, the step count); read it only while the
 * trainer is not running. */
const BpOptimizer *bp_trainer_get_optimizer (const BpTrainer    *trainer);
/* Threads for the element-wise work between matrix products (bp-workers.h);
 * results do not depend on it. Default 1: on a busy 2-core machine a
 * helper next to OpenBLAS's pool thread (which waits for work on
 * sched_yield) gave no measurable gain and several seconds of system time
 * per epoch; front ends turn it on once that is settled. Only while the
 * trainer is not running. */
void            bp_trainer_set_threads    (BpTrainer            *trainer,
                                           guint                 n_threads);
guint           bp_trainer_get_threads    (const BpTrainer      *trainer);
void            bp_trainer_set_run_id     (BpTrainer            *trainer,
                                           guint64               run_id);

/* A captured moment of a run (between two batches): the weights, the
 * optimizer's moments and step count, the random generators, where the run
 * stands in its epoch (the shuffle order is made again from them), the
 * schedule's and early stopping's bookkeeping, the best and last good
 * weights, the settings in force and how long the history was. Restored
 * into a trainer over the same network and data (a fresh one from the same
 * recipe, or the same one), the run goes on bit for bit as it did after the
 * capture, at the same OpenBLAS thread count; settings changed after the
 * restore (bp_trainer_set_config) make a fork. One flat block: capture_into
 * writes into bp_trainer_state_size() bytes the caller owns, without
 * allocating, so a pool of them can be filled between batches. */
typedef struct _BpTrainerState BpTrainerState;

typedef struct {
  guint   epoch;         /* epochs finished */
  guint   batch;         /* batches done in the epoch after those; 0 at an epoch's end */
  guint   batches;       /* batches in that epoch */
  guint64 step;          /* batches run so far */
  guint64 samples;
  guint   history_len;   /* epoch records the run had */
  double  learning_rate;
  gboolean finished;     /* the run had ended (an epoch count, early stop, …) */
} BpTrainerMoment;

gsize           bp_trainer_state_size     (const BpTrainer      *trainer);
BpTrainerState *bp_trainer_capture        (const BpTrainer      *trainer);
/* state: bp_trainer_state_size (trainer) bytes, aligned as malloc's. */
void            bp_trainer_capture_into   (const BpTrainer      *trainer,
                                           BpTrainerState       *state);
BpTrainerState *bp_trainer_state_copy     (const BpTrainerState *state);
void            bp_trainer_state_free     (BpTrainerState       *state);
gsize           bp_trainer_state_get_size (const BpTrainerState *state);
void            bp_trainer_state_get_moment (const BpTrainerState *state,
                                           BpTrainerMoment      *moment);
const float    *bp_trainer_state_get_params (const BpTrainerState *state,
                                           gsize                *n_params);
/* The settings in force at the capture (class_weights NULL). */
const BpTrainConfig *bp_trainer_state_get_config (const BpTrainerState *state);
/* Put the trainer (and its model) back to the captured moment. history
 * holds the run's epoch records (at least the moment's history_len; NULL:
 * the trainer's own, for a trainer going back in its own run); the
 * trainer's history becomes their first history_len. Fails with SHAPE when
 * the network or the training rows differ, INVALID when the history is too
 * short; the trainer is unchanged then. A run the user had stopped can go
 * on from its moment; one that had ended by its own rules goes on once
 * bp_trainer_set_config() allows more. Only while it is not running. */
gboolean        bp_trainer_restore        (BpTrainer            *trainer,
                                           const BpTrainerState *state,
                                           const GArray         *history,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpTrainer, bp_trainer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpTrainerState, bp_trainer_state_free)

G_END_DECLS
