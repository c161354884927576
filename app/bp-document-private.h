/* bp-document-private.h: what the files of BpDocument share.
 *
 * One type over two files: bp-document.c (the table, its dataset and
 * choices, the run, opening and the load in flight, exports) and
 * bp-document-project.c (reading, opening, building and saving
 * projects). Only they include this header.
 */
#pragma once

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
/* Drops the open in flight (its task ends as cancelled). */
void     _bp_document_stop_load     (BpDocument         *self);
/* Reads @data_file off this thread; @project (taken) and its file wait. */
void     _bp_document_start_load    (BpDocument         *self,
                                     GTask              *task,
                                     GFile              *data_file,
                                     BpProject          *project,
                                     GFile              *project_file);

G_END_DECLS
