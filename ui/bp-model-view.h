/* bp-model-view.h: design the network and set how it is trained.
 *
 * The layer stack (a GListStore of BpLayerItem, one BpLayerRow each)
 * between a derived input row and an output row that follows the task,
 * a live parameter count and Keras-style summary from the engine, and the
 * training settings over bp_train_config_init()'s defaults. The view
 * scrolls vertically by itself and fits a column about 380 px wide.
 *
 * Signals:
 * - "architecture-changed" (no args): a hidden layer or the initializer
 *   changed, by the user or by bp_model_view_set_hidden_layers();
 * - "config-changed" (no args): a training setting changed, by the user
 *   or by bp_model_view_set_train_config() (once per call).
 * bp_model_view_set_data() emits neither.
 */
#pragma once

#include <adwaita.h>

#include "bp-engine.h"

G_BEGIN_DECLS

#define BP_TYPE_MODEL_VIEW (bp_model_view_get_type ())
G_DECLARE_FINAL_TYPE (BpModelView, bp_model_view, BP, MODEL_VIEW, AdwBin)

/* EDITABLE: everything can be changed. PAUSED: a run exists, paused or
 * finished: the layers, initializer, optimizer kind and seed are locked
 * (a banner offers "win.reset"); what can change between batches stays
 * editable. RUNNING: everything is locked. */
typedef enum {
  BP_MODEL_VIEW_EDITABLE,
  BP_MODEL_VIEW_PAUSED,
  BP_MODEL_VIEW_RUNNING,
} BpModelViewState;

GtkWidget        *bp_model_view_new               (void);

/* The data's shape; n_inputs 0 means no data yet (the rows say so). */
void              bp_model_view_set_data          (BpModelView         *self,
                                                   gsize                n_inputs,
                                                   BpTask               task,
                                                   gsize                n_outputs);
/* The hidden layers, the initializer and the output layer the task needs
 * (bp_layer_stack_build_for); NULL when there is no data. Free with bp_model_spec_free; it is not
 * validated (bp_model_new does that). */
BpModelSpec      *bp_model_view_build_spec        (BpModelView         *self);
/* What the user designed: the hidden layers and the initializer (the
 * view has no loss: the stack's is mean squared error), with or without
 * data. Free with bp_layer_stack_free. */
BpLayerStack     *bp_model_view_get_layer_stack   (BpModelView         *self);
/* The stack's layers become the hidden layers and its initializer the
 * initializer; its loss is not shown. */
void              bp_model_view_set_hidden_layers (BpModelView         *self,
                                                   const BpLayerStack  *stack);
/* The same from a full spec (a saved model): its last layer is the output
 * layer and is left out. */
void              bp_model_view_set_model_spec    (BpModelView         *self,
                                                   const BpModelSpec   *spec);
guint             bp_model_view_get_n_hidden_layers (BpModelView       *self);

/* The form's settings over bp_train_config_init() defaults; settings the
 * form does not show keep what the last set_train_config() gave, except
 * class_weights, which is always NULL. */
void              bp_model_view_get_train_config  (BpModelView         *self,
                                                   BpTrainConfig       *config);
void              bp_model_view_set_train_config  (BpModelView         *self,
                                                   const BpTrainConfig *config);

void              bp_model_view_set_state         (BpModelView         *self,
                                                   BpModelViewState     state);
BpModelViewState  bp_model_view_get_state         (BpModelView         *self);

G_END_DECLS
