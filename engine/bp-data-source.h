/* bp-data-source.h: where a table came from, so that it can be read again.
 *
 * A CSV file (its path, and the copy of its bytes a project
 * keeps), one of the app's built-in samples ("iris", …), or a generated
 * set (bp-samples.h: its kind's name, rows, noise and seed). A project
 * stores one (bp-project.h); the app keeps the one its table came from;
 * backprop-cli makes one from its arguments. A plain struct embedded by
 * value: bp_data_source_init, then the set_ functions, clear when done.
 *
 * bp_data_source_load reads the table back: the file; when the file
 * cannot be read here, the copy; a sample or a generated set otherwise.
 * It takes table options with a progress function and a keep_going
 * check, so a loader thread can call it.
 */
#pragma once

#include <glib.h>

#include "bp-samples.h"
#include "bp-table.h"

G_BEGIN_DECLS

/* The GResource folder a front end registers its built-in samples in,
 * as NAME.csv. backprop-cli has none: a SAMPLE does not load there. */
#define BP_DATA_SOURCE_SAMPLES_PATH "/io/github/backprop/Backprop/samples/"

typedef enum {
  BP_DATA_SOURCE_NONE,       /* no data, or none that can be read again (a remote URI: name) */
  BP_DATA_SOURCE_FILE,       /* a CSV file: path, copy */
  BP_DATA_SOURCE_SAMPLE,     /* a built-in sample: name ("iris", "breast_cancer", …) */
  BP_DATA_SOURCE_GENERATED,  /* a generated 2-D set: name ("circles", …), rows, noise, seed */
} BpDataSourceKind;

typedef struct {
  BpDataSourceKind  kind;
  char             *path;    /* FILE: as given (a project's is absolute) */
  GBytes           *copy;    /* FILE: the file's bytes as a project keeps them, or NULL */
  char             *name;    /* SAMPLE and GENERATED; NONE: a name to show, or NULL */
  gsize             rows;    /* GENERATED */
  double            noise;   /* GENERATED */
  guint64           seed;    /* GENERATED */
} BpDataSource;

/* For g_auto(BpDataSource) source = BP_DATA_SOURCE_INIT. */
#define BP_DATA_SOURCE_INIT { .kind = BP_DATA_SOURCE_NONE }

/* NONE, every field empty. */
void         bp_data_source_init          (BpDataSource       *source);
/* Frees the fields and leaves NONE. */
void         bp_data_source_clear         (BpDataSource       *source);
/* @dest (initialized) becomes a copy of @src; the copy's bytes are shared. */
void         bp_data_source_copy          (BpDataSource       *dest,
                                           const BpDataSource *src);
/* Moves @src into @dest (cleared first) and leaves @src NONE. */
void         bp_data_source_move          (BpDataSource       *dest,
                                           BpDataSource       *src);

/* Each clears @source first; set_file keeps no copy. */
void         bp_data_source_set_file      (BpDataSource       *source,
                                           const char         *path);
void         bp_data_source_set_sample    (BpDataSource       *source,
                                           const char         *name);
void         bp_data_source_set_generated (BpDataSource       *source,
                                           BpSampleKind        kind,
                                           gsize               rows,
                                           double              noise,
                                           guint64             seed);

/* Whether a FILE's data file can be read here: a regular file we may
 * read. Not when it moved, nor in a sandbox that lets the app read the
 * project and nothing next to it; then the copy (if any) is what to
 * read. FALSE for the other kinds. */
gboolean     bp_data_source_file_readable (const BpDataSource *source);

/* Reads the FILE's path and keeps its bytes as the copy when there are at
 * most @max_bytes of them; a larger file is not read and leaves no copy.
 * FALSE with an IO error naming the file when it cannot be read; the copy
 * is then left as it was. */
gboolean     bp_data_source_read_copy     (BpDataSource       *source,
                                           gsize               max_bytes,
                                           GError            **error);

/* The table @source names, read with @options (NULL: the defaults):
 *   FILE       the file when it can be read, else the copy when there is
 *              one (under the file's base name; *from_copy set to TRUE),
 *              else the file's error;
 *   SAMPLE     NAME.csv in BP_DATA_SOURCE_SAMPLES_PATH (IO NOT_FOUND
 *              when no front end registered it);
 *   GENERATED  bp_sample_generate (INVALID for an unknown name);
 *   NONE       INVALID.
 * @from_copy may be NULL. A keep_going in @options that returns FALSE
 * fails with BP_ENGINE_ERROR_CANCELLED, as bp_table_load does. */
BpTable     *bp_data_source_load          (const BpDataSource   *source,
                                           const BpTableOptions *options,
                                           gboolean             *from_copy,
                                           GError              **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BpDataSource, bp_data_source_clear)

G_END_DECLS
