/* bp-live-buffer.c: four frames and who holds each. */
#include "bp-live-buffer.h"

#define N_FRAMES 4

typedef enum {
  FRAME_FREE,
  FRAME_FILLING,   /* a producer's */
  FRAME_NEWEST,    /* published, not taken yet */
  FRAME_SHOWN,     /* the UI's */
} FrameState;

struct _BpLiveBuffer {
  gatomicrefcount ref;
  GMutex          lock;
  BpProbeFrame   *frames[N_FRAMES];
  FrameState      state[N_FRAMES];
  guint64         sequence;      /* under the lock */
  guint64         taken;         /* UI thread */
  double          seconds;       /* under the lock */
};

BpLiveBuffer *
bp_live_buffer_new (const BpProbe *probe)
{
  g_return_val_if_fail (probe != NULL, NULL);
  BpLiveBuffer *buffer = g_new0 (BpLiveBuffer, 1);
  g_atomic_ref_count_init (&buffer->ref);
  g_mutex_init (&buffer->lock);
  for (guint i = 0; i < N_FRAMES; i++)
    buffer->frames[i] = bp_probe_frame_new (probe);
  return buffer;
}

BpLiveBuffer *
bp_live_buffer_ref (BpLiveBuffer *buffer)
{
  g_atomic_ref_count_inc (&buffer->ref);
  return buffer;
}

void
bp_live_buffer_unref (BpLiveBuffer *buffer)
{
  if (buffer == NULL || !g_atomic_ref_count_dec (&buffer->ref))
    return;
  for (guint i = 0; i < N_FRAMES; i++)
    bp_probe_frame_free (buffer->frames[i]);
  g_mutex_clear (&buffer->lock);
  g_free (buffer);
}

static guint
index_of (BpLiveBuffer *buffer, const BpProbeFrame *frame)
{
  for (guint i = 0; i < N_FRAMES; i++)
    if (buffer->frames[i] == frame)
      return i;
  g_return_val_if_reached (0);
}

BpProbeFrame *
bp_live_buffer_acquire (BpLiveBuffer *buffer)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&buffer->lock);
  for (guint i = 0; i < N_FRAMES; i++)
    if (buffer->state[i] == FRAME_FREE)
      {
        buffer->state[i] = FRAME_FILLING;
        return buffer->frames[i];
      }
  g_return_val_if_reached (NULL);
}

void
bp_live_buffer_publish (BpLiveBuffer *buffer, BpProbeFrame *frame, double seconds)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&buffer->lock);
  for (guint i = 0; i < N_FRAMES; i++)
    if (buffer->state[i] == FRAME_NEWEST)
      buffer->state[i] = FRAME_FREE;   /* never taken: replaced */
  buffer->state[index_of (buffer, frame)] = FRAME_NEWEST;
  buffer->sequence++;
  buffer->seconds += seconds;
}

void
bp_live_buffer_release (BpLiveBuffer *buffer, BpProbeFrame *frame)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&buffer->lock);
  buffer->state[index_of (buffer, frame)] = FRAME_FREE;
}

guint64
bp_live_buffer_get_sequence (BpLiveBuffer *buffer)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&buffer->lock);
  return buffer->sequence;
}

double
bp_live_buffer_get_seconds (BpLiveBuffer *buffer)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&buffer->lock);
  return buffer->seconds;
}

const BpProbeFrame *
bp_live_buffer_take (BpLiveBuffer *buffer, gboolean *is_new)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&buffer->lock);
  guint newest = N_FRAMES, shown = N_FRAMES;
  for (guint i = 0; i < N_FRAMES; i++)
    {
      if (buffer->state[i] == FRAME_NEWEST)
        newest = i;
      else if (buffer->state[i] == FRAME_SHOWN)
        shown = i;
    }
  if (is_new)
    *is_new = newest < N_FRAMES;
  if (newest == N_FRAMES)
    return shown < N_FRAMES ? buffer->frames[shown] : NULL;
  if (shown < N_FRAMES)
    buffer->state[shown] = FRAME_FREE;
  buffer->state[newest] = FRAME_SHOWN;
  buffer->taken++;
  return buffer->frames[newest];
}
