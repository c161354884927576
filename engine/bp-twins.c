/* bp-twins.c: two networks trained in lock-step (see bp-twins.h). */
#include "bp-twins.h"

#include <glib/gi18n-lib.h>

#include "bp-error.h"
#include "bp-layer-stack.h"

struct _BpTwins {
  const BpDataset *dataset;
  BpModelSpec     *spec[2];
  BpModel         *model[2];
  BpTrainer       *trainer[2];
  gboolean         waiting[2];   /* its epoch ended; the other's has not yet */
  guint            next;         /* whose turn */
};

BpTwins *
bp_twins_new (const BpDataset *dataset, const BpRunSettings *a, const BpRunSettings *b, GError **error)
{
  g_return_val_if_fail (dataset != NULL && a != NULL && b != NULL, NULL);
  g_autoptr(BpTwins) twins = g_new0 (BpTwins, 1);
  twins->dataset = dataset;
  const BpRunSettings *settings[] = { a, b };
  for (guint i = 0; i < 2; i++)
    {
      /* No time limit: it would end the twins at different moments. */
      BpTrainConfig config = settings[i]->config;
      config.time_limit = 0.0;
      twins->spec[i] = bp_layer_stack_build (settings[i]->layers, dataset);
      twins->model[i] = bp_model_new (twins->spec[i], error);
      if (twins->model[i] != NULL)
        twins->trainer[i] = bp_trainer_new (twins->model[i], dataset, &config, error);
      if (twins->trainer[i] == NULL)
        {
          /* Translators: %u is 1 or 2, the twin. */
          g_prefix_error (error, _("twin %u: "), i + 1);
          return NULL;
        }
      bp_trainer_set_run_id (twins->trainer[i], i);
    }
  return g_steal_pointer (&twins);
}

void
bp_twins_free (BpTwins *twins)
{
  if (twins == NULL)
    return;
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&twins->trainer[i], bp_trainer_free);
      g_clear_pointer (&twins->model[i], bp_model_free);
      g_clear_pointer (&twins->spec[i], bp_model_spec_free);
    }
  g_free (twins);
}

BpTrainer *
bp_twins_get_trainer (BpTwins *twins, guint which)
{
  g_return_val_if_fail (twins != NULL && which < 2, NULL);
  return twins->trainer[which];
}

BpModel *
bp_twins_get_model (BpTwins *twins, guint which)
{
  g_return_val_if_fail (twins != NULL && which < 2, NULL);
  return twins->model[which];
}

gboolean
bp_twins_is_finished (BpTwins *twins)
{
  g_return_val_if_fail (twins != NULL, TRUE);
  return bp_trainer_is_finished (twins->trainer[0]) && bp_trainer_is_finished (twins->trainer[1]);
}

/* At the barrier: its epoch ended, or it has finished. */
static gboolean
at_barrier (BpTwins *twins, guint i)
{
  return twins->waiting[i] || bp_trainer_is_finished (twins->trainer[i]);
}

gboolean
bp_twins_step (BpTwins *twins, BpProgress *progress, guint *which, GError **error)
{
  g_return_val_if_fail (twins != NULL && progress != NULL && !bp_twins_is_finished (twins), FALSE);
  /* Both at the end of an epoch: the next one starts for both. */
  if (at_barrier (twins, 0) && at_barrier (twins, 1))
    twins->waiting[0] = twins->waiting[1] = FALSE;
  guint i = twins->next;
  if (at_barrier (twins, i))
    i = 1 - i;
  twins->next = 1 - i;
  if (which)
    *which = i;
  BpTrainer *trainer = twins->trainer[i];
  gboolean ok;
  if (bp_trainer_epoch_complete (trainer))
    {
      ok = bp_trainer_end_epoch (trainer, progress, error);
      twins->waiting[i] = TRUE;
    }
  else
    ok = bp_trainer_step (trainer, progress, error);
  progress->run_id = i;
  return ok;
}

gboolean
bp_twins_run (BpTwins *twins, BpProgressCallback callback, gpointer user_data, GError **diverged, GError **error)
{
  g_return_val_if_fail (twins != NULL, FALSE);
  while (!bp_twins_is_finished (twins))
    {
      BpProgress progress;
      guint which;
      g_autoptr(GError) local = NULL;
      if (bp_twins_step (twins, &progress, &which, &local))
        {
          if (callback)
            callback (&progress, user_data);
          continue;
        }
      if (!g_error_matches (local, BP_ENGINE_ERROR, BP_ENGINE_ERROR_DIVERGED) ||
          !bp_trainer_is_finished (twins->trainer[which]))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (diverged)
        g_propagate_error (&diverged[which], g_steal_pointer (&local));
    }
  return TRUE;
}
