/* bp-weights-view.h: every Dense layer's weights as a heatmap.
 *
 * One matrix per layer, side by side: rows are the layer's inputs, columns
 * its units, and a row marked "bias" under each. Orange is positive, blue
 * negative, the background colour zero; each layer is scaled to its own
 * largest |value| (weights and biases), shown in a small legend under it.
 * A matrix with more cells than pixels shows, per pixel, the value with
 * the largest magnitude in that block. The numbers are copied from the
 * model: the view never keeps a pointer to it.
 */
#pragma once

#include <gtk/gtk.h>

#include "bp-engine.h"

G_BEGIN_DECLS

#define BP_TYPE_WEIGHTS_VIEW (bp_weights_view_get_type ())
G_DECLARE_FINAL_TYPE (BpWeightsView, bp_weights_view, BP, WEIGHTS_VIEW, GtkWidget)

GtkWidget *bp_weights_view_new          (void);
/* Copy the weights and biases of every layer of model (borrowed only
 * during the call). feature_names (the first layer's inputs) and
 * class_names (the classes, for the output layer's columns) are
 * NULL-terminated and may be NULL. NULL model clears. */
void       bp_weights_view_set_model    (BpWeightsView      *self,
                                         const BpModel      *model,
                                         const char * const *feature_names,
                                         const char * const *class_names);
gsize      bp_weights_view_get_n_layers (BpWeightsView      *self);
/* The copied weight W[input][unit] of a layer; input == its number of
 * inputs gives the unit's bias. */
float      bp_weights_view_get_weight   (BpWeightsView      *self,
                                         gsize               layer,
                                         gsize               input,
                                         gsize               unit);

/* The one drawing routine (widget and tests): no background outside the
 * matrices. */
void       bp_weights_view_draw         (BpWeightsView      *self,
                                         cairo_t            *cr,
                                         int                 width,
                                         int                 height);
/* Where bp_weights_view_draw puts the cell (or, when the matrix is
 * downsampled, the pixel block) of W[input][unit] at this size; input ==
 * n_in is the bias row. FALSE when nothing is drawn or there is no such
 * weight. */
gboolean   bp_weights_view_get_cell_rect (BpWeightsView     *self,
                                          int                width,
                                          int                height,
                                          gsize              layer,
                                          gsize              input,
                                          gsize              unit,
                                          graphene_rect_t   *rect);
/* The hover read-out for the cell nearest (x, y) at this size, e.g.
 * "Dense 1: input “mean_radius” → unit 17: 0.234"; NULL when the point
 * is not on or near a matrix. Free with g_free. */
char      *bp_weights_view_describe_at  (BpWeightsView      *self,
                                         int                 width,
                                         int                 height,
                                         double              x,
                                         double              y);

G_END_DECLS
