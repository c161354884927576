/* bp-live-buffer.h: probe frames from the training thread to the UI.
 *
 * Four frames made once for one probe (bp-probe.h) change hands under a
 * mutex held only to swap pointers: a producer (the training thread, or a
 * thread probing a parked run) acquires a free frame, fills it without the
 * lock and publishes it as the newest; the UI thread takes the newest on
 * its frame clock and keeps it, to draw from, until its next take. Neither
 * side ever waits for the other to compute or draw: an unread newest frame
 * is simply replaced. With two producers at most, a free frame is always
 * there. Nothing is allocated after bp_live_buffer_new().
 *
 * The buffer is reference-counted so a frame the UI still shows outlives
 * the run that made it.
 */
#pragma once

#include "bp-engine.h"

G_BEGIN_DECLS

typedef struct _BpLiveBuffer BpLiveBuffer;

BpLiveBuffer       *bp_live_buffer_new          (const BpProbe  *probe);
BpLiveBuffer       *bp_live_buffer_ref          (BpLiveBuffer   *buffer);
void                bp_live_buffer_unref        (BpLiveBuffer   *buffer);

/* Producer: a frame to fill (never the newest nor the UI's), then either
 * published or given back. @seconds is what filling it cost, for the
 * totals below. */
BpProbeFrame       *bp_live_buffer_acquire      (BpLiveBuffer   *buffer);
void                bp_live_buffer_publish      (BpLiveBuffer   *buffer,
                                                 BpProbeFrame   *frame,
                                                 double          seconds);
void                bp_live_buffer_release      (BpLiveBuffer   *buffer,
                                                 BpProbeFrame   *frame);

/* Any thread: how many frames were ever published, and what they cost. */
guint64             bp_live_buffer_get_sequence (BpLiveBuffer   *buffer);
double              bp_live_buffer_get_seconds  (BpLiveBuffer   *buffer);

/* UI thread: the newest frame if one was published since the last take
 * (*is_new TRUE), else the one taken before (or NULL before any). Valid
 * until the next take. */
const BpProbeFrame *bp_live_buffer_take         (BpLiveBuffer   *buffer,
                                                 gboolean       *is_new);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpLiveBuffer, bp_live_buffer_unref)

G_END_DECLS
