/* bp-training-view.h: the run as it happens: controls, progress, live
 * charts of loss and the task's metric, and a Keras-style epoch log.
 *
 * The view is fed progress records (bp_training_view_add_progress); it
 * keeps no engine state and does no math beyond placing points. Its
 * buttons activate the window's actions (win.train, win.pause, ...).
 */
#pragma once

#include <gtk/gtk.h>

#include "bp-boundary-view.h"
#include "bp-chart.h"
#include "bp-confusion-matrix.h"
#include "bp-engine.h"
#include "bp-network-view.h"
#include "bp-regression-plot.h"
#include "bp-timeline-bar.h"

G_BEGIN_DECLS

#define BP_TYPE_TRAINING_VIEW (bp_training_view_get_type ())
G_DECLARE_FINAL_TYPE (BpTrainingView, bp_training_view, BP, TRAINING_VIEW, GtkWidget)

GtkWidget *bp_training_view_new          (void);
/* Clear everything and get ready for a run of this task. */
void       bp_training_view_begin        (BpTrainingView   *self,
                                          BpTask            task,
                                          gboolean          has_validation);
/* Back to the empty state (no run). */
void       bp_training_view_clear        (BpTrainingView   *self);
void       bp_training_view_add_progress (BpTrainingView   *self,
                                          const BpProgress *records,
                                          guint             n_records);
/* Mark the charts where a setting changed (at the last step shown). */
void       bp_training_view_add_marker   (BpTrainingView   *self,
                                          const char       *label);
/* The run's state in words under the progress bar; error styles it red. */
void       bp_training_view_set_status   (BpTrainingView   *self,
                                          const char       *status,
                                          gboolean          error);
void       bp_training_view_set_paused   (BpTrainingView   *self,
                                          gboolean          paused);
/* The run has ended: Train starts a new one (its label says so) and the
 * progress line says no time left. */
void       bp_training_view_set_finished (BpTrainingView   *self,
                                          gboolean          finished);
/* What the Train button says now ("_Train", "Res_ume", "Train _Again"). */
const char *bp_training_view_get_train_label (BpTrainingView *self);
/* An epoch's time for the log: "3.2ms", "45ms", "1.3s" (C-locale
 * independent only in its units). */
char      *bp_training_view_format_epoch_time (double seconds);
/* The timeline strip under the charts (emptied by begin and clear). */
BpTimelineBar *bp_training_view_get_timeline_bar (BpTrainingView *self);
/* A cursor on both charts at x epochs (the moment on show); NaN hides it. */
void       bp_training_view_set_cursor   (BpTrainingView   *self,
                                          double            x);
BpChart   *bp_training_view_get_loss_chart   (BpTrainingView *self);
BpChart   *bp_training_view_get_metric_chart (BpTrainingView *self);
/* Points the charts hold: validation points on the metric chart, etc. */
guint      bp_training_view_get_n_epochs_shown (BpTrainingView *self);
guint      bp_training_view_get_n_validation_points (BpTrainingView *self);
const char *bp_training_view_get_progress_text (BpTrainingView *self);

/* The live views beside the charts: the decision boundary, the network
 * and how the model answers the validation rows (a confusion matrix, or
 * predicted against actual values). The window feeds them. */
BpBoundaryView    *bp_training_view_get_boundary_view    (BpTrainingView *self);
BpNetworkView     *bp_training_view_get_network_view     (BpTrainingView *self);
BpConfusionMatrix *bp_training_view_get_confusion_matrix (BpTrainingView *self);
BpRegressionPlot  *bp_training_view_get_regression_plot  (BpTrainingView *self);
/* The place of the confusion matrix or regression plot. */
GtkWidget         *bp_training_view_get_outcome          (BpTrainingView *self);
/* Counts as bp_confusion_matrix_set_counts (n_classes 0: the placeholder),
 * under @title (NULL: "Confusion matrix"). */
void       bp_training_view_show_confusion  (BpTrainingView     *self,
                                             const guint64      *counts,
                                             gsize               n_classes,
                                             const char * const *class_names,
                                             const char         *title);
/* Pairs as bp_regression_plot_set_points (n 0: the placeholder). */
void       bp_training_view_show_regression (BpTrainingView     *self,
                                             const float        *actual,
                                             const float        *predicted,
                                             gsize               n,
                                             const char         *target_name,
                                             const char         *title);
void       bp_training_view_clear_outcome   (BpTrainingView     *self);

G_END_DECLS
