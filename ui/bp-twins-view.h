/* bp-twins-view.h: two networks that differ in one setting, side by side.
 *
 * "Compare with one change" (issue 15): the twins' loss and metric curves
 * on shared axes (A solid in the first colour, B in the second; the loss
 * per batch smoothed, validation dashed), each with a small chart beneath
 * of the difference B − A per epoch (the validation value when there are
 * validation rows, else the training one) around a zero line; and, for
 * data with two inputs, both decision boundaries side by side. It draws
 * the records and frames it is given and computes nothing else.
 */
#pragma once

#include <gtk/gtk.h>

#include "bp-boundary-view.h"
#include "bp-chart.h"
#include "bp-engine.h"

G_BEGIN_DECLS

typedef enum {
  BP_TWINS_CHART_LOSS,
  BP_TWINS_CHART_LOSS_DIFFERENCE,
  BP_TWINS_CHART_METRIC,
  BP_TWINS_CHART_METRIC_DIFFERENCE,
  BP_TWINS_N_CHARTS,
} BpTwinsChart;

#define BP_TYPE_TWINS_VIEW (bp_twins_view_get_type ())
G_DECLARE_FINAL_TYPE (BpTwinsView, bp_twins_view, BP, TWINS_VIEW, GtkWidget)

GtkWidget      *bp_twins_view_new          (void);
/* Starts over for twins A and B named @name_a and @name_b (what sets them
 * apart: "lr 0.001", "lr 0.01"), on @dataset (borrowed until the next
 * begin: the boundaries' rows and names) over @epochs. The boundaries
 * show when the dataset has two inputs (@boundaries). */
void            bp_twins_view_begin        (BpTwinsView        *self,
                                            const char         *name_a,
                                            const char         *name_b,
                                            const BpDataset    *dataset,
                                            guint               epochs,
                                            gboolean            boundaries);
/* Records as the twins session polls them (run_id 0: A, 1: B). */
void            bp_twins_view_add_progress (BpTwinsView        *self,
                                            const BpProgress   *records,
                                            guint               n_records);
/* Twin @which's boundary from @frame (NULL: nothing new). */
void            bp_twins_view_show_frame   (BpTwinsView        *self,
                                            guint               which,
                                            const BpProbeFrame *frame);
/* The line above the charts: where the twins are, how they ended. */
void            bp_twins_view_set_status   (BpTwinsView        *self,
                                            const char         *text);

/* For tests and exports. */
BpChart        *bp_twins_view_get_chart    (BpTwinsView        *self,
                                            BpTwinsChart        chart);
BpBoundaryView *bp_twins_view_get_boundary (BpTwinsView        *self,
                                            guint               which);
/* Epochs both twins have reached (the difference charts' points). */
guint           bp_twins_view_get_n_compared (BpTwinsView      *self);

G_END_DECLS
