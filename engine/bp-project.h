/* bp-project.h: a Backprop project: which data, the choices made about
 * it, the network and how to train it, in one small JSON file
 * (NAME.backprop, media type application/x-backprop-project).
 *
 * A project holds the runs trained with it (bp-run-list.h), their
 * settings and histories, and the weights of pinned runs when asked
 * (save_run_weights), at most BP_PROJECT_MAX_RUN_WEIGHTS of them: seeded
 * runs are reproducible bit for bit, so opening a project and training
 * it gives the same model again. A trained model is saved on its own
 * (bp-model-file.h). This is what a teacher hands out: the data, the
 * network and the settings, and what was tried.
 *
 *   {"format": "backprop-project", "version": 1, "created_by": "Backprop 0.1.0",
 *    "data": {"kind": "file", "path": "breast_cancer.csv", "copy": "aWQsZGlhZ25vc2lz…"}
 *          | {"kind": "sample", "name": "iris"}
 *          | {"kind": "generated", "name": "circles", "rows": 500, "noise": 0.1, "seed": 7}
 *          | {"kind": "none"},
 *    "columns": {"target": "diagnosis" | null,
 *                "changed": [{"name": "id", "role": "ignored", "type": "categorical"}],
 *                "missing_markers": ["NA", "?"],   (optional: only when not the defaults)
 *                "keep_empty": true},              (optional: empty cells are values)
 *    "task": "auto" | "binary" | "multiclass" | "regression",
 *    "model": {"layers": [{"units": 128, "activation": "relu", "dropout": 0}],
 *              "loss": "mse", "init": "glorot_uniform"},
 *    "training": {the same object as a model file's "training": optimizer,
 *                 schedule, epochs, batch size, seeds, split, scaling, missing, …},
 *    "runs": [{"id": 2, "name": "lr 0.01", "renamed": false,        (optional: only with runs)
 *              "parent": 1, "fork_epoch": 4, "fork_step": 60,       (only for a fork)
 *              "status": "finished", "stop": "epochs", "pinned": true,
 *              "created": 1765130000000000, "task": "binary", "validation": true,
 *              "batches_per_epoch": 15,
 *              "settings": {"columns": {…}, "task": …, "model": {…}, "training": {…}},
 *              "history": {"epoch": [1, 2], "loss": […], "metric": […], "val_loss": […],
 *                          "val_metric": […], "learning_rate": […], "seconds": […],
 *                          "samples_per_second": […]},
 *              "batch_loss": [0.69, 0.61, …],
 *              "weights": {"inputs": 30, "layers": [the whole network], "loss": …,
 *                          "init": …, "values": "base64 of float32, little-endian"}}]}
 *                                                                   (optional: pinned runs)
 *
 * A data file inside the project's folder (or below it) is written as a
 * path relative to that folder, so a folder with the project and its CSV
 * can be copied to other machines; any other file as an absolute path.
 * Loading resolves it back to an absolute path. "copy" (optional, only
 * with "kind": "file") is the data file's bytes in base64, as they were
 * when the project was saved: the front ends keep one of a file up to
 * BP_PROJECT_MAX_COPY and read it when the file itself cannot be opened,
 * as when only the project was mailed, or in the Flatpak sandbox, where
 * an app opening a project from the file manager may read that one file
 * and not the CSV next to it. Only the columns whose
 * role or type differ from what the table infers are listed, by name.
 *
 * Loading checks every field as a model file's loader does: each problem
 * is a GError in BP_ENGINE_ERROR whose message starts with the project
 * file's name and names the field (PARSE, INVALID, EMPTY, IO as in
 * bp-model-file.h). Saving replaces the file atomically; it fails with
 * INVALID when the data file's name is not UTF-8 (JSON cannot hold it).
 */
#pragma once

#include <glib.h>

#include "bp-data-source.h"
#include "bp-dataset.h"
#include "bp-layer-stack.h"
#include "bp-run-list.h"
#include "bp-model.h"
#include "bp-table.h"
#include "bp-trainer.h"

G_BEGIN_DECLS

#define BP_PROJECT_FORMAT    "backprop-project"
#define BP_PROJECT_VERSION   1
#define BP_PROJECT_MIME_TYPE "application/x-backprop-project"
#define BP_PROJECT_SUFFIX    ".backprop"
/* The largest data file a project keeps a copy of (8 MiB): the files a
 * class uses are far smaller, and in base64 a copy takes a third more
 * room than the file. A project with a larger file keeps only its path. */
#define BP_PROJECT_MAX_COPY  (8 * 1024 * 1024)
/* The most bytes of pinned runs' weights a project keeps (16 MiB: 340
 * runs of the seed recipe on 30 inputs); runs past it are saved without. */
#define BP_PROJECT_MAX_RUN_WEIGHTS (16 * 1024 * 1024)



typedef struct {
  char              *created_by;    /* "Backprop 0.1.0"; set by save */

  BpDataSource       source;        /* the data: NONE (none chosen yet), a FILE (its
                                     * copy, or NULL: none kept), a SAMPLE or a
                                     * GENERATED set */

  char              *target;        /* the target column's name; NULL: the table's default */
  char             **missing_markers; /* how the data is read (bp-table.h): the texts
                                     * that mean a missing value; NULL: the defaults */
  gboolean           keep_empty;    /* empty cells are values, not missing */
  GArray            *columns;       /* BpProjectColumn: columns not left as inferred */
  BpDatasetOptions   data;          /* task, split, fractions, scaling, missing, seed;
                                     * target -1 and roles NULL (see target, columns) */
  BpLayerStack      *layers;        /* the hidden layers, the initializer and the
                                     * regression loss (mse, mae, huber) */
  BpTrainConfig      config;        /* class_weights NULL */
  BpRunList         *runs;          /* the runs kept, never NULL (empty: none) */
  gboolean           save_run_weights; /* saving keeps the weights of pinned runs (TRUE) */
} BpProject;

/* A project with no data and the seed recipe's defaults: Dense(128, relu),
 * Dense(64, relu), bp_train_config_init() and bp_dataset_options_init(). */
BpProject   *bp_project_new          (void);
void         bp_project_free         (BpProject              *project);

/* Takes the data choices from a loaded table and the options made about
 * it: the target's name, and every column whose role in @options->roles
 * (NULL: all AUTO) is not AUTO or whose type is not its inferred type;
 * the missing-value markers the table was read with. The rest of
 * @options (task, split, …) is copied into project->data. */
void         bp_project_set_data_choices (BpProject              *project,
                                          const BpTable          *table,
                                          const BpDatasetOptions *options);

/* Makes @table and @options what the project says: sets each listed
 * column's type (bp_table_set_column_type), fills @roles (table->n_columns
 * entries, given by the caller) and sets @options from project->data with
 * options->target the target's index and options->roles = @roles. A
 * listed column the project ignores and the table no longer has is
 * skipped. Fails with BP_ENGINE_ERROR_INVALID, naming the column and the
 * table's file, when another named column is not in the table or cannot
 * take its type; the table may then have some types changed. */
gboolean     bp_project_apply        (const BpProject        *project,
                                      BpTable                *table,
                                      BpColumnRole           *roles,
                                      BpDatasetOptions       *options,
                                      GError                **error);

/* The options to read the project's data with: its missing-value markers
 * (pointing into @project) on top of what @options holds already. */
void         bp_project_table_options (const BpProject       *project,
                                       BpTableOptions        *options);

/* The copy a project keeps of its FILE: bp_data_source_read_copy with
 * BP_PROJECT_MAX_COPY. */
gboolean     bp_project_read_data_copy (BpProject            *project,
                                        GError              **error);

/* The JSON text, NUL-terminated. @path is where it will be saved: a data
 * file is written relative to its folder when it lies within it. */
char        *bp_project_to_data      (const BpProject        *project,
                                      const char             *path,
                                      gsize                  *length);
gboolean     bp_project_save         (const BpProject        *project,
                                      const char             *path,
                                      GError                **error);

BpProject   *bp_project_load         (const char             *path,
                                      GError                **error);
/* The same from text in memory; @path names the file in messages and
 * resolves a relative data path. */
BpProject   *bp_project_load_data    (const char             *path,
                                      const char             *data,
                                      gsize                   length,
                                      GError                **error);

/* A project's data choices, layers and settings (not its data source),
 * as a run keeps them. */
BpRunSettings *bp_project_get_run_settings (const BpProject     *project);
/* "Use these settings": the run's choices, layers and settings become
 * the project's; its data source and runs are kept. */
void         bp_project_set_run_settings (BpProject              *project,
                                          const BpRunSettings    *settings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpProject, bp_project_free)

G_END_DECLS
