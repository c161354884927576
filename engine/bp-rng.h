/* bp-rng.h: a seeded random number generator with explicit state.
 *
 * PCG32 (O'Neill, 2014): small state, good statistics, and the same stream
 * on every platform. Nothing in the engine uses rand() or global state, so
 * a seed fully determines a split, an initialisation or a shuffle.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 state;
  guint64 inc;
} BpRng;

void    bp_rng_init        (BpRng *rng, guint64 seed, guint64 stream);
guint32 bp_rng_next_u32    (BpRng *rng);
guint32 bp_rng_below       (BpRng *rng, guint32 bound);
double  bp_rng_uniform     (BpRng *rng);
double  bp_rng_normal      (BpRng *rng);
void    bp_rng_shuffle_u32 (BpRng *rng, guint32 *items, gsize n);

G_END_DECLS
