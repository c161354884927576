/* bp-network-view.h: the network as a diagram, redrawn as it learns.
 *
 * Input nodes named after the features (a one-hot group is one node),
 * the hidden layers, the output; edges coloured by the weight's sign
 * (orange positive, blue negative) and as wide as its size. A layer with
 * more units than fit shows the units with the strongest connections and
 * "+N more". Hovering an edge tells its weight; a unit, its mean
 * activation on the last batch and the share of rows it was inactive on
 * (a dead ReLU is marked). With maps of the hidden units over the input
 * plane (two inputs), each unit is drawn as its map; a click shows it
 * large. Everything drawn is copied from the setters; only choosing what
 * to show happens here.
 */
#pragma once

#include <gtk/gtk.h>

#include "bp-engine.h"

G_BEGIN_DECLS

/* One layer's weights, as in BpModel: w is n_in × n_out, row-major. */
typedef struct {
  gsize          n_in, n_out;
  const float   *w;
  const float   *b;
  BpActivation   activation;
} BpNetworkLayer;

#define BP_TYPE_NETWORK_VIEW (bp_network_view_get_type ())
G_DECLARE_FINAL_TYPE (BpNetworkView, bp_network_view, BP, NETWORK_VIEW, GtkWidget)

GtkWidget *bp_network_view_new          (void);
/* The input nodes: @node_names (n_nodes) and, per input of the first
 * layer, the node it belongs to (@input_node, n_inputs; NULL: one node
 * per input) with its own name (@input_names, for the tooltip of a
 * one-hot level; may be NULL). Copied. */
void       bp_network_view_set_inputs   (BpNetworkView        *self,
                                         const char * const   *node_names,
                                         gsize                 n_nodes,
                                         const guint          *input_node,
                                         const char * const   *input_names,
                                         gsize                 n_inputs);
/* Names of the output units (NULL: "output 1", …); copied. */
void       bp_network_view_set_outputs  (BpNetworkView        *self,
                                         const char * const   *names,
                                         gsize                 n_outputs);
/* The weights (copied); n_layers 0 shows the placeholder. A change of
 * shape forgets the statistics and maps. */
void       bp_network_view_set_layers   (BpNetworkView        *self,
                                         const BpNetworkLayer *layers,
                                         gsize                 n_layers);
/* The same from a model (borrowed during the call). */
void       bp_network_view_set_model    (BpNetworkView        *self,
                                         const BpModel        *model);
/* Per unit of @layer (0: the first hidden layer): its mean activation on
 * the last batch and the share of rows it was inactive on (0–1). NULL
 * clears. */
void       bp_network_view_set_unit_stats (BpNetworkView      *self,
                                           gsize               layer,
                                           const float        *mean,
                                           const float        *inactive,
                                           gsize               n_units);
/* Per unit of @layer, its output over the input plane: maps of the
 * first n_units units (at most the layer's), size × size values each,
 * top row first; units without one are drawn as nodes. NULL clears. */
void       bp_network_view_set_unit_maps  (BpNetworkView      *self,
                                           gsize               layer,
                                           const float        *maps,
                                           guint               size,
                                           gsize               n_units);
void       bp_network_view_set_placeholder (BpNetworkView     *self,
                                            const char        *text);

/* The one drawing routine (widget and tests). */
void       bp_network_view_draw         (BpNetworkView        *self,
                                         cairo_t              *cr,
                                         int                   width,
                                         int                   height);
/* What a tooltip says at (x, y) at this size; NULL: nothing there. */
char      *bp_network_view_describe_at  (BpNetworkView        *self,
                                         int                   width,
                                         int                   height,
                                         double                x,
                                         double                y);
/* Where unit @unit of column @column (0: the inputs, then the layers'
 * outputs) is drawn at this size; FALSE when it is not shown. */
gboolean   bp_network_view_get_unit_position (BpNetworkView   *self,
                                              int              width,
                                              int              height,
                                              gsize            column,
                                              gsize            unit,
                                              graphene_point_t *center);
/* How many units column @column hides ("+N more"). */
gsize      bp_network_view_get_n_hidden_units (BpNetworkView  *self,
                                               int             width,
                                               int             height,
                                               gsize           column);
/* Open the large map of a unit, as a click on it does; FALSE: none. */
gboolean   bp_network_view_show_map     (BpNetworkView        *self,
                                         gsize                 layer,
                                         gsize                 unit);
GtkWidget *bp_network_view_get_map_popover (BpNetworkView     *self);
guint64    bp_network_view_get_n_drawn  (BpNetworkView        *self);

G_END_DECLS
