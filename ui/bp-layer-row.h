/* bp-layer-row.h: one editable hidden layer in the model view's list.
 *
 * Its controls are bound both ways to a BpLayerItem; the buttons only
 * emit signals ("move-up", "move-down", "duplicate", "remove"), and the
 * list's owner changes the store, so a row never needs to know where it
 * sits beyond the position it is told for its title.
 */
#pragma once

#include <gtk/gtk.h>

#include "bp-layer-item.h"

G_BEGIN_DECLS

#define BP_TYPE_LAYER_ROW (bp_layer_row_get_type ())
G_DECLARE_FINAL_TYPE (BpLayerRow, bp_layer_row, BP, LAYER_ROW, GtkListBoxRow)

GtkWidget   *bp_layer_row_new           (BpLayerItem  *item);
BpLayerItem *bp_layer_row_get_item      (BpLayerRow   *self);
/* position is 0-based among n_layers hidden layers: it sets the title
 * ("Dense 2"), the accessible labels and which move buttons apply. */
void         bp_layer_row_set_position  (BpLayerRow   *self,
                                         guint         position,
                                         guint         n_layers);

/* Activations a hidden layer can have, in the order the editor lists them. */
extern const BpActivation bp_layer_row_activations[];
extern const guint        bp_layer_row_n_activations;
/* The translated name shown for an activation ("leaky relu"). */
const char  *bp_layer_row_activation_label (BpActivation activation);

G_END_DECLS
