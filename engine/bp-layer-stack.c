/* bp-layer-stack.c: the network a user designs (see bp-layer-stack.h). */
#include "bp-layer-stack.h"

BpLayerStack *
bp_layer_stack_new (void)
{
  BpLayerStack *stack = g_new0 (BpLayerStack, 1);
  stack->layers = g_array_new (FALSE, FALSE, sizeof (BpLayerSpec));
  stack->init = BP_INIT_GLOROT_UNIFORM;
  stack->loss = BP_LOSS_MSE;
  return stack;
}

BpLayerStack *
bp_layer_stack_new_recipe (void)
{
  BpLayerStack *stack = bp_layer_stack_new ();
  bp_layer_stack_add (stack, 128, BP_ACTIVATION_RELU, 0.0f);
  bp_layer_stack_add (stack, 64, BP_ACTIVATION_RELU, 0.0f);
  return stack;
}

static gboolean
is_regression_loss (BpLoss loss)
{
  return loss == BP_LOSS_MSE || loss == BP_LOSS_MAE || loss == BP_LOSS_HUBER;
}

BpLayerStack *
bp_layer_stack_new_from_spec (const BpModelSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  BpLayerStack *stack = bp_layer_stack_new ();
  if (spec->layers->len > 1)
    g_array_append_vals (stack->layers, spec->layers->data, spec->layers->len - 1);
  stack->init = spec->init;
  if (is_regression_loss (spec->loss))
    stack->loss = spec->loss;
  return stack;
}

BpLayerStack *
bp_layer_stack_copy (const BpLayerStack *stack)
{
  g_return_val_if_fail (stack != NULL, NULL);
  BpLayerStack *copy = bp_layer_stack_new ();
  g_array_append_vals (copy->layers, stack->layers->data, stack->layers->len);
  copy->init = stack->init;
  copy->loss = stack->loss;
  return copy;
}

void
bp_layer_stack_free (BpLayerStack *stack)
{
  if (stack == NULL)
    return;
  g_array_unref (stack->layers);
  g_free (stack);
}

void
bp_layer_stack_add (BpLayerStack *stack, guint units, BpActivation activation, float dropout)
{
  g_return_if_fail (stack != NULL);
  BpLayerSpec layer = { units, activation, dropout };
  g_array_append_val (stack->layers, layer);
}

gboolean
bp_layer_stack_parse (BpLayerStack *stack, const char *text, GError **error)
{
  g_return_val_if_fail (stack != NULL && text != NULL, FALSE);
  /* The spec's parser, appending to our array through a view of it. */
  BpModelSpec view = { .n_inputs = 0, .layers = stack->layers, .loss = stack->loss, .init = stack->init };
  return bp_model_spec_parse_layers (&view, text, error);
}

BpModelSpec *
bp_layer_stack_build_for (const BpLayerStack *stack, gsize n_inputs, BpTask task, gsize n_outputs)
{
  g_return_val_if_fail (stack != NULL, NULL);
  BpModelSpec *spec = bp_model_spec_new (n_inputs);
  g_array_append_vals (spec->layers, stack->layers->data, stack->layers->len);
  spec->init = stack->init;
  spec->loss = stack->loss;
  bp_model_spec_add_output (spec, task, n_outputs);
  return spec;
}

BpModelSpec *
bp_layer_stack_build (const BpLayerStack *stack, const BpDataset *dataset)
{
  g_return_val_if_fail (stack != NULL && dataset != NULL, NULL);
  return bp_layer_stack_build_for (stack, dataset->n_features, dataset->task, dataset->n_outputs);
}
