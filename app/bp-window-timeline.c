/* bp-window-timeline.c: the run's timeline on screen.
 *
 * The strip under the charts (BpTimelineBar) shows the session's
 * snapshots, refreshed from the frame poll when the timeline has grown.
 * Choosing an earlier moment puts a cursor on the charts and the Evaluate
 * page at that moment; back at the latest, both follow the run again.
 * Fork from Here asks the session for a new run from the moment with the
 * settings as they are now.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-window"

#include <glib/gi18n.h>
#include <math.h>

#include "bp-window-private.h"

static BpTimelineBar *
bar (BpWindow *self)
{
  return bp_training_view_get_timeline_bar (self->training_view);
}

void
_bp_window_timeline_refresh (BpWindow *self)
{
  BpTimeline *timeline = bp_training_session_get_timeline (self->session);
  guint n = timeline ? bp_timeline_get_n_snapshots (timeline) : 0;
  BpSnapshotInfo latest = { 0 };
  if (n)
    bp_timeline_get_info (timeline, n - 1, &latest);
  /* Most frames bring nothing new: compare before copying the list. */
  if (n == bp_timeline_bar_get_n_snapshots (bar (self)) && latest.offered == self->timeline_latest)
    return;
  self->timeline_latest = latest.offered;
  g_autoptr(GArray) list = timeline ? bp_timeline_list (timeline) : NULL;
  bp_timeline_bar_set_snapshots (bar (self), list, timeline && bp_timeline_get_thinned (timeline),
                                 timeline ? bp_timeline_get_budget (timeline) : 0);
}

gboolean
_bp_window_timeline_holds (BpWindow *self)
{
  return !bp_timeline_bar_get_following (bar (self)) && bp_timeline_bar_get_selected (bar (self)) != G_MAXUINT;
}

BpModel *
_bp_window_timeline_get_model (BpWindow *self, char **when)
{
  BpTimeline *timeline = bp_training_session_get_timeline (self->session);
  guint index = bp_timeline_bar_get_selected (bar (self));
  if (!timeline || index == G_MAXUINT)
    return NULL;
  g_autoptr(GError) error = NULL;
  BpModel *model = bp_timeline_get_model (timeline, index, &error);
  if (!model)
    {
      g_warning ("Could not replay the snapshot: %s", error->message);
      return NULL;
    }
  if (when)
    /* Translators: the moment of the run the Evaluate page shows, e.g. "At the timeline's Epoch 3". */
    *when = g_strdup_printf (_("At the timeline’s %s"), bp_timeline_bar_get_text (bar (self)));
  return model;
}

static void
on_moment_changed (BpTimelineBar *timeline_bar, BpWindow *self)
{
  gboolean holds = _bp_window_timeline_holds (self);
  bp_training_view_set_cursor (self->training_view, holds ? bp_timeline_bar_get_position (timeline_bar) : NAN);
  _bp_window_update_evaluation (self);
}

static void
on_fork (BpTimelineBar *timeline_bar, BpWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint index = bp_timeline_bar_get_selected (timeline_bar);
  if (!bp_training_session_fork (self->session, index, bp_document_get_train_config (self->document), &error))
    _bp_window_show_error (self, _("Cannot Fork the Run"), error->message);
}

/* The fork's history (the parent's up to the moment) on the charts, a
 * mark where it branched, and its own timeline. */
static void
on_forked (BpTrainingSession *session, BpWindow *self)
{
  const BpDataset *d = bp_training_session_get_dataset (session);
  bp_training_view_begin (self->training_view, d->task, d->n_validation > 0);
  const GArray *history = bp_training_session_get_history (session);
  const BpTrainConfig *config = bp_training_session_get_config (session);
  g_autoptr(GArray) records = g_array_sized_new (FALSE, TRUE, sizeof (BpProgress), history->len);
  for (guint i = 0; i < history->len; i++)
    {
      const BpEpochRecord *r = &g_array_index (history, BpEpochRecord, i);
      BpProgress p = {
        .kind = BP_PROGRESS_EPOCH, .run_id = bp_training_session_get_run_id (session),
        .epoch = r->epoch, .epochs = config->epochs, .loss = r->loss, .metric = r->metric,
        .val_loss = r->val_loss, .val_metric = r->val_metric, .learning_rate = r->learning_rate,
        .epoch_seconds = r->seconds, .samples_per_second = r->samples_per_second,
      };
      g_array_append_val (records, p);
    }
  if (records->len)
    bp_training_view_add_progress (self->training_view, (const BpProgress *) (void *) records->data, records->len);
  bp_training_view_add_marker (self->training_view, _("fork"));
  bp_training_view_set_paused (self->training_view, TRUE);
  self->timeline_latest = G_MAXUINT64;
  _bp_window_timeline_refresh (self);
  _bp_window_update_evaluation (self);
}

static void
on_state (BpTrainingSession *session, GParamSpec *pspec, BpWindow *self)
{
  BpSessionState state = bp_training_session_get_state (session);
  bp_timeline_bar_set_can_fork (bar (self), state == BP_SESSION_PAUSED || state == BP_SESSION_FINISHED);
  _bp_window_timeline_refresh (self);
}

void
_bp_window_timeline_init (BpWindow *self)
{
  g_signal_connect (bar (self), "moment-changed", G_CALLBACK (on_moment_changed), self);
  g_signal_connect (bar (self), "fork", G_CALLBACK (on_fork), self);
  g_signal_connect (self->session, "forked", G_CALLBACK (on_forked), self);
  g_signal_connect_after (self->session, "notify::state", G_CALLBACK (on_state), self);
  bp_timeline_bar_set_can_fork (bar (self), FALSE);
}
