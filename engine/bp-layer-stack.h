/* bp-layer-stack.h: the network a user designs, before there is data.
 *
 * The hidden layers (units, activation, dropout), the initializer and the
 * regression loss (mse, mae or huber; a classification task picks its
 * own). The input and output layers follow from the data, so they are not
 * here: bp_layer_stack_build adds them for a dataset and gives the
 * BpModelSpec that bp_model_new takes. A project keeps one (bp-project.h),
 * the model view shows and edits one, backprop-cli makes one from
 * --layers, --init and --loss.
 */
#pragma once

#include <glib.h>

#include "bp-dataset.h"
#include "bp-model.h"

G_BEGIN_DECLS

typedef struct {
  GArray *layers;   /* BpLayerSpec: the hidden layers, from the input side */
  BpInit  init;
  BpLoss  loss;     /* for regression: BP_LOSS_MSE, _MAE or _HUBER */
} BpLayerStack;

/* No hidden layers, Glorot uniform, mean squared error. */
BpLayerStack *bp_layer_stack_new        (void);
/* The seed recipe: Dense(128, relu), Dense(64, relu). */
BpLayerStack *bp_layer_stack_new_recipe (void);
/* The hidden layers, initializer and regression loss of a full spec (a
 * saved model's): its last layer is the output layer and is left out. */
BpLayerStack *bp_layer_stack_new_from_spec (const BpModelSpec *spec);
BpLayerStack *bp_layer_stack_copy       (const BpLayerStack *stack);
void          bp_layer_stack_free       (BpLayerStack       *stack);

void          bp_layer_stack_add        (BpLayerStack       *stack,
                                         guint               units,
                                         BpActivation        activation,
                                         float               dropout);
/* Appends "128:relu,64:relu:0.2" (units:activation[:dropout]), as
 * bp_model_spec_parse_layers reads it; INVALID names the bad layer. */
gboolean      bp_layer_stack_parse      (BpLayerStack       *stack,
                                         const char         *text,
                                         GError            **error);

/* The whole network for data of this shape: @n_inputs inputs, the hidden
 * layers, and the output layer @task needs with its loss (the stack's
 * loss for regression). Not validated: bp_model_new does that. */
BpModelSpec  *bp_layer_stack_build_for  (const BpLayerStack *stack,
                                         gsize               n_inputs,
                                         BpTask              task,
                                         gsize               n_outputs);
/* The same for @dataset's features, task and outputs. */
BpModelSpec  *bp_layer_stack_build      (const BpLayerStack *stack,
                                         const BpDataset    *dataset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpLayerStack, bp_layer_stack_free)

G_END_DECLS
