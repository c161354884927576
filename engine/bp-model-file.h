/* bp-model-file.h: a trained model saved as one JSON file.
 *
 * The file holds everything prediction needs (the fitted transform, the
 * layers and the weights) and what training was asked to do (the recipe
 * and the per-epoch history), so a model can be used, evaluated and
 * explained without the data it was trained on:
 *
 *   {"format": "backprop-model", "version": 1, "created_by": "Backprop 0.1.0",
 *    "task", "target": {"name", "classes", "center", "scale"},
 *    "features": [{"column", "name", "type", "encoding", "offset", "width",
 *                  "center", "scale", "fill", "levels"}],
 *    "inputs": [names], "model": {"inputs", "layers", "loss", "init"},
 *    "weights": {"dtype": "float32-le", "count", "base64"},
 *    "training": {...}, "history": [{...}]}
 *
 * Weights are little-endian IEEE float32 in the parameter block's order
 * (W0, b0, W1, b1, …), so a loaded model predicts bit for bit what the
 * saved one did. Numbers are written locale-independently, as the
 * shortest text that reads back to the same value; a NaN or infinite
 * history value is written as null. Saving replaces the file atomically.
 *
 * Loading checks every field and how they fit together; each problem is a
 * GError in BP_ENGINE_ERROR whose message starts with the file's name and
 * names the field: PARSE for text that is not JSON, another format, a
 * missing field or a wrong type; INVALID for values out of range (an
 * unknown activation, a NaN weight, a newer version); SHAPE for sizes that
 * do not fit together (a weight count the layers do not need, feature
 * widths that do not add up to the inputs); EMPTY for an empty file; IO
 * when the file cannot be read or written.
 */
#pragma once

#include <glib.h>

#include "bp-dataset.h"
#include "bp-model.h"
#include "bp-trainer.h"
#include "bp-transform.h"

G_BEGIN_DECLS

#define BP_MODEL_FILE_FORMAT  "backprop-model"
#define BP_MODEL_FILE_VERSION 1

typedef struct {
  char             *created_by;   /* "Backprop 0.1.0" */
  BpTransform      *transform;
  BpModelSpec      *spec;
  gsize             n_params;
  float            *params;
  BpTrainConfig     config;       /* config.class_weights is class_weights */
  float            *class_weights; /* transform->n_classes values, or NULL */
  BpDatasetOptions  data;         /* split, fractions, scaling, missing, seed; target -1, roles NULL */
  GArray           *history;      /* BpEpochRecord */
} BpModelFile;

/* A copy of everything a finished run needs to be saved. The model must
 * fit the dataset (inputs and outputs). options, config and history may be
 * NULL: the defaults and an empty history are saved. */
BpModelFile *bp_model_file_new_from_training (const BpDataset        *dataset,
                                              const BpDatasetOptions *options,
                                              const BpModel          *model,
                                              const BpTrainConfig    *config,
                                              const GArray           *history);
void         bp_model_file_free       (BpModelFile         *file);

/* The JSON text, NUL-terminated. */
char        *bp_model_file_to_data    (const BpModelFile   *file,
                                       gsize               *length);
gboolean     bp_model_file_save       (const BpModelFile   *file,
                                       const char          *path,
                                       GError             **error);

BpModelFile *bp_model_file_load       (const char          *path,
                                       GError             **error);
/* The same from text in memory; name is used in messages. */
BpModelFile *bp_model_file_load_data  (const char          *name,
                                       const char          *data,
                                       gsize                length,
                                       GError             **error);

/* A model with the saved layers and weights, ready for bp_model_predict. */
BpModel     *bp_model_file_build_model (const BpModelFile  *file,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpModelFile, bp_model_file_free)

G_END_DECLS
