/* bp-recipe.c: a dataset, a model and a trainer in one call (see bp-recipe.h). */
#include "bp-recipe.h"

static void
set_failed (BpRecipeStep *failed, BpRecipeStep step)
{
  if (failed)
    *failed = step;
}

BpRecipe *
bp_recipe_new_for_spec (BpDataset *dataset, const BpModelSpec *spec, const BpTrainConfig *config,
                        BpRecipeStep *failed, GError **error)
{
  g_autoptr(BpDataset) owned = dataset;
  g_return_val_if_fail (dataset != NULL && spec != NULL && config != NULL, NULL);

  g_autoptr(BpModel) model = bp_model_new (spec, error);
  if (model == NULL)
    {
      set_failed (failed, BP_RECIPE_STEP_MODEL);
      return NULL;
    }
  BpTrainer *trainer = bp_trainer_new (model, owned, config, error);
  if (trainer == NULL)
    {
      set_failed (failed, BP_RECIPE_STEP_TRAINER);
      return NULL;
    }
  BpRecipe *recipe = g_new0 (BpRecipe, 1);
  recipe->dataset = g_steal_pointer (&owned);
  recipe->spec = bp_model_spec_copy (spec);
  recipe->model = g_steal_pointer (&model);
  recipe->trainer = trainer;
  return recipe;
}

BpRecipe *
bp_recipe_new_for_dataset (BpDataset *dataset, const BpLayerStack *stack, const BpTrainConfig *config,
                           BpRecipeStep *failed, GError **error)
{
  g_return_val_if_fail (dataset != NULL && stack != NULL, NULL);
  g_autoptr(BpModelSpec) spec = bp_layer_stack_build (stack, dataset);
  return bp_recipe_new_for_spec (dataset, spec, config, failed, error);
}

BpRecipe *
bp_recipe_new (const BpTable *table, const BpDatasetOptions *options, const BpLayerStack *stack,
               const BpTrainConfig *config, BpRecipeStep *failed, GError **error)
{
  g_return_val_if_fail (table != NULL && options != NULL && stack != NULL && config != NULL, NULL);
  BpDataset *dataset = bp_dataset_new (table, options, error);
  if (dataset == NULL)
    {
      set_failed (failed, BP_RECIPE_STEP_DATASET);
      return NULL;
    }
  return bp_recipe_new_for_dataset (dataset, stack, config, failed, error);
}

void
bp_recipe_free (BpRecipe *recipe)
{
  if (recipe == NULL)
    return;
  /* The trainer borrows the model and the dataset: it goes first. */
  bp_trainer_free (recipe->trainer);
  bp_model_free (recipe->model);
  bp_dataset_free (recipe->dataset);
  bp_model_spec_free (recipe->spec);
  g_free (recipe);
}
