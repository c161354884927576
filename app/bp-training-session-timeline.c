/* bp-training-session-timeline.c: the run's timeline, replay and fork.
 *
 * The worker offers every progress record to the run's BpTimeline
 * (bp-training-session.c); this file is the UI thread's side: the list of
 * snapshots, a model file as the run was at one, and a fork that goes on
 * from one as a new run while the parent is let go.
 */
#define G_LOG_DOMAIN "bp-training-session"

#include "bp-training-session-private.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

BpTimeline *
bp_training_session_get_timeline (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  return self->run ? self->run->timeline : NULL;
}

void
bp_training_session_set_snapshot_budget (BpTrainingSession *self, gsize bytes)
{
  g_return_if_fail (BP_IS_TRAINING_SESSION (self));
  self->snapshot_budget = bytes;
}

gboolean
bp_training_session_get_fork_point (BpTrainingSession *self, BpForkPoint *point)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), FALSE);
  if (!self->run || !self->run->fork.parent_run_id)
    return FALSE;
  if (point)
    *point = self->run->fork;
  return TRUE;
}

static gboolean
no_snapshot (BpTrainingSession *self, guint index, GError **error)
{
  if (self->run && index < bp_timeline_get_n_snapshots (self->run->timeline))
    return FALSE;
  g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("There is no such moment in this run"));
  return TRUE;
}

BpModelFile *
bp_training_session_get_snapshot_model_file (BpTrainingSession *self, guint index, GError **error)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  if (no_snapshot (self, index, error))
    return NULL;
  BpSessionRun *run = self->run;
  g_autoptr(BpTrainerState) state = bp_timeline_get_state (run->timeline, index);
  g_autoptr(BpModel) model = bp_timeline_get_model (run->timeline, index, error);
  if (!state || !model)
    return NULL;
  BpTrainerMoment moment;
  bp_trainer_state_get_moment (state, &moment);
  g_autoptr(GArray) history = bp_timeline_get_history (run->timeline);
  g_array_set_size (history, MIN (history->len, moment.history_len));
  /* The dataset is only read, by the worker too. */
  return bp_model_file_new_from_training (run->dataset, &run->options, model,
                                          bp_trainer_state_get_config (state), history);
}

/* The first record a fork shows: the parent's last epoch before it. */
static void
fork_last (BpTrainingSession *self, const BpTrainerMoment *moment)
{
  memset (&self->last, 0, sizeof self->last);
  self->last.kind = BP_PROGRESS_EPOCH;
  self->last.run_id = self->run->id;
  self->last.epochs = self->config.epochs;
  self->last.step = moment->step;
  self->last.samples = moment->samples;
  self->last.learning_rate = moment->learning_rate;
  self->last.loss = self->last.metric = self->last.val_loss = self->last.val_metric = NAN;
  if (self->history->len)
    {
      const BpEpochRecord *r = &g_array_index (self->history, BpEpochRecord, self->history->len - 1);
      self->last.epoch = r->epoch;
      self->last.loss = r->loss;
      self->last.metric = r->metric;
      self->last.val_loss = r->val_loss;
      self->last.val_metric = r->val_metric;
    }
}

void
_bp_training_session_show_fork_start (BpTrainingSession     *self,
                                      const GArray          *history,
                                      const BpTrainerMoment *moment)
{
  g_array_append_vals (self->history, history->data, MIN (history->len, moment->history_len));
  fork_last (self, moment);
}

gboolean
bp_training_session_fork (BpTrainingSession   *self,
                          guint                index,
                          const BpTrainConfig *config,
                          GError             **error)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), FALSE);
  if (no_snapshot (self, index, error))
    return FALSE;
  BpSessionRun *parent = self->run;

  /* Everything that can fail first, beside the parent (which may still
   * be training: the dataset and the timeline are only read). */
  g_autoptr(BpTrainerState) state = bp_timeline_get_state (parent->timeline, index);
  g_autoptr(GArray) history = bp_timeline_get_history (parent->timeline);
  g_autoptr(BpModel) model = bp_model_new (parent->model->spec, error);
  if (!state || !model)
    return FALSE;
  BpTrainConfig start = *bp_trainer_state_get_config (state);
  start.class_weights = parent->class_weights;
  g_autoptr(BpTrainer) trainer = bp_trainer_new (model, parent->dataset, &start, error);
  if (!trainer || !bp_trainer_restore (trainer, state, history, error))
    return FALSE;
  if (config)
    {
      BpTrainConfig changed = *config;
      changed.class_weights = NULL;   /* the trainer keeps its own */
      if (!bp_trainer_set_config (trainer, &changed, error))
        return FALSE;
    }

  /* The parent's worker ends within a batch; then its dataset moves over. */
  BpTrainerMoment moment;
  bp_trainer_state_get_moment (state, &moment);
  BpSessionRun *run = g_new0 (BpSessionRun, 1);
  run->fork.parent_run_id = parent->id;
  run->fork.epoch = moment.epoch;
  run->fork.batch = moment.batch;
  run->fork.step = moment.step;
  run->fork.snapshot = index;
  run->options = parent->options;
  g_clear_handle_id (&self->finish_idle, g_source_remove);
  bp_train_control_stop (parent->control);
  if (parent->thread)
    g_thread_join (g_steal_pointer (&parent->thread));
  run->dataset = g_steal_pointer (&parent->dataset);
  run->model = g_steal_pointer (&model);
  run->trainer = g_steal_pointer (&trainer);
  _bp_training_session_drop_run (self);
  _bp_training_session_start_run (self, run, history, &moment);
  _bp_training_session_emit_forked (self);
  return TRUE;
}
