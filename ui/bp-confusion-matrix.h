/* bp-confusion-matrix.h: a confusion matrix drawn with Cairo.
 *
 * True classes are rows, predicted classes columns. Each cell is shaded
 * by its share of its row (so a rare class reads as clearly as a common
 * one) in libadwaita's accent blue, and shows its count.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BP_TYPE_CONFUSION_MATRIX (bp_confusion_matrix_get_type ())
G_DECLARE_FINAL_TYPE (BpConfusionMatrix, bp_confusion_matrix, BP, CONFUSION_MATRIX, GtkWidget)

GtkWidget *bp_confusion_matrix_new         (void);
/* counts: n_classes × n_classes, row = true class; copied, as are the
 * names (NULL: "0", "1", …). n_classes 0 clears. */
void       bp_confusion_matrix_set_counts  (BpConfusionMatrix  *self,
                                            const guint64      *counts,
                                            gsize               n_classes,
                                            const char * const *class_names);
gsize      bp_confusion_matrix_get_n_classes (BpConfusionMatrix *self);
guint64    bp_confusion_matrix_get_count   (BpConfusionMatrix  *self,
                                            gsize               truth,
                                            gsize               predicted);
/* The one drawing routine (widget and tests): no background outside the
 * cells. */
void       bp_confusion_matrix_draw        (BpConfusionMatrix  *self,
                                            cairo_t            *cr,
                                            int                 width,
                                            int                 height);
/* Where bp_confusion_matrix_draw puts a cell at this size; FALSE when
 * there is nothing to draw or the cell does not exist. */
gboolean   bp_confusion_matrix_get_cell_rect (BpConfusionMatrix *self,
                                              int                width,
                                              int                height,
                                              gsize              truth,
                                              gsize              predicted,
                                              graphene_rect_t   *rect);

/* Whether every class name and both titles are drawn whole (none
 * ellipsized) at this size. Names wider than a cell stand upright; names
 * longer than 220 pixels are cut. */
gboolean   bp_confusion_matrix_get_labels_whole (BpConfusionMatrix *self,
                                                 int                width,
                                                 int                height);

G_END_DECLS
