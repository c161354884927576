/* bp-json-config.h: the parts of a JSON file that say how to train, shared
 * by model files (bp-model-file.h) and projects (bp-project.h), so both
 * write them alike and read them with the same checks and messages:
 *
 *   "layers": [{"units": 128, "activation": "relu", "dropout": 0}, …]
 *   "training": {"epochs", "batch_size", "shuffle", "seed", "optimizer": {…},
 *                "schedule": {…}, "label_smoothing", "class_weights",
 *                "patience", "monitor", "min_delta", "restore_best",
 *                "target_metric", "time_limit", "split",
 *                "validation_fraction", "test_fraction", "split_seed",
 *                "scaling", "missing", "scale_target"}
 *
 * "split" is "keras", "shuffle", "stratified", or in a project "auto" (the
 * default since the split is chosen by the data: a file written before
 * that says "keras" and keeps it); a model file names the split made.
 *
 * Internal to the engine.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "bp-dataset.h"
#include "bp-json-file.h"
#include "bp-json-writer.h"
#include "bp-model.h"
#include "bp-trainer.h"

G_BEGIN_DECLS

/* The "training" member: config (not its class_weights, which are
 * class_weights, n_classes of them, or null) and the dataset options that
 * are not about columns (split, fractions, split seed, scaling, missing). */
void         bp_json_write_training (BpJsonWriter *w, const BpTrainConfig *config, const float *class_weights,
                                     gsize n_classes, const BpDatasetOptions *data);
/* Reads root's "training" into config and data (task, target and roles
 * left alone) and validates the config. Class weights must be null or
 * n_classes numbers, stored in a new *class_weights_out that
 * config->class_weights then points at (the caller frees it, also when
 * reading fails). */
gboolean     bp_json_read_training  (BpJsonReader *r, JsonObject *root, gsize n_classes, BpTrainConfig *config,
                                     float **class_weights_out, BpDatasetOptions *data);

/* The "layers" member: every layer of spec. */
void         bp_json_write_layers   (BpJsonWriter *w, const GArray *layers);
/* Appends the layers of the array found at path (e.g. "model.layers") to
 * @out (BpLayerSpec), checking units, activation and dropout. */
gboolean     bp_json_read_layers    (BpJsonReader *r, JsonArray *layers, const char *path, GArray *out);

G_END_DECLS
