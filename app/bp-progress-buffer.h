/* bp-progress-buffer.h: progress records from the training thread to the UI.
 *
 * The training thread appends a record after every batch and epoch; the UI
 * thread takes whatever is new once per frame. Appending holds a mutex for
 * one copy and bumps an atomic sequence number, so the UI can tell without
 * locking whether anything is new. The pending array keeps its capacity
 * between takes: in steady state appending allocates nothing.
 */
#pragma once

#include "bp-engine.h"

G_BEGIN_DECLS

typedef struct _BpProgressBuffer BpProgressBuffer;

BpProgressBuffer *bp_progress_buffer_new          (void);
void              bp_progress_buffer_free         (BpProgressBuffer *buffer);

/* Training thread. */
void              bp_progress_buffer_push         (BpProgressBuffer *buffer,
                                                   const BpProgress *progress);
/* Any thread: how many records were ever pushed. */
guint64           bp_progress_buffer_get_sequence (BpProgressBuffer *buffer);
/* UI thread: append the records pushed since the last take to `out`
 * (a GArray of BpProgress); returns how many. */
guint             bp_progress_buffer_take         (BpProgressBuffer *buffer,
                                                   GArray           *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpProgressBuffer, bp_progress_buffer_free)

G_END_DECLS
