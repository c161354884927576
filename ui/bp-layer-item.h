/* bp-layer-item.h: one hidden layer of the model editor, as a GObject.
 *
 * The editor's GListStore holds these; each BpLayerRow binds its controls
 * to one. Values are kept in the engine's ranges (BP_MAX_UNITS,
 * BP_MAX_DROPOUT), so a spec built from the items always validates.
 */
#pragma once

#include <glib-object.h>

#include "bp-engine.h"

G_BEGIN_DECLS

#define BP_TYPE_LAYER_ITEM (bp_layer_item_get_type ())
G_DECLARE_FINAL_TYPE (BpLayerItem, bp_layer_item, BP, LAYER_ITEM, GObject)

/* What a new layer starts as: 64 relu units, no dropout. */
#define BP_LAYER_ITEM_DEFAULT_UNITS 64

BpLayerItem  *bp_layer_item_new            (guint         units,
                                            BpActivation  activation,
                                            double        dropout);
BpLayerItem  *bp_layer_item_copy           (BpLayerItem  *self);

guint         bp_layer_item_get_units      (BpLayerItem  *self);
void          bp_layer_item_set_units      (BpLayerItem  *self,
                                            guint         units);
BpActivation  bp_layer_item_get_activation (BpLayerItem  *self);
/* Any activation but softmax, which belongs to output layers only. */
void          bp_layer_item_set_activation (BpLayerItem  *self,
                                            BpActivation  activation);
double        bp_layer_item_get_dropout    (BpLayerItem  *self);
void          bp_layer_item_set_dropout    (BpLayerItem  *self,
                                            double        dropout);

G_END_DECLS
