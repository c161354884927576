/* bp-range.c: what a number setting takes (see bp-range.h). */
#include "bp-range.h"

#include <float.h>
#include <math.h>

#include <glib/gi18n-lib.h>

#include "bp-error.h"

gboolean
bp_range_contains (const BpRange *range, double value)
{
  g_return_val_if_fail (range != NULL, FALSE);
  /* Beyond FLT_MAX a float32 setting would be infinite (and the cast
   * undefined). */
  if (!isfinite (value) || (range->single && fabs (value) > FLT_MAX))
    return FALSE;
  const double max = range->single ? (float) range->max : range->max;
  if (range->single)
    value = (float) value;
  switch (range->kind)
    {
    case BP_RANGE_FRACTION:     return value >= 0.0 && value < 1.0;
    case BP_RANGE_ABOVE_ZERO:   return value > 0.0 && value <= max;
    case BP_RANGE_FROM_ZERO:    return value >= 0.0 && value <= max;
    case BP_RANGE_NOT_NEGATIVE: return value >= 0.0;
    case BP_RANGE_WHOLE:        return value == floor (value) && value >= range->min && value <= range->max;
    case BP_RANGE_FINITE:
    default:                    return TRUE;
    }
}

char *
bp_range_describe (const BpRange *range)
{
  g_return_val_if_fail (range != NULL, NULL);
  /* Two significant digits: FLT_MAX reads 3.4e+38, 0.9 stays 0.9. */
  char min[G_ASCII_DTOSTR_BUF_SIZE], max[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (max, sizeof max, "%.2g", range->max);
  switch (range->kind)
    {
    case BP_RANGE_FRACTION:
      return g_strdup (_("a number from 0 up to (not including) 1"));
    case BP_RANGE_ABOVE_ZERO:
      /* Translators: %s is the largest value, such as 3.4e38. */
      return g_strdup_printf (_("a number above 0 and at most %s"), max);
    case BP_RANGE_FROM_ZERO:
      /* Translators: %s is the largest value, such as 0.9 or 3.4e38. */
      return g_strdup_printf (_("a number from 0 to %s"), max);
    case BP_RANGE_NOT_NEGATIVE:
      return g_strdup (_("a number of 0 or more"));
    case BP_RANGE_WHOLE:
      /* Whole numbers in full: 65536, not 6.6e+04. */
      g_ascii_formatd (min, sizeof min, "%.0f", range->min);
      g_ascii_formatd (max, sizeof max, "%.0f", range->max);
      if (range->max >= G_MAXINT)
        /* Translators: %s is a whole number, such as 0 or 1. */
        return g_strdup_printf (_("a whole number of %s or more"), min);
      /* Translators: %s are whole numbers, such as 1 and 65536. */
      return g_strdup_printf (_("a whole number from %s to %s"), min, max);
    case BP_RANGE_FINITE:
    default:
      return g_strdup (_("a finite number"));
    }
}

void
bp_range_set_error (const BpRange *range, const char *name, const char *text, GError **error)
{
  g_autofree char *takes = bp_range_describe (range);
  g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_INVALID,
               /* Translators: e.g. “--lr takes a number above 0 and at most 3.4e+38, not “nan””. */
               C_("number option", "%s takes %s, not “%s”"), name, takes, text);
}

gboolean
bp_range_parse (const BpRange *range, const char *name, const char *text, double *out, GError **error)
{
  g_return_val_if_fail (range != NULL && name != NULL && text != NULL, FALSE);
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);
  if (end != text && *end == '\0' && bp_range_contains (range, value))
    {
      *out = value;
      return TRUE;
    }
  bp_range_set_error (range, name, text, error);
  return FALSE;
}
