/* bp-training-session-live.c: the live frames, UI side.
 *
 * The frame on show (taken from the run's BpLiveBuffer without waiting
 * for the training thread), how many were taken, and the UI's wishes
 * (the plane and the parts) sent to the worker's next probe. Part of
 * BpTrainingSession (bp-training-session-private.h).
 */
#define G_LOG_DOMAIN "bp-training-session"

#include "bp-training-session-private.h"

#include <glib/gi18n.h>

const BpProbeFrame *
bp_training_session_take_frame (BpTrainingSession *self, gboolean *is_new)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  if (is_new)
    *is_new = FALSE;
  if (!self->run || !self->run->live)
    {
      g_clear_pointer (&self->shown, bp_live_buffer_unref);
      return NULL;
    }
  if (self->shown != self->run->live)
    {
      g_clear_pointer (&self->shown, bp_live_buffer_unref);
      self->shown = bp_live_buffer_ref (self->run->live);
    }
  gboolean fresh;
  const BpProbeFrame *frame = bp_live_buffer_take (self->run->live, &fresh);
  if (fresh)
    for (guint i = 0; i < G_N_ELEMENTS (self->live_taken); i++)
      if (frame->parts & (1u << i))
        self->live_taken[i]++;
  if (is_new)
    *is_new = fresh;
  return frame;
}

guint64
bp_training_session_get_live_count (BpTrainingSession *self, BpProbeParts part)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), 0);
  for (guint i = 0; i < G_N_ELEMENTS (self->live_taken); i++)
    if (part == (1u << i))
      return self->live_taken[i];
  g_return_val_if_reached (0);
}

void
bp_training_session_get_live_cost (BpTrainingSession *self, guint64 *frames, double *seconds)
{
  g_return_if_fail (BP_IS_TRAINING_SESSION (self));
  BpLiveBuffer *live = self->run ? self->run->live : NULL;
  if (frames)
    *frames = live ? bp_live_buffer_get_sequence (live) : 0;
  if (seconds)
    *seconds = live ? bp_live_buffer_get_seconds (live) : 0.0;
}

/* The UI's wishes go to the worker's next probe. */
static void
send_request (BpTrainingSession *self)
{
  BpSessionRun *run = self->run;
  if (!run || !run->probe)
    return;
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&run->request_lock);
  if (self->has_plane)
    _bp_training_session_copy_plane (&run->request, &self->plane, run->dataset->n_feature_columns);
  run->request_parts = self->live_parts;
  g_atomic_int_set (&run->request_dirty, 1);
  /* A parked worker probes now: the views follow without a resume. */
  bp_train_control_nudge (run->control);
}

const BpProbePlane *
bp_training_session_get_plane (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), NULL);
  return self->run && self->has_plane ? &self->plane : NULL;
}

gboolean
bp_training_session_set_plane (BpTrainingSession *self, const BpProbePlane *plane, GError **error)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), FALSE);
  g_return_val_if_fail (plane != NULL, FALSE);
  if (!self->run || !self->run->probe)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID, _("There is no run to show yet"));
      return FALSE;
    }
  const BpDataset *dataset = self->run->dataset;
  if (!bp_probe_plane_validate (dataset, plane, error))
    return FALSE;
  /* NULL held: the values held now stay. */
  double *held = g_memdup2 (self->plane.held, MAX (dataset->n_feature_columns, 1) * sizeof (double));
  if (plane->held)
    for (gsize f = 0; f < dataset->n_feature_columns; f++)
      held[f] = plane->held[f];
  g_free (self->plane.held);
  self->plane = *plane;
  self->plane.held = held;
  self->has_plane = TRUE;
  send_request (self);
  return TRUE;
}

gboolean
bp_training_session_set_axes (BpTrainingSession *self, gsize feature_x, gsize feature_y, GError **error)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), FALSE);
  const BpDataset *dataset = self->run ? self->run->dataset : NULL;
  BpProbePlane plane = { .feature_x = feature_x, .feature_y = feature_y };
  if (dataset && bp_probe_feature_is_axis (dataset, feature_x))
    bp_probe_axis_bounds (dataset, feature_x, BP_PROBE_MARGIN, &plane.x_min, &plane.x_max);
  if (dataset && bp_probe_feature_is_axis (dataset, feature_y))
    bp_probe_axis_bounds (dataset, feature_y, BP_PROBE_MARGIN, &plane.y_min, &plane.y_max);
  return bp_training_session_set_plane (self, &plane, error);
}

void
bp_training_session_set_live_parts (BpTrainingSession *self, BpProbeParts parts)
{
  g_return_if_fail (BP_IS_TRAINING_SESSION (self));
  parts &= BP_PROBE_ALL;
  if (self->live_parts == parts)
    return;
  self->live_parts = parts;
  send_request (self);
}

BpProbeParts
bp_training_session_get_live_parts (BpTrainingSession *self)
{
  g_return_val_if_fail (BP_IS_TRAINING_SESSION (self), 0);
  return self->live_parts;
}
