#include "bp-workers.h"

#include <stdatomic.h>

#include "bp-fpu.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define cpu_relax() _mm_pause ()
#elif defined(__aarch64__)
#define cpu_relax() __asm__ __volatile__ ("yield" ::: "memory")
#else
#define cpu_relax() ((void) 0)
#endif

/* A few microseconds of polling before a helper sleeps: enough to catch
 * the next loop right after this one, not so long that it takes the core
 * from OpenBLAS during a product. */
#define SPIN_ROUNDS 256

/* A loop's parts are claimed through one ticket, (job << 8) | next part:
 * whoever comes first computes a part, the caller included, so a helper
 * that is late (asleep, or waiting for a core on a busy machine) never
 * holds the caller up; it just finds nothing left. The ticket names the
 * job, so a helper still busy with an old one cannot claim a part of the
 * next. Which thread computes a part never changes its numbers. */
#define PART_BITS 8

struct _BpWorkers {
  guint              n_threads;
  GThread           *threads[BP_WORKERS_MAX];
  GMutex             mutex;
  GCond              wake;
  int                sleeping;    /* under mutex */

  /* The current loop, written before the ticket names it. */
  BpWorkFunc         func;
  gpointer           data;
  gsize              n;
  guint              parts;       /* one per thread, set once */
  atomic_ullong      ticket;
  atomic_uint        done;        /* parts finished */
  atomic_int         quit;
};

typedef struct {
  BpWorkers *workers;
} Helper;

static inline void
part_range (const BpWorkers *w, guint part, gsize *start, gsize *end)
{
  /* Boundaries at multiples of 16 floats: whole cache lines, whole vectors. */
  gsize a = (w->n * part / w->parts + 15) / 16 * 16;
  gsize b = part + 1 == w->parts ? w->n : (w->n * (part + 1) / w->parts + 15) / 16 * 16;
  *start = MIN (a, w->n);
  *end = MIN (b, w->n);
}

/* Computes unclaimed parts of job until none is left. */
static void
take_parts (BpWorkers *w, unsigned long long job)
{
  unsigned long long t = atomic_load (&w->ticket);
  while ((t >> PART_BITS) == job && (t & ((1u << PART_BITS) - 1)) < w->parts)
    {
      if (!atomic_compare_exchange_weak (&w->ticket, &t, t + 1))
        continue;   /* t now holds the current ticket */
      guint part = (guint) (t & ((1u << PART_BITS) - 1));
      gsize start, end;
      part_range (w, part, &start, &end);
      if (start < end)
        w->func (w->data, start, end, part);
      atomic_fetch_add (&w->done, 1);
      t = atomic_load (&w->ticket);
    }
}

static gpointer
helper_main (gpointer data)
{
  Helper *h = data;
  BpWorkers *w = h->workers;
  g_free (h);
  /* The engine's mode for all the math done here (bp-fpu.h). */
  BpFlushDenormals flush = bp_flush_denormals_begin ();
  (void) flush;
  unsigned long long seen = atomic_load (&w->ticket) >> PART_BITS;

  for (;;)
    {
      unsigned long long job = atomic_load (&w->ticket) >> PART_BITS;
      for (guint spin = 0; job == seen && spin < SPIN_ROUNDS; spin++)
        {
          cpu_relax ();
          job = atomic_load (&w->ticket) >> PART_BITS;
        }
      if (job == seen)
        {
          g_mutex_lock (&w->mutex);
          while ((job = atomic_load (&w->ticket) >> PART_BITS) == seen)
            {
              w->sleeping++;
              g_cond_wait (&w->wake, &w->mutex);
              w->sleeping--;
            }
          g_mutex_unlock (&w->mutex);
        }
      if (atomic_load (&w->quit))
        return NULL;
      seen = job;
      take_parts (w, job);
    }
}

BpWorkers *
bp_workers_new (guint n_threads)
{
  n_threads = MIN (n_threads, BP_WORKERS_MAX);
  if (n_threads <= 1)
    return NULL;
  BpWorkers *w = g_new0 (BpWorkers, 1);
  w->n_threads = n_threads;
  w->parts = n_threads;
  g_mutex_init (&w->mutex);
  g_cond_init (&w->wake);
  atomic_init (&w->ticket, 0);
  atomic_init (&w->done, 0);
  atomic_init (&w->quit, 0);
  for (guint i = 1; i < n_threads; i++)
    {
      Helper *h = g_new (Helper, 1);
      h->workers = w;
      w->threads[i] = g_thread_new ("bp-worker", helper_main, h);
    }
  return w;
}

/* Names a new job (its fields written before), waking sleeping helpers. */
static void
publish (BpWorkers *w)
{
  unsigned long long job = (atomic_load (&w->ticket) >> PART_BITS) + 1;
  atomic_store (&w->done, 0);
  g_mutex_lock (&w->mutex);
  atomic_store (&w->ticket, job << PART_BITS);
  if (w->sleeping > 0)
    g_cond_broadcast (&w->wake);
  g_mutex_unlock (&w->mutex);
}

void
bp_workers_free (BpWorkers *w)
{
  if (w == NULL)
    return;
  atomic_store (&w->quit, 1);
  publish (w);
  for (guint i = 1; i < w->n_threads; i++)
    g_thread_join (w->threads[i]);
  g_mutex_clear (&w->mutex);
  g_cond_clear (&w->wake);
  g_free (w);
}

guint
bp_workers_get_n_threads (const BpWorkers *w)
{
  return w ? w->n_threads : 1;
}

void
bp_workers_run (BpWorkers *w, BpWorkFunc func, gpointer data, gsize n, gsize min_split)
{
  if (n == 0)
    return;
  if (w == NULL || n < MAX (min_split, 32))
    {
      func (data, 0, n, 0);
      return;
    }
  w->func = func;
  w->data = data;
  w->n = n;
  publish (w);
  take_parts (w, atomic_load (&w->ticket) >> PART_BITS);
  /* Only parts a helper is in the middle of are left. A helper that lost
   * its core halfway gets it back sooner if this thread sleeps than if it
   * spins on sched_yield (which cost seconds of system time per epoch on
   * a busy machine). */
  for (guint spin = 0; atomic_load (&w->done) < w->parts; spin++)
    {
      if (spin < 4 * SPIN_ROUNDS)
        cpu_relax ();
      else
        g_usleep (20);
    }
}
