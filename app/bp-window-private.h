/* bp-window-private.h: what the files of BpWindow share.
 *
 * One type over five files, as GNOME Text Editor spreads EditorWindow:
 * bp-window.c (construction, questions and file choosers, actions),
 * bp-window-document.c (showing the document, opening and saving),
 * bp-window-close.c (the question before closing, the automatic save and
 * restoring it), bp-window-training.c (the run, its evaluation, exports)
 * and bp-window-run-log.c (a followed run log on the charts). Only they
 * include this header.
 */
#pragma once

#include "bp-data-view.h"
#include "bp-dialogs.h"
#include "bp-document.h"
#include "bp-engine.h"
#include "bp-eval-view.h"
#include "bp-frame-views.h"
#include "bp-notice.h"
#include "bp-model-view.h"
#include "bp-training-session.h"
#include "bp-training-view.h"
#include "bp-window.h"

G_BEGIN_DECLS

struct _BpWindow {
  AdwApplicationWindow parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkStack          *main_stack;
  AdwViewStack      *view_stack;
  GtkWidget         *view_switcher;
  AdwStatusPage     *welcome_page;
  AdwStatusPage     *loading_page;
  GtkProgressBar    *loading_bar;
  BpDataView        *data_view;
  BpModelView       *model_view;
  BpTrainingView    *training_view;
  BpEvalView        *eval_view;
  GtkLabel          *data_title;
  GtkLabel          *data_summary;
  BpNotice          *data_notice;       /* the split the app chose, on the Data page */
  BpNotice          *train_notice;      /* the same before Train */
  GMenu             *recent_section;
  AdwWindowTitle    *project_title;

  GSettings         *settings;          /* the application's; NULL: none are kept */
  BpDocument        *document;          /* what the window shows */
  BpTrainingSession *session;           /* the document's */
  GArray            *scratch;           /* BpProgress polled this frame */
  guint              tick_id;
  BpTask             task;
  gboolean           has_validation;
  char              *pending_marker;    /* settings changed while paused */
  BpTrainConfig      marker_base;       /* the settings when the run last moved */
  gboolean           marker_base_set;
  gboolean           train_when_ready;
  gboolean           open_failed;       /* the last open asked for reported an error */
  guint64            evaluated_step;    /* the pause last evaluated; 0: none */
  BpProbe           *probe;             /* the model parked or ended, looked inside (UI thread) */
  BpProbeFrame      *frame;             /* its last run */
  const BpDataset   *probe_dataset;     /* what probe was made for (compared only) */
  gsize              probe_params;      /* and the size of the network */
  BpFramePoints     *train_points;      /* the rows on the plane, per page */
  BpFramePoints     *eval_points;
  BpModelSpec       *live_spec;         /* the run's network, for the live frames' weights */
  gboolean           live_features_set; /* the training page's pickers follow this run */
  BpRunLog          *run_log;           /* the document's, while it follows one */
  gboolean           log_begun;         /* the training view shows run_log's task */
  gboolean           scripted;          /* --quit-after-training: asks nothing, saves nothing automatically */
  gboolean           close_confirmed;   /* the user answered: close without asking again */
  gboolean           asking_close;      /* the close question is up */
  gboolean           restoring;         /* a restore into this window is on its way */
  guint              open_failures;     /* the document's "open-failed", counted */
  guint64            timeline_latest;   /* the number of the latest snapshot the strip shows */

};

typedef void (*BpWindowConfirmedFunc) (BpWindow *self, gpointer data);
typedef void (*BpWindowFileFunc)      (BpWindow *self, GFile *file, gpointer data);

/* bp-window-document.c: the chart mark for settings changed during a
 * pause ("lr 0.064 · batch 64"), NULL when nothing differs. */
char     *_bp_window_change_marker     (const BpTrainConfig    *before,
                                        const BpTrainConfig    *after);

/* bp-window.c */
char     *_bp_window_display_basename  (GFile                  *file);
/* @text (plain, not markup) as a toast for 6 seconds; _for: @timeout
 * seconds, 0 until the user dismisses it. */
void      _bp_window_toast             (BpWindow               *self,
                                        const char             *text);
void      _bp_window_toast_for         (BpWindow               *self,
                                        const char             *text,
                                        guint                   timeout);
void      _bp_window_show_error        (BpWindow               *self,
                                        const char             *heading,
                                        const char             *body);
gboolean  _bp_window_emit_open_failed  (BpWindow               *self,
                                        const char             *message);
void      _bp_window_report_open_error (BpWindow               *self,
                                        const char             *heading,
                                        const char             *body);
void      _bp_window_ask               (BpWindow               *self,
                                        const char             *heading,
                                        const char             *body,
                                        const char             *yes,
                                        const char             *yes_label,
                                        AdwResponseAppearance   appearance,
                                        BpWindowConfirmedFunc   func,
                                        gpointer                data,
                                        GDestroyNotify          destroy);
void      _bp_window_confirm_discard   (BpWindow               *self,
                                        BpWindowConfirmedFunc   func,
                                        gpointer                data,
                                        GDestroyNotify          destroy);
void      _bp_window_choose_file       (BpWindow               *self,
                                        BpChooseAction          action,
                                        const char             *title,
                                        const char             *suggested_name,
                                        const BpFileFilterKind *filters,
                                        guint                   n_filters,
                                        BpWindowFileFunc        func,
                                        gpointer                data,
                                        GDestroyNotify          destroy);
void      _bp_window_remember_folder   (BpWindow               *self,
                                        GFile                  *file);
void      _bp_window_update_actions    (BpWindow               *self);
/* Ctrl+S: to the project file, or Save As; then then(self, NULL) once
 * saved (@then nullable). */
void      _bp_window_save_project      (BpWindow               *self,
                                        BpWindowConfirmedFunc   then);

/* bp-window-document.c */
void      _bp_window_document_init     (BpWindow               *self);
void      _bp_window_start_load        (BpWindow               *self,
                                        gpointer                file);
void      _bp_window_open_project      (BpWindow               *self,
                                        GFile                  *file,
                                        gboolean                confirmed);
/* Opens a project, follows a run log or loads a CSV, by @file's name;
 * @confirmed: the user has already agreed to discard a run. */
void      _bp_window_open_any          (BpWindow               *self,
                                        GFile                  *file,
                                        gboolean                confirmed);
/* FALSE (said in a dialog) when it could not be saved. */
gboolean  _bp_window_save_project_to   (BpWindow               *self,
                                        GFile                  *file);
/* The project's name, else the data's: what a heading calls the document. */
char     *_bp_window_document_name     (BpWindow               *self);
void      _bp_window_train_now         (BpWindow               *self);

/* bp-window-close.c */
void      _bp_window_close_init        (BpWindow               *self);
/* TRUE when closing must wait for the user's answer (unsaved work, or a
 * run): the question is asked (once). */
gboolean  _bp_window_ask_before_close  (BpWindow               *self);

/* bp-window-training.c */
void      _bp_window_training_class_init (GtkWidgetClass       *widget_class);
void      _bp_window_training_init     (BpWindow               *self);
void      _bp_window_training_finalize (BpWindow               *self);

/* The Evaluate page at the moment on show: the timeline's, or the run's. */
void      _bp_window_update_evaluation (BpWindow               *self);

/* bp-window-timeline.c */
void      _bp_window_timeline_init     (BpWindow               *self);
/* From the frame poll: the strip gets new snapshots when there are some. */
void      _bp_window_timeline_refresh  (BpWindow               *self);
/* Whether the strip holds an earlier moment (the views show it). */
gboolean  _bp_window_timeline_holds    (BpWindow               *self);
/* The model at that moment (new) and what to call it, or NULL. */
BpModel  *_bp_window_timeline_get_model (BpWindow              *self,
                                        char                  **when);
/* bp-window-twins.c: "Compare With One Change…" (win.compare-twins). */
void      _bp_window_twins_class_init  (GtkWidgetClass         *widget_class);

/* bp-window-run-log.c */
void      _bp_window_run_log_class_init (GtkWidgetClass      *widget_class);
void      _bp_window_run_log_init      (BpWindow               *self);
void      _bp_window_run_log_dispose   (BpWindow               *self);
/* Asks before throwing a run away, then follows @file. */
void      _bp_window_follow_run_log    (BpWindow               *self,
                                        GFile                  *file);

G_END_DECLS
