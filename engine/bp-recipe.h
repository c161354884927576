/* bp-recipe.h: what a front end assembles to train, in one call.
 *
 * A table (its column types already set), the data choices about it
 * (BpDatasetOptions with its roles), the network the user designed (a
 * BpLayerStack) and the settings (BpTrainConfig) make a dataset, the
 * spec the stack builds for it, a model initialized from the seed and a
 * trainer ready for its first batch. backprop-cli trains with one;
 * BpTrainingSession (app/) runs one on its worker thread. The steps can
 * be entered later on: with a dataset already made, or a spec already
 * built (a saved model's).
 *
 * A failure says which step failed (@failed, may be NULL), as the front
 * ends report them differently: DATASET when the choices do not fit the
 * table, MODEL when the network is not valid for the data, TRAINER when
 * the settings are not.
 */
#pragma once

#include <glib.h>

#include "bp-dataset.h"
#include "bp-layer-stack.h"
#include "bp-model.h"
#include "bp-table.h"
#include "bp-trainer.h"

G_BEGIN_DECLS

typedef enum {
  BP_RECIPE_STEP_DATASET,
  BP_RECIPE_STEP_MODEL,
  BP_RECIPE_STEP_TRAINER,
} BpRecipeStep;

typedef struct {
  BpDataset   *dataset;
  BpModelSpec *spec;      /* the whole network: inputs, hidden layers, output layer */
  BpModel     *model;     /* weights from config->seed */
  BpTrainer   *trainer;   /* borrows model and dataset; its config is the one it checked */
} BpRecipe;

BpRecipe *bp_recipe_new             (const BpTable          *table,
                                     const BpDatasetOptions *options,
                                     const BpLayerStack     *stack,
                                     const BpTrainConfig    *config,
                                     BpRecipeStep           *failed,
                                     GError                **error);
/* From a dataset (taken, also on failure). */
BpRecipe *bp_recipe_new_for_dataset (BpDataset              *dataset,
                                     const BpLayerStack     *stack,
                                     const BpTrainConfig    *config,
                                     BpRecipeStep           *failed,
                                     GError                **error);
/* From a dataset (taken, also on failure) and a whole network. */
BpRecipe *bp_recipe_new_for_spec    (BpDataset              *dataset,
                                     const BpModelSpec      *spec,
                                     const BpTrainConfig    *config,
                                     BpRecipeStep           *failed,
                                     GError                **error);
void      bp_recipe_free            (BpRecipe               *recipe);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpRecipe, bp_recipe_free)

G_END_DECLS
