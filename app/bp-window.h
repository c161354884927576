/* bp-window.h: the main window: shows a BpDocument (its data, setup,
 * project and training run) with the data, model, training and
 * evaluation views, and pushes the user's choices into it. */
#pragma once

#include <adwaita.h>

#include "bp-document.h"
#include "bp-engine.h"
#include "bp-training-session.h"

G_BEGIN_DECLS

#define BP_TYPE_WINDOW (bp_window_get_type ())
G_DECLARE_FINAL_TYPE (BpWindow, bp_window, BP, WINDOW, AdwApplicationWindow)

/* @settings: the application's (window size, charts, last folder), or
 * NULL to keep none. */
BpWindow *bp_window_new             (AdwApplication *application,
                                     GSettings      *settings);
/* Load a CSV off the UI thread, or a project (NAME.backprop) and then its
 * data the same way; on failure the previous data stays. A run log
 * (NAME.jsonl) is followed on the charts instead. */
void      bp_window_open_file       (BpWindow       *self,
                                     GFile          *file);
/* A built-in sample: iris, breast_cancer, wine, diabetes, or a generated
 * set (circles, xor, gaussians, spiral). */
gboolean  bp_window_open_sample     (BpWindow       *self,
                                     const char     *name,
                                     GError        **error);
/* Save the window's setup as a project (bp-project.h) to a local file,
 * which becomes the window's project (Ctrl+S saves there again). Needs
 * data. The same as "win.save-project-as" once the file is chosen. */
gboolean  bp_window_save_project    (BpWindow       *self,
                                     GFile          *file,
                                     GError        **error);
/* The project last saved or opened (borrowed); NULL: none, or other data
 * was opened since. */
GFile    *bp_window_get_project_file (BpWindow      *self);
/* Start training as soon as data is loaded (or now, if it is). */
void      bp_window_train_when_ready (BpWindow      *self);
/* Cancel a load and stop and join a run: before the window closes or the
 * application quits. */
void      bp_window_shutdown           (BpWindow       *self);

/* A scripted run that quits after training (--quit-after-training):
 * closing never asks, and nothing is saved automatically. */
void      bp_window_set_scripted       (BpWindow       *self,
                                        gboolean        scripted);
/* At start-up: offers to restore each automatic save that a crash or a
 * power cut left behind (bp-autosave.h), into this window while it is
 * empty, else into a new one; or to discard it. */
void      bp_window_offer_restore      (BpWindow       *self);

/* The parts, for tests and the application. */
BpDocument *bp_window_get_document    (BpWindow       *self);
BpTrainingSession *bp_window_get_session (BpWindow     *self);
GtkWidget *bp_window_get_data_view     (BpWindow       *self);
GtkWidget *bp_window_get_model_view    (BpWindow       *self);
GtkWidget *bp_window_get_training_view (BpWindow       *self);
const BpTable *bp_window_get_table     (BpWindow       *self);
gboolean  bp_window_is_loading         (BpWindow       *self);
/* Whether the file, project or sample last asked for has reported an
 * error so far (a file still loading may yet). */
gboolean  bp_window_get_open_failed    (BpWindow       *self);

G_END_DECLS
