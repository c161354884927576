/* test-recipe.c: tests for bp-recipe (a dataset, model and trainer in one call).
 *
 * A recipe made from a table, data choices (a column ignored, a split),
 * a layer stack and settings holds the same dataset, spec, initial
 * weights and first-epoch loss, bit for bit, as the same run built by
 * hand with bp_dataset_new, bp_model_new and bp_trainer_new; so do the
 * recipes entered from a dataset or a spec. Each kind of failure names
 * its step: choices that do not fit the table, a network that is not
 * valid, settings the trainer refuses.
 */
#include <locale.h>
#include <math.h>
#include <string.h>

#include "bp-engine.h"
#include "test-util.h"

typedef struct {
  BpTable          *table;
  BpColumnRole     *roles;
  BpDatasetOptions  options;
  BpLayerStack     *stack;
  BpTrainConfig     config;
} Setup;

static void
setup_init (Setup *s, const char *file, BpTask task)
{
  s->table = load_sample (file);
  s->roles = g_new0 (BpColumnRole, s->table->n_columns);
  s->roles[0] = BP_ROLE_IGNORED;
  bp_dataset_options_init (&s->options);
  s->options.roles = s->roles;
  s->options.task = task;
  s->options.split = BP_SPLIT_SHUFFLE;
  s->options.seed = 5;
  s->stack = bp_layer_stack_new ();
  bp_layer_stack_add (s->stack, 12, BP_ACTIVATION_TANH, 0.1f);
  bp_layer_stack_add (s->stack, 6, BP_ACTIVATION_RELU, 0.0f);
  s->stack->init = BP_INIT_HE_UNIFORM;
  s->stack->loss = BP_LOSS_HUBER;
  bp_train_config_init (&s->config);
  s->config.epochs = 1;
  s->config.batch_size = 16;
  s->config.seed = 77;
}

static void
setup_clear (Setup *s)
{
  bp_table_free (s->table);
  g_free (s->roles);
  bp_layer_stack_free (s->stack);
}

static double
first_epoch_loss (BpTrainer *trainer)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_trainer_run (trainer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  const GArray *history = bp_trainer_get_history (trainer);
  g_assert_cmpuint (history->len, ==, 1);
  return g_array_index (history, BpEpochRecord, 0).loss;
}

static void
assert_same_recipe (BpRecipe *recipe, const BpModelSpec *spec, BpModel *model, BpTrainer *trainer)
{
  g_assert_cmpuint (recipe->spec->n_inputs, ==, spec->n_inputs);
  g_assert_cmpuint (recipe->spec->layers->len, ==, spec->layers->len);
  g_assert_cmpmem (recipe->spec->layers->data, recipe->spec->layers->len * sizeof (BpLayerSpec),
                   spec->layers->data, spec->layers->len * sizeof (BpLayerSpec));
  g_assert_cmpint (recipe->spec->loss, ==, spec->loss);
  g_assert_cmpint (recipe->spec->init, ==, spec->init);
  g_assert_cmpuint (recipe->model->n_params, ==, model->n_params);
  g_assert_cmpmem (recipe->model->params, recipe->model->n_params * sizeof (float),
                   model->params, model->n_params * sizeof (float));
  double by_hand = first_epoch_loss (trainer);
  double from_recipe = first_epoch_loss (recipe->trainer);
  g_assert_true (isfinite (by_hand));
  g_assert_cmpmem (&from_recipe, sizeof from_recipe, &by_hand, sizeof by_hand);
  g_assert_cmpmem (recipe->model->params, recipe->model->n_params * sizeof (float),
                   model->params, model->n_params * sizeof (float));
}

static void
test_same_as_by_hand (gconstpointer data)
{
  const char *file = data;
  Setup s;
  setup_init (&s, file, BP_TASK_AUTO);
  g_autoptr(GError) error = NULL;

  /* By hand, as backprop-cli and the window did. */
  g_autoptr(BpDataset) dataset = bp_dataset_new (s.table, &s.options, &error);
  g_assert_no_error (error);
  g_autoptr(BpModelSpec) spec = bp_model_spec_new (dataset->n_features);
  for (guint l = 0; l < s.stack->layers->len; l++)
    {
      const BpLayerSpec *layer = &g_array_index (s.stack->layers, BpLayerSpec, l);
      bp_model_spec_add_layer (spec, layer->units, layer->activation, layer->dropout);
    }
  spec->init = s.stack->init;
  spec->loss = s.stack->loss;
  bp_model_spec_add_output (spec, dataset->task, dataset->n_outputs);
  g_autoptr(BpModel) model = bp_model_new (spec, &error);
  g_assert_no_error (error);
  g_autoptr(BpTrainer) trainer = bp_trainer_new (model, dataset, &s.config, &error);
  g_assert_no_error (error);

  BpRecipeStep failed = BP_RECIPE_STEP_TRAINER;
  g_autoptr(BpRecipe) recipe = bp_recipe_new (s.table, &s.options, s.stack, &s.config, &failed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (recipe);
  g_assert_cmpuint (recipe->dataset->n_features, ==, dataset->n_features);
  g_assert_cmpuint (recipe->dataset->n_train, ==, dataset->n_train);
  g_assert_cmpmem (recipe->dataset->x, recipe->dataset->n_rows * recipe->dataset->n_features * sizeof (float),
                   dataset->x, dataset->n_rows * dataset->n_features * sizeof (float));
  g_assert_cmpint (bp_trainer_get_config (recipe->trainer)->seed, ==, 77);
  assert_same_recipe (recipe, spec, model, trainer);

  /* Entered from a dataset, and from a spec: the same again. */
  g_autoptr(BpModel) model2 = bp_model_new (spec, &error);
  g_autoptr(BpTrainer) trainer2 = bp_trainer_new (model2, dataset, &s.config, &error);
  g_assert_no_error (error);
  g_autoptr(BpRecipe) from_dataset = bp_recipe_new_for_dataset (bp_dataset_new (s.table, &s.options, NULL), s.stack,
                                                                 &s.config, NULL, &error);
  g_assert_no_error (error);
  assert_same_recipe (from_dataset, spec, model2, trainer2);

  g_autoptr(BpModel) model3 = bp_model_new (spec, &error);
  g_autoptr(BpTrainer) trainer3 = bp_trainer_new (model3, dataset, &s.config, &error);
  g_assert_no_error (error);
  g_autoptr(BpRecipe) from_spec = bp_recipe_new_for_spec (bp_dataset_new (s.table, &s.options, NULL), spec,
                                                           &s.config, NULL, &error);
  g_assert_no_error (error);
  assert_same_recipe (from_spec, spec, model3, trainer3);

  setup_clear (&s);
}

static void
test_failures (void)
{
  Setup s;
  setup_init (&s, "iris.csv", BP_TASK_AUTO);
  g_autoptr(GError) error = NULL;
  BpRecipeStep failed = BP_RECIPE_STEP_TRAINER;

  /* The data: every column ignored but the target leaves no inputs. */
  g_autofree BpColumnRole *all = g_new0 (BpColumnRole, s.table->n_columns);
  for (gsize c = 0; c + 1 < s.table->n_columns; c++)
    all[c] = BP_ROLE_IGNORED;
  BpDatasetOptions none = s.options;
  none.roles = all;
  g_assert_null (bp_recipe_new (s.table, &none, s.stack, &s.config, &failed, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (failed, ==, BP_RECIPE_STEP_DATASET);
  g_clear_error (&error);

  /* The network: a layer of no units. */
  g_autoptr(BpLayerStack) empty_layer = bp_layer_stack_copy (s.stack);
  bp_layer_stack_add (empty_layer, 0, BP_ACTIVATION_RELU, 0.0f);
  g_assert_null (bp_recipe_new (s.table, &s.options, empty_layer, &s.config, &failed, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (failed, ==, BP_RECIPE_STEP_MODEL);
  g_clear_error (&error);

  /* The settings: no rows per batch. */
  BpTrainConfig bad = s.config;
  bad.batch_size = 0;
  failed = BP_RECIPE_STEP_DATASET;
  g_assert_null (bp_recipe_new (s.table, &s.options, s.stack, &bad, &failed, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (failed, ==, BP_RECIPE_STEP_TRAINER);
  g_clear_error (&error);

  /* Without asking which step. */
  g_assert_null (bp_recipe_new (s.table, &s.options, s.stack, &bad, NULL, &error));
  g_assert_nonnull (error);

  setup_clear (&s);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/engine/recipe/same-as-by-hand/binary", "breast_cancer.csv", test_same_as_by_hand);
  g_test_add_data_func ("/engine/recipe/same-as-by-hand/multiclass", "iris.csv", test_same_as_by_hand);
  g_test_add_data_func ("/engine/recipe/same-as-by-hand/regression", "diabetes.csv", test_same_as_by_hand);
  g_test_add_func ("/engine/recipe/failures", test_failures);
  return g_test_run ();
}
