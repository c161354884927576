/* bp-chart.h: a Cairo line chart for live training curves.
 *
 * Series share the x axis (epochs: per-batch points at fractional epochs,
 * per-epoch points at integers). Axis ranges only grow, by jumps to nice
 * values, so the axes stay still while points stream in; they start over
 * when the data shrinks (a series was cleared) or the series are removed.
 * Drawing costs O(width) per series whatever the number of points (see
 * bp-chart-series.h). The hover read-out is drawn over a cached rendering
 * of the rest, so moving the pointer redraws nothing else.
 */
#pragma once

#include <gtk/gtk.h>

#include "bp-chart-series.h"

G_BEGIN_DECLS

#define BP_TYPE_CHART (bp_chart_get_type ())
G_DECLARE_FINAL_TYPE (BpChart, bp_chart, BP, CHART, GtkWidget)

GtkWidget *bp_chart_new               (void);
void       bp_chart_set_title         (BpChart       *self,
                                       const char    *title);
void       bp_chart_set_x_label       (BpChart       *self,
                                       const char    *label);
void       bp_chart_set_y_label       (BpChart       *self,
                                       const char    *label);
/* Drawn when no series has points. */
void       bp_chart_set_placeholder   (BpChart       *self,
                                       const char    *text);
/* Takes a ref. */
void       bp_chart_add_series        (BpChart       *self,
                                       BpChartSeries *series);
void       bp_chart_remove_all_series (BpChart       *self);
/* Also the property "log-y". Non-positive values sit at the bottom.
 * Smoothed series (per-batch loss) are noisy: their first points and
 * their outliers do not widen the y axis, so it shows where the curves
 * are; the y axis also narrows again when the data come to fill less
 * than a third of it (bp_chart_axis_range_fit). */
void       bp_chart_set_log_y         (BpChart       *self,
                                       gboolean       log_y);
gboolean   bp_chart_get_log_y         (BpChart       *self);
/* 0..0.99, the EMA weight of smoothed series, like TensorBoard's slider;
 * also the property "smoothing". */
void       bp_chart_set_smoothing     (BpChart       *self,
                                       double         smoothing);
double     bp_chart_get_smoothing     (BpChart       *self);
/* Hard limits of the y range, e.g. 0..1 for accuracy; NaN = free. */
void       bp_chart_set_y_bounds      (BpChart       *self,
                                       double         min,
                                       double         max);
/* The x axis covers at least min..max (e.g. 0..the planned epochs) from
 * the start, so it need not grow during a run; NaN = none. */
void       bp_chart_set_x_extent      (BpChart       *self,
                                       double         min,
                                       double         max);
/* Linear x ticks no closer than this (1: whole epochs); 0 = any. */
void       bp_chart_set_x_min_step    (BpChart       *self,
                                       double         step);
/* The y axis as the next drawing shows it; FALSE when there is no data. */
gboolean   bp_chart_get_y_range       (BpChart       *self,
                                       double        *min,
                                       double        *max);
/* A vertical mark, e.g. "lr 0.01" where a setting changed. */
void       bp_chart_add_marker        (BpChart       *self,
                                       double         x,
                                       const char    *label);
void       bp_chart_clear_markers     (BpChart       *self);
/* A solid vertical line at x (the moment the timeline shows); NaN hides it. */
void       bp_chart_set_cursor        (BpChart       *self,
                                       double         x);
double     bp_chart_get_cursor        (BpChart       *self);
/* The label of marker i (in the order added), or NULL past the end. */
const char *bp_chart_get_marker      (BpChart       *self,
                                      guint          i,
                                      double        *x);
/* A small chart under another (a difference): it asks for half the
 * usual height. Default FALSE. */
void       bp_chart_set_compact       (BpChart       *self,
                                       gboolean       compact);
/* Points were appended: update the ranges (lazily) and queue a draw. */
void       bp_chart_data_changed      (BpChart       *self);

/* The one drawing routine: the widget, export and tests use it. Draws no
 * background and no hover read-out. */
void       bp_chart_draw              (BpChart       *self,
                                       cairo_t       *cr,
                                       int            width,
                                       int            height);
/* PNG, SVG or PDF by the file's extension, on an opaque background.
 * G_IO_ERROR naming the file on an unknown extension or a write failure. */
gboolean   bp_chart_export            (BpChart       *self,
                                       const char    *path,
                                       int            width,
                                       int            height,
                                       GError       **error);

/* Line up the two charts' plot areas (e.g. stacked loss and metric
 * charts): each leaves room for the wider of their y-axis labels. Either
 * may be destroyed first; NULL undoes it. */
void       bp_chart_align_with        (BpChart       *self,
                                       BpChart       *other);

/* Where bp_chart_draw puts the plot (inside the axes) at this size; FALSE
 * when it is too small for a plot or there is no data. */
gboolean   bp_chart_get_plot_area     (BpChart       *self,
                                       int            width,
                                       int            height,
                                       cairo_rectangle_int_t *area);
/* The colour and line of the @run-th overlaid run: the palette's eight
 * colours solid, then dashed, dotted and dash-dotted (32 runs apart), so
 * twenty runs stay told apart without relying on colour alone. */
void       bp_chart_run_style         (guint          run,
                                       guint         *color_index,
                                       BpChartLineStyle *style);
/* The colour a series of this color_index gets in the current style
 * (Okabe–Ito, adjusted for light or dark). */
void       bp_chart_get_series_color  (BpChart       *self,
                                       guint          color_index,
                                       GdkRGBA       *color);

G_END_DECLS
