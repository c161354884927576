/* bp-scripted-run.h: what the command line asked of a run, watched from
 * outside the window.
 *
 *   --train                 train as soon as the data is there
 *   --quit-after-training   quit when the run ends (status 1 if it failed,
 *                           or if opening what was given failed)
 *   BACKPROP_TRACE=1        one JSON line per finished epoch on stdout, and
 *                           at the end one with frame statistics
 *
 * The application creates one only when one of these is given. It
 * listens to a training session (epochs, the end of the run), counts the
 * frames of a widget while the run goes, and listens to the window's
 * failures to open; it owns the JSON lines, the exit status and the quit.
 * The lines are what bench/bench_app.py and tests/test-app-smoke.sh read:
 *
 *   {"epoch": 1, "epochs": 10, "loss": …}           bp_epoch_to_json()
 *   {"final": true, "epochs": 10, "frames": 31, "first_frame_ms": …,
 *    "median_frame_ms": …, "worst_frame_ms": …, "samples_per_second": …}
 */
#pragma once

#include <stdio.h>

#include <gtk/gtk.h>

#include "bp-training-session.h"
#include "bp-window.h"

G_BEGIN_DECLS

typedef enum {
  BP_SCRIPTED_TRAIN               = 1 << 0,
  BP_SCRIPTED_QUIT_AFTER_TRAINING = 1 << 1,
  BP_SCRIPTED_TRACE               = 1 << 2,
} BpScriptedFlags;

#define BP_TYPE_SCRIPTED_RUN (bp_scripted_run_get_type ())
G_DECLARE_FINAL_TYPE (BpScriptedRun, bp_scripted_run, BP, SCRIPTED_RUN, GObject)

/* Quits @application (not kept; it must outlive the scripted run). */
BpScriptedRun  *bp_scripted_run_new             (GApplication      *application,
                                                 BpScriptedFlags    flags);
/* Where the JSON lines go (not closed); stdout unless set. */
void            bp_scripted_run_set_output      (BpScriptedRun     *self,
                                                 FILE              *out);

/* Listen to @session's runs, and count @frames's frame clock ticks while
 * one runs (@frames may be NULL: no frames). Once. */
void            bp_scripted_run_watch_session   (BpScriptedRun     *self,
                                                 BpTrainingSession *session,
                                                 GtkWidget         *frames);
/* The window: its session and frames, and its failures to open, which a
 * run that quits after training reports on stderr (no dialog, no
 * question) and fails with. Once. */
void            bp_scripted_run_watch_window    (BpScriptedRun     *self,
                                                 BpWindow          *window);
/* After the window was asked to open what the command line gave: with
 * --train, train it once it has loaded (not when opening it has failed
 * already). Only the first call does anything. */
void            bp_scripted_run_start           (BpScriptedRun     *self,
                                                 BpWindow          *window);

/* With BACKPROP_TRACE: the line with the frame statistics. */
void            bp_scripted_run_print_summary   (BpScriptedRun     *self);
/* What the process exits with: 1 when a run that quits after training
 * failed, or had nothing to train; else 0. */
int             bp_scripted_run_get_exit_status (BpScriptedRun     *self);

G_END_DECLS
