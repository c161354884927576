/* bp-export.h: a Backprop run as code other tools run.
 *
 * From a project (the recipe, with its table to learn the columns' types
 * and the file's dialect) or a saved model (the recipe, the fitted
 * transform and the trained weights), writes:
 *
 * - a standalone PyTorch script that reproduces the run: the CSV read the
 *   same way, the same encoding, missing-value policy and scaling fitted on
 *   the training rows, the same split rows (Backprop's PCG32 in Python),
 *   the same first weights and epoch order, layers, loss, optimizer,
 *   schedule and stopping rules. It prints one JSON line per epoch with
 *   the fields of `backprop-cli train --json` and runs unchanged under
 *   torchrun with DistributedDataParallel. From a model, it also predicts
 *   with the trained weights, kept in a JSON file next to it
 *   (bp_export_weights_json), writing the CSV `backprop-cli predict` does;
 * - the same recipe as a Keras script (Sequential, Dense, fit);
 * - an ONNX model of a trained network with its scaling folded in
 *   (bp_export_onnx, in bp-onnx.h).
 *
 * The Python parts every script shares are in engine/export/ (data.py, torch.py, keras.py); only the
 * settings at the top of a script are written here.
 */
#pragma once

#include <glib.h>

#include "bp-data-source.h"
#include "bp-dataset.h"
#include "bp-model-file.h"
#include "bp-project.h"
#include "bp-table.h"

G_BEGIN_DECLS

typedef enum {
  BP_EXPORT_PYTORCH,
  BP_EXPORT_KERAS,
  BP_EXPORT_ONNX,
} BpExportFormat;

extern const char * const bp_export_format_names[];   /* "pytorch", "keras", "onnx" */

typedef struct {
  char         *name;
  BpColumnType  type;       /* numeric, boolean or categorical */
} BpExportColumn;

/* Everything a script needs, from a project or a model file. */
typedef struct {
  char             *source_name;     /* the project's or model's file name, for the header */
  char             *data_path;       /* the CSV the project names: the default --data, or NULL */
  gboolean          dialect_known;   /* FALSE (a model): the script guesses the delimiter */
  BpCsvDialect      dialect;
  char             *target_name;
  BpColumnType      target_type;
  GArray           *features;        /* BpExportColumn, in input order */
  GPtrArray        *ignored;         /* char*: the table's other columns, for the comments */
  BpDatasetOptions  data;            /* task, split, fractions, scaling, missing, seed */
  BpModelSpec      *spec;            /* with the output layer and n_inputs */
  BpTrainConfig     config;          /* class_weights points into class_weights below */
  float            *class_weights;   /* n_class_weights, or NULL */
  gsize             n_class_weights;
  BpModelFile      *model;           /* trained weights and transform, or NULL */
} BpExportSource;

/* The project applied to its table (types set, roles, target) and the
 * dataset it makes, to learn what the script must do; fails as
 * bp_project_apply and bp_dataset_new do. @table is changed (types). */
BpExportSource *bp_export_source_new_from_project (const BpProject   *project,
                                                   const char        *project_name,
                                                   BpTable           *table,
                                                   GError           **error);
/* Takes @model. */
BpExportSource *bp_export_source_new_from_model   (BpModelFile       *model,
                                                   const char        *model_name);
void            bp_export_source_free             (BpExportSource    *source);

/* The script's text, NUL-terminated. @weights_name is the weights file's
 * name next to the script (from a model; NULL from a project). ONNX is
 * not a script: use bp_export_onnx. */
char           *bp_export_script                  (const BpExportSource *source,
                                                   BpExportFormat     format,
                                                   const char        *weights_name,
                                                   gsize             *length);
/* The trained weights as JSON, in PyTorch's layout (weight: outputs ×
 * inputs, bias), float32 values written so they read back exactly:
 *   {"format": "backprop-weights", "version": 1,
 *    "layers": [{"weight": [[…], …], "bias": […]}, …]} */
char           *bp_export_weights_json            (const BpModelFile *model,
                                                   gsize             *length);

/* ---- files (what `backprop-cli export` and the app write) ---- */

/* OUT.py -> OUT.weights.json: where a PyTorch script from a model finds its weights. */
char           *bp_export_weights_path            (const char        *script_path);
/* @data_path as the script at @script_path names it: relative to the
 * script's folder when it lies within it, so the two can be copied together. */
char           *bp_export_data_name               (const char        *data_path,
                                                   const char        *script_path);
/* A generated set (GENERATED) or a built-in sample (SAMPLE) has no CSV of
 * its own: writes it next to @script_path and sets @path to it. FALSE
 * with @path NULL and no error for the other kinds. */
gboolean        bp_export_write_data_next_to      (const BpDataSource *source,
                                                   const char        *script_path,
                                                   char             **path,
                                                   GError           **error);
/* Writes @format of @source to @out: the ONNX model (needs source->model),
 * or the script (executable), with the weights at bp_export_weights_path
 * (@out) for a PyTorch script from a model. */
gboolean        bp_export_write                   (const BpExportSource *source,
                                                   BpExportFormat     format,
                                                   const char        *out,
                                                   GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpExportSource, bp_export_source_free)

G_END_DECLS
