/* bp-twins.h: two networks trained in lock-step, differing in one setting.
 *
 * "Compare with one change" (issue 15): twins share one dataset and start
 * from the same seed, so each draws its initial weights, its shuffles and
 * its dropout masks from the same streams: layers of the same shape
 * start from the same weights (the layers before the first that differs;
 * a layer after it takes a different input), both see the rows in the
 * same order and, with the same batch size, the same batches. They take
 * turns, one batch each, and neither starts an epoch before the other has
 * ended its own, so their curves can be drawn on one axis and
 * subtracted. A time limit is not used (it would end them at different
 * moments). Twins with the same settings train the same history bit for
 * bit (tested). A twin that differs in the seed shares none of this, by
 * definition.
 *
 * The step API (bp_twins_step) is for a caller that owns the loop (a
 * session's worker); bp_twins_run runs both to their ends. One thread.
 */
#pragma once

#include <glib.h>

#include "bp-dataset.h"
#include "bp-model.h"
#include "bp-run.h"
#include "bp-trainer.h"

G_BEGIN_DECLS

typedef struct _BpTwins BpTwins;

/* Both twins' models and trainers on @dataset (borrowed: it must outlive
 * the twins). INVALID/SHAPE as bp_model_new and bp_trainer_new, naming the
 * twin (the first is @a). */
BpTwins       *bp_twins_new            (const BpDataset      *dataset,
                                        const BpRunSettings  *a,
                                        const BpRunSettings  *b,
                                        GError              **error);
void           bp_twins_free           (BpTwins              *twins);

/* 0 or 1. */
BpTrainer     *bp_twins_get_trainer    (BpTwins              *twins,
                                        guint                 which);
BpModel       *bp_twins_get_model      (BpTwins              *twins,
                                        guint                 which);
gboolean       bp_twins_is_finished    (BpTwins              *twins);
/* The next thing in turn: a batch of one twin, or the end of its epoch;
 * *which says whose (progress->run_id is it too). FALSE with @error when
 * that twin failed; a twin that diverged (BP_ENGINE_ERROR_DIVERGED) is
 * finished and the other goes on. */
gboolean       bp_twins_step           (BpTwins              *twins,
                                        BpProgress           *progress,
                                        guint                *which,
                                        GError              **error);
/* Both to their ends, calling back after each step. A twin's divergence
 * ends that twin only: its message is in errors[which] (the caller frees
 * them; may be NULL). FALSE on any other failure. */
gboolean       bp_twins_run            (BpTwins              *twins,
                                        BpProgressCallback    callback,
                                        gpointer              user_data,
                                        GError              **diverged,
                                        GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpTwins, bp_twins_free)

G_END_DECLS
