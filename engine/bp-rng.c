#include "bp-rng.h"

#include <math.h>

void
bp_rng_init (BpRng *rng, guint64 seed, guint64 stream)
{
  rng->state = 0;
  rng->inc = (stream << 1) | 1u;
  bp_rng_next_u32 (rng);
  rng->state += seed;
  bp_rng_next_u32 (rng);
}

guint32
bp_rng_next_u32 (BpRng *rng)
{
  guint64 old = rng->state;
  rng->state = old * G_GUINT64_CONSTANT (6364136223846793005) + rng->inc;
  guint32 xorshifted = (guint32) (((old >> 18) ^ old) >> 27);
  guint32 rot = (guint32) (old >> 59);
  return (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
}

/* Lemire's multiply-and-reject: unbiased, and usually one multiplication. */
guint32
bp_rng_below (BpRng *rng, guint32 bound)
{
  g_return_val_if_fail (bound > 0, 0);

  guint64 m = (guint64) bp_rng_next_u32 (rng) * bound;
  guint32 low = (guint32) m;
  if (low < bound)
    {
      guint32 threshold = (guint32) (-bound) % bound;
      while (low < threshold)
        {
          m = (guint64) bp_rng_next_u32 (rng) * bound;
          low = (guint32) m;
        }
    }
  return (guint32) (m >> 32);
}

/* 53 random bits in [0, 1). */
double
bp_rng_uniform (BpRng *rng)
{
  guint64 hi = bp_rng_next_u32 (rng) >> 5;
  guint64 lo = bp_rng_next_u32 (rng) >> 6;
  return (double) ((hi << 26) | lo) * (1.0 / 9007199254740992.0);
}

/* Box-Muller; the second variate is thrown away so the state stays a plain
 * function of the number of calls. */
double
bp_rng_normal (BpRng *rng)
{
  double u1;
  do
    u1 = bp_rng_uniform (rng);
  while (u1 <= 0.0);
  double u2 = bp_rng_uniform (rng);
  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

void
bp_rng_shuffle_u32 (BpRng *rng, guint32 *items, gsize n)
{
  g_return_if_fail (n <= G_MAXUINT32);

  for (gsize i = n; i > 1; i--)
    {
      guint32 j = bp_rng_below (rng, (guint32) i);
      guint32 tmp = items[i - 1];
      items[i - 1] = items[j];
      items[j] = tmp;
    }
}
