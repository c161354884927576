/* bp-regression-plot.h: how a regression model's answers fall.
 *
 * Two panels: predicted against actual values with the line where they
 * are equal, and the residuals (actual − predicted) against the
 * predictions with the zero line. Drawn with Cairo from the values it is
 * given, in the target's units; at most 2000 points are kept (one from
 * each equal slice of the rows).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BP_TYPE_REGRESSION_PLOT (bp_regression_plot_get_type ())
G_DECLARE_FINAL_TYPE (BpRegressionPlot, bp_regression_plot, BP, REGRESSION_PLOT, GtkWidget)

GtkWidget *bp_regression_plot_new        (void);
/* n pairs (copied; n 0 clears); @target_name may be NULL. */
void       bp_regression_plot_set_points (BpRegressionPlot *self,
                                          const float      *actual,
                                          const float      *predicted,
                                          gsize             n,
                                          const char       *target_name);
gsize      bp_regression_plot_get_n_points (BpRegressionPlot *self);
/* The one drawing routine (widget and tests). */
void       bp_regression_plot_draw       (BpRegressionPlot *self,
                                          cairo_t          *cr,
                                          int               width,
                                          int               height);
/* Where the two panels' plots go at this size; FALSE when too small. */
gboolean   bp_regression_plot_get_panels (BpRegressionPlot *self,
                                          int               width,
                                          int               height,
                                          graphene_rect_t  *scatter,
                                          graphene_rect_t  *residuals);
guint64    bp_regression_plot_get_n_drawn (BpRegressionPlot *self);

G_END_DECLS
