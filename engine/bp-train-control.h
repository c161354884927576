/* bp-train-control.h: stop, pause, resume and step, across threads.
 *
 * The UI thread calls the setters; the training thread calls
 * bp_train_control_wait() between batches. A stop takes effect within one
 * batch. A paused run blocks on a condition variable (no spinning) until
 * resumed, stopped, or asked for a step (one batch, or one epoch).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BP_CONTROL_RUN,     /* go on */
  BP_CONTROL_STOP,    /* end the run now, keeping the model */
} BpControlAction;

typedef enum {
  BP_STEP_NONE,
  BP_STEP_BATCH,
  BP_STEP_EPOCH,
} BpStepKind;

typedef struct _BpTrainControl BpTrainControl;

BpTrainControl *bp_train_control_new      (void);
BpTrainControl *bp_train_control_ref      (BpTrainControl *control);
void            bp_train_control_unref    (BpTrainControl *control);

void            bp_train_control_stop     (BpTrainControl *control);
void            bp_train_control_pause    (BpTrainControl *control);
void            bp_train_control_resume   (BpTrainControl *control);
/* While paused: run one batch (or the rest of an epoch), then pause again. */
void            bp_train_control_step     (BpTrainControl *control,
                                           BpStepKind      kind);
gboolean        bp_train_control_is_paused  (BpTrainControl *control);
gboolean        bp_train_control_is_stopped (BpTrainControl *control);

/* Another thread: wait (up to timeout_us) until the training thread is
 * blocked in a pause. Only then may it touch the trainer, e.g. to change
 * settings with bp_trainer_set_config(); TRUE when it is. */
gboolean        bp_train_control_wait_idle (BpTrainControl *control,
                                            gint64          timeout_us);

/* An errand for the training thread while it is paused: @func runs on
 * that thread, without the control's lock, each time it parks (after a
 * pause or a step) and again after each bp_train_control_nudge() while
 * it stays parked; only then does it count as parked for wait_idle().
 * A resume or stop that comes during the errand takes effect after it.
 * Set it before the training thread starts. The app probes the model
 * there, so the views show where a pause left it without the UI thread
 * running the model. */
typedef void (*BpTrainControlFunc) (gpointer user_data);
void            bp_train_control_set_parked_func (BpTrainControl     *control,
                                                  BpTrainControlFunc  func,
                                                  gpointer            user_data);
/* Any thread: run the errand again (now if parked, else at the next park). */
void            bp_train_control_nudge     (BpTrainControl *control);

/* Training thread: called before each batch, with whether that batch
 * starts an epoch. Blocks while paused. */
BpControlAction bp_train_control_wait     (BpTrainControl *control,
                                           gboolean        epoch_start);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpTrainControl, bp_train_control_unref)

G_END_DECLS
