/* bp-workers.h: helper threads for the element-wise work between GEMMs.
 *
 * At two or more threads OpenBLAS splits every matrix product, but the
 * work between products (activations, their derivatives, the bias
 * gradient, Adam's update, gathering a batch's rows) runs on one core
 * while OpenBLAS's other threads wait (bp_trainer_set_threads turns these
 * helpers on; off by default until they are measured on a quiet machine). A BpWorkers splits such a loop
 * over [0, n) into one contiguous part per thread, the caller doing the
 * first. Every part computes its elements exactly as the whole loop
 * would (no sum crosses a part), so results do not depend on the number
 * of threads.
 *
 * Helpers spin briefly after a part and then sleep, so that they do not
 * hold a core while OpenBLAS computes. Nothing is allocated per run.
 * One caller at a time.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BpWorkers BpWorkers;

/* Computes the elements [start, end) of a loop. */
typedef void (*BpWorkFunc) (gpointer data, gsize start, gsize end, guint part);

#define BP_WORKERS_MAX 16

/* n_threads counts the caller; NULL for one thread (no helpers). */
BpWorkers *bp_workers_new          (guint        n_threads);
void       bp_workers_free         (BpWorkers   *workers);
guint      bp_workers_get_n_threads (const BpWorkers *workers);   /* 1 for NULL */

/* Runs func over [0, n) and returns when every part is done. Parts start
 * at multiples of 16 elements; loops of fewer than min_split elements
 * (or workers == NULL) run at once on the caller as part 0. */
void       bp_workers_run          (BpWorkers   *workers,
                                    BpWorkFunc   func,
                                    gpointer     data,
                                    gsize        n,
                                    gsize        min_split);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpWorkers, bp_workers_free)

G_END_DECLS
