/* bp-progress-buffer.c: a mutex, an array and a sequence number. */
#include "bp-progress-buffer.h"

#include <stdatomic.h>

struct _BpProgressBuffer {
  GMutex   lock;
  GArray  *pending;     /* BpProgress */
  _Atomic guint64 sequence;
};

BpProgressBuffer *
bp_progress_buffer_new (void)
{
  BpProgressBuffer *buffer = g_new0 (BpProgressBuffer, 1);
  g_mutex_init (&buffer->lock);
  /* Room for a few seconds of fast batches before the array must grow. */
  buffer->pending = g_array_sized_new (FALSE, FALSE, sizeof (BpProgress), 4096);
  return buffer;
}

void
bp_progress_buffer_free (BpProgressBuffer *buffer)
{
  if (!buffer)
    return;
  g_array_unref (buffer->pending);
  g_mutex_clear (&buffer->lock);
  g_free (buffer);
}

void
bp_progress_buffer_push (BpProgressBuffer *buffer, const BpProgress *progress)
{
  g_mutex_lock (&buffer->lock);
  g_array_append_val (buffer->pending, *progress);
  g_mutex_unlock (&buffer->lock);
  /* After the unlock: a reader that sees the new number finds the record. */
  atomic_fetch_add_explicit (&buffer->sequence, 1, memory_order_release);
}

guint64
bp_progress_buffer_get_sequence (BpProgressBuffer *buffer)
{
  return atomic_load_explicit (&buffer->sequence, memory_order_acquire);
}

guint
bp_progress_buffer_take (BpProgressBuffer *buffer, GArray *out)
{
  g_mutex_lock (&buffer->lock);
  guint n = buffer->pending->len;
  if (n > 0)
    g_array_append_vals (out, buffer->pending->data, n);
  g_array_set_size (buffer->pending, 0);
  g_mutex_unlock (&buffer->lock);
  return n;
}
