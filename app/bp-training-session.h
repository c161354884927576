/* bp-training-session.h: one training run on its own thread, seen from the UI.
 *
 * The session builds the model and trainer on the UI thread, then hands
 * them to a worker thread that owns them until the run ends. The worker
 * publishes progress into a BpProgressBuffer; the UI takes it with
 * bp_training_session_poll() on its frame clock. Events that cannot wait
 * for a frame (an epoch finished, the run ended) wake the main loop once
 * ("updated"); each epoch record a poll takes is also told to every
 * observer ("epoch"), and the run's end arrives as "finished". Events of a
 * run that was reset are dropped.
 *
 * Pause, resume, step and stop go through the run's BpTrainControl. While
 * paused, settings that can change between batches may be changed with
 * bp_training_session_set_config(); they take effect on resume or step.
 */
#pragma once

#include <glib-object.h>

#include "bp-engine.h"

G_BEGIN_DECLS

typedef enum {
  BP_SESSION_IDLE,       /* no model yet */
  BP_SESSION_RUNNING,
  BP_SESSION_PAUSED,     /* the worker waits (once it has finished its step); settings can change */
  BP_SESSION_FINISHED,   /* the run ended; the model is kept */
} BpSessionState;

#define BP_TYPE_TRAINING_SESSION (bp_training_session_get_type ())
G_DECLARE_FINAL_TYPE (BpTrainingSession, bp_training_session, BP, TRAINING_SESSION, GObject)

BpTrainingSession *bp_training_session_new        (void);

/* Build a run from a dataset (taken) made with `options`, a model spec and
 * settings; the session is then PAUSED before the first batch. Fails on
 * invalid settings. */
gboolean        bp_training_session_prepare       (BpTrainingSession    *self,
                                                   BpDataset            *dataset,
                                                   const BpDatasetOptions *options,
                                                   const BpModelSpec    *spec,
                                                   const BpTrainConfig  *config,
                                                   GError              **error);
/* The same from a recipe (taken) that has built its model and trainer
 * already (bp-recipe.h), made with `options`; the recipe's spec is not
 * kept. PAUSED before the first batch. */
void            bp_training_session_prepare_recipe (BpTrainingSession   *self,
                                                   BpRecipe             *recipe,
                                                   const BpDatasetOptions *options);
void            bp_training_session_resume        (BpTrainingSession    *self);
void            bp_training_session_pause         (BpTrainingSession    *self);
void            bp_training_session_step          (BpTrainingSession    *self,
                                                   BpStepKind            kind);
void            bp_training_session_stop          (BpTrainingSession    *self);
/* Forget the run (stopping it first); back to IDLE at once. */
void            bp_training_session_reset         (BpTrainingSession    *self);
/* Stops the run and waits for its worker to end, and for those of runs
 * reset before it: only for shutdown and tests. */
void            bp_training_session_join          (BpTrainingSession    *self);

/* While paused: new settings, applied before the next batch (at once when
 * the worker is already waiting, so the trainer's refusal comes back here;
 * else as soon as it has finished its step). Refused while running. */
gboolean        bp_training_session_set_config    (BpTrainingSession    *self,
                                                   const BpTrainConfig  *config,
                                                   GError              **error);
const BpTrainConfig *bp_training_session_get_config (BpTrainingSession  *self);

/* UI thread: append what the worker published since the last poll to
 * `out` (BpProgress); returns how many. Epoch records also go to the
 * session's history and to "epoch". */
guint           bp_training_session_poll          (BpTrainingSession    *self,
                                                   GArray               *out);
gboolean        bp_training_session_has_news      (BpTrainingSession    *self);
/* Whether the training thread is blocked in a pause right now and no stop
 * is on its way, so nothing more will be published until it is resumed or
 * stepped. bp_training_session_get_model() follows the same rule. */
gboolean        bp_training_session_is_parked     (BpTrainingSession    *self);

BpSessionState  bp_training_session_get_state     (BpTrainingSession    *self);
guint64         bp_training_session_get_run_id    (BpTrainingSession    *self);
/* The run's data and epochs; NULL when IDLE. */
const BpDataset *bp_training_session_get_dataset  (BpTrainingSession    *self);
/* The network the run trains: its shape never changes during a run, so
 * unlike the model it may be read while training; NULL when IDLE. */
const BpModelSpec *bp_training_session_get_spec   (BpTrainingSession    *self);
const GArray   *bp_training_session_get_history   (BpTrainingSession    *self);  /* BpEpochRecord */
/* The run's model, only while this thread may read it: the run has
 * FINISHED, or it is PAUSED and the worker is parked with no stop on its
 * way (a paused worker may still be finishing its step). Else NULL: the
 * worker owns it. Valid until the next call that moves the run. */
const BpModel  *bp_training_session_get_model     (BpTrainingSession    *self);
/* The last progress record polled (zeroed before the first). */
const BpProgress *bp_training_session_get_last    (BpTrainingSession    *self);
BpStopReason    bp_training_session_get_stop_reason (BpTrainingSession  *self);
/* Why the run failed (divergence), or NULL. */
const GError   *bp_training_session_get_error     (BpTrainingSession    *self);

/* A copy of the model, its data transform, settings and history (FINISHED
 * or PAUSED and parked), as bp_training_session_save_model() saves it. */
BpModelFile    *bp_training_session_get_model_file (BpTrainingSession   *self,
                                                   GError              **error);
/* Save the model, its data transform, settings and history (FINISHED or PAUSED). */
gboolean        bp_training_session_save_model    (BpTrainingSession    *self,
                                                   const char           *path,
                                                   GError              **error);

/* Live frames (bp-probe.h) ------------------------------------------------
 *
 * While it trains, the training thread probes the model between batches
 * as often as LIVE_BUDGET (5 %) of training time allows, at least once in
 * an epoch longer than half a second, at once after the plane or parts
 * change, and once more when the run ends; each frame goes into a
 * BpLiveBuffer, and the UI takes the newest on its frame clock. Neither
 * thread waits for the other. */

/* UI thread: the newest frame of this run (*is_new: published since the
 * last take), else the one taken before, or NULL before the first (or with
 * no run). Valid until the next take, even across a reset. */
const BpProbeFrame *bp_training_session_take_frame (BpTrainingSession *self,
                                                   gboolean             *is_new);
/* How many new frames the UI took holding one part (a single flag), this
 * run; for BACKPROP_TRACE's live_updates. */
guint64         bp_training_session_get_live_count (BpTrainingSession  *self,
                                                   BpProbeParts          part);
/* Frames published this run and the seconds they cost the training thread. */
void            bp_training_session_get_live_cost (BpTrainingSession   *self,
                                                   guint64              *frames,
                                                   double               *seconds);
/* The plane asked for (held: the session's array), or NULL without a run
 * or when the data has fewer than two features that can be axes. */
const BpProbePlane *bp_training_session_get_plane (BpTrainingSession   *self);
/* Another plane (NULL held: keep the held values), checked against the
 * run's data (bp_probe_plane_validate) and applied at the next probe. */
gboolean        bp_training_session_set_plane     (BpTrainingSession    *self,
                                                   const BpProbePlane   *plane,
                                                   GError              **error);
/* Axes by feature index, over their data's range with BP_PROBE_MARGIN. */
gboolean        bp_training_session_set_axes      (BpTrainingSession    *self,
                                                   gsize                 feature_x,
                                                   gsize                 feature_y,
                                                   GError              **error);
/* Which parts frames hold (views on and off; 0: no frames at all). Kept
 * for later runs; BP_PROBE_ALL at first. */
void            bp_training_session_set_live_parts (BpTrainingSession  *self,
                                                   BpProbeParts          parts);
BpProbeParts    bp_training_session_get_live_parts (BpTrainingSession  *self);
/* ---- the timeline: replay and fork ----
 *
 * The worker keeps the run's moments in a BpTimeline (bp-timeline.h): the
 * start, every epoch's end, points in the first epoch of short runs, and
 * where a stop left it. Any thread may list them and copy a model or a
 * state at any time, also while the run trains. */

/* Where a fork started: the run it came from (its id before the fork) and
 * the moment, for whoever keeps runs (the document). */
typedef struct {
  guint64 parent_run_id;
  guint   snapshot;      /* the index in the parent's timeline */
  guint   epoch;         /* epochs finished at that moment */
  guint   batch;         /* batches into the next epoch; 0 at an epoch's end */
  guint64 step;
} BpForkPoint;

/* The run's timeline (borrowed: valid until the next prepare, fork or
 * reset), or NULL when IDLE. */
BpTimeline     *bp_training_session_get_timeline  (BpTrainingSession    *self);
/* The budget of the timelines of runs prepared from now on; 0: 64 MiB. */
void            bp_training_session_set_snapshot_budget (BpTrainingSession *self,
                                                   gsize                 bytes);
/* A model file of the run as it was at a snapshot: its weights, the
 * settings then in force and the history up to it, as save_model() would
 * have saved it then. At any time. */
BpModelFile    *bp_training_session_get_snapshot_model_file (BpTrainingSession *self,
                                                   guint                 index,
                                                   GError              **error);
/* Fork from here: a new run (a new run id) from the snapshot's weights,
 * optimizer and trainer state, with `config` (NULL: the settings then in
 * force) applied on top, PAUSED before its next batch; its history starts
 * as the parent's up to that moment. Without a change it goes on exactly
 * as the parent did (the same thread count). The parent run is stopped
 * and let go: whoever keeps it takes its model file and history first.
 * Fails, leaving the parent as it was, for a snapshot that is not there
 * or settings the trainer refuses (fewer epochs than had run). "forked"
 * follows. */
gboolean        bp_training_session_fork          (BpTrainingSession    *self,
                                                   guint                 index,
                                                   const BpTrainConfig  *config,
                                                   GError              **error);
/* Whether the run is a fork, and where it started. */
gboolean        bp_training_session_get_fork_point (BpTrainingSession   *self,
                                                   BpForkPoint          *point);

G_END_DECLS
