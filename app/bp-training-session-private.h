/* bp-training-session-private.h: the session's internals, shared by
 * bp-training-session.c (the run, its worker and the handoff) and
 * bp-training-session-timeline.c (the run's snapshots, replay and fork).
 * Nothing outside those two files includes it.
 */
#pragma once

#include "bp-training-session.h"

#include "bp-live-buffer.h"
#include "bp-progress-buffer.h"

G_BEGIN_DECLS

typedef struct {
  gatomicrefcount   ref;
  guint64           id;
  BpDataset        *dataset;
  BpDatasetOptions  options;
  BpModel          *model;
  BpTrainer        *trainer;
  BpTrainControl   *control;
  BpProgressBuffer *buffer;
  BpTimeline       *timeline;       /* captured on the worker, read on the UI thread */
  BpForkPoint       fork;           /* parent_run_id 0: not a fork */
  const float      *class_weights;  /* the trainer's own, for a fork's trainer to copy */
  GThread          *thread;
  GMainContext     *context;
  GWeakRef          session;

  /* Live frames: the worker's probe publishes into `live`. The UI's
   * wishes (plane, parts) wait in `request` under its lock until the
   * worker's next probe. */
  BpProbe          *probe;
  BpLiveBuffer     *live;
  GMutex            request_lock;
  BpProbePlane      request;
  BpProbeParts      request_parts;
  BpProbeParts      parts;          /* worker: the parts asked for, applied */
  int               request_dirty;  /* atomic */
  /* Worker only: when the last frame was taken, and what a row through
   * the model costs in one (smoothed). */
  gboolean          probed;
  double            probe_train_seconds;
  double            probe_row_cost;
  guint             probe_epoch;
  guint             eval_epoch;     /* the epoch of the last frame with BP_PROBE_EVAL */
  guint64           probe_step;     /* the step of the last frame ... */
  gboolean          probe_fine;     /* ... and whether it was on the full grid */
  BpProgress        last;           /* the last record pushed */
  gboolean          has_last;

  int               wake_pending;   /* atomic: a drain is queued */
  int               done;           /* atomic: the worker has returned */
  int               dropped;        /* atomic: no session will read it again */
  /* Written by the worker before `done` is set, read after. */
  BpStopReason      reason;
  GError           *error;
} BpSessionRun;

struct _BpTrainingSession {
  GObject        parent_instance;

  BpSessionRun         *run;
  /* Runs reset while their worker still ran, joined once done and at the
   * latest in join(): a process that exits while a worker is inside
   * OpenBLAS hangs in OpenBLAS's exit handler. */
  GPtrArray     *dropped;
  guint64        next_id;
  BpSessionState state;
  BpTrainConfig  config;
  gboolean       config_dirty;     /* set while paused, applied when the worker is parked */
  gboolean       has_pending;      /* a resume or step waits for the worker to park */
  BpStepKind     pending;          /* BP_STEP_NONE: resume */
  guint64        seen;             /* buffer sequence polled so far */
  GArray        *history;          /* BpEpochRecord, UI-thread copy */
  guint          finish_idle;      /* the run's end, queued by a poll */
  BpProgress     last;

  /* Live frames, UI side: the plane asked for (held: own array), the
   * parts, the buffer of the frame shown (it may outlive its run), and
   * how many new frames were taken holding each part. */
  BpProbePlane   plane;
  gboolean       has_plane;
  BpProbeParts   live_parts;
  BpLiveBuffer  *shown;
  guint64        live_taken[5];
  gsize          snapshot_budget;  /* bytes; 0: the timeline's default */
};

/* bp-training-session.c */

/* A run with its dataset, options, model and trainer (and fork point)
 * set up goes live: its timeline, control, buffer and worker, paused
 * before the first batch. A fork's run starts with the parent's history
 * up to @moment (both NULL for a new run). */
void _bp_training_session_start_run   (BpTrainingSession     *self,
                                       BpSessionRun          *run,
                                       const GArray          *history,
                                       const BpTrainerMoment *moment);
/* The current run stopped and let go of (its worker ends on its own). */
void _bp_training_session_drop_run    (BpTrainingSession     *self);
void _bp_training_session_emit_forked (BpTrainingSession     *self);
/* @dst->held is @dst's own (or NULL), resized to @n values. */
void _bp_training_session_copy_plane  (BpProbePlane          *dst,
                                       const BpProbePlane    *src,
                                       gsize                  n);

/* bp-training-session-timeline.c */

/* UI thread, from start_run: a fork's history and first record, the
 * parent's up to @moment. */
void _bp_training_session_show_fork_start (BpTrainingSession     *self,
                                           const GArray          *history,
                                           const BpTrainerMoment *moment);

G_END_DECLS
