/* bp-timeline.h: a run's captured moments, to replay and fork.
 *
 * The training thread offers the timeline every progress record; it keeps
 * a BpTrainerState at every epoch's end and, for short runs, every few
 * batches of the first epoch too (BP_TIMELINE_EARLY_POINTS of them when the
 * run has fewer than BP_TIMELINE_EARLY_EPOCHS epochs), plus the moment
 * before the first batch.
 *
 * Memory: the states live in equal slots, at most budget / slot size of
 * them (and 4096). The slots the first epoch can need are allocated with
 * the timeline, so capturing between two batches allocates nothing; later
 * ones at an epoch's end as they are needed, so a short run holds what it
 * uses. When every slot is in use the timeline is thinned evenly: of the
 * moments offered (numbered from 0), only every stride-th is kept, the
 * stride doubling at each thinning; the first (moment 0) and the latest
 * moment are always there. A network whose state does not fit twice into
 * the budget gets no snapshots.
 *
 * Threads: the training thread offers and captures; any thread may read
 * (list, copy a model or a state) at the same time: one lock inside guards
 * the slots, held for the length of one copy.
 */
#pragma once

#include <glib.h>

#include "bp-model.h"
#include "bp-trainer.h"

G_BEGIN_DECLS

#define BP_TIMELINE_DEFAULT_BUDGET ((gsize) 64 * 1024 * 1024)
#define BP_TIMELINE_EARLY_EPOCHS   32
#define BP_TIMELINE_EARLY_POINTS   16

typedef struct {
  guint64         offered;    /* its number among the moments offered; 0 is the start */
  BpTrainerMoment moment;
  double          position;   /* in epochs, epoch + batch / batches: a chart's x */
} BpSnapshotInfo;

typedef struct _BpTimeline BpTimeline;

/* For the trainer's run: its state's size, its network (copied) and its
 * settings decide the slots and the early points. budget in bytes, 0 for
 * the default. */
BpTimeline   *bp_timeline_new            (const BpTrainer     *trainer,
                                          const BpModelSpec   *spec,
                                          gsize                budget);
void          bp_timeline_free           (BpTimeline          *timeline);

/* Training thread, between batches, with the trainer's own progress
 * record: captures when the record is an epoch's end or one of the early
 * points. Returns whether it captured. */
gboolean      bp_timeline_offer          (BpTimeline          *timeline,
                                          const BpTrainer     *trainer,
                                          const BpProgress    *progress);
/* Training thread: capture now (the start, a fork's first moment, the
 * moment a run was stopped at), unless the latest snapshot is this very
 * step already. Returns whether it captured. */
gboolean      bp_timeline_capture        (BpTimeline          *timeline,
                                          const BpTrainer     *trainer);

guint         bp_timeline_get_n_snapshots (BpTimeline         *timeline);
/* A copy of every snapshot's description, oldest first (BpSnapshotInfo). */
GArray       *bp_timeline_list           (BpTimeline          *timeline);
gboolean      bp_timeline_get_info       (BpTimeline          *timeline,
                                          guint                index,
                                          BpSnapshotInfo      *info);
/* The snapshot nearest to a position in epochs (the one before on a tie). */
guint         bp_timeline_find           (BpTimeline          *timeline,
                                          double               position);
/* Whether some snapshots were dropped to stay within the budget. */
gboolean      bp_timeline_get_thinned    (BpTimeline          *timeline);
gsize         bp_timeline_get_budget     (BpTimeline          *timeline);
/* Bytes one snapshot takes, how many fit, and the bytes of the slots
 * allocated now (those kept and those freed by thinning, to reuse). */
gsize         bp_timeline_get_slot_size  (BpTimeline          *timeline);
guint         bp_timeline_get_capacity   (BpTimeline          *timeline);
gsize         bp_timeline_get_bytes_used (BpTimeline          *timeline);

/* A new model with the snapshot's weights. Fails with INVALID for an
 * index out of range. */
BpModel      *bp_timeline_get_model      (BpTimeline          *timeline,
                                          guint                index,
                                          GError             **error);
/* A copy of the snapshot's whole state (to fork from), or NULL. */
BpTrainerState *bp_timeline_get_state    (BpTimeline          *timeline,
                                          guint                index);
/* A copy of the run's epoch records as the training thread saw them
 * (BpEpochRecord), for bp_trainer_restore(). */
GArray       *bp_timeline_get_history    (BpTimeline          *timeline);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpTimeline, bp_timeline_free)

G_END_DECLS
