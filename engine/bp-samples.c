#include "bp-samples.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"
#include "bp-json-writer.h"
#include "bp-names.h"
#include "bp-rng.h"

const char * const bp_sample_names[] = {
  [BP_SAMPLE_CIRCLES] = "circles",
  [BP_SAMPLE_XOR] = "xor",
  [BP_SAMPLE_GAUSSIANS] = "gaussians",
  [BP_SAMPLE_SPIRAL] = "spiral",
  NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (bp_sample_names) == BP_SAMPLE_N_KINDS + 1);

/* The shapes' sizes, in data units (see bp-samples.h). */
#define INNER_RADIUS   0.5
#define RING_FROM      0.7
#define RING_TO        1.0
#define XOR_PADDING    0.05
#define BLOB_CENTER    0.5
#define BLOB_SIGMA     0.2
#define SPIRAL_TURNS   1.75
#define SPIRAL_FROM    0.1
#define SPIRAL_TO      1.0

/* Each kind draws from its own PCG32 stream, so circles and spiral made
 * with the same seed do not share their random numbers. */
#define STREAM_BASE G_GUINT64_CONSTANT (0x5a4d91e3)

const char *
bp_sample_kind_to_string (BpSampleKind kind)
{
  return bp_names_get (bp_sample_names, (int) kind);
}

gboolean
bp_sample_kind_from_string (const char *text, BpSampleKind *kind)
{
  g_return_val_if_fail (text != NULL, FALSE);

  int found = bp_names_find (bp_sample_names, text);
  if (found < 0)
    return FALSE;
  if (kind)
    *kind = (BpSampleKind) found;
  return TRUE;
}

char *
bp_sample_file_name (BpSampleKind kind)
{
  return g_strconcat (bp_sample_kind_to_string (kind), ".csv", NULL);
}

/* One point of class `label` (0 or 1), without noise. */
static void
shape_point (BpSampleKind kind, guint label, BpRng *rng, double *x, double *y)
{
  switch (kind)
    {
    case BP_SAMPLE_CIRCLES:
      {
        double r = label ? RING_FROM + (RING_TO - RING_FROM) * bp_rng_uniform (rng)
                         : INNER_RADIUS * bp_rng_uniform (rng);
        double angle = 2.0 * G_PI * bp_rng_uniform (rng);
        *x = r * cos (angle);
        *y = r * sin (angle);
        break;
      }
    case BP_SAMPLE_XOR:
      {
        /* The quadrant first: label 1 takes the two where the signs agree. */
        double sx = bp_rng_below (rng, 2) ? 1.0 : -1.0;
        double sy = label ? sx : -sx;
        *x = sx * (XOR_PADDING + (1.0 - XOR_PADDING) * bp_rng_uniform (rng));
        *y = sy * (XOR_PADDING + (1.0 - XOR_PADDING) * bp_rng_uniform (rng));
        break;
      }
    case BP_SAMPLE_GAUSSIANS:
      {
        double center = label ? BLOB_CENTER : -BLOB_CENTER;
        *x = center + BLOB_SIGMA * bp_rng_normal (rng);
        *y = center + BLOB_SIGMA * bp_rng_normal (rng);
        break;
      }
    case BP_SAMPLE_SPIRAL:
    default:
      {
        double t = bp_rng_uniform (rng);
        double r = SPIRAL_FROM + (SPIRAL_TO - SPIRAL_FROM) * t;
        double angle = 2.0 * G_PI * SPIRAL_TURNS * t + G_PI * label;
        *x = r * cos (angle);
        *y = r * sin (angle);
        break;
      }
    }
}

/* Four decimals, then the shortest text for that: "0.1234", "-0.5", "0"
 * (never "-0"). k / 1e4 with integer k is the double nearest the decimal,
 * so the shortest text is the decimal itself. */
static void
append_value (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double rounded = round (value * 1e4) / 1e4;
  bp_format_double (buf, rounded == 0.0 ? 0.0 : rounded);
  g_string_append (out, buf);
}

char *
bp_sample_generate_csv (BpSampleKind kind, gsize n_rows, double noise, guint64 seed, gsize *length)
{
  if ((guint) kind >= BP_SAMPLE_N_KINDS)
    kind = BP_SAMPLE_CIRCLES;
  n_rows = CLAMP (n_rows, BP_SAMPLE_MIN_ROWS, BP_SAMPLE_MAX_ROWS);
  noise = isnan (noise) ? 0.0 : CLAMP (noise, 0.0, BP_SAMPLE_MAX_NOISE);

  BpRng rng;
  bp_rng_init (&rng, seed, STREAM_BASE + (guint64) kind);

  /* About 20 bytes a row ("-0.1234,0.5678,1\n"). */
  GString *out = g_string_sized_new (16 + n_rows * 20);
  g_string_append (out, "x1,x2,label\n");
  guint previous = 0;
  for (gsize i = 0; i < n_rows; i++)
    {
      /* Rows 2k and 2k+1 hold one point of each class, in random order;
       * an odd last row takes the class its neighbour has not, so any
       * two or more last rows hold both. */
      guint label;
      if (i % 2 == 1 || i + 1 == n_rows)
        label = 1 - previous;
      else
        label = bp_rng_below (&rng, 2);
      previous = label;

      double x, y;
      shape_point (kind, label, &rng, &x, &y);
      if (noise > 0.0)
        {
          x += noise * bp_rng_normal (&rng);
          y += noise * bp_rng_normal (&rng);
        }
      append_value (out, x);
      g_string_append_c (out, ',');
      append_value (out, y);
      g_string_append (out, label ? ",1\n" : ",0\n");
    }

  if (length)
    *length = out->len;
  return g_string_free (out, FALSE);
}

BpTable *
bp_sample_generate (BpSampleKind kind, gsize n_rows, double noise, guint64 seed, GError **error)
{
  if ((guint) kind >= BP_SAMPLE_N_KINDS)
    {
      g_autofree char *list = bp_names_list (bp_sample_names);
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("There is no generated data set number %d; there are %s"), (int) kind, list);
      return NULL;
    }
  if (n_rows < BP_SAMPLE_MIN_ROWS || n_rows > BP_SAMPLE_MAX_ROWS)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("A generated data set has from %d to %d rows, not %zu"),
                   BP_SAMPLE_MIN_ROWS, BP_SAMPLE_MAX_ROWS, n_rows);
      return NULL;
    }
  if (!(noise >= 0.0 && noise <= BP_SAMPLE_MAX_NOISE))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE], max[G_ASCII_DTOSTR_BUF_SIZE];
      bp_format_double (buf, noise);
      bp_format_double (max, BP_SAMPLE_MAX_NOISE);
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
                   _("The noise of a generated data set is from 0 to %s (0.1 blurs the edges, 0.5 hides "
                   "most shapes), not %s"), max, buf);
      return NULL;
    }

  gsize length;
  g_autofree char *csv = bp_sample_generate_csv (kind, n_rows, noise, seed, &length);
  g_autofree char *name = bp_sample_file_name (kind);
  return bp_table_load_data (name, csv, length, NULL, error);
}
