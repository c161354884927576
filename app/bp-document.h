/* bp-document.h: what the window shows, without the window.
 *
 * A document owns the table, where it came from, the dataset made from
 * it with the user's data choices, the hidden layers and the training
 * settings, the project file, the loading and the training session. The
 * window and its views observe it ("changed", "open-failed", the
 * "loading", "fraction" and "message" properties) and push the user's
 * choices into it; they keep no document state of their own.
 *
 * Opening. A CSV is read off the UI thread by a BpLoader; a sample, a
 * generated set and a project's copy of its data are small and read at
 * once. Every open ends in bp_document_open_finish(); on failure the
 * document is left as it was (except for a project whose data opened but
 * whose choices do not fit it: NOT_APPLIED, the data stays shown) and
 * "open-failed" says why, at the moment the failure is known. An open
 * that starts cancels the load in flight and ends the training run (a
 * window asks the user first).
 *
 * Projects (bp-project.h). Opening one reads it first: a broken project
 * fails before anything changes, and so does one whose data file cannot
 * be read here and that keeps no copy of it: DATA_MISSING, with the path
 * in bp_document_get_missing_data(). bp_document_read_project() with the
 * file the user found instead, then bp_document_open_project_async(),
 * opens it with that file.
 *
 * Unsaved changes. The document is "modified" when what it holds differs
 * from what was last saved or opened (data choices, layers, settings),
 * or when a run or a restore came since. With a BpAutosave slot it is
 * then saved there automatically as a project (bp-autosave.h), two
 * seconds after the last change and when a run ends; once it is saved,
 * or other data is opened, the automatic save goes. A write that fails
 * (a full disk, a state folder that cannot be written) emits
 * "autosave-failed" (const char *folder, GError *error: the reason) once,
 * not again at each retry until a write has worked.
 *
 * UI thread only; GLib/GIO only, tested without a display
 * (tests/test-document.c, tests/test-autosave.c).
 */
#pragma once

#include <gio/gio.h>

#include "bp-autosave.h"
#include "bp-engine.h"
#include "bp-project.h"
#include "bp-run-log.h"
#include "bp-training-session.h"

G_BEGIN_DECLS

#define BP_DOCUMENT_ERROR (bp_document_error_quark ())
GQuark bp_document_error_quark (void);

typedef enum {
  BP_DOCUMENT_ERROR_DATA_MISSING,  /* a project's data file cannot be read here, and it keeps no copy */
  BP_DOCUMENT_ERROR_NOT_LOCAL,     /* a project cannot refer to (or be saved as) a non-local file */
  BP_DOCUMENT_ERROR_NOT_APPLIED,   /* a project's data opened, but its column choices do not fit it */
  BP_DOCUMENT_ERROR_NO_SAMPLE,     /* no built-in or generated sample of that name */
  BP_DOCUMENT_ERROR_NO_DATA,       /* nothing to train on: no table, or no dataset from it */
} BpDocumentError;

/* What "changed" says changed; views refresh only that. */
typedef enum {
  BP_DOCUMENT_CHANGED_TABLE   = 1 << 0,  /* a new table, its source and data choices */
  BP_DOCUMENT_CHANGED_DATASET = 1 << 1,  /* the dataset was rebuilt (or could not be) */
  BP_DOCUMENT_CHANGED_SETUP   = 1 << 2,  /* hidden layers and training settings replaced */
  BP_DOCUMENT_CHANGED_PROJECT = 1 << 3,  /* the project file */
} BpDocumentChange;

#define BP_TYPE_DOCUMENT (bp_document_get_type ())
G_DECLARE_FINAL_TYPE (BpDocument, bp_document, BP, DOCUMENT, GObject)

BpDocument        *bp_document_new               (void);

/* NAME.backprop, whatever the name's encoding. */
gboolean           bp_document_is_project_file   (GFile               *file);
/* NAME.jsonl: a run log to follow (bp_document_follow_run_log). */
gboolean           bp_document_is_run_log_file   (GFile               *file);
/* Whether @name is a built-in sample or a generated set; else NO_SAMPLE. */
gboolean           bp_document_check_sample      (const char          *name,
                                                  GError             **error);

/* ---- opening --------------------------------------------------------- */

/* A CSV (off the UI thread), or a project: bp_document_read_project()
 * then bp_document_open_project_async(). */
void               bp_document_open_async        (BpDocument          *self,
                                                  GFile               *file,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* A built-in sample, or a generated set (circles, xor, gaussians, spiral)
 * of BP_SAMPLE_DEFAULT_ROWS rows with @noise and @seed, which a project
 * keeps so that it brings back the very same set. */
void               bp_document_open_sample_async (BpDocument          *self,
                                                  const char          *name,
                                                  double               noise,
                                                  guint64              seed,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* Reads @file as a project and checks that its data can be had: its data
 * file (or @data_file, nullable, the one the user found instead: it must
 * be local, else NOT_LOCAL), or the copy it keeps, else DATA_MISSING.
 * Nothing in the document changes, except that a failure is said with
 * "open-failed" and DATA_MISSING sets bp_document_get_missing_data(). */
BpProject         *bp_document_read_project      (BpDocument          *self,
                                                  GFile               *file,
                                                  GFile               *data_file,
                                                  GError             **error);
/* Opens @project (taken), read from @file by bp_document_read_project(). */
void               bp_document_open_project_async (BpDocument         *self,
                                                  GFile               *file,
                                                  BpProject           *project,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* Any of the opens above. */
gboolean           bp_document_open_finish       (BpDocument          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Drops the load in flight at once (it ends with G_IO_ERROR_CANCELLED);
 * the document stays as it was. */
void               bp_document_cancel_load       (BpDocument          *self);

gboolean           bp_document_get_loading       (BpDocument          *self);
double             bp_document_get_fraction      (BpDocument          *self);
/* "Loading “iris.csv”" while loading, else NULL. */
const char        *bp_document_get_message       (BpDocument          *self);
/* The data file the last project read lacked (DATA_MISSING), or NULL. */
const char        *bp_document_get_missing_data  (BpDocument          *self);
/* Where the table came from (NONE before any data). */
const BpDataSource *bp_document_get_source       (BpDocument          *self);
/* Whether the table was read from its project's copy of the data file. */
gboolean           bp_document_get_from_copy     (BpDocument          *self);

/* ---- contents (borrowed) ---------------------------------------------- */

/* The table; a view may change its column types, then push the choices
 * with bp_document_set_data_options(). NULL before any data. A new table
 * replaces it after "changed" (TABLE) has been emitted for the new one. */
BpTable           *bp_document_get_table         (BpDocument          *self);
/* The dataset made from the table and the data choices; NULL when it
 * cannot be made (see get_dataset_error) or while a run holds it. */
const BpDataset   *bp_document_get_dataset       (BpDocument          *self);
const GError      *bp_document_get_dataset_error (BpDocument          *self);
/* The project last saved or opened; NULL: none, or other data since. */
GFile             *bp_document_get_project_file  (BpDocument          *self);
BpTrainingSession *bp_document_get_session       (BpDocument          *self);

/* ---- the user's choices ------------------------------------------------ */

/* Roles point into the document (valid until the next change) or are
 * NULL without a table. Setting them (after a view changed the table's
 * column types, too) rebuilds the dataset when no run holds it
 * ("changed" with DATASET); else when the run is reset. */
void               bp_document_get_data_options  (BpDocument          *self,
                                                  BpDatasetOptions    *options);
void               bp_document_set_data_options  (BpDocument          *self,
                                                  const BpDatasetOptions *options);
/* Reads the data again with other missing-value markers (NULL: the
 * defaults) and whether empty cells are values (bp-table.h), keeping the
 * data choices, layers and settings: a file through the loader, a
 * sample or a project's copy at once; it ends in
 * bp_document_open_finish(), as an open does (the run is reset). The
 * table's missing_markers and keep_empty say what it was read with. */
void               bp_document_set_missing_markers_async (BpDocument   *self,
                                                  const char * const  *markers,
                                                  gboolean             keep_empty,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* The hidden layers, the initializer and the regression loss. */
const BpLayerStack *bp_document_get_layers       (BpDocument          *self);
void               bp_document_set_layers        (BpDocument          *self,
                                                  const BpLayerStack  *layers);
const BpTrainConfig *bp_document_get_train_config (BpDocument         *self);
/* While a run is paused the session takes them too; FALSE when it
 * refuses them (the document keeps them for the next run). */
gboolean           bp_document_set_train_config  (BpDocument          *self,
                                                  const BpTrainConfig *config,
                                                  GError             **error);

/* ---- training and projects --------------------------------------------- */

/* Hands the session a recipe (bp-recipe.h) of the dataset, the layers
 * and the settings; the session is then PAUSED before its first batch.
 * TRUE at once when a run is paused or running; a finished run is
 * replaced. NO_DATA when there is nothing to train on; the recipe's error
 * when the network or the settings do not fit the data. */
gboolean           bp_document_prepare_training  (BpDocument          *self,
                                                  GError             **error);
/* Forgets the run and makes the dataset again ("changed" with DATASET). */
void               bp_document_reset_training    (BpDocument          *self);

/* The project the document holds now; needs a table. */
BpProject         *bp_document_build_project     (BpDocument          *self,
                                                  GError             **error);
/* Saves it to a local file, which becomes the project file. */
gboolean           bp_document_save_project      (BpDocument          *self,
                                                  GFile               *file,
                                                  GError             **error);

/* Writes the run as code or ONNX to a local file (else NOT_LOCAL), as
 * `backprop-cli export` does: from the trained model while a run is
 * paused or finished (a PyTorch script gets its weights next to it), else
 * from the project the document holds (ONNX needs a model). A sample or a
 * generated set is written next to the script as its data. */
gboolean           bp_document_export            (BpDocument          *self,
                                                  BpExportFormat       format,
                                                  GFile               *file,
                                                  GError             **error);
/* ---- following a run log (bp-run-log.h) ---------------------------------- */

/* Reads @file as a run log and follows it ("notify::run-log"; the log is
 * read again from its start once the property has changed, so listeners
 * get every record). The run and the load in flight end (a window asks
 * first); the table and setup stay. Opening anything, or training,
 * stops following. A file that cannot be read changes nothing. */
gboolean           bp_document_follow_run_log    (BpDocument          *self,
                                                  GFile               *file,
                                                  GError             **error);
/* The log followed, or NULL. */
BpRunLog          *bp_document_get_run_log       (BpDocument          *self);

/* ---- unsaved changes and the automatic save (bp-autosave.h) ----------- */

/* How long after the last change the automatic save is written. */
#define BP_DOCUMENT_AUTOSAVE_DELAY_MS 2000

/* Whether there are changes or a run that were not saved ("modified"). */
gboolean           bp_document_get_modified      (BpDocument          *self);
/* FALSE: what is held now counts as saved (the automatic save goes);
 * TRUE: as changed. */
void               bp_document_set_modified      (BpDocument          *self,
                                                  gboolean             modified);
/* Where the document is saved automatically while it is modified;
 * NULL: nowhere (the default). A slot replaced keeps its file. */
void               bp_document_set_autosave      (BpDocument          *self,
                                                  BpAutosave          *autosave);
BpAutosave        *bp_document_get_autosave      (BpDocument          *self);
/* A clean end (saved, or discarded by the user): the automatic save is
 * removed and no more are written. */
void               bp_document_remove_autosave   (BpDocument          *self);
/* Opens what @leftover (bp_autosave_find_leftovers) holds, as a project
 * (its data through the loader when it names a file); then the document
 * belongs to the project file the slot names, is modified, and saves
 * into @leftover from now on. Finish with bp_document_open_finish(); a
 * leftover that cannot be read fails without "open-failed", and one
 * whose data file is gone with DATA_MISSING (bp_document_get_missing_data
 * names it): restore again with @data_file, the file the user found
 * (else NULL), as bp_document_read_project() takes it. */
void               bp_document_restore_async     (BpDocument          *self,
                                                  BpAutosave          *leftover,
                                                  GFile               *data_file,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/* Cancels a load, stops and joins a run: before the process ends. */
void               bp_document_shutdown          (BpDocument          *self);

G_END_DECLS
