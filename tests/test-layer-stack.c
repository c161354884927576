/* test-layer-stack.c: tests for bp-layer-stack (the network a user designs).
 *
 * The builder gives each task its input and output layers around the
 * same hidden layers, on real samples: breast_cancer (binary: 1 sigmoid
 * output, binary cross-entropy), iris (multiclass: 3 softmax outputs,
 * categorical cross-entropy) and diabetes (regression: 1 linear output,
 * the stack's loss). Parsing, copying and reading a saved model's spec
 * back keep every field; bad layers fail with a message.
 */
#include <locale.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

static BpDataset *
dataset_for (const char *name)
{
  g_autoptr(BpTable) table = load_sample (name);
  BpDatasetOptions options;
  bp_dataset_options_init (&options);
  return make_dataset (table, &options);
}

static void
assert_hidden (const BpModelSpec *spec, const BpLayerStack *stack)
{
  g_assert_cmpuint (spec->layers->len, ==, stack->layers->len + 1);
  for (guint l = 0; l < stack->layers->len; l++)
    {
      const BpLayerSpec *x = &g_array_index (spec->layers, BpLayerSpec, l);
      const BpLayerSpec *y = &g_array_index (stack->layers, BpLayerSpec, l);
      g_assert_cmpuint (x->units, ==, y->units);
      g_assert_cmpint (x->activation, ==, y->activation);
      g_assert_cmpfloat (x->dropout, ==, y->dropout);
    }
  g_assert_cmpint (spec->init, ==, stack->init);
}

static const BpLayerSpec *
output_of (const BpModelSpec *spec)
{
  return &g_array_index (spec->layers, BpLayerSpec, spec->layers->len - 1);
}

static void
test_build (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BpLayerStack) stack = bp_layer_stack_new ();
  g_assert_true (bp_layer_stack_parse (stack, "16:tanh, 8:elu:0.25", &error));
  g_assert_no_error (error);
  stack->init = BP_INIT_HE_NORMAL;
  stack->loss = BP_LOSS_HUBER;

  struct {
    const char *file;
    BpTask      task;
    gsize       inputs, outputs;
    BpActivation activation;
    BpLoss      loss;
  } cases[] = {
    { "breast_cancer.csv", BP_TASK_BINARY, 30, 1, BP_ACTIVATION_SIGMOID, BP_LOSS_BINARY_CROSSENTROPY },
    { "iris.csv", BP_TASK_MULTICLASS, 4, 3, BP_ACTIVATION_SOFTMAX, BP_LOSS_CATEGORICAL_CROSSENTROPY },
    { "diabetes.csv", BP_TASK_REGRESSION, 10, 1, BP_ACTIVATION_LINEAR, BP_LOSS_HUBER },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BpDataset) dataset = dataset_for (cases[i].file);
      g_assert_cmpint (dataset->task, ==, cases[i].task);
      g_autoptr(BpModelSpec) spec = bp_layer_stack_build (stack, dataset);
      g_assert_cmpuint (spec->n_inputs, ==, cases[i].inputs);
      assert_hidden (spec, stack);
      g_assert_cmpuint (output_of (spec)->units, ==, cases[i].outputs);
      g_assert_cmpint (output_of (spec)->activation, ==, cases[i].activation);
      g_assert_cmpfloat (output_of (spec)->dropout, ==, 0.0f);
      g_assert_cmpint (spec->loss, ==, cases[i].loss);
      g_assert_true (bp_model_spec_validate (spec, &error));
      g_assert_no_error (error);

      /* By shape: the same spec. */
      g_autoptr(BpModelSpec) by_shape = bp_layer_stack_build_for (stack, dataset->n_features, dataset->task,
                                                                 dataset->n_outputs);
      g_assert_cmpuint (by_shape->n_inputs, ==, spec->n_inputs);
      g_assert_cmpint (by_shape->loss, ==, spec->loss);
      assert_hidden (by_shape, stack);

      /* And back: the hidden layers, the initializer, the regression loss only. */
      g_autoptr(BpLayerStack) back = bp_layer_stack_new_from_spec (spec);
      assert_hidden (spec, back);
      g_assert_cmpint (back->loss, ==, cases[i].task == BP_TASK_REGRESSION ? BP_LOSS_HUBER : BP_LOSS_MSE);
    }
  /* The stack itself is left as it was. */
  g_assert_cmpuint (stack->layers->len, ==, 2);
  g_assert_cmpint (stack->loss, ==, BP_LOSS_HUBER);
}

static void
test_recipe_copy_parse (void)
{
  g_autoptr(BpLayerStack) recipe = bp_layer_stack_new_recipe ();
  g_assert_cmpuint (recipe->layers->len, ==, 2);
  g_assert_cmpuint (g_array_index (recipe->layers, BpLayerSpec, 0).units, ==, 128);
  g_assert_cmpuint (g_array_index (recipe->layers, BpLayerSpec, 1).units, ==, 64);
  g_assert_cmpint (g_array_index (recipe->layers, BpLayerSpec, 1).activation, ==, BP_ACTIVATION_RELU);
  g_assert_cmpint (recipe->init, ==, BP_INIT_GLOROT_UNIFORM);
  g_assert_cmpint (recipe->loss, ==, BP_LOSS_MSE);
  /* A project starts from the same recipe. */
  g_autoptr(BpProject) project = bp_project_new ();
  g_assert_cmpuint (project->layers->layers->len, ==, 2);

  g_autoptr(BpLayerStack) copy = bp_layer_stack_copy (recipe);
  bp_layer_stack_add (copy, 5, BP_ACTIVATION_GELU, 0.5f);
  copy->loss = BP_LOSS_MAE;
  g_assert_cmpuint (recipe->layers->len, ==, 2);
  g_assert_cmpuint (copy->layers->len, ==, 3);
  g_assert_cmpint (recipe->loss, ==, BP_LOSS_MSE);

  g_autoptr(GError) error = NULL;
  g_autoptr(BpLayerStack) bad = bp_layer_stack_new ();
  g_assert_false (bp_layer_stack_parse (bad, "16:relu,0:tanh", &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "0:tanh"));
  g_clear_error (&error);
  g_assert_false (bp_layer_stack_parse (bad, "16:swish", &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "swish"));
  g_clear_error (&error);

  /* No hidden layers: the output layer alone. */
  g_autoptr(BpLayerStack) none = bp_layer_stack_new ();
  g_autoptr(BpModelSpec) linear = bp_layer_stack_build_for (none, 3, BP_TASK_REGRESSION, 1);
  g_assert_cmpuint (linear->layers->len, ==, 1);
  g_assert_cmpint (output_of (linear)->activation, ==, BP_ACTIVATION_LINEAR);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/layer-stack/build", test_build);
  g_test_add_func ("/engine/layer-stack/recipe-copy-parse", test_recipe_copy_parse);
  return g_test_run ();
}
