#include "bp-train-control.h"

struct _BpTrainControl {
  gint       ref_count;
  GMutex     mutex;
  GCond      cond;
  gboolean   paused;
  gboolean   stopped;
  BpStepKind step;          /* a step asked for while paused */
  gboolean   in_epoch_step; /* running the rest of an epoch for a step */
  gboolean   idle;          /* the training thread is blocked in wait() */
  BpTrainControlFunc parked_func;
  gpointer   parked_data;
  gboolean   nudged;        /* run the errand again */
};

BpTrainControl *
bp_train_control_new (void)
{
  BpTrainControl *control = g_new0 (BpTrainControl, 1);
  control->ref_count = 1;
  g_mutex_init (&control->mutex);
  g_cond_init (&control->cond);
  return control;
}

BpTrainControl *
bp_train_control_ref (BpTrainControl *control)
{
  g_atomic_int_inc (&control->ref_count);
  return control;
}

void
bp_train_control_unref (BpTrainControl *control)
{
  if (control == NULL || !g_atomic_int_dec_and_test (&control->ref_count))
    return;
  g_mutex_clear (&control->mutex);
  g_cond_clear (&control->cond);
  g_free (control);
}

void
bp_train_control_stop (BpTrainControl *control)
{
  g_mutex_lock (&control->mutex);
  control->stopped = TRUE;
  g_cond_broadcast (&control->cond);
  g_mutex_unlock (&control->mutex);
}

void
bp_train_control_pause (BpTrainControl *control)
{
  g_mutex_lock (&control->mutex);
  control->paused = TRUE;
  g_mutex_unlock (&control->mutex);
}

void
bp_train_control_resume (BpTrainControl *control)
{
  g_mutex_lock (&control->mutex);
  control->paused = FALSE;
  control->step = BP_STEP_NONE;
  control->in_epoch_step = FALSE;
  control->idle = FALSE;   /* it is about to run; wait_idle() must not see the old pause */
  g_cond_broadcast (&control->cond);
  g_mutex_unlock (&control->mutex);
}

void
bp_train_control_step (BpTrainControl *control, BpStepKind kind)
{
  g_mutex_lock (&control->mutex);
  control->paused = TRUE;
  control->step = kind;
  control->idle = FALSE;
  g_cond_broadcast (&control->cond);
  g_mutex_unlock (&control->mutex);
}

void
bp_train_control_set_parked_func (BpTrainControl *control, BpTrainControlFunc func, gpointer user_data)
{
  g_mutex_lock (&control->mutex);
  control->parked_func = func;
  control->parked_data = user_data;
  g_mutex_unlock (&control->mutex);
}

void
bp_train_control_nudge (BpTrainControl *control)
{
  g_mutex_lock (&control->mutex);
  control->nudged = TRUE;
  g_cond_broadcast (&control->cond);
  g_mutex_unlock (&control->mutex);
}

gboolean
bp_train_control_is_paused (BpTrainControl *control)
{
  g_mutex_lock (&control->mutex);
  gboolean paused = control->paused;
  g_mutex_unlock (&control->mutex);
  return paused;
}

gboolean
bp_train_control_is_stopped (BpTrainControl *control)
{
  g_mutex_lock (&control->mutex);
  gboolean stopped = control->stopped;
  g_mutex_unlock (&control->mutex);
  return stopped;
}

gboolean
bp_train_control_wait_idle (BpTrainControl *control, gint64 timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  g_mutex_lock (&control->mutex);
  while (!control->idle)
    if (!g_cond_wait_until (&control->cond, &control->mutex, deadline))
      break;
  gboolean idle = control->idle;
  g_mutex_unlock (&control->mutex);
  return idle;
}

BpControlAction
bp_train_control_wait (BpTrainControl *control, gboolean epoch_start)
{
  BpControlAction action = BP_CONTROL_RUN;
  gboolean errand_done = FALSE;
  g_mutex_lock (&control->mutex);
  /* An epoch step ends where the next epoch would begin. */
  if (control->in_epoch_step && epoch_start)
    control->in_epoch_step = FALSE;
  for (;;)
    {
      if (control->stopped)
        {
          action = BP_CONTROL_STOP;
          break;
        }
      if (!control->paused || control->in_epoch_step)
        break;
      if (control->step == BP_STEP_BATCH)
        {
          control->step = BP_STEP_NONE;
          break;
        }
      if (control->step == BP_STEP_EPOCH)
        {
          control->step = BP_STEP_NONE;
          control->in_epoch_step = TRUE;
          break;
        }
      if (control->parked_func && (!errand_done || control->nudged))
        {
          /* Then look again: a resume may have come meanwhile. */
          errand_done = TRUE;
          control->nudged = FALSE;
          BpTrainControlFunc func = control->parked_func;
          gpointer data = control->parked_data;
          g_mutex_unlock (&control->mutex);
          func (data);
          g_mutex_lock (&control->mutex);
          continue;
        }
      control->idle = TRUE;
      g_cond_broadcast (&control->cond);
      g_cond_wait (&control->cond, &control->mutex);
      control->idle = FALSE;
    }
  g_mutex_unlock (&control->mutex);
  return action;
}
