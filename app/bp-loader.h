/* bp-loader.h: one CSV file read into a table off the UI thread.
 *
 * Shaped like the training session: a worker thread reads the file and
 * publishes how far it got; the UI thread hears of it through one queued
 * wake-up at a time (never a timer, never a call into the UI from the
 * worker), as "fraction" changes. Cancelling the GCancellable stops the
 * reader within a chunk; the load then fails with G_IO_ERROR_CANCELLED.
 * An owner that stops caring sooner drops the loader: nothing of it
 * reaches the UI thread again.
 *
 * UI thread only, except where said. GLib/GIO only: tested without a
 * display (tests/test-document.c).
 */
#pragma once

#include <gio/gio.h>

#include "bp-engine.h"

G_BEGIN_DECLS

#define BP_TYPE_LOADER (bp_loader_get_type ())
G_DECLARE_FINAL_TYPE (BpLoader, bp_loader, BP, LOADER, GObject)

/* A loader for @file: a local file is streamed, any other URI read whole
 * first. One load per loader. */
BpLoader   *bp_loader_new           (GFile               *file);
GFile      *bp_loader_get_file      (BpLoader            *self);
/* How much of the file has been read, 0..1 ("fraction", notified on the
 * thread that started the load). */
double      bp_loader_get_fraction  (BpLoader            *self);
/* What the loader does, for people: "Loading “iris.csv”" ("message"). */
const char *bp_loader_get_message   (BpLoader            *self);

/* How the file is to be read: its missing-value markers (NULL: the
 * defaults) and whether empty cells are values (bp-table.h). Before the
 * load starts. */
void        bp_loader_set_missing_markers (BpLoader            *self,
                                     const char * const  *markers,
                                     gboolean             keep_empty);

void        bp_loader_load_async    (BpLoader            *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* The table (free with bp_table_free), or NULL with the reader's error
 * (file, line, column), or G_IO_ERROR_CANCELLED. */
BpTable    *bp_loader_load_finish   (BpLoader            *self,
                                     GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
