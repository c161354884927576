/* bp-document-private.h: what the files of BpDocument share.
 *
 * One type over three files: bp-document.c (the table, its dataset and
 * choices, the run, opening and the load in flight, exports),
 * bp-document-project.c (reading, opening, building and saving
 * projects) and bp-document-autosave.c (unsaved changes, the automatic
 * save and restoring it). Only they include this header.
 */
#pragma once

#include "bp-autosave.h"
#include "bp-document.h"
#include "bp-loader.h"
#include "bp-run-log.h"

G_BEGIN_DECLS

struct _BpDocument {
  GObject            parent_instance;

  BpTable           *table;
  BpDataSource       source;          /* where table came from */
  gboolean           from_copy;
  BpDatasetOptions   options;         /* roles = self->roles */
  BpColumnRole      *roles;           /* table->n_columns, or NULL without a table */
  BpDataset         *dataset;         /* NULL: see dataset_error, or a run holds it */
  GError            *dataset_error;
  BpLayerStack      *layers;          /* hidden layers, initializer, regression loss */
  BpTrainConfig      config;
  GFile             *project_file;
  char              *missing_data;
  BpTrainingSession *session;
  BpRunLog          *run_log;         /* the log followed, or NULL */

  /* The open in flight. */
  GTask             *open_task;
  BpLoader          *loader;
  GCancellable      *load_cancellable;
  GCancellable      *caller_cancellable;
  gulong             caller_handler;
  BpProject         *pending_project;  /* waiting for the loader's table */
  GFile             *pending_file;     /* pending_project's file */

  /* Unsaved changes and the automatic save (bp-document-autosave.c). */
  char              *clean_text;       /* the project as last saved or opened; NULL: no table then */
  gboolean           unsaved;          /* a run or a restore since then, or set_modified (TRUE) */
  gboolean           modified;         /* as last notified */
  BpAutosave        *autosave;         /* NULL: none */
  guint              autosave_source;  /* the debounce timeout */
  gboolean           autosave_writing;
  gboolean           autosave_again;   /* changed while writing: write once more */
  gboolean           autosave_failing; /* the last write failed, and "autosave-failed" said so */
};

/* bp-document.c */
void     _bp_document_emit_changed  (BpDocument         *self,
                                     BpDocumentChange    what);
/* Says why an open failed, unless it was only cancelled. */
void     _bp_document_open_failed   (BpDocument         *self,
                                     GFile              *file,
                                     const GError       *error);
/* The table (taken) from @source (its contents taken) becomes the
 * document's, with @project's choices, layers and settings when given;
 * FALSE (NOT_APPLIED) when the project's choices do not fit the table. */
gboolean _bp_document_install_table (BpDocument         *self,
                                     BpTable            *table,
                                     BpDataSource       *source,
                                     const BpProject    *project,
                                     GFile              *project_file,
                                     GError            **error);
/* The project the document holds; @read_copy: with a copy of a data
 * file read from disk now (else only the copy it already has). */
BpProject *_bp_document_build_project (BpDocument       *self,
                                       gboolean          read_copy,
                                       GError          **error);
/* Reads a project as bp_document_read_project() does, without saying a
 * failure with "open-failed". */
BpProject *_bp_document_read_project (BpDocument        *self,
                                      GFile             *file,
                                      GFile             *data_file,
                                      GError           **error);

/* Emits "autosave-failed". */
void     _bp_document_autosave_failed  (BpDocument      *self,
                                        const GError    *error);

/* bp-document-autosave.c */
void     _bp_document_autosave_init    (BpDocument      *self);
void     _bp_document_autosave_dispose (BpDocument      *self);
/* What is held now is what the project file (or the data opened) holds:
 * not modified; an automatic save goes. */
void     _bp_document_mark_clean       (BpDocument      *self);
/* After a change of choices, layers or settings: modified again, or not,
 * and saved automatically soon. */
void     _bp_document_touch            (BpDocument      *self);
/* A run started: the document differs from its file until it is saved. */
void     _bp_document_mark_unsaved     (BpDocument      *self);
void     _bp_document_notify_modified  (BpDocument      *self);

/* Drops the open in flight (its task ends as cancelled). */
void     _bp_document_stop_load     (BpDocument         *self);
/* Reads @data_file off this thread; @project (taken) and its file wait. */
void     _bp_document_start_load    (BpDocument         *self,
                                     GTask              *task,
                                     GFile              *data_file,
                                     BpProject          *project,
                                     GFile              *project_file);

G_END_DECLS
