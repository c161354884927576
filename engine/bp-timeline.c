#include "bp-timeline.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"

/* More moments than a scale can tell apart; each costs a few dozen bytes
 * of bookkeeping outside the budget. */
#define MAX_CAPACITY 4096

typedef struct {
  BpSnapshotInfo info;
  guint          slot;
} Entry;

struct _BpTimeline {
  GMutex        lock;
  BpModelSpec  *spec;
  gsize         budget;
  gsize         slot_size;
  guint         capacity;
  BpTrainerState **slots;     /* capacity; the first n_allocated allocated */
  guint         n_allocated;
  guint        *free_slots;   /* a stack of allocated slots no entry uses */
  guint         n_free;
  Entry        *entries;      /* oldest first */
  guint         n_entries;
  guint64       offered;      /* moments offered so far */
  guint64       stride;       /* of the moments offered, every stride-th is kept */
  gboolean      thinned;
  guint         early_every;  /* batches between the first epoch's points; 0: none */
  GArray       *history;      /* BpEpochRecord */
};

BpTimeline *
bp_timeline_new (const BpTrainer *trainer, const BpModelSpec *spec, gsize budget)
{
  BpTimeline *timeline = g_new0 (BpTimeline, 1);
  g_mutex_init (&timeline->lock);
  timeline->spec = bp_model_spec_copy (spec);
  timeline->budget = budget ? budget : BP_TIMELINE_DEFAULT_BUDGET;
  timeline->slot_size = bp_trainer_state_size (trainer);
  gsize capacity = MIN (timeline->budget / timeline->slot_size, MAX_CAPACITY);
  /* The first and the latest need two: less than that, no snapshots. */
  timeline->capacity = capacity >= 2 ? (guint) capacity : 0;
  timeline->stride = 1;
  const BpTrainConfig *config = bp_trainer_get_config (trainer);
  const gsize n_train = MAX (bp_trainer_get_n_train (trainer), 1);
  const gsize batches = (n_train + config->batch_size - 1) / config->batch_size;
  if (config->epochs < BP_TIMELINE_EARLY_EPOCHS && batches > 1)
    timeline->early_every = (guint) MAX ((batches + BP_TIMELINE_EARLY_POINTS - 1) / BP_TIMELINE_EARLY_POINTS, 1);

  if (timeline->capacity)
    {
      timeline->slots = g_new0 (BpTrainerState *, timeline->capacity);
      timeline->free_slots = g_new (guint, timeline->capacity);
      timeline->entries = g_new (Entry, timeline->capacity);
      /* The slots the first epoch can need, now: captures between batches
       * never allocate. Later ones come at epochs' ends, as needed, so a
       * short run holds what it uses and not the whole budget. */
      guint reserve = MIN (timeline->capacity, 2 + (timeline->early_every ? BP_TIMELINE_EARLY_POINTS : 0));
      for (guint i = 0; i < reserve; i++)
        {
          timeline->slots[i] = g_malloc (timeline->slot_size);
          timeline->free_slots[timeline->n_free++] = reserve - 1 - i;
        }
      timeline->n_allocated = reserve;
    }
  timeline->history = g_array_sized_new (FALSE, FALSE, sizeof (BpEpochRecord), config->epochs);
  return timeline;
}

void
bp_timeline_free (BpTimeline *timeline)
{
  if (timeline == NULL)
    return;
  bp_model_spec_free (timeline->spec);
  for (guint i = 0; i < timeline->n_allocated; i++)
    g_free (timeline->slots[i]);
  g_free (timeline->slots);
  g_free (timeline->free_slots);
  g_free (timeline->entries);
  g_array_unref (timeline->history);
  g_mutex_clear (&timeline->lock);
  g_free (timeline);
}

static BpTrainerState *
slot_state (BpTimeline *timeline, guint slot)
{
  return timeline->slots[slot];
}

/* A slot no entry uses: a freed one, else a new one (at an epoch's end
 * only; the first epoch's were reserved). Never more than capacity. */
static guint
take_slot (BpTimeline *timeline)
{
  if (timeline->n_free)
    return timeline->free_slots[--timeline->n_free];
  g_assert (timeline->n_allocated < timeline->capacity);
  timeline->slots[timeline->n_allocated] = g_malloc (timeline->slot_size);
  return timeline->n_allocated++;
}

/* Keep only the moments on the doubled stride (the first among them);
 * the latest goes too unless it is on it: the caller adds a newer one. */
static void
thin (BpTimeline *timeline)
{
  timeline->stride *= 2;
  timeline->thinned = TRUE;
  guint kept = 0;
  for (guint i = 0; i < timeline->n_entries; i++)
    {
      Entry *e = &timeline->entries[i];
      if (e->info.offered % timeline->stride == 0)
        timeline->entries[kept++] = *e;
      else
        timeline->free_slots[timeline->n_free++] = e->slot;
    }
  timeline->n_entries = kept;
}

/* Under the lock. */
static void
record (BpTimeline *timeline, const BpTrainer *trainer)
{
  const guint64 offered = timeline->offered++;
  Entry *last = timeline->n_entries ? &timeline->entries[timeline->n_entries - 1] : NULL;
  Entry *entry;
  if (last && last->info.offered % timeline->stride != 0)
    entry = last;   /* the latest off the stride: only ever kept as the latest */
  else
    {
      if (timeline->n_entries == timeline->capacity)
        thin (timeline);
      entry = &timeline->entries[timeline->n_entries++];
      entry->slot = take_slot (timeline);
    }
  BpTrainerState *state = slot_state (timeline, entry->slot);
  bp_trainer_capture_into (trainer, state);
  entry->info.offered = offered;
  bp_trainer_state_get_moment (state, &entry->info.moment);
  const BpTrainerMoment *m = &entry->info.moment;
  entry->info.position = m->epoch + (m->batches ? (double) m->batch / (double) m->batches : 0.0);

  /* The epochs since the last capture (allocates at an epoch's end only,
   * beyond the epochs planned). */
  const GArray *history = bp_trainer_get_history (trainer);
  if (history->len > timeline->history->len)
    g_array_append_vals (timeline->history,
                         &g_array_index (history, BpEpochRecord, timeline->history->len),
                         history->len - timeline->history->len);
  else if (history->len < timeline->history->len)
    g_array_set_size (timeline->history, history->len);
}

gboolean
bp_timeline_capture (BpTimeline *timeline, const BpTrainer *trainer)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&timeline->lock);
  if (!timeline->capacity)
    return FALSE;
  if (timeline->n_entries &&
      timeline->entries[timeline->n_entries - 1].info.moment.step == bp_trainer_get_step (trainer))
    return FALSE;
  record (timeline, trainer);
  return TRUE;
}

gboolean
bp_timeline_offer (BpTimeline *timeline, const BpTrainer *trainer, const BpProgress *progress)
{
  if (progress->kind == BP_PROGRESS_BATCH)
    {
      /* The batch that completes an epoch is captured at the epoch's end,
       * once validated; a run that has ended is captured by its owner. */
      if (!timeline->early_every || progress->epoch != 1 || progress->batch % timeline->early_every != 0 ||
          bp_trainer_epoch_complete (trainer) || bp_trainer_is_finished (trainer))
        return FALSE;
    }
  return bp_timeline_capture (timeline, trainer);
}

guint
bp_timeline_get_n_snapshots (BpTimeline *timeline)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&timeline->lock);
  return timeline->n_entries;
}

GArray *
bp_timeline_list (BpTimeline *timeline)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&timeline->lock);
  GArray *list = g_array_sized_new (FALSE, FALSE, sizeof (BpSnapshotInfo), timeline->n_entries);
  for (guint i = 0; i < timeline->n_entries; i++)
    g_array_append_val (list, timeline->entries[i].info);
  return list;
}

gboolean
bp_timeline_get_info (BpTimeline *timeline, guint index, BpSnapshotInfo *info)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&timeline->lock);
  if (index >= timeline->n_entries)
    return FALSE;
  *info = timeline->entries[index].info;
  return TRUE;
}

guint
bp_timeline_find (BpTimeline *timeline, double position)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&timeline->lock);
  guint best = 0;
  for (guint i = 1; i < timeline->n_entries; i++)
    if (fabs (timeline->entries[i].info.position - position) <
        fabs (timeline->entries[best].info.position - position))
      best = i;
  return best;
}

gboolean
bp_timeline_get_thinned (BpTimeline *timeline)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&timeline->lock);
  return timeline->thinned;
}

gsize
bp_timeline_get_budget (BpTimeline *timeline)
{
  return timeline->budget;
}

gsize
bp_timeline_get_slot_size (BpTimeline *timeline)
{
  return timeline->slot_size;
}

guint
bp_timeline_get_capacity (BpTimeline *timeline)
{
  return timeline->capacity;
}

gsize
bp_timeline_get_bytes_used (BpTimeline *timeline)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&timeline->lock);
  return (gsize) timeline->n_allocated * timeline->slot_size;
}

BpModel *
bp_timeline_get_model (BpTimeline *timeline, guint index, GError **error)
{
  g_autoptr(BpModel) model = bp_model_new (timeline->spec, error);
  if (!model)
    return NULL;
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&timeline->lock);
  if (index >= timeline->n_entries)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("there is no snapshot %u; the run has %u"), index + 1, timeline->n_entries);
      return NULL;
    }
  gsize n_params = 0;
  const float *params = bp_trainer_state_get_params (slot_state (timeline, timeline->entries[index].slot), &n_params);
  g_assert (n_params == model->n_params);
  memcpy (model->params, params, n_params * sizeof (float));
  return g_steal_pointer (&model);
}

BpTrainerState *
bp_timeline_get_state (BpTimeline *timeline, guint index)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&timeline->lock);
  if (index >= timeline->n_entries)
    return NULL;
  return bp_trainer_state_copy (slot_state (timeline, timeline->entries[index].slot));
}

GArray *
bp_timeline_get_history (BpTimeline *timeline)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&timeline->lock);
  return g_array_copy (timeline->history);
}
