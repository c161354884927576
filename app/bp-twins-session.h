/* bp-twins-session.h: twins (bp-twins.h) trained on their own thread.
 *
 * "Compare with one change" (issue 15): two networks that differ in one
 * setting train in lock-step on the same batches, one batch each in turn,
 * on a worker thread that owns both until they end. The handoff is the
 * training session's (bp-training-session.h): the worker publishes every
 * progress record (run_id 0 or 1: whose) into one BpProgressBuffer, and
 * the UI takes them with bp_twins_session_poll() on its frame clock; an
 * epoch's end and the twins' end wake the main loop once ("updated"), and
 * the end arrives as "finished". A reset session's late events are
 * dropped. The UI never waits for the worker.
 *
 * Each twin is also a BpRun (bp-run.h) the poll records into on the UI
 * thread: its settings, epochs and batch losses, finished with its
 * weights when the twins end, for a caller that keeps runs.
 *
 * Live frames: with a plane (two features that can be axes), each twin
 * has a probe of its own (their networks may differ in shape) that
 * computes the output grid only, between batches, as often as 5 % of
 * that twin's training time allows, at least once in an epoch longer than
 * half a second, and once more at the end; each into its BpLiveBuffer.
 *
 * UI thread only, but for the worker it starts.
 */
#pragma once

#include <glib-object.h>

#include "bp-engine.h"
#include "bp-training-session.h"

G_BEGIN_DECLS

#define BP_TYPE_TWINS_SESSION (bp_twins_session_get_type ())
G_DECLARE_FINAL_TYPE (BpTwinsSession, bp_twins_session, BP, TWINS_SESSION, GObject)

BpTwinsSession *bp_twins_session_new          (void);

/* Twins on @dataset (taken) with settings @a and @b (copied: the data
 * choices in them are only recorded; @dataset is what they train on).
 * PAUSED before the first batch; resume() starts them. Fails as
 * bp_twins_new() does (naming the twin). */
gboolean        bp_twins_session_prepare      (BpTwinsSession      *self,
                                               BpDataset           *dataset,
                                               const BpRunSettings *a,
                                               const BpRunSettings *b,
                                               GError             **error);
void            bp_twins_session_resume       (BpTwinsSession      *self);
void            bp_twins_session_pause        (BpTwinsSession      *self);
/* Both end within one batch (FINISHED comes with a drain); their runs
 * are then STOPPED unless they had ended already. */
void            bp_twins_session_stop         (BpTwinsSession      *self);
/* Forgets the twins (stopping them first; the worker ends on its own);
 * IDLE at once. */
void            bp_twins_session_reset        (BpTwinsSession      *self);
/* Stops and waits for the worker: only for shutdown and tests. */
void            bp_twins_session_join         (BpTwinsSession      *self);

/* Append the records published since the last poll to @out (BpProgress,
 * run_id 0 or 1) and record them into the twins' runs; how many. */
guint           bp_twins_session_poll         (BpTwinsSession      *self,
                                               GArray              *out);
BpSessionState  bp_twins_session_get_state    (BpTwinsSession      *self);
/* The dataset they train on; NULL when IDLE. */
const BpDataset *bp_twins_session_get_dataset (BpTwinsSession      *self);
/* Twin @which (0 or 1) as a kept run: its settings, what was polled so
 * far; finished (status, weights) once the session is FINISHED. NULL
 * when IDLE. */
BpRun          *bp_twins_session_get_run      (BpTwinsSession      *self,
                                               guint                which);
/* A twin's network once FINISHED, else NULL. */
const BpModel  *bp_twins_session_get_model    (BpTwinsSession      *self,
                                               guint                which);
/* Why twin @which ended (BP_STOP_NONE before FINISHED). */
BpStopReason    bp_twins_session_get_stop_reason (BpTwinsSession   *self,
                                               guint                which);
/* Why a twin diverged (it ended; the other went on), or NULL. */
const GError   *bp_twins_session_get_diverged (BpTwinsSession      *self,
                                               guint                which);
/* A failure that ended both (not a divergence), or NULL. */
const GError   *bp_twins_session_get_error    (BpTwinsSession      *self);

/* Whether the twins' data has a plane, so that frames hold a boundary. */
gboolean        bp_twins_session_has_plane    (BpTwinsSession      *self);
/* Twin @which's newest frame (*is_new: published since the last take),
 * else the one taken before, or NULL before the first or without a
 * plane. Valid until the next take of that twin, or a prepare. */
const BpProbeFrame *bp_twins_session_take_frame (BpTwinsSession    *self,
                                               guint                which,
                                               gboolean            *is_new);
/* Frames published for twin @which this run. */
guint64         bp_twins_session_get_frame_count (BpTwinsSession   *self,
                                               guint                which);

G_END_DECLS
