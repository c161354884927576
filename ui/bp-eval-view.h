/* bp-eval-view.h: how well a trained model does, shown.
 *
 * A summary line (accuracy, or MAE/RMSE/R²), the confusion matrix, a
 * per-class table, the ROC curve for binary tasks and, for data with two
 * inputs, the decision boundary with the points over it, and the weights
 * of every layer. Everything shown is copied from what the setters are
 * given; nothing is computed here (see bp-evaluation.h).
 */
#pragma once

#include <gtk/gtk.h>

#include "bp-boundary-view.h"
#include "bp-chart.h"
#include "bp-confusion-matrix.h"
#include "bp-engine.h"
#include "bp-network-view.h"
#include "bp-regression-plot.h"
#include "bp-weights-view.h"

G_BEGIN_DECLS

#define BP_TYPE_EVAL_VIEW (bp_eval_view_get_type ())
G_DECLARE_FINAL_TYPE (BpEvalView, bp_eval_view, BP, EVAL_VIEW, GtkWidget)

GtkWidget *bp_eval_view_new            (void);
/* Show an evaluation (borrowed only during the call: what is shown is
 * copied). class_names may be NULL for regression (classification
 * without names shows "0", "1", …). NULL clears to the empty state:
 * "Train a model to see how well it does". rows_description, e.g. "114
 * validation rows", may be NULL. The boundary is left as it is. */
void       bp_eval_view_set_evaluation (BpEvalView         *self,
                                        const BpEvaluation *evaluation,
                                        const char * const *class_names,
                                        gsize               n_classes,
                                        const char         *rows_description);
/* Optional decision boundary image for 2-input data: grid values as from
 * bp_decision_grid (width × height, top row first; a probability of class
 * 1 when n_classes is 2, else a class index), plus the points to overlay
 * (x,y pairs in the same encoded units, a label per point; at most 2000
 * are kept, one from each equal slice of the rows). NULL grid hides it.
 * Everything is copied. */
void       bp_eval_view_set_boundary   (BpEvalView         *self,
                                        const float        *grid,
                                        guint               width,
                                        guint               height,
                                        double              x_min,
                                        double              x_max,
                                        double              y_min,
                                        double              y_max,
                                        const float        *points_xy,
                                        const guint32      *labels,
                                        gsize               n_points,
                                        gsize               n_classes);


/* Shows @boundary (copied, see bp_boundary_view_set_boundary), or hides
 * the plot when it is NULL or has no grid. */
void       bp_eval_view_show_boundary  (BpEvalView         *self,
                                        const BpBoundary   *boundary);
/* After its boundary view (bp_eval_view_get_boundary_view) was given a
 * boundary directly: its section shows while it has one. */
void       bp_eval_view_sync_boundary  (BpEvalView         *self);
/* What the caption under the boundary says ("" when hidden). */
const char *bp_eval_view_get_boundary_caption (BpEvalView *self);
/* Where the plot of the boundary goes in its area at this size (inside
 * the axes and the legend); FALSE when hidden or too small. */
gboolean   bp_eval_view_get_boundary_plot (BpEvalView        *self,
                                           int                width,
                                           int                height,
                                           graphene_rect_t   *plot);

/* The weights of every layer (borrowed only during the call: copied);
 * feature_names and class_names are NULL-terminated and may be NULL.
 * NULL model hides the section. */
void       bp_eval_view_set_model      (BpEvalView         *self,
                                        const BpModel      *model,
                                        const char * const *feature_names,
                                        const char * const *class_names);

/* Regression: predicted against actual values and the residuals (as
 * bp_regression_plot_set_points; n 0 hides them), under @title. */
void       bp_eval_view_show_regression (BpEvalView        *self,
                                         const float       *actual,
                                         const float       *predicted,
                                         gsize              n,
                                         const char        *target_name,
                                         const char        *title);
/* The network diagram of the moment shown: fed by the window (as the
 * training page's is), shown or hidden here. */
BpNetworkView     *bp_eval_view_get_network_view     (BpEvalView *self);
void               bp_eval_view_set_network_shown    (BpEvalView *self,
                                                      gboolean    shown);
BpRegressionPlot  *bp_eval_view_get_regression_plot  (BpEvalView *self);

/* For tests and the window: the parts, and what the summary says. */
gboolean           bp_eval_view_is_empty             (BpEvalView *self);
const char        *bp_eval_view_get_summary          (BpEvalView *self);
BpConfusionMatrix *bp_eval_view_get_confusion_matrix (BpEvalView *self);
BpChart           *bp_eval_view_get_roc_chart        (BpEvalView *self);
BpChartSeries     *bp_eval_view_get_roc_series       (BpEvalView *self);
BpChartSeries     *bp_eval_view_get_chance_series    (BpEvalView *self);
/* The decision boundary (hidden without a grid). */
GtkWidget         *bp_eval_view_get_boundary         (BpEvalView *self);
BpBoundaryView    *bp_eval_view_get_boundary_view    (BpEvalView *self);
/* The labels of the points kept over the boundary; how many. */
gsize              bp_eval_view_get_boundary_labels  (BpEvalView *self,
                                                      const guint32 **labels);
BpWeightsView     *bp_eval_view_get_weights          (BpEvalView *self);

G_END_DECLS
